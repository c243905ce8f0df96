"""The admin site: every page needs a password and a code from an authenticator app (TOTP).

Installed in place of ``django.contrib.admin`` (``DqAdminConfig``), so ``admin.site`` and every
``@admin.register`` use it. Loaded while Django sets up its apps: nothing here imports a model at
module level (the login form and the set-up page live in :mod:`dqserver.twofactor`).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache


class DqAdminSite(admin.AdminSite):
    site_header = "DigiQuartier – Verwaltung"
    site_title = "DigiQuartier"
    index_title = "Inhalte, Termine und Kiosks"
    site_url = None  # no "Website anzeigen": the server has no public site (an English 404)
    login_template = "admin/dqserver/login.html"

    def has_permission(self, request) -> bool:
        """Staff who logged in with the second factor (``OTPMiddleware`` sets is_verified)."""
        return super().has_permission(request) and request.user.is_verified()

    @property
    def login_form(self):
        from .twofactor import LoginForm

        return LoginForm

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        from .twofactor import needs_setup

        if needs_setup(request.user):  # password right, no app yet: set it up first
            return HttpResponseRedirect(reverse("admin:twofactor_setup", current_app=self.name))
        return super().login(request, extra_context)

    def index(self, request, extra_context=None):
        """The start page: the programme's dashboard and today's state (dqserver/stats), the
        list of sections below it."""
        from .stats.views import dashboard_context

        return super().index(request, {**dashboard_context(request), **(extra_context or {})})

    index_template = "admin/stats/index.html"

    def get_urls(self):
        from .twofactor import setup_view

        return [path("zwei-faktor/", setup_view, {"site": self}, name="twofactor_setup"),
                *super().get_urls()]


MOVED_TO = ("content", "kiosks", "bookings")  # the apps the one-app server split into


def old_admin_page(request: HttpRequest, model: str = "", rest: str = ""):
    """A page of the admin before the split into apps (``/admin/dqserver/<model>/…``, in
    managers' bookmarks): moved for good to the page of the model's app now."""
    if not model:
        return HttpResponsePermanentRedirect(reverse("admin:index"))
    found = [m for label in MOVED_TO for m in apps.get_app_config(label).get_models()
             if m._meta.model_name == model]
    if not found:
        raise Http404("Diese Seite gibt es nicht.")
    url = f"{reverse('admin:index')}{found[0]._meta.app_label}/{model}/{rest}"
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


class DqAdminConfig(AdminConfig):
    default_site = "dqserver.adminsite.DqAdminSite"
