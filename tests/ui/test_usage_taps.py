"""The programme's counts from real taps on the real widgets (kiosk/usage.py, issue 20): a
guide opened and read to its end, a language and a text size chosen."""

from __future__ import annotations

from kiosk import usage
from tests.ui.conftest import pump, tap
from tests.ui.test_flows import find, screen, tile


def test_taps_are_counted_by_the_rules(kiosk_app):
    home = screen(kiosk_app)
    tap(home.ids.topics)
    tap(tile(kiosk_app, "Sicherheit"))
    tap(tile(kiosk_app, "Betrugs-SMS erkennen"))
    guide = screen(kiosk_app)
    for _ in range(3):                         # to the last of its 3 steps ...
        tap(guide.next_button)
    kiosk_app.go("guide", topic_id="betrug-sms", step=2)  # (not from its start: not opened)
    kiosk_app.go("home")
    dialog = home.choose_language()
    pump()
    tap(find(dialog, "Türkçe"))
    tap(home.ids.text_size)
    kiosk_app.language = "de"
    assert kiosk_app.store.db.execute("SELECT COUNT(*) FROM usage_counts").fetchone()[0] == 0
    kiosk_app.usage.flush()
    counted = {(kind, key): n for kind, key, n in kiosk_app.store.db.execute(
        "SELECT kind, key, n FROM usage_counts")}
    assert counted == {(usage.TOPIC, "betrug-sms"): 1, (usage.GUIDE_DONE, "betrug-sms"): 1,
                       (usage.LANGUAGE, "tr"): 1,
                       (usage.TEXT_SIZE, "A+"): 1}
