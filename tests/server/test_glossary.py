"""The glossary on the server ("Wörterbuch"): managers edit the hard words in the German
admin, each field checked by the kiosk's rules; every release carries it, a topic marking a
word it lacks is left out with the reason, a kiosk rebuilds a glossary change from a delta, and
the demo bundle brings its 21 words."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from dqserver.content import releases
from dqserver.content.models import Step
from dqserver.glossary.models import Entry

from kiosk.bundle import apply_delta, manifest_digest, manifest_problems
from kiosk.demo import DEMO_DIR
from tests.server.conftest import admin_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    boss = django_user_model.objects.create(username="chefin", is_staff=True, is_superuser=True)
    return admin_login(client, boss)


def add(admin_client, **fields):
    data = {"term_de": "WLAN", "slug": "wlan", "upload_licence": "",
            "explanation_de": "WLAN ist Internet ohne Kabel.", **fields}
    return admin_client.post(reverse("admin:glossary_entry_add"), data)


def test_a_manager_adds_a_word_in_german_and_a_translation(admin_client):
    page = admin_client.get(reverse("admin:glossary_entry_add"))
    assert page.status_code == 200 and "[[WLAN]]" in page.content.decode()
    assert "Schwere Wörter erklärt" in admin_client.get(reverse("admin:index")).content.decode()
    response = add(admin_client, term_en="Wi-Fi", explanation_en="Wi-Fi is internet without "
                                                                 "a cable.")
    assert response.status_code == 302
    entry = Entry.objects.get(slug="wlan")
    assert entry.manifest_entry() == {
        "id": "wlan", "term": {"de": "WLAN", "en": "Wi-Fi"},
        "explanation": {"de": "WLAN ist Internet ohne Kabel.",
                        "en": "Wi-Fi is internet without a cable."}}


@pytest.mark.parametrize("fields, field, message", [
    ({"explanation_de": "Das ist ein langer Satz mit viel zu vielen Wörtern für einen "
                        "Menschen hier und da."}, "explanation_de", "15 Wörter"),
    ({"explanation_en": "A very long sentence with far too many words for a person who reads "
                        "it here now."}, "explanation_en", "15 Wörter"),
    ({"explanation_de": "Ein Satz. " * 13}, "explanation_de", "höchstens 120 Zeichen"),
    ({"slug": "ein-anderes", "term_de": "App"}, "term_de", "steht schon bei „app“"),
])
def test_what_a_kiosk_would_refuse_is_said_on_the_field(admin_client, fields, field, message):
    Entry.objects.create(slug="app", term_de="App", explanation_de="Ein Programm.")
    response = add(admin_client, **fields)
    assert response.status_code == 200  # the form again, no 500
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors.get(field, [])), errors
    assert not Entry.objects.filter(slug=fields.get("slug", "wlan")).exists()


def test_releases_carry_the_glossary_and_leave_out_a_topic_with_an_unknown_word(topic):
    Step.objects.filter(topic=topic, position=1).update(text_de="Tippen Sie auf [[WLAN]].")
    with pytest.raises(releases.ManifestError) as refused:  # the only topic left out
        releases.publish_releases()
    assert "„WLAN“ ist als schweres Wort markiert" in refused.value.errors[1]

    Entry.objects.create(slug="wlan", term_de="WLAN", explanation_de="Internet ohne Kabel.")
    first = releases.publish()
    manifest = json.loads(first.manifest_json)
    assert manifest["glossary"][0]["id"] == "wlan" and not manifest_problems(manifest)

    Entry.objects.filter(slug="wlan").update(explanation_de="Internet ohne Kabel, zu Hause.")
    second = releases.publish()
    base, new = json.loads(first.manifest_json), json.loads(second.manifest_json)
    assert manifest_digest(base) != manifest_digest(new)
    delta = releases.manifest_delta(base, new)
    assert delta["topics"] == [] and delta["glossary"] == new["glossary"]
    assert manifest_digest(apply_delta(base, delta)) == releases.release_digest(second.number)


def test_the_demo_bundle_brings_its_glossary():
    releases.import_bundle(DEMO_DIR / "bundle")
    assert Entry.objects.count() >= 20
    wlan = Entry.objects.get(slug="wlan")
    assert wlan.image is not None and wlan.translations["en"]["term"] == "Wi-Fi"
    manifest = releases.build_manifest(1)
    assert not manifest_problems(manifest) and len(manifest["glossary"]) == Entry.objects.count()
