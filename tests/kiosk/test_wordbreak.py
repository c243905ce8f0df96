"""Words too wide for a line break after their own hyphen, else between syllables."""

from kiosk.wordbreak import break_long_words, break_word, syllable_breaks


def chars(n: int):
    """A line ``n`` characters wide, in a font where every character is as wide as the next."""
    return lambda text: len(text) <= n


def test_a_compound_breaks_after_its_own_hyphen_first():
    assert break_word("Smartphone-Grundlagen", chars(17), "de") == ["Smartphone-", "Grundlagen"]


def test_without_a_fitting_hyphen_it_breaks_between_syllables_with_a_hyphen_added():
    assert break_word("Telefonnummer", chars(9), "de") == ["Telefon-", "nummer"]
    assert break_word("Smartphone-Grundlagen", chars(8), "de") == [
        "Smart-", "phone-", "Grundla-", "gen"]


def test_a_word_that_fits_or_cannot_be_broken_stays_whole():
    assert break_word("Hilfe", chars(5), "de") == ["Hilfe"]
    assert break_word("Xxxxxxxxxx", chars(4), "de") == ["Xxxxxxxxxx"]


def test_a_language_without_a_dictionary_breaks_only_at_hyphens():
    assert syllable_breaks("Başlangıçsayfası", "tr") == []
    assert break_word("Ana-Sayfa", chars(5), "tr") == ["Ana-", "Sayfa"]


def test_without_a_language_only_own_hyphens_break():
    assert break_word("Smartphone-Grundlagen", chars(12), None) == ["Smartphone-", "Grundlagen"]
    assert break_word("Telefonnummer", chars(9), None) == ["Telefonnummer"]


def test_no_syllable_break_next_to_a_hyphen():
    word = "Rückruf-Wunsch"
    assert all(word[i - 1] != "-" and word[i] != "-" for i in syllable_breaks(word, "de"))


def test_only_words_too_wide_change_and_markup_stays_around_the_word():
    text = "[b]Smartphone-Grundlagen[/b]\n5 Themen"
    assert break_long_words(text, len, 15, "de") == "[b]Smartphone-\nGrundlagen[/b]\n5 Themen"
    assert break_long_words(text, len, 30, "de") == text
