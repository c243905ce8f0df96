"""The topic sheet ("Merkblatt", A4 PDF) from the admin: the topic as it is now, its pictures,
the hard words it marks explained, its "Stand" and the quartier's contact line."""

from __future__ import annotations

from datetime import date

from django.contrib import admin
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.formats import date_format

from dqserver.content import releases
from dqserver.content.models import Asset, Topic
from dqserver.glossary.manifest import glossary_entries
from dqserver.kiosks.models import Quartier
from dqserver.kiosks.scoping import own_quartiers, sees_all

from . import layout, render


def contact_line(quartier: Quartier | None) -> str:
    """Where the senior finds help: the centre, its address and the contact's phone (what
    the quartier's kiosk shows on "Digital-Helfer werden"; never a senior's data)."""
    if quartier is None:
        return "Digital-Hilfe: in der Begegnungsstätte Ihres Quartiers, am DigiQuartier-Kiosk."
    parts = [quartier.centre or quartier.name, quartier.address]
    if quartier.contact_phone:
        parts.append(f"Telefon {quartier.contact_phone}")
    return "Digital-Hilfe: " + ", ".join(p for p in parts if p)


def quartier_for(request, topic: Topic) -> Quartier | None:
    """The quartier chosen (``?quartier=slug``), else the topic's first, else the user's."""
    mine = Quartier.objects.all() if sees_all(request.user) else own_quartiers(request.user)
    if slug := request.GET.get("quartier"):
        return mine.filter(slug=slug).first()
    return (topic.quartiers.filter(pk__in=mine.values("pk")).first() or mine.order_by(
        "name").first())


def month_year(month: str) -> str:
    """ "2026-12" in words, "Dezember 2026" (the kiosk's kiosk.dates needs Babel, which the
    server does not install; Django knows the German month names)."""
    year, number = (int(part) for part in month.split("-"))
    with translation.override("de"):
        return date_format(date(year, number, 1), "F Y")


def sheet_for(topic: Topic, quartier: Quartier | None) -> layout.Sheet:
    entry = releases.topic_entry(topic)
    words = {w["id"]: w for w in glossary_entries()}
    data = {a.sha256: bytes(a.data) for a in Asset.objects.filter(
        pk__in={s.get("image") for s in entry["steps"]} - {None})}
    texts = layout.SheetTexts(
        checked=f"Stand: {month_year(topic.checked)}" if topic.checked else "",
        contact=contact_line(quartier))
    return layout.build(entry, words, data.get, texts)


def topic_sheet(request, pk: int):
    topics = Topic.objects.select_related("category")
    if not sees_all(request.user):  # as the topic list: the shared ones and their quartiers'
        topics = topics.filter(Q(quartiers=None) | Q(quartiers__managers=request.user))
    topic = get_object_or_404(topics.distinct(), pk=pk)
    if not topic.steps.exists():
        raise Http404("Dieses Thema hat noch keine Schritte.")
    pdf = render.pdf_bytes(sheet_for(topic, quartier_for(request, topic)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="Merkblatt-{topic.slug}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


topic_sheet_view = admin.site.admin_view(topic_sheet)
