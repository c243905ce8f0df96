"""Django admin in German for the Quartiersmanager.

Managers of one quartier (``Quartier.managers``) see only its kiosks, helpers, slots and
bookings, and change nothing of other quartiers (a shared helper keeps them, a closed day needs
one of theirs); superusers and users with "Darf alle Quartiere sehen" (district admins) see and
change everything. The login (password and authenticator code) is ``adminsite.py``'s.
"""

from __future__ import annotations

import csv
import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from kiosk import textrules
from kiosk.pins import PIN_LENGTH, new_pin_problem, verify_pin

from . import content
from .models import (
    TEXT_FIELDS,
    TEXT_MAX,
    Asset,
    Booking,
    CallbackRequest,
    Category,
    ClosedDay,
    ContentRelease,
    Helper,
    Kiosk,
    Quartier,
    Slot,
    SlotPlan,
    Step,
    Topic,
    WalkIn,
    store_asset,
)
from .plans import cancel_slots, generate_slots


class CleanTextForm(forms.ModelForm):
    """Names and free texts (``TEXT_FIELDS``) through kiosk.textrules: what it cleans is saved
    cleaned, what it refuses is said on the field and nothing is saved."""

    def clean(self):
        data = super().clean()
        one_line, multi_line = TEXT_FIELDS.get(self._meta.model, ((), ()))
        for name in one_line + multi_line:
            if not isinstance(data.get(name), str):
                continue
            field = self._meta.model._meta.get_field(name)
            rule = textrules.clean_text if name in multi_line else textrules.clean_line
            try:
                data[name] = rule(data[name], field.max_length or TEXT_MAX,
                                  required=not field.blank)
            except textrules.TextRefused as exc:
                self.add_error(name, str(exc))
        return data


def sees_all(user) -> bool:
    return user.is_superuser or user.has_perm("dqserver.view_all_quartiers")


def own_quartiers(user):
    qs = Quartier.objects.all()
    return qs if sees_all(user) else qs.filter(managers=user)


