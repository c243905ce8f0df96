import pytest

from kiosk.search import fold, fts_query, search


@pytest.mark.parametrize(("typed", "expected"), [
    ("Whats", "whatsapp-foto"),
    ("whatsapp", "whatsapp-foto"),
    ("betrug", "betrug-sms"),
    ("BETRUGS-sms", "betrug-sms"),
    ("loschen", "betrug-sms"),        # "Löschen" typed without umlaut
    ("loeschen", "betrug-sms"),       # … or spelled out
    ("Geschäft", "online-einkaufen"),
    ("geschaefte", "online-einkaufen"),
    ("einkauf sicher", "online-einkaufen"),
])
def test_finds(content_store, typed, expected):
    assert search(content_store, typed, "de")[0] == expected


def test_title_match_ranks_above_body_match(content_store):
    # "WhatsApp" is the title of one topic and appears in a step of another.
    assert search(content_store, "whatsapp", "de") == ["whatsapp-foto", "online-einkaufen"]


@pytest.mark.parametrize("typed", ["", "   ", "!!!", '"', "*", "AND", "OR NOT"])
def test_odd_input_never_crashes(content_store, typed):
    assert isinstance(search(content_store, typed, "de"), list)


def test_nothing_found(content_store):
    assert search(content_store, "Kochrezept", "de") == []


def test_all_words_must_match(content_store):
    assert search(content_store, "whatsapp betrug", "de") == []


def test_searches_translation_and_german(content_store):
    assert search(content_store, "send photos", "en") == ["whatsapp-foto"]
    assert search(content_store, "betrug", "en") == ["betrug-sms"]


def test_fold():
    assert fold("Straße Ärger Çay") == "strasse arger cay"
    assert fts_query("Whats-App") == '("whats"*) AND ("app"*)'
