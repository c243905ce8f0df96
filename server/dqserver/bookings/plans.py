"""Turn weekly slot plans into slots, skipping closed days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import ClosedDay, Slot, SlotPlan


def generate_slots(plans=None, days: int | None = None, today: date | None = None) -> int:
    """Create the missing slots of active plans for the next ``days`` days. Returns how many."""
    days = days if days is not None else settings.DQ_SLOT_PLAN_HORIZON_DAYS
    today = today or timezone.localdate()
    plans = SlotPlan.objects.filter(active=True) if plans is None else plans
    tz = timezone.get_current_timezone()
    created = 0
    for plan in plans.select_related("quartier"):
        closed = set(
            ClosedDay.objects.filter(Q(quartier=plan.quartier) | Q(quartier__isnull=True),
                                     date__gte=today, date__lte=today + timedelta(days=days))
            .values_list("date", flat=True))
        for offset in range(days + 1):
            day = today + timedelta(days=offset)
            if day.weekday() != plan.weekday or day in closed or day < plan.valid_from:
                continue
            if plan.valid_until and day > plan.valid_until:
                continue
            start = datetime.combine(day, plan.start_time, tzinfo=tz)
            for n in range(plan.count):
                slot_start = start + timedelta(minutes=plan.duration_minutes * n)
                if slot_start <= timezone.now():
                    continue
                with transaction.atomic():
                    if Slot.objects.filter(plan=plan, start=slot_start).exists():
                        continue
                    Slot(quartier=plan.quartier, helper=plan.helper, plan=plan,
                         start=slot_start,
                         end=slot_start + timedelta(minutes=plan.duration_minutes),
                         capacity=plan.capacity, room=plan.room).save()
                created += 1
    return created


def cancel_slots(slots) -> int:
    """Cancel the not yet cancelled slots of a queryset, one save each so kiosks hear of it.
    Returns how many."""
    count = 0
    for slot in slots.filter(cancelled=False):
        slot.cancelled = True
        slot.save(update_fields=["cancelled"])
        count += 1
    return count


def cancel_slots_on_closed_day(closed: ClosedDay) -> int:
    """Cancel the not yet cancelled slots that fall on a closed day."""
    tz = timezone.get_current_timezone()
    begin = datetime.combine(closed.date, datetime.min.time(), tzinfo=tz)
    slots = Slot.objects.filter(start__gte=begin, start__lt=begin + timedelta(days=1))
    if closed.quartier_id:
        slots = slots.filter(quartier_id=closed.quartier_id)
    return cancel_slots(slots)
