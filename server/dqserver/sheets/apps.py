from django.apps import AppConfig


class SheetsConfig(AppConfig):
    """The A4 sheet per topic ("Merkblatt"), made from the topic as a kiosk would show it."""

    name = "dqserver.sheets"
    label = "sheets"
    verbose_name = "Merkblätter"
