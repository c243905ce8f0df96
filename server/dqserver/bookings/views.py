"""The managers' own pages beside the admin's lists: the week calendar, the call list, the
reminder calls and the phone booking. Each is opened through its model admin (``get_urls``), so
it needs the login with the second factor and the model's permission, and shows only the
manager's quartiers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from kiosk import contact as rules
from kiosk import reminders
from kiosk.states import BookingState

from dqserver.content.models import Topic
from dqserver.kiosks.models import Quartier, lock_changes
from dqserver.kiosks.scoping import own_quartiers

from .models import WEEKDAYS, Booking, ClosedDay, Slot
from .ops import locked_slot, slot_refusal
from .writelock import write_turn

CONFIRMED = Q(bookings__status=BookingState.CONFIRMED)
DAY_NAMES = [name for _, name in WEEKDAYS]
PHONE_DAYS = 21  # how far ahead a phone booking looks


def day_start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=timezone.get_current_timezone())


def _chosen_quartier(request: HttpRequest) -> tuple[Quartier | None, list[Quartier]]:
    """The quartier of ``?quartier=`` among the user's own (else their first)."""
    quartiers = list(own_quartiers(request.user).order_by("name"))
    chosen = next((q for q in quartiers if str(q.pk) == request.GET.get("quartier")), None)
    return chosen or (quartiers[0] if quartiers else None), quartiers


def _parse_day(raw: str | None, default: date | None) -> date | None:
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        return default


def short_when(slot: Slot) -> str:
    """"Sa 05.12.2026, 10:00–10:30" (German day names whatever the server's locale)."""
    start, end = timezone.localtime(slot.start), timezone.localtime(slot.end)
    return f"{DAY_NAMES[start.weekday()][:2]} {start:%d.%m.%Y}, {start:%H:%M}–{end:%H:%M}"


def slot_state(slot: Slot, booked: int) -> tuple[str, str]:
    """(css class, German word) of a slot: frei, gebucht, ausgebucht, abgesagt."""
    if slot.cancelled:
        return "cancelled", "abgesagt"
    if booked >= slot.capacity:
        return "full", "ausgebucht" if slot.capacity > 1 else "gebucht"
    if booked:
        return "partly", f"{booked} von {slot.capacity} gebucht"
    return "free", "frei"


@dataclass
class Cell:
    slot: Slot
    css: str
    word: str
    names: str
    url: str


def week_view(model_admin, request: HttpRequest) -> HttpResponse:
    """A quartier's week: one row per helper, one column per day, each slot booked, free or
    cancelled at a glance."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    quartier, quartiers = _chosen_quartier(request)
    today = timezone.localdate()
    monday = _parse_day(request.GET.get("woche"), today)
    monday -= timedelta(days=monday.weekday())
    days = [monday + timedelta(days=n) for n in range(7)]
    rows: dict[str, list[list[Cell]]] = {}
    closed: dict[date, str] = {}
    if quartier is not None:
        slots = (Slot.objects.filter(quartier=quartier, start__gte=day_start(monday),
                                     start__lt=day_start(monday + timedelta(days=7)))
                 .select_related("helper").prefetch_related("bookings")
                 .annotate(n_booked=Count("bookings", filter=CONFIRMED)).order_by("start"))
        for slot in slots:
            helper = slot.helper.first_name if slot.helper else "ohne Helfer"
            row = rows.setdefault(helper, [[] for _ in days])
            css, word = slot_state(slot, slot.n_booked)
            names = ", ".join(b.first_name for b in slot.bookings.all()
                              if b.status == BookingState.CONFIRMED and b.first_name)
            row[(timezone.localtime(slot.start).date() - monday).days].append(Cell(
                slot, css, word, names,
                reverse("admin:bookings_slot_change", args=[slot.pk])))
        for day in (ClosedDay.objects.filter(Q(quartier=quartier) | Q(quartier__isnull=True),
                                             date__gte=monday, date__lte=days[-1])):
            closed[day.date] = day.reason or "geschlossen"
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Wochenansicht {quartier.name if quartier else ''}".strip(),
        "quartier": quartier, "quartiers": quartiers,
        "days": [(day, DAY_NAMES[day.weekday()], closed.get(day), day == today)
                 for day in days],
        "rows": sorted(rows.items()),
        "previous": (monday - timedelta(days=7)).isoformat(),
        "next": (monday + timedelta(days=7)).isoformat(),
        "this_week": (today - timedelta(days=today.weekday())).isoformat(),
        "week_number": monday.isocalendar().week,
        "opts": model_admin.model._meta,
        "is_nav_sidebar_enabled": False,  # the week needs the width
    }
    return TemplateResponse(request, "admin/bookings/week.html", context)


def open_calls(user, since: datetime | None = None):
    """Bookings of the user's quartiers whose slot the server cancelled and nobody phoned yet."""
    calls = (Booking.objects.filter(call_needed_since__isnull=False, called_at__isnull=True,
                                    quartier__in=own_quartiers(user))
             .select_related("slot__helper", "quartier", "topic").order_by("slot__start"))
    return calls if since is None else calls.filter(call_needed_since__gte=since)


