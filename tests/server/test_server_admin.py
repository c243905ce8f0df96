"""Admin for managers: pages render and save, publishing, tokens, CSV, per-quartier managers."""

from __future__ import annotations

import json
import uuid

import pytest
from argon2 import PasswordHasher
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from dqserver.bookings.models import Booking, Helper, Slot, SlotPlan
from dqserver.content import releases
from dqserver.content.models import ContentRelease, Topic
from dqserver.kiosks.models import Kiosk
from dqserver.management.commands.seed_demo import tiny_png

from tests.server.conftest import admin_login, booking_op, make_slot

# Every model in the admin, by app: its pages are admin:<app>_<model>_...
MODELS = ["kiosks.quartier", "kiosks.kiosk", "content.category", "content.topic",
          "content.contentrelease", "content.asset", "bookings.helper", "bookings.slot",
          "bookings.slotplan", "bookings.closedday", "bookings.booking",
          "bookings.callbackrequest", "bookings.walkin"]


NO_ADD = {"content.contentrelease"}  # made by publishing only (pictures: the collection uploads)
MADE_ELSEWHERE = {"bookings.booking": "/admin/bookings/booking/telefonbuchung/"}


def page(model: str, action: str, *args) -> str:
    return reverse(f"admin:{model.replace('.', '_')}_{action}", args=args)


