"""The programme report's downloads, behind the admin's login (and its second factor)."""

from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("bericht.csv", admin.site.admin_view(views.report_csv), name="stats-report-csv"),
    path("bericht.pdf", admin.site.admin_view(views.report_pdf), name="stats-report-pdf"),
]
