"""Weekly slot plans kept in step with their slots, closed days, and cancelling slots.

A plan's future slots follow the plan: saving it makes the missing ones, moves or changes the
free ones and cancels the free ones it no longer wants; ``generate_slots`` (daily) makes the
missing ones of the days coming into view. A slot with a booking stays as it is and is
reported, for the manager to decide. Nothing is deleted: kiosks learn of every change through
the feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from kiosk.states import BookingState

from .models import Booking, ClosedDay, Helper, Slot, SlotPlan

CONFIRMED = Q(bookings__status=BookingState.CONFIRMED)


@dataclass
class PlanResult:
    created: int = 0
    changed: int = 0
    cancelled: int = 0
    booked_kept: list[Slot] = field(default_factory=list)  # booked, no longer what the plan says

    def add(self, other: PlanResult) -> None:
        self.created += other.created
        self.changed += other.changed
        self.cancelled += other.cancelled
        self.booked_kept += other.booked_kept


def _makes_slots(plan: SlotPlan) -> bool:
    """An inactive plan, or one of a helper who is inactive or left the quartier, makes none."""
    if not plan.active:
        return False
    helper = plan.helper
    return helper is None or (helper.active
                              and helper.quartiers.filter(pk=plan.quartier_id).exists())


def _wanted_starts(plan: SlotPlan, since: datetime, today: date, days: int) -> list[datetime]:
    if not _makes_slots(plan):
        return []
    tz = timezone.get_current_timezone()
    closed = set(ClosedDay.objects.filter(Q(quartier=plan.quartier_id) | Q(quartier__isnull=True),
                                          date__gte=today, date__lte=today + timedelta(days=days))
                 .values_list("date", flat=True))
    times = plan.slot_times()
    starts = []
    for offset in range(days + 1):
        day = today + timedelta(days=offset)
        if (day.weekday() != plan.weekday or day in closed or day < plan.valid_from
                or (plan.valid_until and day > plan.valid_until)):
            continue
        midnight = datetime.combine(day, datetime.min.time(), tzinfo=tz)
        starts += [s for s in (midnight + timedelta(minutes=m) for m, _ in times) if s > since]
    return starts


def _follow(slot: Slot, plan: SlotPlan, start: datetime) -> None:
    """Give a free slot the plan's time, place and helper."""
    slot.start, slot.end = start, start + timedelta(minutes=plan.duration_minutes)
    slot.quartier_id, slot.helper_id = plan.quartier_id, plan.helper_id
    slot.capacity, slot.room = plan.capacity, plan.room


def _follows(slot: Slot, plan: SlotPlan) -> bool:
    return (slot.end == slot.start + timedelta(minutes=plan.duration_minutes)
            and (slot.quartier_id, slot.helper_id, slot.capacity, slot.room)
            == (plan.quartier_id, plan.helper_id, plan.capacity, plan.room))


def sync_plan(plan: SlotPlan, days: int | None = None, today: date | None = None, *,
              only_missing: bool = False) -> PlanResult:
    """Bring the plan's slots of the next ``days`` days in line with the plan; never two slots
    of one plan at one time. ``only_missing``: make the missing ones and touch no other (the
    daily run: a slot a manager changed by hand stays so until the plan is saved again)."""
    days = days if days is not None else settings.DQ_SLOT_PLAN_HORIZON_DAYS
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    since = max(timezone.now(), datetime.combine(today, datetime.min.time(), tzinfo=tz))
    out = PlanResult()
    with transaction.atomic():
        wanted = _wanted_starts(plan, since, today, days)
        until = datetime.combine(today + timedelta(days=days + 1), datetime.min.time(),
                                 tzinfo=tz)
        existing = list(plan.slots.filter(start__gt=since, start__lt=until)
                        .annotate(n_all=Count("bookings"), n_booked=Count("bookings",
                                                                          filter=CONFIRMED)))
        by_start = {slot.start: slot for slot in existing}
        wanted_set = set(wanted)
        movable = [s for s in existing
                   if s.start not in wanted_set and not s.cancelled and s.n_all == 0
                   and not only_missing]
        for start in wanted:
            slot = by_start.get(start)
            if slot is not None:
                if (not only_missing and not slot.cancelled and slot.n_booked == 0
                        and not _follows(slot, plan)):
                    _follow(slot, plan, start)
                    slot.save()
                    out.changed += 1
                continue
            if movable:
                slot = movable.pop(0)
                out.changed += 1
            else:
                slot = Slot(plan=plan)
                out.created += 1
            _follow(slot, plan, start)
            slot.save()
        leftover = [] if only_missing else \
            movable + [s for s in existing if s.start not in wanted_set and s.n_all]
        for slot in leftover:
            if slot.cancelled:
                continue
            if slot.n_booked:
                out.booked_kept.append(slot)
                continue
            # Let go of the plan: it may want this time again later, as a new slot.
            slot.cancelled, slot.plan = True, None
            slot.save(update_fields=["cancelled", "plan"])
            out.cancelled += 1
    return out


def generate_slots(plans=None, days: int | None = None, today: date | None = None) -> int:
    """Make the missing slots of every plan for the next ``days`` days (run daily; saving a plan
    brings its slots in step). Returns how many were made."""
    plans = SlotPlan.objects.all() if plans is None else plans
    return sum(sync_plan(plan, days, today, only_missing=True).created
               for plan in plans.select_related("quartier", "helper"))


@dataclass
class Cancelled:
    slots: int
    bookings: list[Booking]  # the people to phone


def cancel_slots(slots) -> Cancelled:
    """Cancel the not yet cancelled slots of a queryset and their bookings, one save each so
    kiosks hear of it; the bookings go on the call list."""
    now = timezone.now()
    count, bookings = 0, []
    with transaction.atomic():
        for slot in slots.filter(cancelled=False):
            slot.cancelled = True
            slot.save(update_fields=["cancelled"])
            count += 1
            for booking in slot.bookings.filter(status=BookingState.CONFIRMED):
                booking.status, booking.call_needed_since = BookingState.CANCELLED, now
                booking.save()
                bookings.append(booking)
    return Cancelled(count, bookings)


def cancel_slots_on_closed_day(closed: ClosedDay) -> Cancelled:
    """Cancel the not yet cancelled slots that fall on a closed day."""
    tz = timezone.get_current_timezone()
    begin = datetime.combine(closed.date, datetime.min.time(), tzinfo=tz)
    slots = Slot.objects.filter(start__gte=begin, start__lt=begin + timedelta(days=1))
    if closed.quartier_id:
        slots = slots.filter(quartier_id=closed.quartier_id)
    return cancel_slots(slots)


def release_helper(helper: Helper) -> PlanResult:
    """After a helper was deactivated or left a quartier: their plans there stop, their free
    future slots there are cancelled; their booked ones are returned for the manager."""
    out = PlanResult()
    for plan in SlotPlan.objects.filter(helper=helper):
        out.add(sync_plan(plan))
    gone = Slot.objects.filter(helper=helper, start__gt=timezone.now(), cancelled=False)
    if helper.active:
        gone = gone.exclude(quartier__in=helper.quartiers.all())
    gone = gone.annotate(n_booked=Count("bookings", filter=CONFIRMED))
    listed = {slot.pk for slot in out.booked_kept}
    out.booked_kept += [slot for slot in gone if slot.n_booked and slot.pk not in listed]
    out.cancelled += cancel_slots(gone.filter(n_booked=0)).slots
    return out