@pytest.fixture
def boss(db):
    return User.objects.create(username="chefin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, boss):
    return admin_login(client, boss)


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_add_render(admin_client, kiosk_client, slot, topic, model):
    kiosk_client.ops(booking_op(slot))
    releases.publish()
    assert admin_client.get(page(model, "changelist")).status_code == 200
    add = admin_client.get(page(model, "add"))
    if model in MADE_ELSEWHERE:
        assert add.status_code == 302 and add["Location"] == MADE_ELSEWHERE[model]
        add = admin_client.get(add["Location"])
    assert add.status_code == (403 if model in NO_ADD else 200)


@pytest.mark.parametrize("model", ["kiosks.quartier", "kiosks.kiosk", "content.topic",
                                   "bookings.helper", "bookings.slot", "bookings.booking",
                                   "content.contentrelease", "content.asset"])
def test_change_pages_render(admin_client, kiosk_client, slot, topic, model):
    kiosk_client.ops(booking_op(slot))
    releases.publish()
    from django.apps import apps
    obj = apps.get_model(model).objects.first()
    response = admin_client.get(page(model, "change", obj.pk))
    assert response.status_code == 200


def test_admin_pages_from_before_the_split_into_apps_moved_for_good(admin_client, helper):
    """Managers' bookmarks of /admin/dqserver/… (one app until issue 15) still lead there."""
    page = f"/admin/dqserver/helper/{helper.pk}/change/?_changelist_filters=active__exact%3D1"
    moved = admin_client.get(page)
    assert moved.status_code == 301
    assert moved["Location"] == page.replace("/dqserver/", "/bookings/")
    assert admin_client.get("/admin/dqserver/kiosk/")["Location"] == "/admin/kiosks/kiosk/"
    assert admin_client.get("/admin/dqserver/")["Location"] == "/admin/"
    assert admin_client.get("/admin/dqserver/user/").status_code == 404
    assert admin_client.get(moved["Location"]).status_code == 200


def test_admin_is_german(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "Termine" in response.content.decode() and "Buchungen" in response.content.decode()


def test_helper_pin_is_hashed_with_argon2(admin_client, quartier):
    response = admin_client.post(reverse("admin:bookings_helper_add"), {
        "first_name": "Jonas", "contact": "intern", "quartiers": [quartier.pk],
        "active": "on", "pin": "470113825"})
    assert response.status_code == 302, response.content
    helper = Helper.objects.get(first_name="Jonas")
    assert helper.pin_hash.startswith("$argon2id$")
    assert PasswordHasher().verify(helper.pin_hash, "470113825")
    assert list(helper.quartiers.all()) == [quartier]


def test_calendar_address_uses_the_public_url_not_the_admins_host(admin_client, helper,
                                                                    settings):
    page = reverse("admin:bookings_helper_change", args=[helper.pk])
    path = reverse("helper-calendar", args=[helper.ical_secret])
    settings.DQ_PUBLIC_URL = "https://kiosk.example.org"
    settings.ALLOWED_HOSTS = ["intern.local", "testserver"]
    html = admin_client.get(page, HTTP_HOST="intern.local").content.decode()
    assert "https://kiosk.example.org" + path in html and "intern.local" not in html
    settings.DQ_PUBLIC_URL = ""
    html = admin_client.get(page).content.decode()
    assert path in html and "DQ_PUBLIC_URL ist nicht gesetzt" in html


def test_helper_pin_must_be_digits(admin_client, quartier):
    response = admin_client.post(reverse("admin:bookings_helper_add"), {
        "first_name": "Jonas", "quartiers": [quartier.pk], "active": "on", "pin": "abcd"})
    assert response.status_code == 200 and not Helper.objects.exists()


def test_new_kiosk_shows_its_token_once(admin_client, quartier, client):
    response = admin_client.post(reverse("admin:kiosks_kiosk_add"),
                                 {"quartier": quartier.pk, "name": "Foyer"}, follow=True)
    [message] = [m.message for m in response.context["messages"] if "Token" in m.message]
    token = message.rsplit(" ", 1)[1]
    kiosk = Kiosk.objects.get(name="Foyer")
    assert kiosk.token_hash and token not in kiosk.token_hash
    assert client.get("/api/v1/changes",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_token_actions(admin_client, kiosk_client):
    url = reverse("admin:kiosks_kiosk_changelist")
    admin_client.post(url, {"action": "revoke_token", "_selected_action": [kiosk_client.kiosk.pk]})
    assert kiosk_client.get("/changes").status_code == 401
    admin_client.post(url, {"action": "issue_token", "_selected_action": [kiosk_client.kiosk.pk]})
    assert Kiosk.objects.get().token_hash


def test_topic_with_steps_and_upload_saves(admin_client, topic):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = tiny_png((9, 9, 9))
    data = {"slug": "e-rezept", "category": topic.category.pk, "position": 2,
            "title_de": "E-Rezept", "summary_de": "So lösen Sie ein E-Rezept ein.",
            "translations": "{}", "active": "on",
            "steps-TOTAL_FORMS": 1, "steps-INITIAL_FORMS": 0, "steps-MIN_NUM_FORMS": 0,
            "steps-MAX_NUM_FORMS": 1000,
            "steps-0-position": 1, "steps-0-text_de": "Gehen Sie zur Apotheke.",
            "steps-0-alt_de": "Eine Apotheke.", "steps-0-translations": "{}",
            "steps-0-upload": SimpleUploadedFile("bild.png", png, "image/png"),
            "steps-0-upload_licence": "CC0"}
    response = admin_client.post(reverse("admin:content_topic_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    step = Topic.objects.get(slug="e-rezept").steps.get()
    assert step.image.media_type == "image/png" and step.image.licence == "CC0"


LONG_SENTENCE = " ".join(["Wort"] * 16) + "."


@pytest.mark.parametrize("where", ["summary", "step"])
def test_topic_with_long_sentence_is_refused(admin_client, topic, where):
    data = {"slug": "lang", "category": topic.category.pk, "position": 2,
            "title_de": "Lang", "translations": "{}", "active": "on",
            "summary_de": LONG_SENTENCE if where == "summary" else "Kurz und gut.",
            "steps-TOTAL_FORMS": 1, "steps-INITIAL_FORMS": 0, "steps-MIN_NUM_FORMS": 0,
            "steps-MAX_NUM_FORMS": 1000, "steps-0-position": 1, "steps-0-translations": "{}",
            "steps-0-text_de": LONG_SENTENCE if where == "step" else "Kurz und gut."}
    response = admin_client.post(reverse("admin:content_topic_add"), data)
    assert response.status_code == 200 and not Topic.objects.filter(slug="lang").exists()
    if where == "summary":
        errors = response.context["adminform"].form.errors["summary_de"]
    else:
        errors = response.context["inline_admin_formsets"][0].formset.errors[0]["text_de"]
    assert len(errors) == 1 and errors[0].startswith("Leichte Sprache: höchstens 15 Wörter")
    assert "Zu lang: „Wort Wort" in errors[0]


def test_publish_button_makes_a_valid_release(admin_client, topic):
    url = reverse("admin:content_contentrelease_publish")
    assert admin_client.get(url).status_code == 200
    admin_client.post(url)
    release = ContentRelease.objects.get()
    manifest = json.loads(release.manifest_json)
    assert releases.validate_manifest(manifest) == []
    assert manifest["release"] == 1 and manifest["topics"][0]["id"] == topic.slug
    admin_client.post(url)
    assert ContentRelease.objects.count() == 2
    with pytest.raises(ValueError):
        release.save()


def test_publish_action_refuses_an_invalid_release(admin_client, topic):
    topic.steps.update(image=None)
    response = admin_client.post(reverse("admin:content_topic_changelist"),
                                 {"action": "publish", "_selected_action": [topic.pk]},
                                 follow=True)
    assert ContentRelease.objects.count() == 0
    assert "Nicht veröffentlicht" in response.content.decode()


def test_csv_export(admin_client, kiosk_client, slot):
    kiosk_client.ops(booking_op(slot, code="QR77", first_name="Hilde"))
    response = admin_client.post(reverse("admin:bookings_booking_changelist"), {
        "action": "export_csv", "_selected_action": [str(Booking.objects.get().pk)]})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "QR77" in text and "Hilde" in text and text.startswith("Code;")


def test_booking_filters(admin_client, kiosk_client, slot, quartier):
    kiosk_client.ops(booking_op(slot))
    url = reverse("admin:bookings_booking_changelist")
    for query in [{"status__exact": "confirmed"}, {"quartier__id__exact": quartier.pk},
                  {"slot__start__year": "2026"}]:
        assert admin_client.get(url, query).status_code == 200


def test_saving_a_slot_plan_makes_its_slots(admin_client, quartier, helper):
    """Before: saving a plan made nothing until the action "Termine erzeugen" was run."""
    response = admin_client.post(page("bookings.slotplan", "add"), {
        "quartier": quartier.pk, "helper": helper.pk, "weekday": 2, "start_time": "10:00",
        "end_time": "11:00", "duration_minutes": 30, "capacity": 1, "valid_from": "2026-01-01",
        "active": "on"}, follow=True)
    plan = SlotPlan.objects.get()
    assert Slot.objects.filter(plan=plan).count() >= 10  # 2 a Wednesday, 6 weeks
    assert "Termine neu" in response.content.decode()


def test_cancel_slots_action_announces_the_cancellation(admin_client, kiosk_client, quartier,
                                                         helper):
    open_slot = make_slot(quartier, helper, days=2)
    already = make_slot(quartier, helper, days=3, cancelled=True)
    cursor = kiosk_client.get("/changes").json()["cursor"]
    response = admin_client.post(reverse("admin:bookings_slot_changelist"), {
        "action": "cancel_slots", "_selected_action": [open_slot.pk, already.pk]}, follow=True)
    assert any(m.message.startswith("1 Termin abgesagt") for m in response.context["messages"])
    [item] = kiosk_client.get("/changes", {"since": cursor}).json()["slots"]
    assert item["id"] == str(open_slot.pk) and item["cancelled"] is True


def test_manager_sees_only_own_quartier(client, manager, kiosk_client, other_client, slot,
                                        other_quartier):
    other_slot = Slot.objects.create(quartier=other_quartier, start=slot.start, end=slot.end)
    kiosk_client.ops(booking_op(slot, code="MINE"))
    admin_login(client, manager)
    slots = client.get(reverse("admin:bookings_slot_changelist"))
    assert slots.status_code == 200
    listed = {s.pk for s in slots.context["cl"].queryset}
    assert listed == {slot.pk}
    hidden = client.get(reverse("admin:bookings_slot_change", args=[other_slot.pk]))
    assert hidden.status_code == 302 and hidden.url == reverse("admin:index")
    kiosks = client.get(reverse("admin:kiosks_kiosk_changelist")).context["cl"].queryset
    assert list(kiosks) == [kiosk_client.kiosk]
    assert client.get(reverse("admin:bookings_booking_changelist")).status_code == 200


def test_district_admin_sees_all(client, manager, slot, other_quartier):
    Slot.objects.create(quartier=other_quartier, start=slot.start, end=slot.end)
    manager.user_permissions.add(Permission.objects.get(codename="view_all_quartiers"))
    manager = User.objects.get(pk=manager.pk)
    admin_login(client, manager)
    slots = client.get(reverse("admin:bookings_slot_changelist")).context["cl"].queryset
    assert slots.count() == 2


def test_booking_uuid_is_kept(kiosk_client, slot):
    bid = uuid.uuid4()
    kiosk_client.ops(booking_op(slot, booking_id=bid))
    assert Booking.objects.get().pk == bid
