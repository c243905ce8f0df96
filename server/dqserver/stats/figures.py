"""The programme's figures for a period and a set of quartiers: what the dashboard, the CSV and
the PDF show, computed once here.

From the kiosks' day counts (models.py): topics opened and guides finished, failed searches
(only the words k different kiosk-days asked, within the quartiers and period shown), languages,
text sizes, slips, hard words looked up. From what the server already has: bookings by the week of
their slot (attended, no-shows, cancelled), walk-ins by topic, call-back wishes. The two are
never joined: a count tells nothing of a booking, and a booking nothing of a count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone
from kiosk import usage
from kiosk.i18n import LANGUAGES
from kiosk.states import BookingState

from dqserver.bookings.models import Booking, CallbackRequest, WalkIn
from dqserver.content.models import Topic
from dqserver.glossary.models import Entry
from dqserver.kiosks.models import Kiosk, Quartier

from .models import DayCount, KioskDay, SearchTerm

TOP = 10  # topics, searches and walk-in topics in a list
NO_PLACE = (BookingState.CONFLICT, BookingState.CONFLICT_DONE)  # booked into a full slot
#: the columns of the per-quartier and per-kiosk tables, after "Tage mit Zahlen"
PLACE_KINDS = (usage.TOPIC, usage.GUIDE_DONE, usage.SEARCH_MISS, usage.SLIP)
SLIP_LABELS = {"booking": "nach dem Buchen", "my_booking": "Meine Buchung",
               "helper_day": "Helfer-Modus", "other": "anderswo"}


@dataclass(frozen=True)
class Period:
    """Whole local days, ``start`` to ``end`` inclusive."""

    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        return (datetime.combine(self.start, time.min, zone),
                datetime.combine(self.end + timedelta(days=1), time.min, zone))

    @property
    def label(self) -> str:
        return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"

    def mondays(self) -> list[date]:
        monday = self.start - timedelta(days=self.start.weekday())
        return [monday + timedelta(weeks=i) for i in range((self.end - monday).days // 7 + 1)]

    @classmethod
    def weeks_until(cls, today: date, weeks: int = 8) -> Period:
        """The dashboard's default: this week and the ``weeks - 1`` before it."""
        return cls(today - timedelta(days=today.weekday(), weeks=weeks - 1), today)

    @classmethod
    def month_before(cls, today: date) -> Period:
        """The monthly report's default: the whole month before ``today``'s."""
        end = today.replace(day=1) - timedelta(days=1)
        return cls(end.replace(day=1), end)


@dataclass
class Week:
    monday: date
    booked: int = 0
    attended: int = 0
    no_show: int = 0
    cancelled: int = 0
    walkins: int = 0
    callbacks: int = 0

    @property
    def label(self) -> str:
        return f"KW {self.monday.isocalendar().week} ({self.monday:%d.%m.})"


@dataclass
class Row:
    """A line of a table: its label and its numbers (as the table's ``columns`` name them)."""

    label: str
    values: tuple[int | str, ...]


@dataclass
class Figures:
    period: Period
    quartiers: list[Quartier]
    k: int
    weeks: list[Week] = field(default_factory=list)
    topics: list[Row] = field(default_factory=list)          # opened, finished, share
    searches: list[Row] = field(default_factory=list)        # kiosk-days, times
    languages: list[Row] = field(default_factory=list)
    text_sizes: list[Row] = field(default_factory=list)
    slips: list[Row] = field(default_factory=list)
    glossary: list[Row] = field(default_factory=list)
    walkin_topics: list[Row] = field(default_factory=list)
    per_quartier: list[Row] = field(default_factory=list)
    per_kiosk: list[Row] = field(default_factory=list)
    per_week: list[Row] = field(default_factory=list)        # the kiosks' counts by week
    kiosk_days: int = 0
    hidden_searches: int = 0   # failed searches asked on fewer than k kiosk-days

    def total(self, name: str) -> int:
        return sum(getattr(w, name) for w in self.weeks)

    @property
    def attendance_rate(self) -> float | None:
        """Of the bookings marked by a helper, the share that came."""
        marked = self.total("attended") + self.total("no_show")
        return self.total("attended") / marked if marked else None

    def kind_total(self, rows: list[Row]) -> int:
        return sum(int(r.values[0]) for r in rows)

    @property
    def key_figures(self) -> list[tuple[str, str]]:
        rate = self.attendance_rate
        opened = self.kind_total(self.topics)
        finished = sum(int(r.values[1]) for r in self.topics)
        return [
            ("Termine gebucht", str(self.total("booked"))),
            ("Wahrgenommen", str(self.total("attended"))),
            ("Nicht erschienen", str(self.total("no_show"))),
            ("Quote wahrgenommen", "–" if rate is None else f"{rate:.0%}".replace("%", " %")),
            ("Abgesagt", str(self.total("cancelled"))),
            ("Ohne Termin (Laufkundschaft)", str(self.total("walkins"))),
            ("Rückrufwünsche", str(self.total("callbacks"))),
            ("Themen geöffnet", str(opened)),
            ("Anleitungen bis zum Ende", str(finished)),
            ("Belege gedruckt", str(self.kind_total(self.slips))),
            ("Kiosk-Tage mit Zahlen", str(self.kiosk_days)),
        ]


def _topic_titles(slugs) -> dict[str, str]:
    return dict(Topic.objects.filter(slug__in=set(slugs)).values_list("slug", "title_de"))