def posted_booking(bookings, request: HttpRequest) -> Booking:
    """The booking a list's button posted, among ``bookings``: 404 for anything else, also for
    a value that is no booking id at all (not a 500)."""
    try:
        pk = uuid.UUID(request.POST.get("booking", ""))
    except ValueError:
        raise Http404("Diese Buchung steht nicht auf der Liste.") from None
    return get_object_or_404(bookings, pk=pk)


def call_list_view(model_admin, request: HttpRequest) -> HttpResponse:
    """Whom to phone: the people whose booking the server cancelled, with a button each for
    "angerufen"."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        if not model_admin.has_change_permission(request):
            raise PermissionDenied
        booking = posted_booking(open_calls(request.user), request)
        booking.called_at = timezone.now()
        booking.save(update_fields=["called_at"])
        messages.success(request, f"{booking.first_name or 'Die Person'} ist als angerufen "
                                  "vermerkt.")
        return HttpResponseRedirect(request.path)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Anrufliste: abgesagte Termine",
        "calls": open_calls(request.user),
        "may_change": model_admin.has_change_permission(request),
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/bookings/calls.html", context)


@dataclass
class RemindersOf:
    """One quartier's reminder calls: the day they are about and its bookings."""

    quartier: Quartier
    day: date
    bookings: list[Booking]


def reminder_calls(user, today: date) -> list[RemindersOf]:
    """Per quartier of the user: the bookings to phone about today (the day after today with
    bookings that left a number, by kiosk/reminders.py, as on the kiosk) — still to call first."""
    first, last = reminders.window(today)
    with_phone = (Booking.objects.filter(status=BookingState.CONFIRMED, slot__cancelled=False)
                  .exclude(phone=""))
    found = []
    for quartier in own_quartiers(user).order_by("name"):
        mine = with_phone.filter(quartier=quartier)
        starts = mine.filter(slot__start__gte=day_start(first),
                             slot__start__lt=day_start(last + timedelta(days=1)))
        days = {timezone.localtime(start).date()
                for start in starts.values_list("slot__start", flat=True)}
        if (day := reminders.reminder_day(days, today)) is None:
            continue
        on_day = (mine.filter(slot__start__gte=day_start(day),
                              slot__start__lt=day_start(day + timedelta(days=1)))
                  .select_related("slot__helper", "topic")
                  .order_by(F("reminded_at").asc(nulls_first=True), "slot__start"))
        found.append(RemindersOf(quartier, day, list(on_day)))
    return found


def reminder_list_view(model_admin, request: HttpRequest) -> HttpResponse:
    """Erinnerungsanrufe: whom to phone today about their booking, with "Erinnert" each; a
    mark made on a kiosk shows here, and one made here reaches the kiosks."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    today = timezone.localdate()
    if request.method == "POST":
        if not model_admin.has_change_permission(request):
            raise PermissionDenied
        open_ones = [b.pk for group in reminder_calls(request.user, today)
                     for b in group.bookings if b.reminded_at is None]
        booking = posted_booking(Booking.objects.filter(pk__in=open_ones), request)
        booking.reminded_at = timezone.now()
        booking.save()  # a new seq: the kiosks' helper lists learn it with the next sync
        messages.success(request, f"{booking.first_name or 'Die Person'} ist als erinnert "
                                  "vermerkt.")
        return HttpResponseRedirect(request.path)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Erinnerungsanrufe",
        "groups": reminder_calls(request.user, today),
        "may_change": model_admin.has_change_permission(request),
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/bookings/reminders.html", context)


class KioskRules:
    """A form's first name and phone by the kiosk's rules (kiosk/booking.py): one rule in one
    place. A stored value left as it is stays (a purged name is empty)."""

    def _checked(self, name: str, rule) -> str:
        value = self.cleaned_data[name]
        if self.initial.get(name) == value:
            return value
        try:
            return rule(value)
        except rules.BookingError as exc:
            raise forms.ValidationError(exc.text) from None

    def clean_first_name(self) -> str:
        return self._checked("first_name", rules.normalise_name)

    def clean_phone(self) -> str:
        return self._checked("phone", rules.normalise_phone)


class PhoneBookingForm(KioskRules, forms.Form):
    # Any slot number: one taken meanwhile is refused by the capacity check, in its words.
    slot = forms.IntegerField(label="Termin", widget=forms.RadioSelect,
                              error_messages={"required": "Bitte einen freien Termin wählen.",
                                              "invalid": "Bitte einen freien Termin wählen."})
    first_name = forms.CharField(label="Vorname", max_length=rules.NAME_MAX,
                                 error_messages={"required": rules.InvalidName.text})
    phone = forms.CharField(label="Telefon", max_length=40,
                            help_text="Für einen Anruf, falls der Termin ausfällt.",
                            error_messages={"required": "Bitte die Telefonnummer eintragen: "
                                                        "für einen Anruf, falls der Termin "
                                                        "ausfällt."})
    topic = forms.ModelChoiceField(label="Thema (wenn genannt)", required=False,
                                   queryset=Topic.objects.order_by("title_de"))

    def __init__(self, *args, slots: list[tuple[Slot, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].widget.choices = [(slot.pk, _slot_label(slot, booked))
                                       for slot, booked in slots]



def _slot_label(slot: Slot, booked: int) -> str:
    start = timezone.localtime(slot.start)
    helper = f" bei {slot.helper.first_name}" if slot.helper else ""
    room = f", {slot.room}" if slot.room else ""
    left = slot.capacity - booked
    return (f"{start:%H:%M}–{timezone.localtime(slot.end):%H:%M} Uhr{helper}{room} "
            f"({left} von {slot.capacity} {'Platz' if slot.capacity == 1 else 'Plätzen'} frei)")


def free_slots(quartier: Quartier, start: datetime, end: datetime) -> list[tuple[Slot, int]]:
    """Slots of the quartier between ``start`` and ``end`` with a place left, and their
    bookings."""
    slots = (Slot.objects.filter(quartier=quartier, cancelled=False,
                                 start__gt=max(start, timezone.now()), start__lt=end)
             .select_related("helper").annotate(n_booked=Count("bookings", filter=CONFIRMED))
             .order_by("start"))
    return [(slot, slot.n_booked) for slot in slots if slot.n_booked < slot.capacity]


def new_code() -> str:
    """A booking code from the kiosk's alphabet (no 0/O, 1/I/L), unused on the server."""
    while True:
        code = rules.random_code()
        if not Booking.objects.filter(code=code).exists():
            return code


