from django.core.management.base import BaseCommand

from dqserver.textfields import TEXT_FIELDS, scrub_texts


class Command(BaseCommand):
    help = ("Bereinigt Namen und Texte, die vor der Textregel (kiosk/textrules.py) gespeichert "
            "wurden: Steuer-, Richtungs- und unsichtbare Zeichen fallen weg. Einmal nach dem "
            "Update ausführen; nochmals ausführen ändert nichts.")

    def handle(self, *args, **options):
        changed = 0
        for model, (one_line, multi_line) in TEXT_FIELDS.items():
            names = one_line + multi_line
            for obj in model.objects.only("pk", *names).iterator():
                before = {name: getattr(obj, name) for name in names}
                scrub_texts(model, obj)
                fields = [name for name in names if getattr(obj, name) != before[name]]
                if fields:  # saved like any change, so kiosks hear of a cleaned name
                    obj.save(update_fields=fields)
                    changed += 1
        self.stdout.write(f"{changed} Einträge bereinigt.")
