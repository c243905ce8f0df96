import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models import Q

# What the group "Quartiersmanager" may add, change and see (never delete), per app. Which rows
# of them a manager sees is the admin's business (dqserver.kiosks.scoping).
MANAGER_MODELS = {
    "kiosks": ["kiosk"],
    "bookings": ["helper", "slot", "slotplan", "closedday", "booking", "callbackrequest",
                 "walkin"],
    "content": ["topic", "step", "category", "contentrelease", "asset"],
}


def manager_permissions():
    wanted = Q()
    for app_label, models in MANAGER_MODELS.items():
        wanted |= Q(content_type__app_label=app_label, content_type__model__in=models)
    return Permission.objects.filter(wanted).exclude(codename__startswith="delete_")


class Command(BaseCommand):
    help = ("Richtet den Server ein: Migrationen, Gruppe „Quartiersmanager“, Admin-Konto aus "
            "DJANGO_SUPERUSER_USERNAME/_PASSWORD (falls gesetzt), mit --demo die Demo-Daten.")

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="seed_demo ausführen")

    def handle(self, *args, demo, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Datenbank ist auf dem neuesten Stand.")
        group, _ = Group.objects.get_or_create(name="Quartiersmanager")
        group.permissions.set(manager_permissions())
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if username and password:
            User = get_user_model()
            if not User.objects.filter(username=username).exists():
                User.objects.create_superuser(username, os.environ.get(
                    "DJANGO_SUPERUSER_EMAIL", ""), password)
                self.stdout.write(f"Admin-Konto „{username}“ angelegt.")
        elif username or password:
            self.stderr.write("DJANGO_SUPERUSER_USERNAME und _PASSWORD müssen beide gesetzt sein.")
        if demo:
            call_command("seed_demo", stdout=self.stdout)