def book_by_phone(quartier: Quartier, slot_pk: int, data: dict) -> Booking:
    """Book a place for someone on the phone, checked as a kiosk's booking is
    (``ops.slot_refusal``). Raises ``forms.ValidationError`` with the reason."""
    with write_turn(), transaction.atomic():
        lock_changes()
        slot = locked_slot(slot_pk, quartier.pk)
        if slot is None or slot.start <= timezone.now():
            raise forms.ValidationError("Diesen Termin gibt es nicht mehr. Bitte einen anderen "
                                        "wählen.")
        if reason := slot_refusal(slot):
            raise forms.ValidationError(f"{reason} Bitte einen anderen Termin wählen.")
        booking = Booking(quartier=quartier, slot=slot, topic=data["topic"],
                          topic_ref=data["topic"].slug if data["topic"] else "",
                          first_name=data["first_name"], phone=data["phone"], code=new_code(),
                          source="admin")
        booking.save()
        return booking


def phone_booking_view(model_admin, request: HttpRequest) -> HttpResponse:
    """Telefonbuchung: a day, then a free slot of it, first name and phone; the code is shown
    large to read out."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    quartier, quartiers = _chosen_quartier(request)
    today = timezone.localdate()
    context = {**model_admin.admin_site.each_context(request), "title": "Telefonbuchung",
               "opts": model_admin.model._meta, "quartier": quartier, "quartiers": quartiers}
    done = request.GET.get("fertig")
    if done:
        context["booking"] = get_object_or_404(
            Booking.objects.filter(quartier__in=quartiers).select_related("slot__helper"),
            pk=done)
        return TemplateResponse(request, "admin/bookings/phone_done.html", context)
    if quartier is None:
        raise PermissionDenied
    horizon = [today + timedelta(days=n) for n in range(PHONE_DAYS)]
    free = free_slots(quartier, day_start(today), day_start(horizon[-1] + timedelta(days=1)))
    per_day = {day: 0 for day in horizon}
    for slot, _booked in free:
        per_day[timezone.localtime(slot.start).date()] += 1
    day = _parse_day(request.GET.get("tag"), None)
    context["days"] = [(d, DAY_NAMES[d.weekday()], n, d == day) for d, n in per_day.items()]
    if day is not None:
        slots = [(s, b) for s, b in free if timezone.localtime(s.start).date() == day]
        form = PhoneBookingForm(request.POST or None, slots=slots)
        if request.method == "POST" and form.is_valid():
            try:
                booking = book_by_phone(quartier, form.cleaned_data["slot"], form.cleaned_data)
            except forms.ValidationError as exc:
                form.add_error("slot", exc)
            else:
                model_admin.log_addition(request, booking, [{"added": {}}])
                return HttpResponseRedirect(f"{request.path}?fertig={booking.pk}")
        context.update(day=day, day_name=DAY_NAMES[day.weekday()], form=form)
    return TemplateResponse(request, "admin/bookings/phone.html", context)
