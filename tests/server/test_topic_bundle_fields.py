"""A topic's optional bundle fields on the server: search words, "Stand" and sources, written by a
manager in plain form fields, checked with the kiosk's rules, published in the manifest, and
imported with the demo bundle."""

from __future__ import annotations

import pytest
from django.urls import reverse
from dqserver.content import releases
from dqserver.content.models import Topic

from kiosk.bundle import manifest_problems
from kiosk.demo import DEMO_DIR
from tests.server.conftest import admin_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    boss = django_user_model.objects.create(username="chefin", is_staff=True, is_superuser=True)
    return admin_login(client, boss)


def change(admin_client, topic, **fields):
    """The topic's admin form posted with its current values and ``fields``."""
    url = reverse("admin:content_topic_change", args=[topic.pk])
    data = {"slug": topic.slug, "category": topic.category.pk, "position": topic.position,
            "title_de": topic.title_de, "summary_de": topic.summary_de,
            "translations": "{}", "active": "on", "checked": "", "keywords_text": "",
            "sources_text": "", "steps-TOTAL_FORMS": 0, "steps-INITIAL_FORMS": 0,
            "steps-MIN_NUM_FORMS": 0, "steps-MAX_NUM_FORMS": 1000, **fields}
    return admin_client.post(url, data)


def test_a_manager_writes_them_as_words_and_lines_and_kiosks_get_them(admin_client, topic):
    response = change(admin_client, topic, checked="2026-12",
                      keywords_text="Enkeltrick,  falsche SMS , ",
                      sources_text="Verbraucherzentrale | https://www.verbraucherzentrale.de\n\n"
                                   "BSI | https://www.bsi.bund.de/sms")
    assert response.status_code == 302, response.context["adminform"].form.errors
    topic.refresh_from_db()
    assert topic.keywords == ["Enkeltrick", "falsche SMS"] and topic.checked == "2026-12"
    assert topic.sources == [
        {"title": "Verbraucherzentrale", "url": "https://www.verbraucherzentrale.de"},
        {"title": "BSI", "url": "https://www.bsi.bund.de/sms"}]
    [published] = releases.build_manifest(2)["topics"]
    assert (published["keywords"], published["checked"], published["sources"]) == (
        topic.keywords, "2026-12", topic.sources)
    assert manifest_problems(releases.build_manifest(2)) == []
    page = admin_client.get(reverse("admin:content_topic_change", args=[topic.pk])).content
    assert b"Enkeltrick, falsche SMS" in page
    assert b"BSI | https://www.bsi.bund.de/sms" in page


def test_empty_ones_stay_out_of_the_manifest(topic):
    [published] = releases.build_manifest(2)["topics"]
    assert not {"keywords", "checked", "sources"} & set(published)


@pytest.mark.parametrize("field, value, message", [
    ("checked", "12/2026", "Stand: '12/2026' ist kein Monat. So ist es richtig: 2026-12"),
    ("sources_text", "BSI www.bsi.bund.de", "Zeile 1: bitte so schreiben: Name | Internet-"),
    ("sources_text", "BSI | www.bsi.bund.de", "keine Internet-Adresse"),
    ("sources_text", " | https://www.bsi.bund.de", "Name der Quelle"),
    ("keywords_text", "x" * 41, "ein Suchwort hat 1 bis 40 Zeichen"),
])
def test_what_a_kiosk_would_refuse_is_said_on_the_field(admin_client, topic, field, value,
                                                       message):
    response = change(admin_client, topic, **{field: value})
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors[field]
    assert message in error
    topic.refresh_from_db()
    assert not topic.checked and not topic.sources and not topic.keywords


def test_the_demo_bundle_comes_in_with_them():
    releases.import_bundle(DEMO_DIR / "bundle")
    topic = Topic.objects.get(slug="betrugs-sms-erkennen")
    assert topic.checked == "2026-12" and topic.sources
    assert all(t.checked for t in Topic.objects.all())
