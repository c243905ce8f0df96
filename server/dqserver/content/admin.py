"""Admin (German) of the content: topics with their steps (drafts, revisions, a kiosk preview),
categories, the picture collection, and releases (publish, and back to an earlier one).

A manager sees the topics for every quartier and those of their own quartiers, and changes only
the latter (a topic for every quartier is the district's: one manager's edit must not reach
another quartier's kiosks). Every save is a revision (django-reversion) with the topic's steps.
"""

from __future__ import annotations

import json
from contextvars import ContextVar

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin
from reversion.models import Version

from dqserver.kiosks.scoping import own_quartiers, sees_all

from . import releases
from .forms import AssetForm, CategoryForm, StepForm, StepFormSet, TopicForm, live_problem
from .models import Asset, Category, ContentRelease, Status, Step, Topic
from .revisions import history


def thumbnail(asset: Asset | None, height: int = 120):
    if asset is None:
        return "–"
    url = reverse("asset-preview", args=[asset.sha256])
    return format_html('<img src="{}" style="max-height:{}px;max-width:200px" alt="">', url,
                       height)


def topic_link(topic: Topic):
    return format_html('<a href="{}">{}</a>',
                       reverse("admin:content_topic_change", args=[topic.pk]), topic.title_de)


def may_change(user, topic: Topic | None) -> bool:
    """A district admin every topic, a manager those for their own quartiers only."""
    return topic is None or releases.may_publish(user, topic)


