"""The managers' desk for content and people (issue 19 items 1, 2 and 5), through the admin's
forms and the kiosk API: drafts never block a publish and never reach kiosks, a quartier's topic
reaches only its kiosks, pictures are decoded and shrunk, uploads survive a form error, a
release can be had back, managers are made in one form and set their password by e-mail."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from dqserver.bookings.models import Helper
from dqserver.content import pictures, releases
from dqserver.content.models import Asset, ContentRelease, Status, Topic
from dqserver.management.commands.seed_demo import tiny_png
from PIL import Image

from kiosk.bundle import manifest_problems
from tests.server.conftest import admin_login

pytestmark = pytest.mark.django_db
LONG = " ".join(["Wort"] * 16) + "."


@pytest.fixture
def boss_client(client, django_user_model):
    boss = django_user_model.objects.create(username="chefin", is_staff=True, is_superuser=True)
    return admin_login(client, boss)


@pytest.fixture
def manager_client(client, manager):
    return admin_login(client, manager)


def photo(width: int, height: int, quality: int = 95, fmt: str = "JPEG") -> bytes:
    """A noisy photo (noise does not compress: a phone photo's size)."""
    rng = np.random.default_rng(7)
    pixels = (rng.random((height, width, 3)) * 255).astype("uint8")
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, fmt, quality=quality)
    return out.getvalue()


def topic_form(topic=None, steps=(), **fields) -> dict:
    """The topic's admin form as a browser posts it (``steps``: dicts of step fields)."""
    data = {"title_de": "Online-Termin beim Amt", "slug": "online-termin", "position": 3,
            "summary_de": "So buchen Sie einen Termin im Internet.", "status": Status.DRAFT,
            "checked": "", "keywords_text": "", "sources_text": "",
            "steps-TOTAL_FORMS": len(steps), "steps-INITIAL_FORMS": 0,
            "steps-MIN_NUM_FORMS": 0, "steps-MAX_NUM_FORMS": 1000}
    if topic is not None:
        data["category"] = topic.category.pk
    for n, step in enumerate(steps):
        data.update({f"steps-{n}-position": n + 1, f"steps-{n}-upload_licence": "CC0",
                     **{f"steps-{n}-{k}": v for k, v in step.items()}})
    data.update(fields)
    return data


def upload(data: bytes, name: str = "bild.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/octet-stream")


def step_errors(response) -> list[dict]:
    return response.context["inline_admin_formsets"][0].formset.errors


def test_a_draft_never_blocks_a_publish_nor_reaches_kiosks(boss_client, topic, kiosk_client):
    response = boss_client.post(reverse("admin:content_topic_add"), topic_form(
        topic, steps=[{"text_de": "Öffnen Sie die Seite."}]))  # no picture: fine for a draft
    assert response.status_code == 302
    draft = Topic.objects.get(slug="online-termin")
    assert draft.status == Status.DRAFT
    release = releases.publish()
    assert [t["id"] for t in json.loads(release.manifest_json)["topics"]] == [topic.slug]
    manifest = kiosk_client.get("/content/manifest").json()
    assert manifest["release"] == release.number and len(manifest["topics"]) == 1
    topic.refresh_from_db()
    assert topic.status == Status.PUBLISHED and topic.published_json


def test_texts_are_checked_while_typing_by_the_kiosks_rule(boss_client):
    url = reverse("admin:content_topic_check")
    answer = boss_client.get(url, {"feld": "steps-3-text_tr", "wert": LONG}).json()
    assert answer["fehler"].startswith("Leichte Sprache: höchstens 15 Wörter je Satz.")
    assert boss_client.get(url, {"feld": "summary_de", "wert": "Kurz."}).json() == {
        "fehler": ""}
    assert "kein Monat" in boss_client.get(url, {"feld": "checked", "wert": "12/26"}).json()[
        "fehler"]


def test_ready_is_checked_as_a_kiosk_checks_it_on_the_field(boss_client, topic):
    response = boss_client.post(reverse("admin:content_topic_add"), topic_form(
        topic, steps=[{"text_de": "Öffnen Sie die Seite."}], status=Status.READY))
    assert response.status_code == 200
    [errors] = step_errors(response)
    assert "braucht jeder Schritt ein Bild" in errors["image"][0]


