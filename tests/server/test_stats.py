"""Programme numbers on the server (dqserver/stats): the usage.day op, k, the dashboard as the
admin's start page per quartier, the report's CSV and PDF, the monthly mail."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone
from dqserver.bookings.models import Booking, WalkIn
from dqserver.glossary.models import Entry
from dqserver.stats.models import DayCount, KioskDay, SearchTerm
from dqserver.stats.ops import term_digest

from tests.server.conftest import admin_login, make_slot


def day_op(day, counts, op_id=None):
    return {"op_id": op_id or str(uuid.uuid4()), "type": "usage.day",
            "payload": {"day": str(day), "counts": counts}}


YESTERDAY = timezone.localdate() - timedelta(days=1)


def test_a_day_counts_once_however_often_it_comes(kiosk_client):
    op = day_op(YESTERDAY, {"topic": {"whatsapp": 3}, "language": {"tr": 1}})
    assert kiosk_client.ops(op)[0]["status"] == "confirmed"
    assert kiosk_client.ops(op)[0]["status"] == "confirmed"           # the same op again
    again = day_op(YESTERDAY, {"topic": {"whatsapp": 3}})             # the day under a new id
    assert kiosk_client.ops(again)[0]["status"] == "confirmed"
    assert KioskDay.objects.count() == 1
    assert sorted(DayCount.objects.values_list("kind", "key", "n")) == [
        ("language", "tr", 1), ("topic", "whatsapp", 3)]


def test_what_a_kiosk_would_not_count_is_dropped_and_a_bad_day_refused(kiosk_client):
    op = day_op(YESTERDAY, {"topic": {"../etc": 1, "whatsapp": True, "fotos": 2},
                            "search_miss": {"Anna 0171 2345678": 1, "mastodon": 1},
                            "time_of_day": {"10:00": 4}, "language": {"fr": 1}})
    assert kiosk_client.ops(op)[0]["status"] == "confirmed"
    assert sorted(DayCount.objects.values_list("kind", "n")) == [("search_miss", 1),
                                                                  ("topic", 2)]
    for day in ("gestern", str(timezone.localdate() + timedelta(days=2))):
        (refused,) = kiosk_client.ops(day_op(day, {}))
        assert refused["status"] == "rejected" and refused["code"] == 400
        assert refused["reason"].startswith("Ungültige Angaben: day")


def test_a_failed_search_is_text_only_after_k_kiosk_days(kiosk_client, other_client):
    digest = term_digest("mastodon")
    for i in range(3):
        client = other_client if i == 1 else kiosk_client
        kiosk_client_day = YESTERDAY - timedelta(days=i)
        assert client.ops(day_op(kiosk_client_day, {"search_miss": {"mastodon": 1}}))
        assert SearchTerm.objects.filter(digest=digest).exists() == (i == 2)
    assert not DayCount.objects.filter(key="mastodon").exists()   # the counts hold the digest


@pytest.fixture
def figures_month(kiosk_client, other_client, quartier, helper, topic):
    """Counts of three days in each quartier, a booking attended and one not."""
    for client in (kiosk_client, other_client):
        for i in range(3):
            client.ops(day_op(YESTERDAY - timedelta(days=i), {
                "topic": {topic.slug: 4}, "guide_done": {topic.slug: 1},
                "search_miss": {"mastodon": 1, f"wort{'abc'[i]}": 1},
                "glossary": {"qr-code": 1}}))
    Entry.objects.create(slug="qr-code", term_de="QR-Code", explanation_de="Ein Bild-Code.")
    for status in ("attended", "no_show"):
        slot = make_slot(quartier, helper, days=-1)
        Booking.objects.create(quartier=quartier, slot=slot, first_name="Erna", code=status[:4],
                               status=status, source="kiosk")
    WalkIn.objects.create(quartier=quartier, topic=topic, at=timezone.now() - timedelta(hours=3))


def test_the_start_page_shows_a_manager_their_quartier_only(client, manager, figures_month,
                                                            topic, quartier, kiosk_client):
    page = admin_login(client, manager).get("/admin/")
    assert page.status_code == 200
    text = page.content.decode()
    figures = page.context["figures"]
    assert [q.slug for q in figures.quartiers] == [quartier.slug]
    assert figures.kiosk_days == 3                                  # not the other quartier's
    assert figures.topics[0].values == (12, 3, "25 %")
    assert [(r.label, r.values) for r in figures.searches] == [("mastodon", (3, 3))]
    assert figures.hidden_searches == 3                             # "worta" ...: one day each
    assert figures.total("attended") == figures.total("no_show") == 1
    assert figures.attendance_rate == 0.5
    assert figures.total("walkins") == 1
    assert [(r.label, r.values) for r in figures.glossary] == [("QR-Code", (3,))]
    assert "Dorsten-Wulfen" not in text and "<svg" in text and "Verwaltung" in text
    today = page.context["today"]
    assert today.bookings == [(quartier.name, 0)]
    assert today.kiosks == []                        # it sent its days a moment ago
    kiosk = kiosk_client.kiosk
    for seen, free, state in ((timezone.now(), 2 * 10**8, "wenig Speicher (0.2 GB)"),
                              (timezone.now() - timedelta(hours=1), None, "offline")):
        kiosk.last_seen, kiosk.free_disk_bytes = seen, free
        kiosk.save()
        assert client.get("/admin/").context["today"].kiosks == [
            ("Kiosk (Herten-Innenstadt)", state)]
    other = client.get("/admin/?quartier=dorsten-wulfen&von=gestern")
    assert other.status_code == 200
    assert [q.slug for q in other.context["figures"].quartiers] == [quartier.slug]
    assert "gezeigt werden nur Ihre Quartiere" in other.content.decode()
    assert "ist kein Datum" in other.content.decode()


def test_k_counts_kiosk_days_within_what_is_shown(client, django_user_model, figures_month):
    boss = django_user_model.objects.create(username="kreis", is_staff=True, is_superuser=True)
    figures = admin_login(client, boss).get("/admin/").context["figures"]
    assert [(r.label, r.values) for r in figures.searches] == [("mastodon", (6, 6))]
    assert figures.hidden_searches == 3          # "worta", "wortb", "wortc": two kiosk-days each
    with override_settings(DQ_STATS_MIN_KIOSK_DAYS=7):
        assert client.get("/admin/").context["figures"].searches == []


def test_the_report_as_csv_and_pdf(client, manager, figures_month, topic):
    admin_login(client, manager)
    period = f"von={YESTERDAY - timedelta(days=6)}&bis={YESTERDAY}"
    csv = client.get(f"/admin/programmzahlen/bericht.csv?{period}")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert f"Meistgelesene Themen;{topic.title_de};Geöffnet;12" in text
    assert "Dorsten" not in text
    pdf = client.get(f"/admin/programmzahlen/bericht.pdf?{period}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert Client().get("/admin/programmzahlen/bericht.pdf").status_code == 302   # login first


@override_settings(DQ_REPORT_TO=["kreis@example.org"],
                   EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_monthly_mail_carries_the_report(figures_month):
    out = io.StringIO()
    call_command("send_programme_report", stdout=out)
    (message,) = mail.outbox
    assert message.to == ["kreis@example.org"]
    assert "Programmbericht" in message.subject
    assert [name.rsplit(".", 1)[1] for name, *_ in message.attachments] == ["pdf", "csv"]
    assert "gesendet" in out.getvalue()
    with override_settings(DQ_REPORT_TO=[]):
        call_command("send_programme_report", stdout=out)
    assert len(mail.outbox) == 1 and "nichts gesendet" in out.getvalue()
    with pytest.raises(CommandError, match="kein Monat"):
        call_command("send_programme_report", "--month", "11/2026", "--to", "a@example.org")
