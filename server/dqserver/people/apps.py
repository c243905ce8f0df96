from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """The admin's people: managers made in one form, and their passwords set by e-mail."""

    name = "dqserver.people"
    label = "people"
    verbose_name = "Personen"
