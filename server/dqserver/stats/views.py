"""The admin's start page (the programme's dashboard and today's state) and the programme
report's downloads.

Everyone sees only their own quartiers' figures (``own_quartiers``: a Quartiersmanager their
quartiers, district admins all); a quartier asked for that is not theirs is not shown, and the
page says so. Bad dates never answer 500: the page says what was wrong and shows the default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from kiosk.states import BookingState

from dqserver.bookings.models import Booking
from dqserver.bookings.views import open_calls
from dqserver.kiosks.models import Kiosk
from dqserver.kiosks.scoping import own_quartiers

from . import charts
from .figures import NO_PLACE, Figures, Period, figures_for
from .report import csv_text, pdf_bytes, scope_text, sections

LONGEST = timedelta(days=2 * 366)   # a longer period is cut to two years
LOW_DISK_BYTES = 1_000_000_000      # a kiosk with less free space is shown in red


@dataclass
class Scope:
    """What the page or report is about, from the query string; ``problems`` in words."""

    quartiers: list
    period: Period
    choices: list
    chosen: list[str]
    problems: list[str] = field(default_factory=list)


def _date(text: str, name: str, problems: list[str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"„{text[:20]}“ ist kein Datum ({name}); bitte als TT.MM.JJJJ wählen.")
        return None


def scope(request: HttpRequest, default: Period) -> Scope:
    """Quartiers (``quartier``, repeated; none: all one may see) and ``von``/``bis``."""
    problems: list[str] = []
    mine = list(own_quartiers(request.user).order_by("name"))
    asked = [slug for slug in request.GET.getlist("quartier") if slug]
    quartiers = [q for q in mine if q.slug in asked] if asked else mine
    if asked and len(quartiers) < len(set(asked)):
        problems.append("Ein gewähltes Quartier gibt es nicht oder Sie sehen es nicht; "
                        "gezeigt werden nur Ihre Quartiere.")
        quartiers = quartiers or mine
    start = _date(request.GET.get("von", ""), "von", problems) or default.start
    end = _date(request.GET.get("bis", ""), "bis", problems) or default.end
    if start > end:
        problems.append("„Von“ liegt nach „Bis“: die beiden wurden getauscht.")
        start, end = end, start
    if end - start > LONGEST:
        problems.append("Der Zeitraum ist länger als zwei Jahre: gezeigt werden die letzten "
                        "zwei Jahre davon.")
        start = end - LONGEST
    return Scope(quartiers, Period(start, end), mine, [q.slug for q in quartiers]
                 if asked else [], problems)


@dataclass
class Today:
    """Issue 19's start panels: today's bookings per quartier, kiosks to look at, calls."""

    bookings: list[tuple[str, int]]
    kiosks: list[tuple[str, str]]
    calls: int


def today_panel(request: HttpRequest, quartiers: list) -> Today:
    start, end = Period(timezone.localdate(), timezone.localdate()).bounds()
    counts = {q.pk: 0 for q in quartiers}
    for (pk,) in (Booking.objects.filter(quartier__in=quartiers, slot__start__gte=start,
                                         slot__start__lt=end)
                  .exclude(status__in=(BookingState.CANCELLED, *NO_PLACE))
                  .values_list("quartier")):
        counts[pk] += 1
    trouble = []
    for kiosk in Kiosk.objects.filter(quartier__in=quartiers).select_related("quartier"):
        if not kiosk.is_online:
            trouble.append((str(kiosk), "offline" if kiosk.last_seen else "noch nie verbunden"))
        elif kiosk.free_disk_bytes is not None and kiosk.free_disk_bytes < LOW_DISK_BYTES:
            trouble.append((str(kiosk), f"wenig Speicher ({kiosk.free_disk_bytes / 1e9:.1f} GB)"))
    return Today([(q.name, counts[q.pk]) for q in quartiers], trouble,
                 open_calls(request.user).count())


def dashboard_context(request: HttpRequest) -> dict:
    """The start page's figures: the last 8 weeks by default, the user's quartiers."""
    chosen = scope(request, Period.weeks_until(timezone.localdate()))
    figures = figures_for(chosen.quartiers, chosen.period)
    query = urlencode({"von": chosen.period.start, "bis": chosen.period.end,
                       "quartier": chosen.chosen}, doseq=True)
    return {
        "scope": chosen, "figures": figures, "scope_text": scope_text(figures),
        "sections": [(s, mark_safe(charts.svg(s.figure)) if s.figure is not None else "")
                     for s in sections(figures)
                     if s.key != "quartiers" or len(chosen.quartiers) > 1],
        "today": today_panel(request, chosen.quartiers),
        "csv_url": f"{reverse('stats-report-csv')}?{query}",
        "pdf_url": f"{reverse('stats-report-pdf')}?{query}",
    }


def _report(request: HttpRequest) -> tuple[Figures, str]:
    chosen = scope(request, Period.month_before(timezone.localdate()))
    figures = figures_for(chosen.quartiers, chosen.period)
    return figures, f"programmbericht-{chosen.period.start}-{chosen.period.end}"


def report_csv(request: HttpRequest) -> HttpResponse:
    figures, name = _report(request)
    response = HttpResponse(csv_text(figures), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def report_pdf(request: HttpRequest) -> HttpResponse:
    figures, name = _report(request)
    response = HttpResponse(pdf_bytes(figures), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
