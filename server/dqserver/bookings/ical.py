"""A helper's calendar at a secret URL: their slots and bookings (first name and topic only).

Only an active helper who still serves a quartier gets one, and only with that quartier's slots:
a helper who left keeps no view of the people booked. Wrong addresses are throttled per client
address, and no answer is logged with its path (the path is the secret)."""

from datetime import timedelta

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event
from kiosk.states import BookingState

from dqserver import throttle

from .models import Helper


def unlogged(response: HttpResponse) -> HttpResponse:
    """Django logs every 4xx answer with its path ("Not Found: /kalender/<secret>.ics"); this
    marks the answer as logged already."""
    response._has_been_logged = True
    return response


def helper_calendar(request, secret: str):
    wait = throttle.retry_after(throttle.FAILED_CALENDAR, request)
    if wait is not None:
        return unlogged(throttle.too_many(wait))
    helper = (Helper.objects.filter(ical_secret=secret, active=True, quartiers__isnull=False)
              .distinct().first() if secret else None)
    if helper is None:
        throttle.count_failure(throttle.FAILED_CALENDAR, request)
        return unlogged(HttpResponse("Unbekannter Kalender.", status=404,
                                     content_type="text/plain; charset=utf-8"))
    cal = Calendar()
    cal.add("prodid", "-//DigiQuartier//Helfer-Kalender//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"DigiQuartier – {helper.first_name}")
    since = timezone.now() - timedelta(days=30)
    slots = (helper.slots.filter(end__gte=since, quartier__in=helper.quartiers.all())
             .select_related("quartier").prefetch_related("bookings__topic").order_by("start"))
    for slot in slots:
        event = Event()
        event.add("uid", f"slot-{slot.pk}@digiquartier")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", slot.start)
        event.add("dtend", slot.end)
        bookings = [b for b in slot.bookings.all() if b.status in {BookingState.CONFIRMED,
                                                                     BookingState.ATTENDED}]
        title = f"Digital-Sprechstunde ({len(bookings)}/{slot.capacity})"
        if slot.cancelled:
            title = "ABGESAGT: " + title
            event.add("status", "CANCELLED")
        event.add("summary", title)
        event.add("location", ", ".join(p for p in (slot.quartier.centre or slot.quartier.name,
                                                    slot.room) if p))
        lines = []
        for b in bookings:
            topic = b.topic.title_de if b.topic else "allgemeine Frage"
            lines.append(f"{b.first_name or '(gelöscht)'} – {topic}")
        event.add("description", "\n".join(lines) if lines else "Noch keine Buchung.")
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
