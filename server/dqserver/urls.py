from django.contrib import admin
from django.urls import path

from . import admin_views, healthz, ical
from .api import api

urlpatterns = [
    path("admin/bild/<str:sha256>/", admin_views.asset_preview, name="asset-preview"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", healthz.healthz, name="healthz"),
    path("kalender/<str:secret>.ics", ical.helper_calendar, name="helper-calendar"),
]
