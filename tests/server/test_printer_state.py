"""The kiosk's slip printer in its heartbeat (kiosk/printer.py): stored, shown to managers in
the kiosk list ("Drucker: kein Papier"), unknown states refused, older kiosks unaffected."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from dqserver.kiosks.models import Kiosk

from tests.server.conftest import admin_login


def test_the_printer_state_reaches_the_managers_kiosk_list(kiosk_client, client):
    assert kiosk_client.post("/heartbeat", {"app_version": "0.4",
                                            "printer_state": "no_paper"}).status_code == 204
    assert Kiosk.objects.get().printer_state == "no_paper"
    boss = User.objects.create(username="chefin", is_staff=True, is_superuser=True)
    page = admin_login(client, boss).get(reverse("admin:kiosks_kiosk_changelist"))
    html = page.content.decode()
    assert "Drucker" in html and "kein Papier" in html
    assert kiosk_client.post("/heartbeat", {"app_version": "0.4"}).status_code == 204
    assert Kiosk.objects.get().printer_state == ""  # none configured, or a kiosk from before


@pytest.mark.parametrize("state", ["paper_low", 3, ""])
def test_an_unknown_printer_state_is_refused(kiosk_client, state):
    assert kiosk_client.post("/heartbeat", {"printer_state": state}).status_code == 422
    assert Kiosk.objects.get().printer_state == ""