def test_a_published_topic_put_back_to_draft_stays_on_kiosks_as_published(boss_client, topic):
    releases.publish()
    page = reverse("admin:content_topic_change", args=[topic.pk])
    data = topic_form(topic, slug=topic.slug, title_de="Betrugs-SMS erkennen (neu)",
                      status=Status.DRAFT)
    assert boss_client.post(page, data).status_code == 302
    [entry] = json.loads(releases.publish().manifest_json)["topics"]
    assert entry["title"]["de"] == "Betrugs-SMS erkennen"  # the published form, not the draft


def test_a_new_step_comes_last_not_at_1(boss_client, topic):
    """(Without the page's script: with it the arrows number every step.)"""
    page = reverse("admin:content_topic_change", args=[topic.pk])
    data = topic_form(topic, steps=[{"text_de": "Fertig.", "position": 0}], slug=topic.slug,
                      title_de=topic.title_de)
    assert boss_client.post(page, data).status_code == 302
    assert list(topic.steps.values_list("position", "text_de"))[-1] == (3, "Fertig.")


def test_a_broken_ready_topic_is_left_out_and_named_with_a_link(boss_client, topic):
    other = Topic.objects.create(slug="kaputt", category=topic.category, title_de="Kaputt",
                                 summary_de="Ohne Schritte.", status=Status.READY)
    response = boss_client.post(reverse("admin:content_contentrelease_publish"), follow=True)
    page = response.content.decode()
    assert "Nicht dabei: Kaputt" in page
    assert reverse("admin:content_topic_change", args=[other.pk]) in page
    assert ContentRelease.objects.count() == 1


