"""One form for a new manager (name, e-mail, quartiers); the password they set themselves from
the mail Django's password reset sends (tokens valid PASSWORD_RESET_TIMEOUT)."""

from __future__ import annotations

import secrets

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group
from django.db import transaction

from dqserver.kiosks.models import Quartier

from .models import GROUP, Manager


class ManagerForm(forms.ModelForm):
    first_name = forms.CharField(label="Vorname", max_length=150)
    last_name = forms.CharField(label="Nachname", max_length=150)
    email = forms.EmailField(label="E-Mail-Adresse",
                             help_text="Dorthin geht die Einladung, das eigene Passwort zu "
                                       "setzen. Sie ist auch der Benutzername.")
    quartiers = forms.ModelMultipleChoiceField(
        label="Quartiere", queryset=Quartier.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Die Quartiere, deren Themen, Helfer, Termine und Kiosks sie betreuen.")

    class Meta:
        model = Manager
        fields = ["first_name", "last_name", "email", "is_active"]
        labels = {"is_active": "Darf sich anmelden"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["quartiers"] = list(self.instance.managed_quartiers.all())

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        taken = Manager._meta.model.objects.filter(username=email)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Mit dieser E-Mail-Adresse gibt es schon ein Konto.")
        return email

    def save(self, commit=True):
        user = self.instance
        user.username = user.email
        user.is_staff = True
        if user._state.adding:
            # Nobody knows it: the manager sets their own from the mail.
            user.set_password(secrets.token_urlsafe(32))
        with transaction.atomic():
            return super().save(commit)

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.groups.add(Group.objects.get_or_create(name=GROUP)[0])
        self.instance.managed_quartiers.set(self.cleaned_data["quartiers"])


def send_invitation(request, user) -> None:
    """The mail with the link to set a password (Django's reset token), in German."""
    form = PasswordResetForm({"email": user.email})
    form.is_valid()
    form.save(request=request, use_https=request.is_secure(),
              subject_template_name="people/invitation_subject.txt",
              email_template_name="people/invitation_email.txt",
              extra_email_context={"name": user.first_name})
