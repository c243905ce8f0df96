from django.core.management.base import BaseCommand, CommandError

from dqserver.kiosks.models import Kiosk, Quartier


class Command(BaseCommand):
    help = ("Erzeugt (oder erneuert) den Token eines Kiosks und gibt ihn einmal aus. "
            "Legt den Kiosk an, wenn es im Quartier noch keinen mit dem Namen gibt.")

    def add_arguments(self, parser):
        parser.add_argument("quartier", help="Kennung des Quartiers, z. B. herten-innenstadt")
        parser.add_argument("--name", default="Kiosk", help="Name des Kiosks (Standard: Kiosk)")

    def handle(self, *args, quartier, name, **options):
        q = Quartier.objects.filter(slug=quartier).first()
        if q is None:
            raise CommandError(f"Quartier „{quartier}“ gibt es nicht.")
        kiosk, _ = Kiosk.objects.get_or_create(quartier=q, name=name)
        self.stdout.write(kiosk.issue_token())
