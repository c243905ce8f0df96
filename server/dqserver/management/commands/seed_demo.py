"""Demo data: three quartiers, invented helpers, slot plans, one kiosk each, first release.

All names and numbers are invented. Safe to run again: existing entries are kept.
"""

from __future__ import annotations

import json
import struct
import zlib
from datetime import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from dqserver.bookings.models import Helper, SlotPlan
from dqserver.bookings.plans import generate_slots
from dqserver.content import releases
from dqserver.content.models import Category, ContentRelease, Step, Topic, store_asset
from dqserver.kiosks.models import Kiosk, Quartier

DEMO_PIN = "2468"

QUARTIERS = [
    {"slug": "dorsten-wulfen", "name": "Dorsten-Wulfen", "centre": "Begegnungsstätte Wulfen",
     "address": "Musterweg 1, 46286 Dorsten", "contact_name": "Frau Beispiel",
     "contact_phone": "02369 000000",
     "contact_text": "Sie kennen sich mit Handys aus? Werden Sie Digital-Helfer!",
     "helpers": ["Anke", "Jonas"], "room": "Raum 1"},
    {"slug": "herten-innenstadt", "name": "Herten-Innenstadt",
     "centre": "Begegnungsstätte Herten-Mitte", "address": "Beispielstraße 5, 45699 Herten",
     "contact_name": "Herr Muster", "contact_phone": "02366 000000",
     "contact_text": "Helfen Sie anderen mit dem Smartphone. Sprechen Sie uns an!",
     "helpers": ["Birgit", "Emre"], "room": "Café"},
    {"slug": "castrop-rauxel-habinghorst", "name": "Castrop-Rauxel Habinghorst",
     "centre": "Treffpunkt Habinghorst", "address": "Probeplatz 3, 44579 Castrop-Rauxel",
     "contact_name": "Frau Erfunden", "contact_phone": "02305 000000",
     "contact_text": "Digital-Helfer gesucht: eine Stunde pro Woche reicht.",
     "helpers": ["Carla", "Dieter"], "room": "Gruppenraum"},
]


