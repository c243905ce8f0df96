"""Admin (German) of helpers, slots, slot plans, closed days, bookings, call-backs and walk-ins;
a manager sees their own quartiers' only (``dqserver.kiosks.scoping``)."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from kiosk import textrules
from kiosk.pins import PIN_LENGTH, new_pin_problem, verify_pin
from kiosk.states import BookingState

from dqserver.kiosks.models import Quartier
from dqserver.kiosks.scoping import QuartierScopedAdmin, own_quartiers, sees_all
from dqserver.textfields import CleanTextForm

from . import views
from .models import (
    Booking,
    CallbackRequest,
    ClosedDay,
    Helper,
    Slot,
    SlotPlan,
    WalkIn,
)
from .plans import Cancelled, PlanResult, cancel_slots, release_helper, sync_plan


def slots(n: int, one: str = "", many: str = "") -> str:
    """"1 Termin", "3 Termine" (with an adjective: "1 freier Termin", "3 freie Termine")."""
    return " ".join(filter(None, [str(n), one, "Termin"] if n == 1 else [str(n), many, "Termine"]))


def bookings(n: int) -> str:
    return "1 Buchung" if n == 1 else f"{n} Buchungen"


def report_plan(request, result: PlanResult, what: str) -> None:
    """Tell the manager what happened to the slots, and which booked ones need them."""
    done = [text for n, text in [
        (result.created, f"{slots(result.created)} neu"),
        (result.changed, f"{slots(result.changed)} angepasst"),
        (result.cancelled, f"{slots(result.cancelled, 'freier', 'freie')} abgesagt")] if n]
    messages.success(request, f"{what}: {', '.join(done) or 'die Termine bleiben, wie sie sind'}.")
    if result.booked_kept:
        links = format_html_join(", ", '<a href="{}">{}</a>', (
            (reverse("admin:bookings_slot_change", args=[s.pk]), views.short_when(s))
            for s in result.booked_kept))
        messages.warning(request, format_html(
            "Diese Termine haben Buchungen und bleiben, bis Sie entscheiden (absagen oder einem "
            "anderen Digital-Helfer geben): {}", links))


def report_cancelled(request, result: Cancelled) -> HttpResponseRedirect | None:
    """After slots were cancelled: to the call list when people must be phoned."""
    if not result.bookings:
        messages.success(request, f"{slots(result.slots)} abgesagt. Niemand war gebucht.")
        return None
    messages.warning(request, f"{slots(result.slots)} abgesagt, "
                              f"{bookings(len(result.bookings))} auch: bitte anrufen.")
    return HttpResponseRedirect(reverse("admin:bookings_booking_calls"))


class HelperForm(CleanTextForm):
    pin = forms.CharField(
        label="Neue PIN", required=False, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={
            "inputmode": "numeric", "autocomplete": "new-password"}),
        help_text=f"Genau {PIN_LENGTH} Ziffern, für jeden Helfer eine andere. Leer lassen: PIN "
                  "bleibt wie sie ist.")

    class Meta:
        model = Helper
        fields = ["first_name", "contact", "quartiers", "active", "pin"]

    def clean_quartiers(self):
        """Quartiers this form does not offer (a manager sees only their own) stay as they are:
        saving a helper shared with another quartier must not take them away from it."""
        chosen = self.cleaned_data.get("quartiers") or Quartier.objects.none()
        if not self.instance.pk:
            if not chosen.exists():  # a new helper without one would be in no manager's list
                raise forms.ValidationError("Bitte mindestens ein Quartier wählen.")
            return chosen
        offered = self.fields["quartiers"].queryset
        kept = self.instance.quartiers.exclude(pk__in=offered.values("pk"))
        return Quartier.objects.filter(Q(pk__in=chosen.values("pk")) | Q(pk__in=kept.values("pk")))

    def clean_pin(self):
        pin = self.cleaned_data.get("pin", "")
        if pin and (problem := new_pin_problem(pin)):
            raise forms.ValidationError(problem)
        return pin

    def clean(self):
        """Two helpers of one quartier with one PIN: the kiosk would log in the first. Only the
        argon2 hashes are stored, so the new PIN is tried against the other helpers' hashes."""
        data = super().clean()
        pin, quartiers = data.get("pin"), data.get("quartiers")
        if pin and quartiers is not None:
            others = (Helper.objects.filter(quartiers__in=quartiers, active=True)
                      .exclude(pk=self.instance.pk).exclude(pin_hash="").distinct())
            if any(verify_pin(other.pin_hash, pin) for other in others):
                self.add_error("pin", "Diese PIN hat schon ein anderer Digital-Helfer in diesem "
                                      "Quartier. Bitte eine andere PIN wählen.")
        return data

    def save(self, commit=True):
        helper = super().save(commit=False)
        if self.cleaned_data.get("pin"):
            helper.set_pin(self.cleaned_data["pin"])
        if commit:
            helper.save()
            self.save_m2m()
        return helper


