"""Admin (German) of helpers, slots, slot plans, closed days, bookings, call-backs and walk-ins;
a manager sees their own quartiers' only (``dqserver.kiosks.scoping``)."""

from __future__ import annotations

import csv

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from kiosk import textrules
from kiosk.pins import PIN_LENGTH, new_pin_problem, verify_pin

from dqserver.kiosks.models import Quartier
from dqserver.kiosks.scoping import QuartierScopedAdmin, sees_all
from dqserver.textfields import CleanTextForm

from .models import (
    Booking,
    CallbackRequest,
    ClosedDay,
    Helper,
    Slot,
    SlotPlan,
    WalkIn,
)
from .plans import cancel_slots, generate_slots


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


@admin.register(Slot)
class SlotAdmin(QuartierScopedAdmin):
    list_display = ["start", "end", "quartier", "helper", "capacity", "booked", "room",
                    "cancelled"]
    list_filter = ["quartier", "cancelled", "helper"]
    date_hierarchy = "start"
    inlines = [BookingInline]
    actions = ["cancel_slots"]

    @admin.display(description="Gebucht")
    def booked(self, obj):
        return obj.booked_count()

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: kiosks must learn about it

    @admin.action(description="Termine absagen")
    def cancel_slots(self, request, queryset):
        n = cancel_slots(queryset)
        messages.success(request, f"{n} Termine abgesagt. Bitte die Gebuchten anrufen.")


@admin.register(SlotPlan)
class SlotPlanAdmin(QuartierScopedAdmin):
    list_display = ["quartier", "weekday", "start_time", "duration_minutes", "count", "helper",
                    "capacity", "room", "active"]
    list_filter = ["quartier", "weekday", "active"]
    actions = ["make_slots"]

    @admin.action(description="Termine für die nächsten Wochen erzeugen")
    def make_slots(self, request, queryset):
        n = generate_slots(queryset.filter(active=True))
        messages.success(request, f"{n} neue Termine erzeugt.")


@admin.register(ClosedDay)
class ClosedDayAdmin(QuartierScopedAdmin):
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

    def _may_edit(self, request, obj: ClosedDay | None) -> bool:
        return obj is None or obj.quartier_id is not None or sees_all(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)


@admin.register(Booking)
class BookingAdmin(QuartierScopedAdmin):
    list_display = ["code", "slot", "quartier", "first_name", "topic", "status", "source",
                    "created_at"]
    list_filter = ["quartier", "status", "source", ("slot__start", admin.DateFieldListFilter)]
    search_fields = ["code", "first_name"]
    date_hierarchy = "slot__start"
    raw_id_fields = ["slot"]
    readonly_fields = ["id", "kiosk", "received_at", "updated_at", "personal_data_purged_at"]
    actions = ["export_csv"]
    list_select_related = ["slot", "quartier", "topic"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.source = "admin"
            obj.quartier = obj.slot.quartier
        super().save_model(request, obj, form, change)

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