class StepInline(admin.StackedInline):
    model = Step
    form = StepForm
    formset = StepFormSet
    extra = 1
    fieldsets = [(None, {"fields": ["position", "text_de", "alt_de", "image", "upload",
                                    "upload_licence"]}),
                 ("Übersetzungen", {"classes": ["collapse"],
                                    "fields": StepForm.translation_fields()})]

    def has_change_permission(self, request, obj=None):
        return may_change(request.user, obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return may_change(request.user, obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """Whoever may change the topic may delete its steps (a revision keeps them)."""
        return may_change(request.user, obj) and super().has_change_permission(request, obj)


class TopicAdmin(VersionAdmin):
    form = TopicForm
    list_display = ["title_de", "category", "status_badge", "for_quartiers", "step_count",
                    "changed"]
    list_filter = ["status", "category"]
    search_fields = ["title_de", "summary_de", "slug"]
    prepopulated_fields = {"slug": ["title_de"]}
    inlines = [StepInline]
    actions = ["publish"]
    change_form_template = "admin/content/topic/change_form.html"
    object_history_template = "admin/content/topic/object_history.html"
    history_latest_first = True

    def get_fieldsets(self, request, obj=None):
        main = ["title_de", "slug", "category", "position", "summary_de", "status", "quartiers"]
        return [(None, {"fields": main}),
                ("Übersetzungen", {"classes": ["collapse"],
                                   "fields": TopicForm.translation_fields()}),
                ("Suche und Quellen", {"classes": ["collapse"],
                                       "fields": ["keywords_text", "checked", "sources_text"]})]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class WithUser(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=request.user, **kw)
        return WithUser

    def get_queryset(self, request):
        qs = super().get_queryset(request).prefetch_related("quartiers").annotate(
            steps_n=Count("steps", distinct=True))
        if sees_all(request.user):
            return qs
        return qs.filter(Q(quartiers=None) | Q(quartiers__managers=request.user)).distinct()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        """Whoever may change a topic may delete it (it can be recovered from its revisions)."""
        return super().has_change_permission(request, obj) and may_change(request.user, obj)

    @admin.display(description="Stand", ordering="status")
    def status_badge(self, obj: Topic):
        colours = {Status.DRAFT: "#8a6d00", Status.READY: "#0b3d91", Status.PUBLISHED: "#2e7d32"}
        label = obj.get_status_display()
        if obj.status == Status.DRAFT and obj.published_json:
            label += " (am Kiosk: die veröffentlichte Fassung)"
        return format_html('<strong style="color:{}">{}</strong>', colours[obj.status], label)

    @admin.display(description="Für")
    def for_quartiers(self, obj: Topic) -> str:
        names = [q.name for q in obj.quartiers.all()]
        return ", ".join(names) if names else "alle Quartiere"

    @admin.display(description="Merkblatt")
    def sheet_link(self, obj: Topic):
        """The topic's A4 sheet for the senior to take home (dqserver/sheets)."""
        return format_html('<a href="{}" target="_blank">Merkblatt (PDF)</a>',
                           reverse("topic-sheet", args=[obj.pk]))

    def get_list_display(self, request):
        return [*super().get_list_display(request), "sheet_link"]

    @admin.display(description="Geändert", ordering="updated_at")
    def changed(self, obj) -> str:
        return f"{timezone.localtime(obj.updated_at):%d.%m.%Y}"

    @admin.display(description="Schritte", ordering="steps_n")
    def step_count(self, obj):
        return obj.steps_n

    @admin.action(description="Veröffentlichen (alle fertigen Themen als neue Version)")
    def publish(self, request, queryset):
        publish_and_report(request)

    def save_related(self, request, form, formsets, change):
        """Changed steps of a published topic make it "Fertig" again; a topic marked "Fertig"
        that a kiosk would still refuse (the one validator on the whole topic) stays a draft,
        with the reasons."""
        super().save_related(request, form, formsets, change)
        topic = form.instance
        if topic.status == Status.PUBLISHED and any(f.has_changed() for f in formsets):
            topic.status = Status.READY
            Topic.objects.filter(pk=topic.pk).update(status=Status.READY)
        if topic.status == Status.READY:
            topic.refresh_from_db()
            problems = releases.topic_problems(topic)
            if problems:
                Topic.objects.filter(pk=topic.pk).update(status=Status.DRAFT)
                messages.warning(request, "Als Entwurf gespeichert, denn ein Kiosk würde es so "
                                          "nicht nehmen: " + " | ".join(problems[:5]))

    def get_urls(self):
        return [path("<int:pk>/vorschau/", self.admin_site.admin_view(self.preview_view),
                     name="content_topic_preview"),
                path("schrift/<str:weight>.ttf", self.admin_site.admin_view(font),
                     name="content_topic_font"),
                path("pruefen/", self.admin_site.admin_view(check_field),
                     name="content_topic_check")] + super().get_urls()

    def preview_view(self, request, pk: int):
        from .preview import preview_context  # the kiosk's theme and fonts (see font())

        topic = get_object_or_404(self.get_queryset(request), pk=pk)
        scale = 1 if request.GET.get("scale") == "1" else 0.5  # 1: the kiosk's own pixels
        return TemplateResponse(request, "admin/content/topic/preview.html", {
            **self.admin_site.each_context(request), "title": f"Vorschau: {topic.title_de}",
            "topic": topic, "opts": Topic._meta, "original": topic,
            **preview_context(topic, scale)})

    def history_view(self, request, object_id, extra_context=None):
        topic = get_object_or_404(self.get_queryset(request), pk=object_id)
        return super().history_view(request, object_id, {
            **(extra_context or {}), "revisions": history(topic)})

    def recoverlist_view(self, request, extra_context=None):
        request.dq_recovering = True
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        request.dq_recovering = True
        if not self._reversion_order_version_queryset(
                request, Version.objects.filter(pk=version_id)).exists():
            raise Http404("Diese Fassung gibt es nicht.")
        return super().recover_view(request, version_id, extra_context)

    def _reversion_order_version_queryset(self, request, queryset):
        """Deleted topics a manager may recover: only those of their own quartiers (their
        titles are not shown to managers of other quartiers)."""
        queryset = super()._reversion_order_version_queryset(request, queryset)
        if not getattr(request, "dq_recovering", False) or sees_all(request.user):
            return queryset
        mine = set(own_quartiers(request.user).values_list("pk", flat=True))
        allowed = [v.pk for v in queryset
                   if (chosen := set(v.field_dict.get("quartiers") or ())) and chosen <= mine]
        return queryset.filter(pk__in=allowed)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        get_object_or_404(self.get_queryset(request), pk=object_id)
        return super().revision_view(request, object_id, version_id, extra_context)


admin.site.register(Topic, TopicAdmin)


def check_field(request):
    """A field's text checked while the manager types (static/content/steps.js)."""
    field, value = request.GET.get("feld", "")[:100], request.GET.get("wert", "")[:5000]
    return JsonResponse({"fehler": live_problem(field, value)})


def font(request, weight: str):
    """The kiosk's font for the preview (the admin's pages only). Imported here, not with the
    admin: the fonts come with the kiosk's packages, which the server's install must have for
    the preview (pyproject.toml's server extra)."""
    from .preview import FONTS

    if weight not in FONTS:
        raise Http404("Unbekannte Schrift.")
    response = FileResponse(FONTS[weight].open("rb"), content_type="font/ttf")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def publish_and_report(request) -> list[ContentRelease]:
    """Publish for the user's audience and say what happened, naming each topic left out with a
    link to fix it."""
    try:
        result = releases.publish_releases(request.user)
    except releases.ManifestError as exc:
        messages.error(request, "Nicht veröffentlicht: " + " | ".join(exc.errors[:20]))
        return []
    for release in result.releases:
        names = ", ".join(q.name for q in release.quartiers.all()) or "alle Quartiere"
        messages.success(request, f"Version {release.number} für {names} ist veröffentlicht. "
                                  "Die Kiosks laden sie bei der nächsten Verbindung.")
    for topic, problems in result.left_out:
        messages.warning(request, format_html(
            "Nicht dabei: {} – {} <a href=\"{}\">Jetzt verbessern</a>", topic.title_de,
            problems[0], reverse("admin:content_topic_change", args=[topic.pk])))
    return result.releases


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = ["title_de", "slug", "position", "icon_preview"]
    prepopulated_fields = {"slug": ["title_de"]}
    readonly_fields = ["icon_preview"]

    def get_fieldsets(self, request, obj=None):
        return [(None, {"fields": ["title_de", "slug", "position", "icon", "icon_preview",
                                   "upload", "upload_licence"]}),
                ("Übersetzungen", {"classes": ["collapse"],
                                   "fields": CategoryForm.translation_fields()})]

    @admin.display(description="Symbol")
    def icon_preview(self, obj):
        return thumbnail(obj.icon, 60)


@admin.register(ContentRelease)
class ContentReleaseAdmin(admin.ModelAdmin):
    list_display = ["number", "for_quartiers", "created_at", "created_by", "topic_count",
                    "restored", "restore_button"]
    readonly_fields = ["number", "for_quartiers", "created_at", "created_by", "restored",
                       "manifest_pretty"]
    fields = readonly_fields
    change_list_template = "admin/content/contentrelease/change_list.html"

    def get_queryset(self, request):
        qs = super().get_queryset(request).prefetch_related("quartiers")
        if sees_all(request.user):
            return qs
        return qs.filter(Q(quartiers=None) | Q(quartiers__managers=request.user)).distinct()

    @admin.display(description="Für")
    def for_quartiers(self, obj) -> str:
        return ", ".join(q.name for q in obj.quartiers.all()) or "alle Quartiere"

    @admin.display(description="Themen")
    def topic_count(self, obj):
        return len(json.loads(obj.manifest_json).get("topics", []))

    @admin.display(description="Inhalt von")
    def restored(self, obj) -> str:
        return f"Version {obj.restored_from}" if obj.restored_from else "–"

    @admin.display(description="Zurück zu dieser Version")
    def restore_button(self, obj):
        url = reverse("admin:content_contentrelease_restore", args=[obj.pk])
        return format_html('<a class="button" href="{}">Diese Version wieder verwenden</a>', url)

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
                     name="content_contentrelease_publish"),
                path("<int:pk>/wieder-verwenden/", self.admin_site.admin_view(self.restore_view),
                     name="content_contentrelease_restore")] + super().get_urls()

    def _may_publish(self, request) -> bool:
        if request.user.has_perm("content.change_topic"):
            return True
        messages.error(request, "Keine Berechtigung zum Veröffentlichen.")
        return False

    def publish_view(self, request):
        if not self._may_publish(request):
            pass
        elif request.method == "POST":
            publish_and_report(request)
        else:
            topics = TopicAdmin(Topic, self.admin_site).get_queryset(request)
            return TemplateResponse(request, "admin/content/contentrelease/publish.html", {
                **self.admin_site.each_context(request), "title": "Veröffentlichen",
                "opts": ContentRelease._meta,
                "ready": [t for t in topics if t.status == Status.READY
                          and releases.may_publish(request.user, t)],
                "drafts": topics.filter(status=Status.DRAFT).count(),
                "published": topics.filter(status=Status.PUBLISHED).count(),
                "audience": ", ".join(q.name for q in own_quartiers(request.user))
                if not sees_all(request.user) else "alle Quartiere"})
        return HttpResponseRedirect(reverse("admin:content_contentrelease_changelist"))

    def restore_view(self, request, pk: int):
        """One action back: the release's content again, as the next release."""
        release = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self._may_publish(request):
            pass
        elif request.method == "POST":
            try:
                new = releases.restore(release, request.user)
            except releases.ManifestError as exc:
                messages.error(request, " ".join(exc.errors))
            else:
                messages.success(request, f"Version {new.number} ist veröffentlicht, mit dem "
                                          f"Inhalt von Version {release.number}. Die Kiosks "
                                          "laden sie bei der nächsten Verbindung.")
        else:
            return TemplateResponse(request, "admin/content/contentrelease/restore.html", {
                **self.admin_site.each_context(request), "opts": ContentRelease._meta,
                "title": f"Zurück zu Version {release.number}", "release": release,
                "topics": json.loads(release.manifest_json)["topics"],
                "for_quartiers": self.for_quartiers(release)})
        return HttpResponseRedirect(reverse("admin:content_contentrelease_changelist"))