@admin.register(Helper)
class HelperAdmin(QuartierScopedAdmin):
    form = HelperForm
    quartier_lookup = "quartiers"
    list_display = ["first_name", "quartier_list", "active", "has_pin"]
    list_filter = ["active", "quartiers"]
    search_fields = ["first_name"]
    filter_horizontal = ["quartiers"]
    readonly_fields = ["calendar_url"]
    actions = ["rotate_calendar"]

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: kiosks must learn that the helper is gone

    def save_related(self, request, form, formsets, change):
        """A helper deactivated or taken out of a quartier: their plans there stop, their free
        future slots there are cancelled, the booked ones are listed."""
        super().save_related(request, form, formsets, change)
        if change:
            result = release_helper(form.instance)
            if result.cancelled or result.booked_kept:
                report_plan(request, result, "Termine dieses Digital-Helfers")

    @admin.display(description="Quartiere")
    def quartier_list(self, obj):
        return ", ".join(q.name for q in obj.quartiers.all())

    @admin.display(description="PIN gesetzt", boolean=True)
    def has_pin(self, obj):
        return bool(obj.pin_hash)

    @admin.display(description="Kalender-Adresse (geheim, für Handy/Outlook)")
    def calendar_url(self, obj):
        """The address a helper's phone reaches (``DQ_PUBLIC_URL``), not the host the manager
        happens to use for the admin (an internal name, or another manager's request: the
        admin object is shared by all threads)."""
        if not obj.pk:
            return "– erst speichern –"
        path = reverse("helper-calendar", args=[obj.ical_secret])
        if not settings.DQ_PUBLIC_URL:
            return f"{path} (DQ_PUBLIC_URL ist nicht gesetzt: davor gehört die Adresse des Servers)"
        return settings.DQ_PUBLIC_URL + path

    @admin.action(description="Kalender-Adresse erneuern (alte Adresse wird ungültig)")
    def rotate_calendar(self, request, queryset):
        for helper in queryset:
            helper.rotate_ical_secret()
        messages.success(request, f"{queryset.count()} Kalender-Adressen erneuert.")


