"""The admin's second factor: a code from an authenticator app (TOTP, django-otp).

Everyone who uses the admin — Quartiersmanager and district admins — logs in with password and
code. Someone whose account has no app yet is led, right after the password, to a page that
shows a QR code to scan and asks for the first code; until then no other admin page opens. A
wrong or missing code counts as a failed login for django-axes, like a wrong password.
"""

from __future__ import annotations

from base64 import b32encode

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice

WRONG_CODE = ("Der Code stimmt nicht. Bitte den Code eingeben, den die App jetzt zeigt (er "
              "wechselt alle 30 Sekunden).")


def code_field(label: str, required: bool, help_text: str) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=10, help_text=help_text,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                         "inputmode": "numeric"}))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def needs_setup(user) -> bool:
    """Logged in with the password, allowed in the admin, but no authenticator app yet."""
    return (user.is_authenticated and user.is_active and user.is_staff
            and not user.is_verified() and confirmed_device(user) is None)


def check_code(request: HttpRequest, user, device: TOTPDevice, code: str) -> str | None:
    """Try one code; None if it is right, else what to tell the person. A wrong or missing code
    is a failed login, so django-axes locks the account after too many; django-otp also makes
    every further wrong code wait twice as long as the last."""
    code = code.replace(" ", "")
    if code and not device.verify_is_allowed()[0]:
        problem = ("Zu viele falsche Codes. Bitte eine Minute warten und dann den neuen Code "
                   "eingeben.")
    elif code and django_otp.verify_token(user, device.persistent_id, code):
        return None
    else:
        problem = WRONG_CODE if code else ("Bitte auch den Code aus Ihrer Authenticator-App "
                                           "eingeben.")
    user_login_failed.send(sender=__name__, request=request,
                           credentials={"username": user.get_username()})
    return problem


class LoginForm(AdminAuthenticationForm):
    otp_token = code_field(
        "Code aus der Authenticator-App", required=False,
        help_text="Beim allerersten Anmelden leer lassen: dann richten Sie die App ein.")

    def clean(self):
        data = super().clean()  # the password (and django-axes' lockout) first
        user = self.get_user()
        device = confirmed_device(user)
        if device is None:
            return data  # first login: the set-up page comes next
        if problem := check_code(self.request, user, device, data.get("otp_token") or ""):
            raise forms.ValidationError(problem, code="otp")
        user.otp_device = device  # django-otp marks the session as verified at login
        return data


class SetupForm(forms.Form):
    code = code_field("Erster Code aus der App", required=True,
                      help_text="Die 6 Ziffern, die die App nach dem Scannen zeigt.")


@never_cache
def setup_view(request: HttpRequest, site) -> HttpResponse:
    """Show the QR code of a new TOTP key and turn it on once the app's first code is right."""
    if not needs_setup(request.user):
        return HttpResponseRedirect(reverse("admin:index", current_app=site.name))
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or \
        TOTPDevice.objects.create(user=user, name="Authenticator-App", confirmed=False)
    form = SetupForm(request.POST or None)
    if form.is_valid():
        if not (problem := check_code(request, user, device, form.cleaned_data["code"])):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            messages.success(request, "Die Zwei-Faktor-Anmeldung ist eingerichtet. Ab jetzt "
                                      "melden Sie sich mit Passwort und dem Code aus der App an.")
            return HttpResponseRedirect(reverse("admin:index", current_app=site.name))
        form.add_error("code", problem)
    secret = b32encode(device.bin_key).decode()
    return TemplateResponse(request, "admin/dqserver/twofactor_setup.html", {
        **site.each_context(request),
        "title": "Zwei-Faktor-Anmeldung einrichten",
        "form": form,
        "qr_svg": mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=5)),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
    })


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked account: a German admin page, 429 with Retry-After."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    html = render_to_string("admin/dqserver/locked_out.html", {
        **admin.site.each_context(request), "title": "Anmeldung gesperrt",
        "cooloff_minutes": seconds // 60}, request=request)
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(seconds)
    return response


def client_address(request: HttpRequest) -> str | None:
    """The browser's address for django-axes: behind the TLS proxy, the X-Forwarded-For entry
    the proxy added last (anything before it the browser may have made up)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.DQ_BEHIND_TLS_PROXY and forwarded:
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR")
