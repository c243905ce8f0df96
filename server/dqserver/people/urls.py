"""Password reset by e-mail, under the admin's address, with the admin's (German) pages."""

from django.contrib import admin
from django.contrib.auth import views
from django.urls import path, reverse_lazy

HEADER = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}

urlpatterns = [
    path("passwort-vergessen/", views.PasswordResetView.as_view(
        extra_context=HEADER, email_template_name="people/reset_email.txt",
        subject_template_name="people/reset_subject.txt",
        success_url=reverse_lazy("password_reset_done")), name="admin_password_reset"),
    path("passwort-vergessen/gesendet/", views.PasswordResetDoneView.as_view(
        extra_context=HEADER), name="password_reset_done"),
    path("passwort-setzen/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(
        extra_context=HEADER), name="password_reset_confirm"),
    path("passwort-setzen/fertig/", views.PasswordResetCompleteView.as_view(
        extra_context=HEADER), name="password_reset_complete"),
]
