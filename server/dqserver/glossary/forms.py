"""The glossary's form: the word and its explanation in German and each language, a picture
chosen or uploaded, every field checked by the kiosk's own rules."""

from __future__ import annotations

import re

from django import forms

from dqserver.content.forms import LANGUAGES, PictureFormMixin, with_languages

from .manifest import entry_problems
from .models import Entry

# "Wörterbuch „wlan“.explanation.en: …" → the field explanation_en, the text after the colon
_WHERE = re.compile(r"^Wörterbuch „[^“]*“\.(?P<field>term|explanation|image|id)"
                    r"(?:\.(?P<lang>[a-z]{2}))?: (?P<text>.*)$", re.S)


@with_languages
class EntryForm(PictureFormMixin):
    translated = {"term": ("Wort", forms.TextInput, False),
                  "explanation": ("Erklärung", forms.Textarea, True)}

    class Meta:
        model = Entry
        fields = ["term_de", "slug", "explanation_de", "upload", "upload_licence", "image"]
        widgets = {"explanation_de": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        entry = Entry(slug=data.get("slug") or "", term_de=data.get("term_de") or "",
                      explanation_de=data.get("explanation_de") or "",
                      translations=self.translations(), image=data.get("image"))
        for problem in entry_problems(entry.manifest_entry(), self.instance.pk):
            where = _WHERE.match(problem)
            if where is None:
                self.add_error(None, problem)
                continue
            field = {"id": "slug"}.get(where["field"], where["field"])
            if where["lang"] and where["lang"] != "de" and where["lang"] in LANGUAGES:
                field = f"{field}_{where['lang']}"
            elif field in ("term", "explanation"):
                field = f"{field}_de"
            self.add_error(field if field in self.fields else None, where["text"])
        return data
