"""The content admin's forms: every text checked on its field by the kiosk's own rules
(kiosk.bundle, the one validator), translations as one field per language with their status,
pictures decoded and shrunk on upload (pictures.py) and kept across a form error."""

from __future__ import annotations

import re

from django import forms
from django.db.models import Max
from django.urls import reverse
from kiosk.bundle import (
    MAX_STEPS,
    BundleError,
    check_checked,
    check_keywords,
    check_sources,
    check_translation_status,
)
from kiosk.states import TranslationStatus

from dqserver.kiosks.scoping import own_quartiers, sees_all
from dqserver.textfields import CleanTextForm

from . import pictures, releases
from .models import Asset, Category, Status, Step, Topic, store_asset

#: The languages a manager translates into (German is the source), with their German names.
LANGUAGES = {"en": "Englisch", "tr": "Türkisch", "pl": "Polnisch", "ru": "Russisch",
             "uk": "Ukrainisch", "ar": "Arabisch"}
STATUS_NAMES = {TranslationStatus.TRANSLATED: "übersetzt", TranslationStatus.REVIEWED: "geprüft"}
DEFAULT_LICENCE = "Eigenes Foto des Quartiers"


def bundle_rule(rule, value, *args):
    """``value`` if the kiosk's rule takes it, else its message on the form field."""
    try:
        rule(value, *args)
    except BundleError as exc:
        raise forms.ValidationError(str(exc)) from exc
    return value


def leichte_sprache(text: str) -> str:
    """Leichte Sprache: no sentence longer than the bundle allows (kiosk.bundle's count)."""
    long = releases.too_long_sentences(text)
    if long:
        raise forms.ValidationError(
            f"Leichte Sprache: höchstens {releases.MAX_WORDS_PER_SENTENCE} Wörter je Satz. "
            f"Zu lang: „{long[0][:60]}…“")
    return text


PLAIN_LANGUAGE_FIELD = re.compile(r"(^|-)(text|summary)_[a-z]{2}$")


def live_problem(field: str, value: str) -> str:
    """The message a field's text gets while the manager types (the admin asks the server, so
    it is the one validator's): Leichte Sprache for step texts and summaries, the month for
    "Stand"; empty when the kiosk would take it."""
    try:
        if PLAIN_LANGUAGE_FIELD.search(field):
            leichte_sprache(value)
        elif field == "checked" and value.strip():
            bundle_rule(check_checked, value.strip(), "Stand")
    except forms.ValidationError as exc:
        return exc.messages[0]
    return ""


class TranslatedForm(CleanTextForm):
    """One field per language for each of ``translated`` (JSON key → (label, widget, plain
    language)), read from and written to the model's ``translations``; other languages in it
    are kept as they are."""

    translated: dict[str, tuple[str, type, bool]] = {}
    with_status = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.translations or {}
        for key in self.translated:
            for lang in LANGUAGES:
                self.initial.setdefault(f"{key}_{lang}", (stored.get(lang) or {}).get(key, ""))

    @classmethod
    def translation_fields(cls) -> list[str]:
        return [f"{key}_{lang}" for lang in LANGUAGES for key in cls.translated]

    def clean(self):
        data = super().clean()
        for key, (_label, _widget, plain) in self.translated.items():
            for lang in LANGUAGES:
                name = f"{key}_{lang}"
                value = (data.get(name) or "").strip()
                data[name] = value
                if value and plain:
                    try:
                        leichte_sprache(value)
                    except forms.ValidationError as exc:
                        self.add_error(name, exc)
        return data

    def translations(self) -> dict:
        result = {lang: dict(fields) for lang, fields in (self.instance.translations or {}).items()
                  if isinstance(fields, dict)}
        for key in self.translated:
            for lang in LANGUAGES:
                value = self.cleaned_data.get(f"{key}_{lang}")
                if value:
                    result.setdefault(lang, {})[key] = value
                else:
                    result.get(lang, {}).pop(key, None)
        return {lang: fields for lang, fields in result.items() if fields}

    def save(self, commit=True):
        self.instance.translations = self.translations()
        return super().save(commit)


def with_languages(form: type[TranslatedForm]) -> type[TranslatedForm]:
    """Declare the form's fields per language (the admin's fieldsets name them), and with
    ``with_status`` the translation's status per language."""
    for lang, name in LANGUAGES.items():
        fields = {f"{key}_{lang}": forms.CharField(
            label=f"{label} ({name})", required=False, max_length=2000,
            widget=widget(attrs={"rows": 2}) if widget is forms.Textarea else widget())
            for key, (label, widget, _plain) in form.translated.items()}
        if form.with_status:
            fields[f"status_{lang}"] = forms.ChoiceField(
                label=f"Übersetzung ({name})", required=False,
                choices=[("", "noch nicht übersetzt"), *STATUS_NAMES.items()])
        form.base_fields.update(fields)
        form.declared_fields.update(fields)
    return form


