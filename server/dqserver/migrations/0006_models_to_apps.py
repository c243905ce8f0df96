"""The one-app server split into apps by concern (issue 15): every model now belongs to
``content``, ``kiosks`` or ``bookings``, whose first migrations took them over with their tables.
This app lets go of them in Django's state only: no table is dropped, no row is touched.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("dqserver", "0005_kiosk_printer_state"),
        ("content", "0001_initial"),
        ("kiosks", "0001_initial"),
        ("bookings", "0001_initial"),
    ]

    # Those that point at others first, so the state never holds a reference to a deleted model.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name=name) for name in [
                    "OpRecord", "WalkIn", "CallbackRequest", "Booking", "Slot", "SlotPlan",
                    "ClosedDay", "Helper", "Kiosk", "ContentRelease", "Step", "Topic",
                    "Category", "Asset", "Quartier", "ChangeCounter",
                ]
            ],
        ),
    ]