#: The user whose page is being drawn: the picture list's "Verwendet in" names only their topics.
CURRENT_USER: ContextVar = ContextVar("CURRENT_USER")


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    """The picture collection: by name, with where each picture is used; a picture no topic,
    category or release uses may be deleted."""

    form = AssetForm
    ordering = ["-created_at"]
    list_display_links = ["picture_small", "name"]
    search_fields = ["name", "licence"]

    list_display = ["picture_small", "name", "licence", "used_in", "created_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["upload", "name", "licence"]
        return ["picture", "name", "licence", "used_in", "size_kb", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["picture", "used_in", "size_kb", "created_at"]

    def changeform_view(self, request, *args, **kwargs):
        CURRENT_USER.set(request.user)
        return super().changeform_view(request, *args, **kwargs)

    def changelist_view(self, request, extra_context=None):
        CURRENT_USER.set(request.user)
        return super().changelist_view(request, extra_context)

    @admin.display(description="Verwendet in")
    def used_in(self, obj):
        """Where the picture is used; topics the user may not see stay unnamed."""
        topics, categories, in_releases = uses(obj, CURRENT_USER.get())
        parts = [topic_link(t) for t in topics]
        parts += [format_html("Symbol von {}", c.title_de) for c in categories]
        if in_releases:
            parts.append(format_html("{} veröffentlichte Version(en)", in_releases))
        return format_html_join(", ", "{}", ((p,) for p in parts)) if parts else "nirgends"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data")

    @admin.display(description="Bild")
    def picture_small(self, obj):
        return thumbnail(obj, 60)

    @admin.display(description="Vorschau")
    def picture(self, obj):
        return thumbnail(obj, 300)

    @admin.display(description="Größe")
    def size_kb(self, obj) -> str:
        return f"{obj.size / 1024:.0f} kB ({obj.media_type})"

    def has_delete_permission(self, request, obj=None):
        """Only a picture nothing uses: a step or category, or a release (kept for going back
        to it)."""
        if obj is None:
            return super().has_change_permission(request)
        return super().has_change_permission(request, obj) and not any(uses(obj, request.user))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, each checked for use
        return actions


def uses(asset: Asset, user) -> tuple:
    """(topics the user sees, categories, how many releases) using ``asset``."""
    topics = Topic.objects.filter(steps__image=asset)
    if not sees_all(user):
        topics = topics.filter(Q(quartiers=None) | Q(quartiers__managers=user))
    return (list(topics.distinct()), list(Category.objects.filter(icon=asset)),
            asset.releases.count())