class PictureWidget(forms.Widget):
    """The chosen picture as a thumbnail with its name, and a link to choose another from the
    picture collection (the admin's lookup popup); the sha256 stays out of sight, in a hidden
    input (the row itself is shown: not a hidden widget)."""

    template_name = "admin/content/picture_widget.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        asset = Asset.objects.filter(pk=value).only("sha256", "name").first() if value else None
        context["asset"] = asset
        context["lookup_url"] = (reverse("admin:content_asset_changelist")
                                 + "?_to_field=sha256&_popup=1")
        return context


class PictureFormMixin(TranslatedForm):
    """An upload next to the picture: decoded, shrunk and stored in the collection under the
    file's name; chosen in the form at once, so a mistake elsewhere does not lose it."""

    upload = forms.FileField(
        label="Bild hochladen", required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/heic,"
                                                         "image/heif,.heic,.heif"}),
        help_text="Foto oder Bildschirmfoto (JPEG, PNG oder HEIC vom iPhone). Große Fotos "
                  "werden verkleinert.")
    upload_licence = forms.CharField(
        label="Lizenz des Bildes", required=False, max_length=200, initial=DEFAULT_LICENCE,
        help_text="Wer das Bild gemacht hat, z. B. „CC BY 4.0, DigiQuartier-Team“.")
    picture_field = "image"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.picture_field in self.fields:
            field = self.fields[self.picture_field]
            field.widget = PictureWidget()
            field.queryset = Asset.objects.all()

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if not upload:
            return data
        if not data.get("upload_licence"):
            self.add_error("upload_licence", "Bitte die Lizenz des Bildes angeben.")
            return data
        try:
            raw, _media_type = pictures.prepare(upload.read())
        except pictures.PictureRefused as exc:
            self.add_error("upload", str(exc))
            return data
        name = upload.name.rsplit(".", 1)[0][:200]
        asset = store_asset(raw, data["upload_licence"], name)
        data[self.picture_field] = asset
        # Shown as chosen when the page comes back with a message elsewhere.
        self.data = self.data.copy()
        self.data[self.add_prefix(self.picture_field)] = asset.sha256
        return data


