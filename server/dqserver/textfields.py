"""Names and free texts of every app, cleaned by kiosk.textrules.

Each app's models name their text fields once (:func:`register`): they are cleaned before every
save (the last line of defence for every way in), and the admin's forms (:class:`CleanTextForm`)
refuse what the rule refuses, with a message on the field. ``scrub_texts`` (the management
command) goes over all of them.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.db.models.signals import pre_save
from kiosk import textrules

# model -> (one-line fields, multi-line fields)
TEXT_FIELDS: dict[type[models.Model], tuple[tuple[str, ...], tuple[str, ...]]] = {}
TEXT_MAX = 5000  # the limit of a multi-line text field without its own max_length


def scrub_texts(sender, instance, **kwargs) -> None:
    one_line, multi_line = TEXT_FIELDS[sender]
    for name in one_line + multi_line:
        value = getattr(instance, name)
        if isinstance(value, str):
            setattr(instance, name, textrules.scrub(value, multiline=name in multi_line))


def register(model: type[models.Model], one_line: tuple[str, ...] = (),
             multi_line: tuple[str, ...] = ()) -> None:
    """Clean these fields of ``model`` before every save, and in the admin's forms."""
    TEXT_FIELDS[model] = (tuple(one_line), tuple(multi_line))
    pre_save.connect(scrub_texts, sender=model, dispatch_uid=f"scrub-{model._meta.label}")


class CleanTextForm(forms.ModelForm):
    """Names and free texts (``TEXT_FIELDS``) through kiosk.textrules: what it cleans is saved
    cleaned, what it refuses is said on the field and nothing is saved."""

    def clean(self):
        data = super().clean()
        one_line, multi_line = TEXT_FIELDS.get(self._meta.model, ((), ()))
        for name in one_line + multi_line:
            if not isinstance(data.get(name), str):
                continue
            field = self._meta.model._meta.get_field(name)
            rule = textrules.clean_text if name in multi_line else textrules.clean_line
            try:
                data[name] = rule(data[name], field.max_length or TEXT_MAX,
                                  required=not field.blank)
            except textrules.TextRefused as exc:
                self.add_error(name, str(exc))
        return data
