from django.conf import settings
from django.core.management.base import BaseCommand

from dqserver.bookings.retention import purge_personal_data


class Command(BaseCommand):
    help = ("Löscht Vornamen und Telefonnummern N Tage nach dem Termin und die Vorgangs-"
            "Protokolle der Kiosks nach N Tagen (Standard: DQ_RETENTION_DAYS, 30). Täglich per "
            "cron/systemd-Timer ausführen.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.DQ_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        counts = purge_personal_data(days)
        self.stdout.write(f"Persönliche Daten gelöscht: {counts['bookings']} Buchungen, "
                          f"{counts['callbacks']} Rückrufwünsche, {counts['op_records']} "
                          f"Kiosk-Vorgänge (älter als {days} Tage).")
