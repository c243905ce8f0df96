"""Issue #13, the admin's login: lockout, the second factor, idle sessions, deploy checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from dqserver.content.models import Asset

from tests.server.conftest import admin_login

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "ein-langes-passwort-fuer-tests"
LOGIN = "/admin/login/?next=/admin/"


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def chefin(db):
    return User.objects.create_superuser("chefin", "", PASSWORD)


@pytest.fixture
def app(chefin):
    return TOTPDevice.objects.create(user=chefin, name="Handy", confirmed=True)


def log_in(client: Client, password: str = PASSWORD, code: str = "", username="chefin"):
    return client.post(LOGIN, {"username": username, "password": password, "otp_token": code})


def can_use_admin(client: Client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


def test_wrong_passwords_lock_the_account(client, app):
    """Before: 40 wrong passwords, then the right one was accepted."""
    for _ in range(4):
        assert log_in(client, "falsch").status_code == 200
    assert log_in(client, "falsch").status_code == 429  # the fifth locks
    response = log_in(client, code=current_code(app))
    assert response.status_code == 429
    assert "Zu viele falsche Anmeldeversuche" in response.content.decode()
    assert response["Retry-After"] == str(15 * 60)
    assert not can_use_admin(client)
    # Another browser (another address) is locked out of this account too.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert log_in(other, code=current_code(app)).status_code == 429


def test_wrong_codes_count_like_wrong_passwords(client, app):
    assert "Der Code stimmt nicht" in log_in(client, code="000000").content.decode()
    for _ in range(3):  # django-otp makes each further code wait twice as long (1 s, 2 s, …)
        response = log_in(client, code="000000")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Der Code stimmt nicht" in html or "Zu viele falsche Codes" in html
    assert log_in(client, code="000000").status_code == 429
    assert log_in(client, code=current_code(app)).status_code == 429


def test_login_needs_password_and_code(client, app):
    response = log_in(client)
    assert response.status_code == 200
    assert "Bitte auch den Code aus Ihrer Authenticator-App eingeben." in response.content.decode()
    assert not can_use_admin(client)
    response = log_in(client, code=current_code(app))
    assert response.status_code == 302 and response.url == "/admin/"
    assert can_use_admin(client)


@pytest.mark.parametrize("superuser", [True, False], ids=["district-admin", "manager"])
def test_first_login_sets_up_the_app_with_a_qr_code(client, db, superuser):
    user = User.objects.create_user("neu", "", PASSWORD, is_staff=True, is_superuser=superuser)
    response = log_in(client, username="neu")
    assert response.status_code == 302
    setup = reverse("admin:twofactor_setup")
    assert client.get(response.url, follow=True).redirect_chain[-1][0] == setup
    assert not can_use_admin(client)  # nothing else opens before it is done
    page = client.get(setup)
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "Authenticator-App" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url
    response = client.post(setup, {"code": "000000"})
    assert "Der Code stimmt nicht" in response.content.decode() and not can_use_admin(client)
    assert client.get(setup).context["secret"] == page.context["secret"]  # the same key
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(setup, {"code": current_code(device)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert "Zwei-Faktor-Anmeldung ist eingerichtet" in response.content.decode()
    assert TOTPDevice.objects.get(user=user).confirmed and can_use_admin(client)
    # From now on the code is asked for at every login.
    client.logout()
    assert "Bitte auch den Code" in log_in(client, username="neu").content.decode()


def test_a_password_only_session_sees_no_admin_page_and_no_picture(client, chefin, app):
    client.force_login(chefin)  # password checked, no code
    assert not can_use_admin(client)
    asset = Asset.objects.create(sha256="a" * 64, data=b"\x89PNG\r\n\x1a\n", size=8,
                                 media_type="image/png", licence="CC0")
    preview = reverse("asset-preview", args=[asset.sha256])
    assert client.get(preview).status_code == 302
    admin_login(client, chefin)
    assert client.get(preview).status_code == 200


def test_an_idle_session_expires_and_activity_keeps_it(client, chefin):
    admin_login(client, chefin)
    assert can_use_admin(client)
    key = client.session.session_key
    expires = Session.objects.get(session_key=key).expire_date
    assert timedelta(minutes=29) < expires - timezone.now() <= timedelta(minutes=30)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now()
                                                   + timedelta(minutes=1))
    assert can_use_admin(client)  # a click moves the end on by 30 minutes again
    expires = Session.objects.get(session_key=key).expire_date
    assert expires - timezone.now() > timedelta(minutes=29)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now()
                                                   - timedelta(seconds=1))
    assert not can_use_admin(client)  # 30 minutes without a click: logged out


def production_exports() -> str:
    """The ``export`` lines of server/README.md's production section, as documented."""
    readme = (REPO / "server" / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Production", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return "\n".join(line for line in block.splitlines() if line.startswith("export "))


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    exports = production_exports()
    assert "DJANGO_DEBUG=0" in exports and "DQ_BEHIND_TLS_PROXY=1" in exports
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DQ_"))}
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
    script = (f"set -e\n{exports}\nexport DQ_VAR_DIR={tmp_path}\n"
              "exec python server/manage.py check --deploy --fail-level WARNING")
    result = subprocess.run(["bash", "-c", script], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