class QuartierScopedAdmin(admin.ModelAdmin):
    """Limits the list, the filters and the choices to the manager's quartiers."""

    form = CleanTextForm
    quartier_lookup = "quartier"
    scoped_filters = {"quartier", "quartiers", "helper", "topic"}

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if sees_all(request.user):
            return qs
        return qs.filter(**{f"{self.quartier_lookup}__managers": request.user}).distinct()

    def get_list_filter(self, request):
        """A manager's filters offer only what occurs in their own list (not, e.g., the names of
        other quartiers' helpers)."""
        filters = super().get_list_filter(request)
        if sees_all(request.user):
            return filters
        return [(f, admin.RelatedOnlyFieldListFilter) if f in self.scoped_filters else f
                for f in filters]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not sees_all(request.user):
            if db_field.name == "quartier":
                kwargs["queryset"] = own_quartiers(request.user)
            elif db_field.name == "helper":
                kwargs["queryset"] = Helper.objects.filter(
                    quartiers__managers=request.user).distinct()
            elif db_field.name == "slot":
                kwargs["queryset"] = Slot.objects.filter(quartier__managers=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "quartiers" and not sees_all(request.user):
            kwargs["queryset"] = own_quartiers(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Quartier)
class QuartierAdmin(admin.ModelAdmin):
    form = CleanTextForm
    list_display = ["name", "slug", "centre", "contact_name"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["managers"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return own_quartiers(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


# --- Kiosks -----------------------------------------------------------------------------------


@admin.register(Kiosk)
class KioskAdmin(QuartierScopedAdmin):
    list_display = ["name", "quartier", "status", "last_seen", "app_version", "content_release",
                    "free_disk", "printer", "short_error", "token_state"]
    list_filter = ["quartier"]
    readonly_fields = ["token_state", "token_issued_at", "last_seen", "last_heartbeat",
                       "app_version", "content_release", "free_disk", "printer", "last_error"]
    actions = ["issue_token", "revoke_token"]

    @admin.display(description="Zustand")
    def status(self, obj: Kiosk) -> str:
        if obj.last_seen is None:
            return "noch nie verbunden"
        if obj.is_online:
            return "online"
        return f"offline seit {timezone.localtime(obj.last_seen):%d.%m.%Y %H:%M}"

    @admin.display(description="Freier Speicher")
    def free_disk(self, obj: Kiosk) -> str:
        if obj.free_disk_bytes is None:
            return "–"
        return f"{obj.free_disk_bytes / 1e9:.1f} GB"

    @admin.display(description="Drucker")
    def printer(self, obj: Kiosk) -> str:
        """"kein Papier" before the next senior finds out (kiosk/printer.py); "–": none."""
        return obj.get_printer_state_display() or "–"

    @admin.display(description="Letzter Fehler")
    def short_error(self, obj: Kiosk) -> str:
        return (obj.last_error[:80] + "…") if len(obj.last_error) > 80 else obj.last_error

    @admin.display(description="Token")
    def token_state(self, obj: Kiosk) -> str:
        if not obj.token_hash:
            return "kein Token (gesperrt)"
        return f"aktiv, beginnt mit {obj.token_hint}…"

    def _show_token(self, request, kiosk: Kiosk, token: str) -> None:
        messages.warning(request, f"Neuer Token für „{kiosk}“ (wird nur jetzt angezeigt, "
                                  f"bitte in die Kiosk-Einstellungen kopieren): {token}")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            self._show_token(request, obj, obj.issue_token())

    @admin.action(description="Token erzeugen / erneuern (alter Token wird ungültig)")
    def issue_token(self, request, queryset):
        for kiosk in queryset:
            self._show_token(request, kiosk, kiosk.issue_token())

    @admin.action(description="Token sperren")
    def revoke_token(self, request, queryset):
        for kiosk in queryset:
            kiosk.revoke_token()
        messages.success(request, f"{queryset.count()} Token gesperrt.")


# --- Content ----------------------------------------------------------------------------------


def preview(asset: Asset | None):
    if asset is None:
        return "–"
    url = reverse("asset-preview", args=[asset.sha256])
    return format_html('<img src="{}" style="max-height:120px;max-width:200px" alt="">', url)


def leichte_sprache(text: str) -> str:
    """The form field check for Leichte Sprache: no sentence longer than the bundle allows."""
    long = content.too_long_sentences(text)
    if long:
        raise forms.ValidationError(
            f"Leichte Sprache: höchstens {content.MAX_WORDS_PER_SENTENCE} Wörter je Satz. "
            f"Zu lang: „{long[0][:60]}…“")
    return text


class PictureFormMixin(CleanTextForm):
    upload = forms.FileField(label="Bild hochladen (PNG oder JPEG)", required=False)
    upload_licence = forms.CharField(label="Lizenz des Bildes", required=False, max_length=200,
                                     help_text="z. B. „CC BY 4.0, DigiQuartier-Team“")
    picture_field = "image"

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload:
            raw = upload.read()
            if len(raw) > 5 * 1024 * 1024:
                raise forms.ValidationError("Das Bild ist größer als 5 MB.")
            if not data.get("upload_licence"):
                self.add_error("upload_licence", "Bitte die Lizenz des Bildes angeben.")
                return data
            try:
                data["_asset"] = store_asset(raw, data["upload_licence"])
            except ValueError as exc:
                self.add_error("upload", str(exc))
        return data

    def save(self, commit=True):
        obj = super().save(commit=False)
        if self.cleaned_data.get("_asset"):
            setattr(obj, self.picture_field, self.cleaned_data["_asset"])
        if commit:
            obj.save()
            self.save_m2m()
        return obj


class StepForm(PictureFormMixin):
    class Meta:
        model = Step
        fields = ["position", "text_de", "alt_de", "upload", "upload_licence", "image",
                  "translations"]
        widgets = {"text_de": forms.Textarea(attrs={"rows": 3}),
                   "translations": forms.Textarea(attrs={"rows": 2})}

    def clean_text_de(self):
        return leichte_sprache(self.cleaned_data["text_de"])


class StepInline(admin.StackedInline):
    model = Step
    form = StepForm
    extra = 1
    readonly_fields = ["picture"]
    raw_id_fields = ["image"]

    @admin.display(description="Vorschau")
    def picture(self, obj):
        return preview(obj.image)


class TopicForm(CleanTextForm):
    class Meta:
        model = Topic
        fields = "__all__"

    def clean_summary_de(self):
        return leichte_sprache(self.cleaned_data["summary_de"])

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if not content.ID_RE.match(slug):
            raise forms.ValidationError("Nur Kleinbuchstaben, Ziffern und Bindestriche.")
        return slug


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = TopicForm
    list_display = ["title_de", "category", "position", "active", "step_count", "updated_at"]
    list_filter = ["category", "active"]
    search_fields = ["title_de", "summary_de", "slug"]
    prepopulated_fields = {"slug": ["title_de"]}
    inlines = [StepInline]
    actions = ["publish"]

    @admin.display(description="Schritte")
    def step_count(self, obj):
        return obj.steps.count()

    @admin.action(description="Veröffentlichen (alle aktiven Themen als neue Version)")
    def publish(self, request, queryset):
        publish_and_report(request)


def publish_and_report(request) -> ContentRelease | None:
    try:
        release = content.publish(request.user)
    except content.ManifestError as exc:
        messages.error(request, "Nicht veröffentlicht: " + " | ".join(exc.errors[:20]))
        return None
    messages.success(request, f"Version {release.number} ist veröffentlicht. Die Kiosks laden "
                              "sie bei der nächsten Verbindung.")
    return release


class CategoryForm(PictureFormMixin):
    picture_field = "icon"

    class Meta:
        model = Category
        fields = ["slug", "position", "title_de", "upload", "upload_licence", "icon",
                  "translations"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = ["title_de", "slug", "position", "icon_preview"]
    prepopulated_fields = {"slug": ["title_de"]}
    readonly_fields = ["icon_preview"]
    raw_id_fields = ["icon"]

    @admin.display(description="Symbol")
    def icon_preview(self, obj):
        return preview(obj.icon)


@admin.register(ContentRelease)
class ContentReleaseAdmin(admin.ModelAdmin):
    list_display = ["number", "created_at", "created_by", "topic_count"]
    readonly_fields = ["number", "created_at", "created_by", "manifest_pretty"]
    fields = readonly_fields
    change_list_template = "admin/dqserver/contentrelease/change_list.html"

    @admin.display(description="Themen")
    def topic_count(self, obj):
        return len(json.loads(obj.manifest_json).get("topics", []))

    @admin.display(description="Manifest")
    def manifest_pretty(self, obj):
        return format_html("<pre style='max-height:40em;overflow:auto'>{}</pre>",
                           obj.manifest_json)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [path("veroeffentlichen/", self.admin_site.admin_view(self.publish_view),
                     name="dqserver_contentrelease_publish")] + super().get_urls()

    def publish_view(self, request):
        if not request.user.has_perm("dqserver.change_topic"):
            messages.error(request, "Keine Berechtigung zum Veröffentlichen.")
        elif request.method == "POST":
            publish_and_report(request)
        else:
            return TemplateResponse(request, "admin/dqserver/contentrelease/publish.html",
                                    {**self.admin_site.each_context(request),
                                     "title": "Veröffentlichen",
                                     "topics": Topic.objects.filter(active=True).count()})
        return HttpResponseRedirect(reverse("admin:dqserver_contentrelease_changelist"))


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["sha256", "media_type", "size", "licence", "picture"]
    readonly_fields = ["sha256", "media_type", "size", "picture", "created_at"]
    fields = ["sha256", "media_type", "size", "licence", "picture", "created_at"]
    search_fields = ["sha256", "licence"]

    @admin.display(description="Vorschau")
    def picture(self, obj):
        return preview(obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Helpers, slots, bookings -----------------------------------------------------------------


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
