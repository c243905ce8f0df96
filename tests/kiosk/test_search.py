import pytest

from kiosk.bundle import read_bundle
from kiosk.content import import_bundle
from kiosk.demo import load_demo
from kiosk.search import Found, distance, find, fold, fts_query, search, typo_limit
from tests.bundles import DEFAULT_TOPICS, topic, write_bundle
from tests.conftest import NOW


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


# ---- typos, keywords, suggestions (issue 14, item 6) -------------------------------------------

@pytest.mark.parametrize("typed", ["Whtasapp", "whatsap", "Wahtsapp", "WhatsAp", "whatsapp fotto"])
def test_typos_find_whatsapp(content_store, typed):
    assert search(content_store, typed, "de")[0] == "whatsapp-foto"


@pytest.mark.parametrize("typed", ["Ohm", "Oma", "xyzzy", "Kochrezept", "Wasser"])
def test_a_typo_never_finds_something_absurd(content_store, typed):
    """Short words are never corrected, long ones only by a letter or two."""
    assert search(content_store, typed, "de") == []


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("whtasapp", "whatsapp", 1),     # two neighbours swapped
    ("wahtsapp", "whatsapp", 1),
    ("whatsap", "whatsapp", 1),      # one letter missing
    ("kalnder", "kalender", 1),
    ("rechnnug", "rechnung", 1),
    ("wtsapp", "whatsapp", 2),       # two letters missing
    ("ohm", "online", 3),            # more than the limit: limit + 1
    ("", "abc", 3),
])
def test_distance(a, b, expected):
    assert distance(a, b, limit=2) == min(expected, 3)
    assert distance(b, a, limit=2) == min(expected, 3)


@pytest.mark.parametrize(("word", "limit"), [("ohm", 0), ("bank", 0), ("fotos", 1),
                                              ("whatsapp", 1), ("ueberweisung", 2)])
def test_longer_words_may_have_more_typos(word, limit):
    assert typo_limit(word) == limit


def test_vocabulary_is_rebuilt_with_each_release(content_store, tmp_path, assets_dir):
    words = {r[0] for r in content_store.db.execute("SELECT word FROM search_words")}
    assert {"whatsapp", "betrugs", "loschen", "geschaften"} <= words
    assert not any(len(w) < 4 or w.isdigit() for w in words)
    folder = tmp_path / "release-2"
    write_bundle(folder, release=2, topics=[KEYWORD_TOPIC])
    import_bundle(content_store, read_bundle(folder), folder, assets_dir)
    assert {r[0] for r in content_store.db.execute("SELECT word FROM search_words")} == {
        "online", "banking", "sicher", "nutzen", "bleibt", "ihr", "geld", "uberweisung",
        "uberweisen", "konto"} - {"ihr"}


KEYWORD_TOPIC = {**topic("online-banking", "sicherheit", "Online-Banking sicher nutzen",
                         "So bleibt Ihr Geld sicher.", ["Konto"]),
                 "keywords": ["Überweisung", "überweisen"]}
SCAM_TOPIC = {**topic("falsche-familie", "sicherheit", "Falsche Nachricht von der Familie",
                      "Betrüger tun so, als wären sie Ihr Kind.", ["Rufen Sie an."]),
              "keywords": ["Enkeltrick", "Schockanruf"]}


@pytest.fixture
def keyword_store(store, tmp_path, assets_dir):
    folder = tmp_path / "keywords"
    write_bundle(folder, topics=[*DEFAULT_TOPICS, KEYWORD_TOPIC, SCAM_TOPIC])
    import_bundle(store, read_bundle(folder), folder, assets_dir)
    return store


@pytest.mark.parametrize(("typed", "expected"), [
    ("Überweisung", "online-banking"),
    ("ueberweisen", "online-banking"),
    ("Überwiesung", "online-banking"),   # a keyword with a typo
    ("Enkeltrick", "falsche-familie"),
    ("enkel trick", []),                 # keywords are words, not phrases to take apart
    ("Schockanruf", "falsche-familie"),
])
def test_managers_keywords_find_their_topic(keyword_store, typed, expected):
    found = search(keyword_store, typed, "de")
    assert found[:1] == ([expected] if isinstance(expected, str) else expected)


def test_keywords_are_searched_in_every_language(keyword_store):
    assert search(keyword_store, "Enkeltrick", "tr") == ["falsche-familie"]


def test_nothing_found_suggests_the_nearest_topics(content_store):
    found = find(content_store, "whatsapp betrug", "de")
    assert found.topics == []
    assert set(found.suggestions) == {"whatsapp-foto", "betrug-sms", "online-einkaufen"}
    assert find(content_store, "Whtasapp Kochrezept", "de").suggestions[0] == "whatsapp-foto"


def test_hits_come_without_suggestions_and_nonsense_with_none(content_store):
    assert find(content_store, "whatsapp", "de") == Found(["whatsapp-foto", "online-einkaufen"], [])
    assert find(content_store, "Kochrezept", "de") == Found([], [])


@pytest.mark.parametrize(("typed", "expected"), [
    ("Überweisung", "online-banking"),
    ("Enkeltrick", "falsche-nachricht-familie"),
    ("Fahrkarte", "deutschlandticket"),
    ("Whtasapp", "whatsapp-foto-schicken"),
])
def test_demo_content_has_keywords_seniors_use(store, assets_dir, typed, expected):
    load_demo(store, assets_dir, NOW)
    assert search(store, typed, "de")[0] == expected