def tiny_png(rgb: tuple[int, int, int], size: int = 8) -> bytes:
    """A small one-colour PNG, made without an imaging library (fallback demo pictures)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def fallback_content() -> None:
    """One small topic, so there is something to publish without the demo bundle."""
    licence = "CC0, DigiQuartier-Team"
    cat, _ = Category.objects.get_or_create(slug="sicherheit", defaults={
        "position": 1, "title_de": "Sicher im Internet",
        "icon": store_asset(tiny_png((0, 90, 160)), licence)})
    topic, created = Topic.objects.get_or_create(slug="betrugs-sms-erkennen", defaults={
        "category": cat, "position": 1, "title_de": "Betrugs-SMS erkennen",
        "summary_de": "So erkennen Sie eine falsche SMS."})
    if created:
        texts = ["Lesen Sie die SMS in Ruhe.", "Klicken Sie nicht auf Links in der SMS.",
                 "Fragen Sie im Zweifel eine Person, der Sie vertrauen."]
        for n, text in enumerate(texts, start=1):
            Step.objects.create(topic=topic, position=n, text_de=text,
                                alt_de="Ein Handy mit einer SMS.",
                                image=store_asset(tiny_png((200, 40 * n, 40)), licence))


class Command(BaseCommand):
    help = ("Legt Demo-Daten an: drei Quartiere, erfundene Helfer (PIN 2468), Terminpläne, je "
            "einen Kiosk und die Demo-Inhalte aus assets/demo/bundle/ als erste Version.")

    def add_arguments(self, parser):
        parser.add_argument("--tokens-file", help="neue Kiosk-Tokens als JSON hierhin schreiben "
                                                  "({quartier: token}); nur für Tests/Demo")
        parser.add_argument("--bundle", default=str(settings.REPO_DIR / "assets/demo/bundle"))

    def handle(self, *args, tokens_file=None, bundle=None, **options):
        demo_file = Path(bundle).parent / "quartiers.json"
        demo = json.loads(demo_file.read_text(encoding="utf-8")) if demo_file.is_file() else None
        tokens: dict[str, str] = {}
        quartiers = demo["quartiers"] if demo else QUARTIERS
        for data in quartiers:
            slug = data.get("id") or data["slug"]
            q, _ = Quartier.objects.get_or_create(slug=slug, defaults={
                k: data.get(k, "") for k in ("name", "centre", "address", "contact_name",
                                              "contact_phone", "contact_text")})
            kiosk, created = Kiosk.objects.get_or_create(quartier=q, name="Kiosk")
            if created or tokens_file:
                tokens[q.slug] = kiosk.issue_token()
        if demo:
            self.seed_from_file(demo)
        else:
            self.seed_builtin()
        slots = generate_slots(days=14)
        pins = "PINs aus assets/demo/quartiers.json" if demo else f"PIN {DEMO_PIN}"
        self.stdout.write(f"Quartiere, Helfer ({pins}) und {slots} Termine angelegt.")

        if not ContentRelease.objects.exists():
            bundle_dir = Path(bundle)
            if (bundle_dir / "manifest.json").is_file():
                try:
                    n = releases.import_bundle(bundle_dir)
                    self.stdout.write(f"Demo-Inhalte importiert: {n} Themen.")
                except releases.ManifestError as exc:
                    self.stderr.write("Demo-Bundle ungültig, nehme Ersatz-Inhalt: "
                                      + " | ".join(exc.errors[:10]))
                    fallback_content()
            else:
                self.stdout.write(f"Kein Demo-Bundle in {bundle_dir}; nehme Ersatz-Inhalt.")
                fallback_content()
            try:
                release = releases.publish()
                self.stdout.write(f"Inhalts-Version {release.number} veröffentlicht.")
            except releases.ManifestError as exc:
                self.stderr.write("Nicht veröffentlicht: " + " | ".join(exc.errors[:10]))

        if tokens_file:
            Path(tokens_file).write_text(json.dumps(tokens, indent=2), encoding="utf-8")
        elif tokens:
            self.stdout.write("Neue Kiosk-Tokens (nur jetzt sichtbar):")
            for slug, token in tokens.items():
                self.stdout.write(f"  {slug}: {token}")

    def helper(self, q: Quartier, first_name: str, pin: str) -> Helper:
        helper = Helper.objects.filter(first_name=first_name, quartiers=q).first()
        if helper is None:
            helper = Helper(first_name=first_name, contact="(erfunden)")
            helper.set_pin(pin)
            helper.save()
            helper.quartiers.add(q)
        return helper

    def seed_from_file(self, demo: dict) -> None:
        """Helpers and weekly plans from assets/demo/quartiers.json (shared with the kiosk demo)."""
        helpers = {}
        for h in demo.get("helpers", []):
            q = Quartier.objects.get(slug=h["quartier_id"])
            helpers[h["id"]] = self.helper(q, h["first_name"], str(h["pin"]))
        for plan in demo.get("weekly_plan", []):
            helper = helpers[plan["helper_id"]]
            q = helper.quartiers.first()
            if SlotPlan.objects.filter(quartier=q, helper=helper,
                                       weekday=plan["weekday"]).exists():
                continue
            for hhmm in plan["times"]:
                hour, minute = (int(x) for x in hhmm.split(":"))
                SlotPlan.objects.create(
                    quartier=q, helper=helper, weekday=plan["weekday"],
                    start_time=time(hour, minute), duration_minutes=plan["minutes"], count=1,
                    capacity=plan["capacity"], room=plan.get("room", ""))

    def seed_builtin(self) -> None:
        for data in QUARTIERS:
            q = Quartier.objects.get(slug=data["slug"])
            helpers = [self.helper(q, name, DEMO_PIN) for name in data["helpers"]]
            if not SlotPlan.objects.filter(quartier=q).exists():
                for weekday in range(5):
                    SlotPlan.objects.create(
                        quartier=q, helper=helpers[weekday % len(helpers)], weekday=weekday,
                        start_time=time(10, 0), duration_minutes=30, count=4, capacity=1,
                        room=data["room"])
