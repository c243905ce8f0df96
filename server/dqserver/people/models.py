"""A Quartiersmanager as the admin shows them: a staff account in the group, with quartiers."""

from __future__ import annotations

from django.contrib.auth.models import User, UserManager

GROUP = "Quartiersmanager"


class ManagerQuerySet(UserManager):
    def get_queryset(self):
        return super().get_queryset().filter(groups__name=GROUP).distinct()


class Manager(User):
    """A proxy of Django's user: no table of its own, only the admin's page for managers."""

    objects = ManagerQuerySet()

    class Meta:
        proxy = True
        verbose_name = "Quartiersmanager"
        verbose_name_plural = "Quartiersmanager"
