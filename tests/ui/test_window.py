from kivy.core.window import Window

from tests.ui.conftest import pump


def test_window_opens_on_the_home_screen(kiosk_app):
    assert Window.size == (1280, 800)
    manager = kiosk_app.root
    assert manager.current == "home"
    home = manager.current_screen
    texts = {w.text for w in home.walk() if hasattr(w, "text")}
    assert {"Hilfe-Themen", "Termin buchen", "Meine Buchung", "Digital-Helfer werden"} <= texts
    assert any("Dorsten-Wulfen" in t for t in texts)


def test_language_switch_relabels_home(kiosk_app):
    kiosk_app.language = "en"
    pump()
    texts = {w.text for w in kiosk_app.root.current_screen.walk() if hasattr(w, "text")}
    assert "Help topics" in texts and "Hilfe-Themen" not in texts
    kiosk_app.language = "de"
