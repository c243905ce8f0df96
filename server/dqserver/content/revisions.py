"""A topic's revisions (django-reversion, a version of the topic and of each of its steps per
save) as a manager reads them: what changed in each, with the old and the new value."""

from __future__ import annotations

from django.urls import reverse
from reversion.models import Version

from .models import Topic

TOPIC_FIELDS = {"title_de": "Titel", "summary_de": "Kurzbeschreibung", "status": "Stand",
                "category": "Kategorie", "position": "Reihenfolge", "translations":
                "Übersetzungen", "translation_status": "Stand der Übersetzungen",
                "keywords": "Suchwörter", "checked": "Stand (Monat)", "sources": "Quellen"}
STEP_FIELDS = {"text_de": "Text", "alt_de": "Bildbeschreibung", "image": "Bild",
               "translations": "Übersetzungen"}


def _short(value) -> str:
    text = "–" if value in (None, "", [], {}) else str(value)
    return f"„{text[:80]}{'…' if len(text) > 80 else ''}“"


def _steps(version: Version) -> list[dict]:
    found = version.revision.version_set.filter(content_type__model="step",
                                                content_type__app_label="content")
    steps = [v.field_dict for v in found]
    return sorted(steps, key=lambda s: (s.get("position", 0), s.get("id", 0)))


def _diff(old: dict, new: dict, fields: dict, where: str) -> list[str]:
    return [f"{where}{label}: {_short(old.get(name))} → {_short(new.get(name))}"
            for name, label in fields.items() if old.get(name) != new.get(name)]


def changes(old: Version | None, new: Version) -> list[str]:
    """What ``new`` changed against ``old`` (None: the first version), old value → new value."""
    if old is None:
        return ["angelegt"]
    lines = _diff(old.field_dict, new.field_dict, TOPIC_FIELDS, "")
    before = {s["id"]: (n, s) for n, s in enumerate(_steps(old), 1)}
    after = {s["id"]: (n, s) for n, s in enumerate(_steps(new), 1)}
    for step_id, (n, step) in before.items():
        if step_id not in after:
            lines.append(f"Schritt {n} gelöscht: {_short(step.get('text_de'))}")
    for step_id, (n, step) in after.items():
        if step_id not in before:
            lines.append(f"Schritt {n} neu: {_short(step.get('text_de'))}")
        else:
            lines += _diff(before[step_id][1], step, STEP_FIELDS, f"Schritt {n}, ")
    return lines or ["nichts an den Texten (nur gespeichert)"]


def history(topic: Topic) -> list[dict]:
    """The topic's revisions, newest first, each with its changes and its restore page."""
    versions = list(Version.objects.get_for_object(topic).select_related(
        "revision", "revision__user").order_by("pk"))
    rows = []
    for n, version in enumerate(versions):
        rows.append({"version": version, "changes": changes(versions[n - 1] if n else None,
                                                            version),
                     "url": reverse("admin:content_topic_revision",
                                    args=[topic.pk, version.pk])})
    return rows[::-1]


