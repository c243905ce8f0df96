"""Admin (German) of the content: topics with their steps and pictures, categories, publishing
a release (every manager may publish; releases are never changed or deleted)."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from kiosk.bundle import BundleError, check_checked, check_keywords, check_sources

from dqserver.textfields import CleanTextForm

from . import releases
from .models import Asset, Category, ContentRelease, Step, Topic, store_asset


def preview(asset: Asset | None):
    if asset is None:
        return "–"
    url = reverse("asset-preview", args=[asset.sha256])
    return format_html('<img src="{}" style="max-height:120px;max-width:200px" alt="">', url)


def _bundle_rule(rule, value, label: str):
    """``value`` if the kiosk's rule takes it, else its message on the form field."""
    try:
        rule(value, label)
    except BundleError as exc:
        raise forms.ValidationError(str(exc)) from exc
    return value


def leichte_sprache(text: str) -> str:
    """The form field check for Leichte Sprache: no sentence longer than the bundle allows."""
    long = releases.too_long_sentences(text)
    if long:
        raise forms.ValidationError(
            f"Leichte Sprache: höchstens {releases.MAX_WORDS_PER_SENTENCE} Wörter je Satz. "
            f"Zu lang: „{long[0][:60]}…“")
    return text


class PictureFormMixin(CleanTextForm):
    upload = forms.FileField(label="Bild hochladen (PNG oder JPEG)", required=False)
    upload_licence = forms.CharField(label="Lizenz des Bildes", required=False, max_length=200,
                                     help_text="z. B. „CC BY 4.0, DigiQuartier-Team“")
    picture_field = "image"

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload:
            raw = upload.read()
            if len(raw) > 5 * 1024 * 1024:
                raise forms.ValidationError("Das Bild ist größer als 5 MB.")
            if not data.get("upload_licence"):
                self.add_error("upload_licence", "Bitte die Lizenz des Bildes angeben.")
                return data
            try:
                data["_asset"] = store_asset(raw, data["upload_licence"])
            except ValueError as exc:
                self.add_error("upload", str(exc))
        return data

    def save(self, commit=True):
        obj = super().save(commit=False)
        if self.cleaned_data.get("_asset"):
            setattr(obj, self.picture_field, self.cleaned_data["_asset"])
        if commit:
            obj.save()
            self.save_m2m()
        return obj


class StepForm(PictureFormMixin):
    class Meta:
        model = Step
        fields = ["position", "text_de", "alt_de", "upload", "upload_licence", "image",
                  "translations"]
        widgets = {"text_de": forms.Textarea(attrs={"rows": 3}),
                   "translations": forms.Textarea(attrs={"rows": 2})}

    def clean_text_de(self):
        return leichte_sprache(self.cleaned_data["text_de"])


class StepInline(admin.StackedInline):
    model = Step
    form = StepForm
    extra = 1
    readonly_fields = ["picture"]
    raw_id_fields = ["image"]

    @admin.display(description="Vorschau")
    def picture(self, obj):
        return preview(obj.image)


class TopicForm(CleanTextForm):
    """The optional bundle fields as a manager writes them (words with commas, a source a line),
    checked by the kiosk's own rules (kiosk/bundle.py)."""

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
        exclude = ["keywords", "sources"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["keywords_text"] = ", ".join(self.instance.keywords)
            self.initial["sources_text"] = "\n".join(
                f"{s['title']} | {s['url']}" for s in self.instance.sources)

    def clean_keywords_text(self) -> list[str]:
        words = [w.strip() for w in self.cleaned_data["keywords_text"].split(",") if w.strip()]
        return _bundle_rule(check_keywords, words, "Suchwörter")

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
        return _bundle_rule(check_sources, sources, "Quellen")

    def clean_checked(self) -> str:
        month = self.cleaned_data["checked"].strip()
        return _bundle_rule(check_checked, month, "Stand") if month else ""

    def save(self, commit=True):
        self.instance.keywords = self.cleaned_data["keywords_text"]
        self.instance.sources = self.cleaned_data["sources_text"]
        return super().save(commit)

    def clean_summary_de(self):
        return leichte_sprache(self.cleaned_data["summary_de"])

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if not releases.ID_RE.match(slug):
            raise forms.ValidationError("Nur Kleinbuchstaben, Ziffern und Bindestriche.")
        return slug


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = TopicForm
    list_display = ["title_de", "category", "position", "active", "step_count", "updated_at"]
    list_filter = ["category", "active"]
    search_fields = ["title_de", "summary_de", "slug"]
    prepopulated_fields = {"slug": ["title_de"]}
    inlines = [StepInline]
    actions = ["publish"]

    @admin.display(description="Schritte")
    def step_count(self, obj):
        return obj.steps.count()

    @admin.action(description="Veröffentlichen (alle aktiven Themen als neue Version)")
    def publish(self, request, queryset):
        publish_and_report(request)


def publish_and_report(request) -> ContentRelease | None:
    try:
        release = releases.publish(request.user)
    except releases.ManifestError as exc:
        messages.error(request, "Nicht veröffentlicht: " + " | ".join(exc.errors[:20]))
        return None
    messages.success(request, f"Version {release.number} ist veröffentlicht. Die Kiosks laden "
                              "sie bei der nächsten Verbindung.")
    return release


class CategoryForm(PictureFormMixin):
    picture_field = "icon"

    class Meta:
        model = Category
        fields = ["slug", "position", "title_de", "upload", "upload_licence", "icon",
                  "translations"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = ["title_de", "slug", "position", "icon_preview"]
    prepopulated_fields = {"slug": ["title_de"]}
    readonly_fields = ["icon_preview"]
    raw_id_fields = ["icon"]

    @admin.display(description="Symbol")
    def icon_preview(self, obj):
        return preview(obj.icon)


@admin.register(ContentRelease)
class ContentReleaseAdmin(admin.ModelAdmin):
    list_display = ["number", "created_at", "created_by", "topic_count"]
    readonly_fields = ["number", "created_at", "created_by", "manifest_pretty"]
    fields = readonly_fields
    change_list_template = "admin/content/contentrelease/change_list.html"

    @admin.display(description="Themen")
    def topic_count(self, obj):
        return len(json.loads(obj.manifest_json).get("topics", []))

    @admin.display(description="Manifest")
    def manifest_pretty(self, obj):
        return format_html("<pre style='max-height:40em;overflow:auto'>{}</pre>",
                           obj.manifest_json)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [path("veroeffentlichen/", self.admin_site.admin_view(self.publish_view),
                     name="content_contentrelease_publish")] + super().get_urls()

    def publish_view(self, request):
        if not request.user.has_perm("content.change_topic"):
            messages.error(request, "Keine Berechtigung zum Veröffentlichen.")
        elif request.method == "POST":
            publish_and_report(request)
        else:
            return TemplateResponse(request, "admin/content/contentrelease/publish.html",
                                    {**self.admin_site.each_context(request),
                                     "title": "Veröffentlichen",
                                     "topics": Topic.objects.filter(active=True).count()})
        return HttpResponseRedirect(reverse("admin:content_contentrelease_changelist"))


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["sha256", "media_type", "size", "licence", "picture"]
    readonly_fields = ["sha256", "media_type", "size", "picture", "created_at"]
    fields = ["sha256", "media_type", "size", "licence", "picture", "created_at"]
    search_fields = ["sha256", "licence"]

    @admin.display(description="Vorschau")
    def picture(self, obj):
        return preview(obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
