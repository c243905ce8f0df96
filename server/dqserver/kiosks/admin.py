"""Admin (German) of the quartiers and their kiosks: tokens shown once, kiosk health."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone

from dqserver.textfields import CleanTextForm

from .models import Kiosk, Quartier
from .scoping import QuartierScopedAdmin, own_quartiers, sees_all


@admin.register(Quartier)
class QuartierAdmin(admin.ModelAdmin):
    form = CleanTextForm
    list_display = ["name", "slug", "centre", "contact_name"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["managers"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return own_quartiers(request.user)

    # A manager edits their own quartier's contact for "Digital-Helfer werden", nothing else.
    CONTACT = ["contact_name", "contact_phone", "contact_text"]

    def _manages(self, request, obj) -> bool:
        if not (request.user.is_active and request.user.is_staff):
            return False  # the login page asks too
        mine = own_quartiers(request.user)
        return mine.exists() if obj is None else mine.filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._manages(request, None)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._manages(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self._manages(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if sees_all(request.user) else {}

    def get_readonly_fields(self, request, obj=None):
        if sees_all(request.user):
            return []
        return [f.name for f in Quartier._meta.fields if f.name not in self.CONTACT
                and f.editable and f.name != "id"] + ["managers"]

    def has_delete_permission(self, request, obj=None):
        return False


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
