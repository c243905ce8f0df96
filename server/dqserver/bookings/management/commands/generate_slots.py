from django.conf import settings
from django.core.management.base import BaseCommand

from dqserver.bookings.plans import generate_slots


class Command(BaseCommand):
    help = "Erzeugt Termine aus den Terminplänen für die nächsten Tage (täglich ausführen)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.DQ_SLOT_PLAN_HORIZON_DAYS)

    def handle(self, *args, days, **options):
        self.stdout.write(f"{generate_slots(days=days)} neue Termine erzeugt.")