@with_languages
class StepForm(PictureFormMixin):
    translated = {"text": ("Text", forms.Textarea, True),
                  "alt": ("Bildbeschreibung", forms.TextInput, False)}

    class Meta:
        model = Step
        fields = ["position", "text_de", "alt_de", "upload", "upload_licence", "image"]
        widgets = {"text_de": forms.Textarea(attrs={"rows": 3}),
                   "position": forms.HiddenInput(attrs={"class": "dq-position"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial["position"] = 0  # numbered by the page's script, else last

    def clean_text_de(self):
        return leichte_sprache(self.cleaned_data["text_de"])


class StepFormSet(forms.BaseInlineFormSet):
    """A topic marked "Fertig" is checked as a kiosk checks it: 1 to 12 steps, each with a
    picture; said on the step's picture field. A new step the page's script did not number
    (static/content/steps.js) comes last, not at 1."""

    def save_new(self, form, commit=True):
        step = super().save_new(form, commit=False)
        if "position" not in form.changed_data:
            last = self.instance.steps.aggregate(n=Max("position"))["n"] or 0
            step.position = last + 1
        if commit:
            step.save()
        return step

    def clean(self):
        super().clean()
        if getattr(self.instance, "status", Status.DRAFT) == Status.DRAFT:
            return
        steps = [f for f in self.forms if f.has_changed() or f.instance.pk]
        steps = [f for f in steps if not (self.can_delete and self._should_delete_form(f))]
        for form in steps:
            if not getattr(form, "cleaned_data", None):
                continue
            if not form.cleaned_data.get("image"):
                form.add_error("image", "Für „Fertig“ braucht jeder Schritt ein Bild. Bitte "
                                        "ein Bild hochladen oder als Entwurf speichern.")
        if self.instance.pk:  # steps the page did not send stay as they are
            sent = {f.instance.pk for f in self.forms if f.instance.pk}
            steps += list(self.instance.steps.exclude(pk__in=sent))
        if not 1 <= len(steps) <= MAX_STEPS:  # (the steps the page did not send counted too)
            raise forms.ValidationError(f"Ein fertiges Thema hat 1 bis {MAX_STEPS} Schritte, "
                                        f"dieses hat {len(steps)}.")


@with_languages
class TopicForm(TranslatedForm):
    """The topic's own fields: status (a new topic is a draft), quartiers (a manager's only
    among their own), translations with their status, and the optional bundle fields as a
    manager writes them (words with commas, a source a line)."""

    translated = {"title": ("Titel", forms.TextInput, False),
                  "summary": ("Kurzbeschreibung", forms.Textarea, True)}
    with_status = True
    status = forms.ChoiceField(
        label="Stand der Arbeit", widget=forms.RadioSelect, required=False,
        choices=[(Status.DRAFT, "Entwurf – noch nicht für die Kiosks"),
                 (Status.READY, "Fertig – kommt mit der nächsten Veröffentlichung")])
    keywords_text = forms.CharField(
        label="Suchwörter", required=False, max_length=2000,
        help_text="Weitere Wörter, mit denen man das Thema am Kiosk findet, mit Kommas "
                  "getrennt, z. B. „Überweisung, Bank, Konto“.")
    sources_text = forms.CharField(
        label="Quellen", required=False, max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Eine Quelle je Zeile: Name | Internet-Adresse, z. B. "
                  "„Verbraucherzentrale | https://www.verbraucherzentrale.de“.")

    class Meta:
        model = Topic
        fields = ["title_de", "slug", "category", "position", "summary_de", "status",
                  "quartiers", "checked"]
        widgets = {"quartiers": forms.CheckboxSelectMultiple,
                   "summary_de": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        topic = self.instance
        self.status_before = topic.status
        self.initial["status"] = (Status.DRAFT if topic.pk is None or topic.status == Status.DRAFT
                                  else Status.READY)
        if topic.pk:
            self.initial["keywords_text"] = ", ".join(topic.keywords)
            self.initial["sources_text"] = "\n".join(
                f"{s['title']} | {s['url']}" for s in topic.sources)
        for lang in LANGUAGES:
            self.initial.setdefault(f"status_{lang}",
                                    (topic.translation_status or {}).get(lang, ""))
        if "quartiers" in self.fields and user is not None and not sees_all(user):
            field = self.fields["quartiers"]
            field.queryset = own_quartiers(user)
            field.required = True
            field.help_text = "Die Kiosks dieser Quartiere bekommen das Thema."
            if topic.pk is None and field.queryset.count() == 1:
                self.initial["quartiers"] = list(field.queryset)

    @classmethod
    def translation_fields(cls) -> list[str]:
        return [name for lang in LANGUAGES
                for name in (f"title_{lang}", f"summary_{lang}", f"status_{lang}")]

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or self.initial["status"]

    def clean_keywords_text(self) -> list[str]:
        words = [w.strip() for w in self.cleaned_data["keywords_text"].split(",") if w.strip()]
        return bundle_rule(check_keywords, words, "Suchwörter")

    def clean_sources_text(self) -> list[dict[str, str]]:
        sources = []
        for n, line in enumerate(self.cleaned_data["sources_text"].splitlines(), 1):
            if not line.strip():
                continue
            if "|" not in line:
                raise forms.ValidationError(
                    f"Zeile {n}: bitte so schreiben: Name | Internet-Adresse")
            title, _bar, url = line.rpartition("|")
            sources.append({"title": title.strip(), "url": url.strip()})
        return bundle_rule(check_sources, sources, "Quellen")

    def clean_checked(self) -> str:
        month = self.cleaned_data["checked"].strip()
        return bundle_rule(check_checked, month, "Stand") if month else ""

    def clean_summary_de(self):
        return leichte_sprache(self.cleaned_data["summary_de"])

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if not releases.ID_RE.match(slug):
            raise forms.ValidationError("Nur Kleinbuchstaben, Ziffern und Bindestriche.")
        return slug

    def clean(self):
        data = super().clean()
        title = {"de": data.get("title_de", ""),
                 **{lang: data[f"title_{lang}"] for lang in LANGUAGES if data.get(f"title_{lang}")}}
        for lang, name in LANGUAGES.items():
            status = data.get(f"status_{lang}")
            if not status:
                continue
            try:
                check_translation_status({lang: status}, "Übersetzung", title)
            except BundleError:
                self.add_error(f"status_{lang}", f"Erst den Titel auf {name} eintragen, dann "
                                                 "den Stand der Übersetzung.")
        return data

    def save(self, commit=True):
        topic = self.instance
        topic.keywords = self.cleaned_data["keywords_text"]
        topic.sources = self.cleaned_data["sources_text"]
        topic.translation_status = {lang: self.cleaned_data[f"status_{lang}"]
                                    for lang in LANGUAGES if self.cleaned_data[f"status_{lang}"]}
        unchanged = not set(self.changed_data) - {"status"}
        if self.status_before == Status.PUBLISHED and topic.status == Status.READY and unchanged:
            topic.status = Status.PUBLISHED  # nothing new for the kiosks
        return super().save(commit)


@with_languages
class CategoryForm(PictureFormMixin):
    translated = {"title": ("Titel", forms.TextInput, False)}
    picture_field = "icon"

    class Meta:
        model = Category
        fields = ["title_de", "slug", "position", "upload", "upload_licence", "icon"]


class AssetForm(CleanTextForm):
    """A picture for the collection: uploaded (decoded, shrunk) with its name and licence."""

    upload = forms.FileField(label="Bild", required=False,
                             help_text=PictureFormMixin.base_fields["upload"].help_text)

    class Meta:
        model = Asset
        fields = ["name", "licence"]

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if self.instance._state.adding and not upload:
            self.add_error("upload", "Bitte ein Bild auswählen.")
        elif upload:
            try:
                data["_prepared"] = pictures.prepare(upload.read())
            except pictures.PictureRefused as exc:
                self.add_error("upload", str(exc))
            if not data.get("name"):
                data["name"] = upload.name.rsplit(".", 1)[0][:200]
        return data

    def save(self, commit=True):
        if self.cleaned_data.get("_prepared"):
            raw, _media_type = self.cleaned_data["_prepared"]
            return store_asset(raw, self.cleaned_data["licence"], self.cleaned_data["name"])
        return super().save(commit)