def _weeks(figures: Figures, quartiers, period: Period) -> None:
    weeks = {monday: Week(monday) for monday in period.mondays()}
    start, end = period.bounds()

    def week_of(moment: datetime) -> Week:
        day = timezone.localtime(moment).date()
        return weeks[day - timedelta(days=day.weekday())]

    bookings = (Booking.objects.filter(quartier__in=quartiers, slot__start__gte=start,
                                       slot__start__lt=end).exclude(status__in=NO_PLACE)
                .values_list("slot__start", "status"))
    for moment, status in bookings:
        week = week_of(moment)
        week.booked += 1
        if status == BookingState.ATTENDED:
            week.attended += 1
        elif status == BookingState.NO_SHOW:
            week.no_show += 1
        elif status == BookingState.CANCELLED:
            week.cancelled += 1
    for (moment,) in WalkIn.objects.filter(quartier__in=quartiers, at__gte=start,
                                           at__lt=end).values_list("at"):
        week_of(moment).walkins += 1
    for (moment,) in CallbackRequest.objects.filter(quartier__in=quartiers, created_at__gte=start,
                                                    created_at__lt=end).values_list("created_at"):
        week_of(moment).callbacks += 1
    figures.weeks = list(weeks.values())
    walkins = Counter()
    for title, ref in WalkIn.objects.filter(quartier__in=quartiers, at__gte=start,
                                            at__lt=end).values_list("topic__title_de", "topic_ref"):
        walkins[title or ref or "ohne Thema"] += 1
    figures.walkin_topics = [Row(t, (n,)) for t, n in walkins.most_common(TOP)]


def _counts(figures: Figures, quartiers, period: Period) -> None:
    days = KioskDay.objects.filter(quartier__in=quartiers, day__gte=period.start,
                                   day__lte=period.end)
    figures.kiosk_days = days.count()
    counts = DayCount.objects.filter(kiosk_day__in=days)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for kind, key, n in counts.exclude(kind=usage.SEARCH_MISS).values("kind", "key").annotate(
            n=Sum("n")).values_list("kind", "key", "n"):
        by_kind[kind][key] = n
    opened, finished = by_kind[usage.TOPIC], by_kind[usage.GUIDE_DONE]
    titles = _topic_titles([*opened, *finished])
    figures.topics = [
        Row(titles.get(slug, slug), (n, finished[slug],
                                     f"{min(finished[slug] / n, 1):.0%}".replace("%", " %")))
        for slug, n in sorted(opened.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]]
    figures.languages = [Row(LANGUAGES.get(code, code), (n,))
                         for code, n in by_kind[usage.LANGUAGE].most_common()]
    figures.text_sizes = [Row(f"Schrift {size}", (by_kind[usage.TEXT_SIZE][size],))
                          for size in sorted(by_kind[usage.TEXT_SIZE])]
    figures.slips = [Row(SLIP_LABELS.get(place, place), (n,))
                     for place, n in by_kind[usage.SLIP].most_common()]
    words = dict(Entry.objects.filter(slug__in=by_kind[usage.GLOSSARY]).values_list(
        "slug", "term_de"))
    figures.glossary = [Row(words.get(slug, slug), (n,))
                        for slug, n in by_kind[usage.GLOSSARY].most_common(TOP)]
    searches = (counts.filter(kind=usage.SEARCH_MISS).values("key")
                .annotate(days=Count("kiosk_day", distinct=True), n=Sum("n")))
    shown = {s["key"]: s for s in searches if s["days"] >= figures.k}
    terms = dict(SearchTerm.objects.filter(digest__in=shown).values_list("digest", "term"))
    figures.searches = [Row(terms[d], (s["days"], s["n"])) for d, s in sorted(
        shown.items(), key=lambda kv: (-kv[1]["days"], -kv[1]["n"])) if d in terms][:TOP]
    figures.hidden_searches = len(searches) - len(figures.searches) if searches else 0
    _per_place(figures, days, counts)


def _per_place(figures: Figures, days, counts) -> None:
    """Per quartier and per kiosk: days with figures, topics opened, guides finished, failed
    searches (how many, not which), slips."""
    for field_name, model, target in (("quartier", Quartier, figures.per_quartier),
                                      ("kiosk", Kiosk, figures.per_kiosk)):
        sums: dict[int, Counter] = defaultdict(Counter)
        for place, kind, n in (counts.filter(kind__in=PLACE_KINDS)
                               .values(f"kiosk_day__{field_name}", "kind").annotate(n=Sum("n"))
                               .values_list(f"kiosk_day__{field_name}", "kind", "n")):
            sums[place][kind] = n
        day_counts = dict(days.values(field_name).annotate(n=Count("id"))
                          .values_list(field_name, "n"))
        labels = {o.pk: str(o) for o in model.objects.filter(pk__in=day_counts)}
        for pk in sorted(day_counts, key=lambda p: labels.get(p, "")):
            target.append(Row(labels.get(pk, "gelöschter Kiosk"),
                              (day_counts[pk], *(sums[pk][kind] for kind in PLACE_KINDS))))
    weeks = {w.monday: (w.label, Counter()) for w in figures.weeks}

    def week(day: date) -> Counter:
        return weeks[day - timedelta(days=day.weekday())][1]

    for (day,) in days.values_list("day"):
        week(day)["days"] += 1
    for day, kind, n in (counts.filter(kind__in=PLACE_KINDS).values("kiosk_day__day", "kind")
                         .annotate(n=Sum("n")).values_list("kiosk_day__day", "kind", "n")):
        week(day)[kind] += n
    figures.per_week = [Row(label, (c["days"], *(c[kind] for kind in PLACE_KINDS)))
                        for label, c in weeks.values()]


def figures_for(quartiers, period: Period) -> Figures:
    """All figures of ``quartiers`` (a queryset or list the user may see) in ``period``."""
    quartiers = list(quartiers)
    figures = Figures(period, quartiers, settings.DQ_STATS_MIN_KIOSK_DAYS)
    _weeks(figures, quartiers, period)
    _counts(figures, quartiers, period)
    return figures
