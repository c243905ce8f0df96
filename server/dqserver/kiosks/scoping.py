"""Who sees what in the admin: a Quartiersmanager (``Quartier.managers``) sees only their
quartiers' kiosks, helpers, slots and bookings, and changes nothing of other quartiers;
superusers and users with "Darf alle Quartiere sehen" (district admins) see and change
everything. Every app's admin of quartier-bound rows builds on :class:`QuartierScopedAdmin`."""

from __future__ import annotations

from django.contrib import admin

from dqserver.textfields import CleanTextForm

from .models import Quartier

VIEW_ALL = "kiosks.view_all_quartiers"


def sees_all(user) -> bool:
    return user.is_superuser or user.has_perm(VIEW_ALL)


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
        """A manager chooses among their own quartiers, and among the helpers and slots (any
        model with a quartier) of those."""
        if not sees_all(request.user):
            related = db_field.related_model
            names = {field.name for field in related._meta.get_fields()}
            if related is Quartier:
                kwargs["queryset"] = own_quartiers(request.user)
            elif "quartier" in names:
                kwargs["queryset"] = related.objects.filter(quartier__managers=request.user)
            elif "quartiers" in names:
                kwargs["queryset"] = related.objects.filter(
                    quartiers__managers=request.user).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "quartiers" and not sees_all(request.user):
            kwargs["queryset"] = own_quartiers(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
