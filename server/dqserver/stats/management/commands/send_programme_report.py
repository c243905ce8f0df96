"""The monthly programme report by mail: the PDF and the CSV of the month before, all
quartiers (or those given), to ``DQ_REPORT_TO`` (or ``--to``). Run by
digiquartier-server-report.timer on the first of each month (deploy/server/systemd)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dqserver.kiosks.models import Quartier
from dqserver.stats.figures import Period, figures_for
from dqserver.stats.report import csv_text, pdf_bytes, scope_text


class Command(BaseCommand):
    help = "Den Programmbericht (PDF und CSV) eines Monats per E-Mail senden."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--month", help="JJJJ-MM; ohne: der Monat vor dem jetzigen")
        parser.add_argument("--quartier", action="append", default=[],
                            help="Kennung eines Quartiers (mehrmals möglich); ohne: alle")
        parser.add_argument("--to", action="append", default=[],
                            help="Empfänger (mehrmals möglich); ohne: DQ_REPORT_TO")

    def handle(self, *args, month: str | None, quartier: list[str], to: list[str],
               **options) -> None:
        period = _month(month) if month else Period.month_before(timezone.localdate())
        recipients = to or settings.DQ_REPORT_TO
        if not recipients:  # chosen so in the settings: the monthly timer has nothing to do
            self.stdout.write("Kein Empfänger (DQ_REPORT_TO ist leer, --to fehlt): nichts "
                              "gesendet.")
            return
        quartiers = Quartier.objects.order_by("name")
        if quartier:
            quartiers = quartiers.filter(slug__in=quartier)
            if quartiers.count() != len(set(quartier)):
                raise CommandError(f"Unbekanntes Quartier unter: {', '.join(quartier)}")
        figures = figures_for(quartiers, period)
        name = f"programmbericht-{period.start:%Y-%m}"
        message = EmailMessage(
            subject=f"DigiQuartier – Programmbericht {period.start:%m/%Y}",
            body=(f"Guten Tag,\n\nanbei der Programmbericht von DigiQuartier für "
                  f"{scope_text(figures)}: als PDF zum Lesen und als CSV für die "
                  f"Tabellenkalkulation.\n\nDiese E-Mail wurde automatisch erstellt.\n"),
            to=recipients)
        message.attach(f"{name}.pdf", pdf_bytes(figures), "application/pdf")
        message.attach(f"{name}.csv", csv_text(figures), "text/csv")
        message.send()
        self.stdout.write(f"Programmbericht {period.label} an {len(recipients)} "
                          "Empfänger gesendet.")


def _month(text: str) -> Period:
    """``2026-11`` as the whole month."""
    try:
        first = date.fromisoformat(f"{text}-01")
    except ValueError:
        raise CommandError(f"„{text}“ ist kein Monat der Form 2026-11.") from None
    return Period.month_before(first.replace(year=first.year + first.month // 12,
                                             month=first.month % 12 + 1))
