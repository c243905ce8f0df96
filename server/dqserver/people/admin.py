"""The district admin's page for managers: "Manager anlegen" in one form (the account, the
group and the quartiers at once), which sends the invitation to set a password."""

from __future__ import annotations

from django.contrib import admin, messages

from dqserver.kiosks.scoping import sees_all

from .forms import ManagerForm, send_invitation
from .models import Manager


@admin.register(Manager)
class ManagerAdmin(admin.ModelAdmin):
    form = ManagerForm
    list_display = ["full_name", "email", "quartier_names", "is_active", "last_login"]
    search_fields = ["first_name", "last_name", "email"]
    fields = ["first_name", "last_name", "email", "quartiers", "is_active"]
    actions = ["invite_again"]

    def has_module_permission(self, request):
        return sees_all(request.user)

    def has_view_permission(self, request, obj=None):
        return sees_all(request.user)

    has_add_permission = has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return False  # "Darf sich anmelden" off instead: their changes keep a name

    @admin.display(description="Name", ordering="last_name")
    def full_name(self, obj) -> str:
        return obj.get_full_name() or obj.username

    @admin.display(description="Quartiere")
    def quartier_names(self, obj) -> str:
        return ", ".join(q.name for q in obj.managed_quartiers.all()) or "–"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            send_invitation(request, form.instance)
            messages.info(request, f"Eine E-Mail an {form.instance.email} lädt ein, das eigene "
                                   "Passwort zu setzen (der Link gilt drei Tage).")

    @admin.action(description="Einladung noch einmal senden")
    def invite_again(self, request, queryset):
        for user in queryset:
            send_invitation(request, user)
        messages.success(request, f"{queryset.count()} Einladung(en) gesendet.")