class BookingInline(admin.TabularInline):
    model = Booking
    extra = 0
    fields = ["code", "first_name", "topic", "status", "source"]
    readonly_fields = ["code", "first_name", "topic", "source"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class PeriodFilter(admin.SimpleListFilter):
    title = "Zeitraum"
    parameter_name = "zeitraum"

    def lookups(self, request, model_admin):
        return [("woche", "diese Woche"), ("kommende", "kommende"), ("vergangene", "vergangene")]

    def queryset(self, request, queryset):
        now = timezone.now()
        today = timezone.localdate()
        monday = datetime.combine(today - timedelta(days=today.weekday()), datetime.min.time(),
                                  tzinfo=timezone.get_current_timezone())
        field = self.field
        if self.value() == "woche":
            return queryset.filter(**{f"{field}__gte": monday,
                                      f"{field}__lt": monday + timedelta(days=7)})
        if self.value() == "kommende":
            return queryset.filter(**{f"{field}__gte": now})
        if self.value() == "vergangene":
            return queryset.filter(**{f"{field}__lt": now})
        return queryset


class SlotPeriodFilter(PeriodFilter):
    field = "start"


class BookingPeriodFilter(PeriodFilter):
    field = "slot__start"


class QuartierColumnIfSeveral:
    def get_list_display(self, request):
        """The quartier only for whoever sees more than one: the list fits the screen."""
        shown = super().get_list_display(request)
        return shown if own_quartiers(request.user).count() > 1 else \
            [name for name in shown if name != "quartier"]


@admin.register(Slot)
class SlotAdmin(QuartierColumnIfSeveral, QuartierScopedAdmin):
    list_display = ["when", "helper", "state", "room", "quartier"]
    list_filter = [SlotPeriodFilter, "quartier", "cancelled", "helper"]
    date_hierarchy = "start"
    inlines = [BookingInline]
    actions = ["cancel_slots"]

    def get_queryset(self, request):
        confirmed = Q(bookings__status=BookingState.CONFIRMED)
        return super().get_queryset(request).annotate(
            n_booked=Count("bookings", filter=confirmed))

    @admin.display(description="Termin", ordering="start")
    def when(self, obj):
        return views.short_when(obj)

    @admin.display(description="Zustand")
    def state(self, obj):
        css, word = views.slot_state(obj, obj.n_booked)
        colours = {"free": "#1e7e34", "partly": "#8a6100", "full": "#1d4ed8",
                   "cancelled": "#b00020"}
        places = f" ({obj.n_booked}/{obj.capacity})" if css != "cancelled" else ""
        return format_html('<strong style="color:{}">{}</strong>{}', colours[css], word, places)

    def get_urls(self):
        return [path("woche/", self.admin_site.admin_view(lambda r: views.week_view(self, r)),
                     name="bookings_slot_week"), *super().get_urls()]

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: kiosks must learn about it

    def save_model(self, request, obj, form, change):
        """Ticking "Abgesagt" cancels the bookings too, for the call list."""
        cancel = change and obj.cancelled and "cancelled" in form.changed_data
        if cancel:
            obj.cancelled = False
        super().save_model(request, obj, form, change)
        if cancel:
            request.dq_call_list = report_cancelled(
                request, cancel_slots(Slot.objects.filter(pk=obj.pk)))

    def response_change(self, request, obj):
        return getattr(request, "dq_call_list", None) or super().response_change(request, obj)

    @admin.action(description="Termine absagen (Gebuchte kommen auf die Anrufliste)")
    def cancel_slots(self, request, queryset):
        return report_cancelled(request, cancel_slots(queryset))


class OwnQuartierFirst:
    """A new row starts with the manager's quartier when they have just one."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        mine = own_quartiers(request.user)
        if "quartier" not in initial and mine.count() == 1:
            initial["quartier"] = mine.get().pk
        return initial


class SlotPlanForm(CleanTextForm):
    class Meta:
        model = SlotPlan
        fields = ["quartier", "helper", "weekday", "start_time", "end_time", "duration_minutes",
                  "break_start", "break_end", "capacity", "room", "valid_from", "valid_until",
                  "active"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        pause = data.get("break_start"), data.get("break_end")
        if start and end and end <= start:
            self.add_error("end_time", "„Bis“ muss nach „Von“ liegen.")
        if bool(pause[0]) != bool(pause[1]):
            self.add_error("break_end" if pause[0] else "break_start",
                           "Für eine Pause bitte Beginn und Ende eintragen.")
        elif pause[0] and pause[1] <= pause[0]:
            self.add_error("break_end", "Das Ende der Pause muss nach ihrem Beginn liegen.")
        if not self.errors:
            plan = SlotPlan(**{k: data.get(k) for k in ("start_time", "end_time",
                                                        "duration_minutes", "break_start",
                                                        "break_end")})
            if not plan.slot_times():
                self.add_error("end_time", "Zwischen „Von“ und „Bis“ passt kein Termin dieser "
                                           "Länge.")
        return data


@admin.register(SlotPlan)
class SlotPlanAdmin(OwnQuartierFirst, QuartierColumnIfSeveral, QuartierScopedAdmin):
    form = SlotPlanForm
    list_display = ["weekday", "hours", "helper", "capacity", "room", "active", "quartier"]
    list_display_links = ["weekday", "hours"]
    list_filter = ["quartier", "weekday", "active"]
    fieldsets = [(None, {
        "description": "Beim Speichern werden die Termine der nächsten "
                       f"{settings.DQ_SLOT_PLAN_HORIZON_DAYS // 7} Wochen sofort angelegt oder "
                       "angepasst (danach täglich weiter). Termine mit Buchungen bleiben, wie "
                       "sie sind; die Seite nennt sie Ihnen.",
        "fields": ["quartier", "helper", "weekday", ("start_time", "end_time"),
                   "duration_minutes", ("break_start", "break_end"), "capacity", "room",
                   ("valid_from", "valid_until"), "active"]})]

    @admin.display(description="Zeit", ordering="start_time")
    def hours(self, obj: SlotPlan) -> str:
        pause = (f", Pause {obj.break_start:%H:%M}–{obj.break_end:%H:%M}"
                 if obj.break_start and obj.break_end else "")
        until = f"{obj.end_time:%H:%M}" if obj.end_time else "?"
        return f"{obj.start_time:%H:%M}–{until}{pause} ({slots(len(obj.slot_times()))})"

    def has_delete_permission(self, request, obj=None):
        return False  # "Aktiv" off instead: its free slots are then cancelled

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        report_plan(request, sync_plan(obj), "Terminplan gespeichert")


@admin.register(ClosedDay)
class ClosedDayAdmin(OwnQuartierFirst, QuartierScopedAdmin):
    """A closed day without a quartier cancels every quartier's slots: only district admins
    make those. Managers see them (they affect their quartier) but cannot change them."""

    list_display = ["date", "quartier_or_all", "reason"]
    list_filter = ["quartier"]
    date_hierarchy = "date"

    @admin.display(description="Quartier", ordering="quartier__name")
    def quartier_or_all(self, obj: ClosedDay) -> str:
        return obj.quartier.name if obj.quartier else "alle Quartiere"

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        if sees_all(request.user):
            return qs
        return qs.filter(Q(quartier__managers=request.user) | Q(quartier__isnull=True)).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quartier" and not sees_all(request.user):
            kwargs["required"] = True
            kwargs["help_text"] = "Der Schließtag gilt für dieses Quartier."
            kwargs["error_messages"] = {"required": (
                "Bitte wählen Sie Ihr Quartier. Einen Schließtag für alle Quartiere trägt die "
                "Bezirksverwaltung ein.")}
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _calls_of(self, request, obj: ClosedDay):
        """To the call list when the closed day cancelled booked slots (the signal did)."""
        calls = views.open_calls(request.user).filter(slot__start__gte=views.day_start(obj.date),
                                                    slot__start__lt=views.day_start(
                                                        obj.date + timedelta(days=1)))
        if not calls.exists():
            return None
        messages.warning(request, f"Schließtag {obj.date:%d.%m.%Y}: die Termine sind abgesagt, "
                                  f"{bookings(calls.count())} auch: bitte anrufen.")
        return HttpResponseRedirect(reverse("admin:bookings_booking_calls"))

    def response_add(self, request, obj, post_url_continue=None):
        return self._calls_of(request, obj) or super().response_add(request, obj,
                                                                     post_url_continue)

    def response_change(self, request, obj):
        return self._calls_of(request, obj) or super().response_change(request, obj)

    def _may_edit(self, request, obj: ClosedDay | None) -> bool:
        return obj is None or obj.quartier_id is not None or sees_all(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)


class BookingForm(views.KioskRules, CleanTextForm):
    pass


@admin.register(Booking)
class BookingAdmin(QuartierColumnIfSeveral, QuartierScopedAdmin):
    form = BookingForm
    list_display = ["code", "when", "first_name", "topic", "status", "source", "quartier"]
    list_filter = [BookingPeriodFilter, "quartier", "status", "source"]
    search_fields = ["code", "first_name"]
    date_hierarchy = "slot__start"
    fields = ["slot", "quartier", "first_name", "phone", "topic", "status", "code", "source",
              "kiosk", "created_at", "received_at", "updated_at", "call_needed_since",
              "called_at", "reminded_at", "personal_data_purged_at", "id"]
    readonly_fields = ["slot", "quartier", "code", "source", "kiosk", "created_at",
                       "received_at", "updated_at", "call_needed_since", "called_at",
                       "reminded_at", "personal_data_purged_at", "id"]
    actions = ["export_csv"]
    list_select_related = ["slot", "quartier", "topic"]

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(lambda request: function(self, request))

        return [path("telefonbuchung/", view(views.phone_booking_view),
                     name="bookings_booking_phone"),
                path("anrufliste/", view(views.call_list_view), name="bookings_booking_calls"),
                path("erinnerungen/", view(views.reminder_list_view),
                     name="bookings_booking_reminders"),
                *super().get_urls()]

    @admin.display(description="Termin", ordering="slot__start")
    def when(self, obj):
        return views.short_when(obj.slot)

    def add_view(self, request, form_url="", extra_context=None):
        """A booking is made by phone booking (a free slot, a code from the kiosk's rule)."""
        return HttpResponseRedirect(reverse("admin:bookings_booking_phone"))

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Als CSV exportieren")
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="buchungen.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
        writer = csv.writer(response, delimiter=";")
        writer.writerow(["Code", "Quartier", "Beginn", "Ende", "Helfer", "Vorname", "Telefon",
                         "Thema", "Status", "Quelle", "Gebucht am"])
        for b in queryset.select_related("slot__helper", "quartier", "topic"):
            writer.writerow(map(textrules.csv_cell, [
                b.code, b.quartier.name,
                f"{timezone.localtime(b.slot.start):%d.%m.%Y %H:%M}",
                f"{timezone.localtime(b.slot.end):%H:%M}",
                b.slot.helper.first_name if b.slot.helper else "",
                b.first_name, b.phone, b.topic.title_de if b.topic else "",
                b.get_status_display(), b.get_source_display(),
                f"{timezone.localtime(b.created_at):%d.%m.%Y %H:%M}"]))
        return response


@admin.register(CallbackRequest)
class CallbackRequestAdmin(QuartierScopedAdmin):
    list_display = ["created_at", "quartier", "first_name", "phone", "topic", "status"]
    list_filter = ["quartier", "status"]
    readonly_fields = ["id", "personal_data_purged_at"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WalkIn)
class WalkInAdmin(QuartierScopedAdmin):
    list_display = ["at", "quartier", "topic"]
    list_filter = ["quartier", "topic"]
    date_hierarchy = "at"