def test_a_herten_topic_reaches_herten_kiosks_only(manager_client, topic, quartier,
                                                   kiosk_client, other_client):
    releases.publish()  # the district's release for every quartier
    picture = Asset.objects.filter(releases__isnull=False).first()
    response = manager_client.post(reverse("admin:content_topic_add"), topic_form(
        topic, steps=[{"text_de": "Öffnen Sie die Seite.", "image": picture.sha256}],
        status=Status.READY, quartiers=[quartier.pk]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    manager_client.post(reverse("admin:content_contentrelease_publish"))
    herten = kiosk_client.get("/content/manifest").json()
    dorsten = other_client.get("/content/manifest").json()
    assert {t["id"] for t in herten["topics"]} == {topic.slug, "online-termin"}
    assert [t["id"] for t in dorsten["topics"]] == [topic.slug] and dorsten["release"] == 1
    assert manifest_problems(herten) == []


def test_a_manager_cannot_change_a_topic_for_every_quartier_or_see_anothers(
        manager_client, topic, other_quartier):
    theirs = Topic.objects.create(slug="dorsten-only", category=topic.category,
                                  title_de="Nur Dorsten", summary_de="Kurz.")
    theirs.quartiers.set([other_quartier])
    listing = manager_client.get(reverse("admin:content_topic_changelist")).content.decode()
    assert topic.title_de in listing and "Nur Dorsten" not in listing
    assert manager_client.get(reverse("admin:content_topic_change",
                                      args=[theirs.pk])).status_code == 302  # "not found"
    page = reverse("admin:content_topic_change", args=[topic.pk])
    response = manager_client.post(page, topic_form(topic, slug=topic.slug, title_de="Geändert"))
    assert response.status_code == 403 and "nicht für Ihr Konto" in response.content.decode()
    topic.refresh_from_db()
    assert topic.title_de == "Betrugs-SMS erkennen"


def test_translations_are_fields_with_their_status_and_reach_the_bundle(boss_client, topic):
    page = reverse("admin:content_topic_change", args=[topic.pk])
    data = topic_form(topic, slug=topic.slug, title_de=topic.title_de, title_tr="Sahte SMS",
                      summary_tr="Sahte bir SMS'i böyle tanırsınız.", status_tr="reviewed",
                      status_en="translated", title_en="Spotting scam texts",
                      status_pl="translated", status=Status.READY)
    response = boss_client.post(page, data)
    assert response.status_code == 200  # Polish status without a Polish title
    assert "Erst den Titel auf Polnisch" in response.context["adminform"].form.errors[
        "status_pl"][0]
    data["status_pl"] = ""
    assert boss_client.post(page, data).status_code == 302
    [entry] = releases.build_manifest(1)["topics"]
    assert entry["title"] == {"de": topic.title_de, "en": "Spotting scam texts",
                              "tr": "Sahte SMS"}
    assert entry["translation_status"] == {"en": "translated", "tr": "reviewed"}
    form = boss_client.get(page).content.decode()
    assert "Übersetzung (Türkisch)" in form and '"en": {' not in form  # fields, not JSON


def test_a_text_file_that_starts_like_a_png_is_refused_in_german(boss_client, topic):
    fake = b"\x89PNG\r\n\x1a\n" + b"Das ist nur Text, kein Bild.\n" * 20
    response = boss_client.post(reverse("admin:content_topic_add"), topic_form(
        topic, steps=[{"text_de": "Öffnen Sie die Seite.", "upload": upload(fake)}]))
    assert response.status_code == 200
    [errors] = step_errors(response)
    assert errors["upload"] == ["Diese Datei ist kein Bild, das sich öffnen lässt. Bitte ein "
                                "Foto als JPEG, PNG oder HEIC hochladen."]
    assert not Asset.objects.filter(size=len(fake)).exists()


def test_a_large_photo_is_shrunk_and_heic_becomes_jpeg():
    """(The browser test uploads a 12-megapixel photo of 5-6 MB.)"""
    big = photo(2000, 1200, quality=80)
    data, media_type = pictures.prepare(big)
    picture = Image.open(io.BytesIO(data))
    assert media_type == "image/jpeg" and max(picture.size) == pictures.MAX_SIDE
    assert len(data) <= pictures.MAX_BYTES
    heic = photo(320, 240, fmt="HEIF")
    data, media_type = pictures.prepare(heic)
    assert media_type == "image/jpeg" and Image.open(io.BytesIO(data)).format == "JPEG"


def test_uploads_are_kept_across_a_mistake_elsewhere(boss_client, topic):
    png = tiny_png((10, 200, 30))
    response = boss_client.post(reverse("admin:content_topic_add"), topic_form(
        topic, steps=[{"text_de": "Öffnen Sie die Seite.", "upload": upload(png, "start.png")},
                      {"text_de": LONG}]))
    assert response.status_code == 200 and "Leichte Sprache" in step_errors(response)[1][
        "text_de"][0]
    asset = Asset.objects.get(name="start")
    page = response.content.decode()
    assert f'name="steps-0-image" value="{asset.sha256}"' in page
    data = topic_form(topic, steps=[{"text_de": "Öffnen Sie die Seite.",
                                     "image": asset.sha256},
                                    {"text_de": "Tippen Sie auf Termin."}])
    assert boss_client.post(reverse("admin:content_topic_add"), data).status_code == 302
    assert Topic.objects.get(slug="online-termin").steps.first().image == asset
    assert Asset.objects.filter(name="start").count() == 1


def test_the_picture_collection_says_where_and_deletes_only_unused(boss_client, topic):
    used = topic.steps.first().image
    spare = Asset.objects.create(sha256="0" * 64, data=b"x", size=1, media_type="image/png",
                                 licence="CC0", name="Übrig")
    listing = boss_client.get(reverse("admin:content_asset_changelist")).content.decode()
    assert "Betrugs-SMS erkennen" in listing and "nirgends" in listing
    assert boss_client.get(reverse("admin:content_asset_delete",
                                   args=[used.pk])).status_code == 403
    boss_client.post(reverse("admin:content_asset_delete", args=[spare.pk]), {"post": "yes"})
    assert not Asset.objects.filter(pk=spare.pk).exists()


def test_back_to_an_earlier_release_in_one_action(boss_client, topic, kiosk_client):
    first = releases.publish()
    topic.title_de = "Neuer Titel"
    topic.save()
    releases.publish()
    boss_client.post(reverse("admin:content_contentrelease_restore", args=[first.pk]))
    manifest = kiosk_client.get("/content/manifest").json()
    assert manifest["release"] == 3 and manifest["topics"][0]["title"]["de"] == \
        "Betrugs-SMS erkennen"
    assert ContentRelease.objects.get(number=3).restored_from == 1


def test_manager_anlegen_makes_the_account_and_sends_the_invitation(boss_client, quartier,
                                                                    client):
    response = boss_client.post(reverse("admin:people_manager_add"), {
        "first_name": "Hanna", "last_name": "Beispiel", "email": "Hanna@Example.org",
        "quartiers": [quartier.pk], "is_active": "on"}, follow=True)
    assert "hanna@example.org" in response.content.decode()
    user = User.objects.get(username="hanna@example.org")
    assert user.is_staff and user.groups.filter(name="Quartiersmanager").exists()
    assert list(user.managed_quartiers.all()) == [quartier]
    [message] = mail.outbox
    assert message.to == ["hanna@example.org"] and "Guten Tag Hanna" in message.body
    link = re.search(r"http://testserver(/admin/passwort-setzen/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Neues Passwort" in form.content.decode()


def test_password_forgotten_sends_a_reset_mail(client, manager):
    manager.email = "manni@example.org"
    manager.set_password("altes-langes-passwort")
    manager.save()
    login = client.get(reverse("admin:login")).content.decode()
    assert "Passwort vergessen?" in login
    client.post(reverse("admin_password_reset"), {"email": "manni@example.org"})
    [message] = mail.outbox
    assert "neues Passwort angefordert" in message.body


def test_the_admin_speaks_german_in_its_javascript_too(boss_client):
    catalog = boss_client.get(reverse("admin:jsi18n")).content.decode()
    assert '"Choose all": "Alle ausw\\u00e4hlen"' in catalog
    assert '"Choose all %s": "Alle %s ausw\\u00e4hlen"' in catalog  # none in Django 5.2
    page = boss_client.get(reverse("admin:auth_user_add")).content.decode()
    assert "After you" not in page and "Nach dem Anlegen" in page
    assert "Website anzeigen" not in page  # the server has no site: it was an English 404
    assert gettext("Reset password") == "Passwort neu setzen"  # empty in Django's own


def test_a_helper_needs_a_quartier_or_would_vanish(manager_client):
    response = manager_client.post(reverse("admin:bookings_helper_add"), {
        "first_name": "Jonas", "contact": "", "active": "on", "pin": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["quartiers"] == [
        "Bitte mindestens ein Quartier wählen."]
    assert not Helper.objects.filter(first_name="Jonas").exists()


def test_a_manager_edits_their_quartiers_contact_text(manager_client, quartier, other_quartier):
    page = reverse("admin:kiosks_quartier_change", args=[quartier.pk])
    assert 'name="contact_text"' in manager_client.get(page).content.decode()
    response = manager_client.post(page, {"contact_name": "Frau Muster",
                                          "contact_phone": "02366 1234",
                                          "contact_text": "Kommen Sie vorbei!"})
    assert response.status_code == 302
    quartier.refresh_from_db()
    assert quartier.contact_text == "Kommen Sie vorbei!" and quartier.name == "Herten-Innenstadt"
    other = manager_client.get(reverse("admin:kiosks_quartier_change", args=[other_quartier.pk]))
    assert other.status_code == 302  # not theirs: "not found", back to the list


def test_a_manager_recovers_only_their_quartiers_deleted_topics(manager_client, topic, quartier,
                                                              other_quartier):
    import reversion

    for slug, title, where in (("nur-herten", "Nur Herten", quartier),
                               ("nur-dorsten", "Nur Dorsten", other_quartier)):
        with reversion.create_revision():
            made = Topic.objects.create(slug=slug, category=topic.category, title_de=title,
                                        summary_de="Kurz.")
            made.quartiers.set([where])
        made.delete()
    page = manager_client.get(reverse("admin:content_topic_recoverlist")).content.decode()
    assert "Nur Herten" in page and "Nur Dorsten" not in page


@pytest.mark.django_db(transaction=True)
def test_topics_from_before_drafts_stay_on_the_kiosks_after_the_migration():
    """Every publish took the active topics: they become "published" (a manager's publish
    keeps them, not drops them for want of a last published form), unticked ones drafts."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before, after = [("content", "0002_topic_keywords_checked_sources")], [
        ("content", "0003_workflow_quartiers_names")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    category = old.get_model("content", "Category").objects.create(slug="k", title_de="K")
    for slug, active in (("an", True), ("aus", False)):
        old.get_model("content", "Topic").objects.create(
            slug=slug, category=category, title_de=slug, summary_de="Kurz.", active=active)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert dict(Topic.objects.values_list("slug", "status")) == {
        "an": Status.PUBLISHED, "aus": Status.DRAFT}
