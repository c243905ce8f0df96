"""Issue 19 items 3 and 4 on the server: slot plans from–to with breaks that keep their slots in
step, a helper's slots when they leave, cancellations with a call list that reach the kiosk, the
week calendar, the slot list's state and period filters, and phone bookings."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from dqserver.bookings.models import Booking, ClosedDay, Helper, Slot, SlotPlan
from dqserver.bookings.plans import generate_slots, sync_plan

from kiosk import booking as kiosk_booking
from kiosk import outbox
from kiosk.states import BookingState
from sync.pull import apply_bookings
from sync.push import apply_result
from tests.conftest import NOW
from tests.server.conftest import admin_login, booking_op, make_slot

TZ = timezone.get_current_timezone()
MONDAY = date.today() + timedelta(days=7 - date.today().weekday())  # the coming Monday


def plan_page(*args) -> str:
    return reverse("admin:bookings_slotplan_" + ("change" if args else "add"), args=args)


def plan_form(quartier, helper, **changes) -> dict:
    form = {"quartier": quartier.pk, "helper": helper.pk, "weekday": 0, "start_time": "10:00",
            "end_time": "12:00", "duration_minutes": 30, "break_start": "", "break_end": "",
            "capacity": 1, "room": "Café", "valid_from": MONDAY.isoformat(), "valid_until": "",
            "active": "on"}
    return {**form, **changes}


def starts_on(day: date, **filters) -> list[str]:
    slots = Slot.objects.filter(start__date=day, **filters).order_by("start")
    return [f"{timezone.localtime(s.start):%H:%M}" for s in slots]


@pytest.fixture
def boss(db):
    return User.objects.create(username="chefin", is_staff=True, is_superuser=True)


@pytest.fixture
def boss_client(client, boss):
    return admin_login(client, boss)


@pytest.fixture
def manager_client(manager):
    return admin_login(Client(), manager)


@pytest.fixture
def plan(quartier, helper):
    return SlotPlan.objects.create(quartier=quartier, helper=helper, weekday=0,
                                   start_time=time(10), end_time=time(12), duration_minutes=30,
                                   valid_from=MONDAY)


def book(slot, name="Erna", phone="0171 000000"):
    return Booking.objects.create(quartier=slot.quartier, slot=slot, first_name=name,
                                  phone=phone, code="HX4K")


# --- plans --------------------------------------------------------------------------------------


def test_a_plan_from_ten_to_twelve_makes_four_slots_and_none_in_the_break(plan):
    """Before: a plan had no end; "10–12, 30 min" had to be typed as "4 slots in a row"."""
    generate_slots()
    assert starts_on(MONDAY) == ["10:00", "10:30", "11:00", "11:30"]
    plan.break_start, plan.break_end = time(10, 45), time(11, 15)
    plan.save()
    assert plan.slot_times() == [(600, 630), (675, 705)]  # 10:00, then 11:15 (11:45 ends 12:15)
    assert plan.count == 1  # what the release before makes of it: the slots before the break


def test_saving_a_plan_in_the_admin_makes_its_slots_and_says_so(boss_client, quartier, helper):
    """Before: saving a plan made nothing until an action was run, and the page said nothing."""
    page = boss_client.get(plan_page()).content.decode()
    assert "Beim Speichern werden die Termine der nächsten 6 Wochen sofort angelegt" in page
    response = boss_client.post(plan_page(), plan_form(
        quartier, helper, valid_from=timezone.localdate().isoformat()), follow=True)
    plan = SlotPlan.objects.get()
    made = plan.slots.filter(cancelled=False).count()
    assert made >= 20  # 4 each Monday of the next six weeks
    assert f"Terminplan gespeichert: {made} Termine neu" in response.content.decode()
    assert plan.end_time == time(12) and plan.count == 4


def test_changing_a_plans_time_moves_its_free_slots_and_never_duplicates(boss_client, plan,
                                                                         quartier, helper):
    """Before: 10–12 changed to 14–16 and generated again gave 8 slots, 10–12 and 14–16."""
    generate_slots()
    ids = set(Slot.objects.values_list("pk", flat=True))
    boss_client.post(plan_page(plan.pk), plan_form(quartier, helper, start_time="14:00",
                                                   end_time="16:00"))
    assert generate_slots() == 0  # the daily run changes nothing more
    assert starts_on(MONDAY) == ["14:00", "14:30", "15:00", "15:30"]
    assert set(Slot.objects.values_list("pk", flat=True)) == ids  # moved, so kiosks hear of it
    # Shorter: the free slot it no longer wants is cancelled (kiosks learn), not deleted.
    boss_client.post(plan_page(plan.pk), plan_form(quartier, helper, start_time="14:00",
                                                   end_time="15:30"))
    assert starts_on(MONDAY, cancelled=False) == ["14:00", "14:30", "15:00"]
    assert starts_on(MONDAY, cancelled=True) == ["15:30"]


def test_a_booked_slot_stays_when_the_plan_changes_and_is_listed(boss_client, plan, quartier,
                                                                  helper):
    generate_slots()
    booked = Slot.objects.get(start=datetime.combine(MONDAY, time(10, 30), tzinfo=TZ))
    book(booked)
    response = boss_client.post(plan_page(plan.pk), plan_form(
        quartier, helper, start_time="14:00", end_time="16:00", capacity=2), follow=True)
    assert starts_on(MONDAY) == ["10:30", "14:00", "14:30", "15:00", "15:30"]
    booked.refresh_from_db()
    assert booked.capacity == 1 and not booked.cancelled
    assert "Diese Termine haben Buchungen und bleiben" in response.content.decode()
    assert reverse("admin:bookings_slot_change", args=[booked.pk]) in response.content.decode()
    assert set(Slot.objects.filter(start__date=MONDAY).exclude(pk=booked.pk)
               .values_list("capacity", flat=True)) == {2}


def test_the_daily_run_keeps_a_slot_changed_by_hand(plan):
    generate_slots()
    slot = Slot.objects.filter(plan=plan).first()
    slot.room, slot.capacity = "Saal", 3
    slot.save()
    assert generate_slots() == 0
    slot.refresh_from_db()
    assert (slot.room, slot.capacity, slot.cancelled) == ("Saal", 3, False)


def test_plan_form_refuses_times_that_make_no_slot(boss_client, quartier, helper):
    for changes, text in [({"end_time": "09:00"}, "„Bis“ muss nach „Von“ liegen."),
                          ({"end_time": "10:20"}, "passt kein Termin dieser Länge"),
                          ({"break_start": "11:00"}, "Beginn und Ende eintragen")]:
        response = boss_client.post(plan_page(), plan_form(quartier, helper, **changes))
        assert text in response.content.decode()
    assert not SlotPlan.objects.exists()


def test_migration_gives_old_plans_their_end_time(transactional_db):
    """A plan of before ("4 slots in a row from 10:00, 30 minutes") ends at 12:00 and makes
    the same slots."""
    executor = MigrationExecutor(connection)
    executor.migrate([("bookings", "0001_initial")])
    old = executor.loader.project_state([("bookings", "0001_initial")]).apps
    quartier = old.get_model("kiosks", "Quartier").objects.create(slug="q", name="Q")
    old.get_model("bookings", "SlotPlan").objects.create(
        quartier_id=quartier.pk, weekday=0, start_time=time(10), duration_minutes=30, count=4,
        capacity=1, valid_from=MONDAY, active=True)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    plan = SlotPlan.objects.get()
    assert (plan.start_time, plan.end_time, plan.count) == (time(10), time(12), 4)
    generate_slots(days=0, today=MONDAY)
    assert starts_on(MONDAY) == ["10:00", "10:30", "11:00", "11:30"]


def test_a_plan_the_release_before_saved_keeps_its_slots(plan):
    """After a rollback, the release before saves plans without an end time (only "count in a
    row"): the next sync keeps their slots instead of cancelling them."""
    generate_slots()
    SlotPlan.objects.filter(pk=plan.pk).update(end_time=None, count=4)
    assert generate_slots() == 0
    assert starts_on(MONDAY, cancelled=False) == ["10:00", "10:30", "11:00", "11:30"]
    plan.refresh_from_db()
    plan.save()
    assert plan.end_time == time(12)


# --- a helper leaves ----------------------------------------------------------------------------


def helper_form(helper, quartiers, active=True) -> dict:
    form = {"first_name": helper.first_name, "contact": "", "quartiers": [q.pk for q in quartiers],
            "pin": ""}
    return {**form, "active": "on"} if active else form


@pytest.mark.parametrize("how", ["deactivated", "out of the quartier"])
def test_a_helper_who_leaves_frees_no_slots_and_their_booked_ones_are_listed(boss_client, plan,
                                                                             quartier, helper,
                                                                             how):
    """Before: a deactivated helper's future slots stayed bookable and their plan generated."""
    sync_plan(plan)
    free, booked = make_slot(quartier, helper, days=3), make_slot(quartier, helper, days=4)
    book(booked)
    page = reverse("admin:bookings_helper_change", args=[helper.pk])
    form = helper_form(helper, [quartier], active=False) if how == "deactivated" else \
        helper_form(helper, [])
    html = boss_client.post(page, form, follow=True).content.decode()
    free.refresh_from_db()
    assert free.cancelled and not Slot.objects.filter(plan=plan, cancelled=False).exists()
    assert "Diese Termine haben Buchungen und bleiben" in html
    assert reverse("admin:bookings_slot_change", args=[booked.pk]) in html
    assert generate_slots() == 0  # the plan makes no more
    booked.refresh_from_db()
    assert not booked.cancelled


# --- cancelling and the call list --------------------------------------------------------------


def test_a_closed_day_cancels_the_bookings_and_shows_the_call_list(manager_client, kiosk_client,
                                                                   quartier, helper, topic,
                                                                   other_quartier):
    """Before: the bookings stayed "gebucht", with only "Bitte die Gebuchten anrufen"."""
    slot = make_slot(quartier, helper, days=3)
    kiosk_client.ops(booking_op(slot, first_name="Erna", topic_id=topic.slug))
    other = make_slot(other_quartier, days=3)
    book(other, name="Fremda", phone="0209 999999")
    cursor = kiosk_client.get("/changes").json()["cursor"]
    day = timezone.localtime(slot.start).date()
    response = manager_client.post(reverse("admin:bookings_closedday_add"), {
        "quartier": quartier.pk, "date": day.isoformat(), "reason": "Stromausfall"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:bookings_booking_calls")
    html = response.content.decode()
    assert "Erna" in html and "0171 000000" in html and "Betrugs-SMS erkennen" in html
    assert f"{timezone.localtime(slot.start):%d.%m.%Y, %H:%M}" in html
    assert "Fremda" not in html  # another quartier's
    [item] = kiosk_client.get("/changes", {"since": cursor}).json()["bookings"]
    assert item["status"] == BookingState.CANCELLED
    booking = Booking.objects.get(slot=slot)
    manager_client.post(reverse("admin:bookings_booking_calls"), {"booking": booking.pk})
    assert "Niemand muss angerufen werden" in manager_client.get(
        reverse("admin:bookings_booking_calls")).content.decode()
    # Another quartier's booking cannot be marked by this manager.
    foreign = Booking.objects.get(slot=other)
    ClosedDay.objects.create(quartier=other_quartier, date=day)
    assert manager_client.post(reverse("admin:bookings_booking_calls"),
                               {"booking": foreign.pk}).status_code == 404


def test_the_cancel_action_leads_to_the_call_list(boss_client, quartier, helper):
    slot = make_slot(quartier, helper, days=2)
    book(slot, name="Otto")
    response = boss_client.post(reverse("admin:bookings_slot_changelist"), {
        "action": "cancel_slots", "_selected_action": [slot.pk]}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:bookings_booking_calls")
    assert "Otto" in response.content.decode()
    assert Booking.objects.get().status == BookingState.CANCELLED


def test_ticking_abgesagt_on_a_slot_cancels_its_bookings_too(boss_client, quartier, helper):
    slot = make_slot(quartier, helper, days=2)
    book(slot, name="Otto")
    local = timezone.localtime(slot.start)
    end = timezone.localtime(slot.end)
    response = boss_client.post(reverse("admin:bookings_slot_change", args=[slot.pk]), {
        "quartier": quartier.pk, "helper": helper.pk, "start_0": f"{local:%d.%m.%Y}",
        "start_1": f"{local:%H:%M:%S}", "end_0": f"{end:%d.%m.%Y}", "end_1": f"{end:%H:%M:%S}",
        "capacity": 1, "room": "Café", "cancelled": "on",
        "bookings-TOTAL_FORMS": 1, "bookings-INITIAL_FORMS": 1,
        "bookings-0-id": Booking.objects.get().pk, "bookings-0-slot": slot.pk,
        "bookings-0-status": "confirmed"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:bookings_booking_calls")
    assert Booking.objects.get().status == BookingState.CANCELLED


def test_the_kiosk_says_abgesagt_after_the_server_cancelled(booking_store, kiosk_client, quartier,
                                                          helper, rules):
    """The kiosk's own booking, cancelled by a closed day on the server, reaches "Meine
    Buchung" through the feed."""
    topic_id = booking_store.db.execute("SELECT id FROM topics LIMIT 1").fetchone()[0]
    record = kiosk_booking.create_booking(booking_store, slot_id="tomorrow", topic_id=topic_id,
                                          first_name="Erna", now=NOW, rules=rules)
    slot = make_slot(quartier, helper, days=3)
    [op] = outbox.pending(booking_store)  # pushed as sync/push.py does (to the server's slot)
    [answer] = kiosk_client.ops({"op_id": op.op_id, "type": op.type,
                                 "payload": {**op.payload, "slot_id": str(slot.pk)}})
    with booking_store.write():
        apply_result(booking_store, op, answer)
        outbox.mark_done(booking_store, op.op_id, answer)
    assert kiosk_booking.find_booking(booking_store, record.code).state_text() == "Gebucht"
    cursor = kiosk_client.get("/changes").json()["cursor"]
    ClosedDay.objects.create(quartier=quartier, date=timezone.localtime(slot.start).date())
    apply_bookings(booking_store, kiosk_client.get("/changes", {"since": cursor}).json()[
        "bookings"])
    assert kiosk_booking.find_booking(booking_store, record.code).state_text() == "Abgesagt"


# --- the slot list and the week -----------------------------------------------------------------


def test_slot_list_says_abgesagt_in_words_and_filters_this_week(boss_client, quartier, helper):
    """Before: "Abgesagt" was a green tick for a cancelled slot; "Letzte 7 Tage" looked back."""
    today = timezone.localdate()
    monday = datetime.combine(today - timedelta(days=today.weekday()), time(), tzinfo=TZ)
    make_slot(quartier, helper, days=-8)
    make_slot(quartier, helper, days=1, cancelled=True)
    make_slot(quartier, helper, days=9)
    page = reverse("admin:bookings_slot_changelist")
    html = boss_client.get(page).content.decode()
    assert "icon-yes.svg" not in html and ">abgesagt</strong>" in html and ">frei</strong>" in html
    assert boss_client.get(page, {"zeitraum": "kommende"}).context["cl"].result_count == 2
    assert boss_client.get(page, {"zeitraum": "vergangene"}).context["cl"].result_count == 1
    this_week = Slot.objects.filter(start__gte=monday, start__lt=monday + timedelta(days=7))
    assert boss_client.get(page, {"zeitraum": "woche"}).context["cl"].result_count == \
        this_week.count() >= 1
    assert "diese Woche" in html and "kommende" in html


def test_week_calendar_shows_helpers_by_day_booked_free_cancelled(manager_client, quartier,
                                                                  helper, other_quartier):
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    at = [datetime.combine(monday + timedelta(days=d), time(h), tzinfo=TZ)
          for d, h in [(0, 10), (0, 11), (2, 10)]]
    slots = [Slot.objects.create(quartier=quartier, helper=helper, start=s,
                                 end=s + timedelta(minutes=30)) for s in at]
    book(slots[0], name="Erna")
    slots[2].cancelled = True
    slots[2].save()
    anna = Helper.objects.create(first_name="Annegret")
    anna.quartiers.add(other_quartier)
    Slot.objects.create(quartier=other_quartier, helper=anna, start=at[0], end=at[0])
    page = reverse("admin:bookings_slot_week")
    html = manager_client.get(page, {"woche": monday.isoformat(),
                                     "quartier": other_quartier.pk}).content.decode()
    assert "Birgit" in html and "Annegret" not in html  # only the manager's own quartier
    assert "10:00–10:30 gebucht: Erna" in html and "11:00–11:30 frei" in html
    assert "10:00–10:30 abgesagt" in html
    assert reverse("admin:bookings_slot_change", args=[slots[1].pk]) in html
    assert f"{monday:%d.%m.}" in html and "Montag" in html


# --- phone bookings -----------------------------------------------------------------------------


def phone_page(slot, **query):
    day = timezone.localtime(slot.start).date().isoformat()
    return reverse("admin:bookings_booking_phone") + "?" + "&".join(
        f"{k}={v}" for k, v in {"quartier": slot.quartier_id, "tag": day, **query}.items())


def test_phone_booking_takes_a_free_slot_and_shows_a_kiosk_code(manager_client, quartier, helper,
                                                                topic):
    """Before: "Buchung hinzufügen" wanted a raw slot id and an invented code, and skipped the
    capacity check (2 of 1 accepted)."""
    slot = make_slot(quartier, helper, days=2)
    form = manager_client.get(phone_page(slot)).content.decode()
    assert f'name="slot" value="{slot.pk}"' in form and "1 von 1 Platz frei" in form
    response = manager_client.post(phone_page(slot), {
        "slot": slot.pk, "first_name": "  Erna ", "phone": "0171 / 23 45 67",
        "topic": topic.pk}, follow=True)
    booking = Booking.objects.get()
    assert (booking.first_name, booking.phone, booking.source) == ("Erna", "+49171234567",
                                                                   "admin")
    assert booking.topic == topic and booking.status == BookingState.CONFIRMED
    assert len(booking.code) == kiosk_booking.CODE_LENGTH
    assert set(booking.code) <= set(kiosk_booking.CODE_ALPHABET)
    assert f'id="dq-code">{booking.code}<' in response.content.decode()
    # Full now: no longer offered, and a stale form is refused in German.
    offered = manager_client.get(phone_page(slot)).content.decode()
    assert f'name="slot" value="{slot.pk}"' not in offered
    again = manager_client.post(phone_page(slot), {"slot": slot.pk, "first_name": "Otto",
                                                   "phone": "0171 7654321"})
    assert "Der Termin ist schon ausgebucht. Bitte einen anderen Termin wählen." in \
        again.content.decode()
    assert Booking.objects.count() == 1


def test_phone_booking_checks_name_and_phone_with_the_kiosks_rules(manager_client, quartier,
                                                                  helper):
    slot = make_slot(quartier, helper, days=2)
    html = manager_client.post(phone_page(slot), {"slot": slot.pk, "first_name": "R2D2",
                                                  "phone": "12"}).content.decode()
    assert kiosk_booking.InvalidName.text in html and kiosk_booking.InvalidPhone.text in html
    assert not Booking.objects.exists()


def test_phone_booking_of_another_quartiers_slot_is_refused(manager_client, other_quartier):
    foreign = make_slot(other_quartier, days=2)
    html = manager_client.post(phone_page(foreign), {"slot": foreign.pk, "first_name": "Erna",
                                                     "phone": "0171 7654321"}).content.decode()
    assert "Diesen Termin gibt es nicht mehr" in html and not Booking.objects.exists()


def test_booking_form_keeps_code_source_and_times_read_only(boss_client, quartier, helper):
    booking = book(make_slot(quartier, helper, days=2))
    page = reverse("admin:bookings_booking_change", args=[booking.pk])
    html = boss_client.get(page).content.decode()
    for name in ("code", "source", "created_at", "slot"):
        assert f'name="{name}"' not in html
    boss_client.post(page, {"first_name": "Erna", "phone": "0171 000000", "status": "confirmed",
                            "code": "XXXX", "source": "admin", "slot": 999})
    booking.refresh_from_db()
    assert (booking.code, booking.source, booking.phone) == ("HX4K", "kiosk", "0171 000000")
    # A changed name or number is checked by the kiosk's rules, as a phone booking's is.
    html = boss_client.post(page, {"first_name": "R2D2", "phone": "0171 / 23 45 67",
                                   "status": "confirmed"}).content.decode()
    assert kiosk_booking.InvalidName.text in html
    boss_client.post(page, {"first_name": "Erna", "phone": "0171 / 23 45 67",
                            "status": "confirmed"})
    booking.refresh_from_db()
    assert booking.phone == "+49171234567"
