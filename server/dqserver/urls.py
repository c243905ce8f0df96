from django.contrib import admin
from django.urls import include, path

from . import healthz, source
from .adminsite import old_admin_page
from .api import api
from .bookings import ical
from .content import views as content_views

urlpatterns = [
    path("admin/bild/<str:sha256>/", content_views.asset_preview, name="asset-preview"),
    # Bookmarks of the admin before the split into apps (issue 15).
    path("admin/dqserver/", old_admin_page),
    path("admin/dqserver/<str:model>/", old_admin_page),
    path("admin/dqserver/<str:model>/<path:rest>", old_admin_page),
    path("admin/programmzahlen/", include("dqserver.stats.urls")),
    path("admin/merkblatt/", include("dqserver.sheets.urls")),  # a topic's A4 sheet (PDF)
    path("admin/", include("dqserver.people.urls")),  # "Passwort vergessen?" by e-mail
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", healthz.healthz, name="healthz"),
    path("quelltext.tar.gz", source.source_archive, name="source-archive"),
    path("kalender/<str:secret>.ics", ical.helper_calendar, name="helper-calendar"),
]
