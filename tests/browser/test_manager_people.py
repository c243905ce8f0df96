"""People in the browser (issue 19 items 5 and 6): a district admin makes a manager in one form,
the manager sets their password from the mail and is led to the second factor; "Passwort
vergessen?" sends a reset mail; a manager edits their own quartier's contact text, cannot save a
helper without a quartier, and gets a German page where they may not go. Every page German.

The tests run in order (one server, one browser). Clicks are printed (``-s``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import MANAGERS, PASSWORD, Browser
from tests.browser.test_manager_content import light_server

#: The district admin (a superuser) with an authenticator app, as the managers have.
MANAGERS.setdefault("chefin", ("", "5758595a5b5c5d5e5f606162636465666768696a"))
ENGLISH = ("Choose all", "After you", "Reset password", "Forbidden", "Django administration")
CLICKS: dict[str, int] = {}

CHEFIN = f"""
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
boss = User.objects.create_superuser("chefin", "chefin@example.org", {PASSWORD!r})
TOTPDevice.objects.create(user=boss, name="Handy", confirmed=True, key={MANAGERS["chefin"][1]!r})
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = light_server(tmp_path_factory.mktemp("server"), also=CHEFIN)
    try:
        yield process
    finally:
        process.stop()


def mails(server) -> list[str]:
    folder = Path(server.env["DQ_EMAIL_FILE_PATH"])
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.log"))] \
        if folder.is_dir() else []


def link_in(mail: str) -> str:
    return re.search(r"https?://[^/\s]+(/admin/passwort-setzen/\S+/)", mail).group(1)


def german(browser: Browser) -> None:
    source = browser.driver.page_source
    found = [source[max(0, source.find(t) - 200):source.find(t) + 100] for t in ENGLISH
             if t in source]
    assert not found, f"English on {browser.driver.current_url}: {found}"


def test_manager_anlegen_in_one_form(browser: Browser, server):
    browser.log_in("chefin")
    browser.clicks = 0
    browser.open("/admin/")
    browser.click_link("Quartiersmanager")
    browser.click_link("Quartiersmanager hinzufügen")
    browser.type("first_name", "Hanna")
    browser.type("last_name", "Beispiel")
    browser.type("email", "hanna@example.org")
    boxes = browser.driver.find_elements("css selector", "input[name=quartiers]")
    herten = [b for b in boxes if "Herten" in b.find_element("xpath", "..").text]
    browser.click(herten[0])
    german(browser)
    browser.screenshot("manager-add")
    browser.submit("input[name=_save]")
    text = browser.text()
    assert "Eine E-Mail an hanna@example.org lädt ein" in text, text[:800]
    CLICKS["Manager anlegen"] = browser.clicks
    browser.screenshot("manager-list")
    [mail] = mails(server)
    assert "Guten Tag Hanna" in mail and "hanna@example.org" in mail


def test_the_new_manager_sets_the_password_and_is_led_to_the_second_factor(
        browser: Browser, server):
    browser.driver.delete_all_cookies()
    browser.open(link_in(mails(server)[0]))
    german(browser)
    browser.type("new_password1", "ein-neues-langes-passwort")
    browser.type("new_password2", "ein-neues-langes-passwort")
    browser.screenshot("password-set")
    browser.submit("input[type=submit]")
    assert "Ihr Passwort wurde gesetzt" in browser.text() or "Passwort" in browser.text()
    browser.open("/admin/login/")
    browser.type("username", "hanna@example.org")
    browser.type("password", "ein-neues-langes-passwort")
    browser.submit("input[type=submit]")
    assert "zwei-faktor" in browser.driver.current_url, browser.text()[:500]
    german(browser)
    browser.screenshot("second-factor-setup")


def test_password_forgotten_on_the_login_page(browser: Browser, server):
    browser.driver.delete_all_cookies()
    browser.clicks = 0
    browser.open("/admin/login/")
    browser.click_link("Passwort vergessen?")
    german(browser)
    browser.type("email", "hanna@example.org")
    browser.screenshot("password-forgotten")
    browser.submit("input[type=submit]")
    german(browser)
    CLICKS["Passwort vergessen"] = browser.clicks
    browser.screenshot("password-forgotten-sent")
    assert "neues Passwort angefordert" in mails(server)[-1]


def test_a_manager_edits_their_quartiers_contact_text(browser: Browser):
    browser.log_in("manni")
    browser.clicks = 0
    browser.open("/admin/")
    browser.click(browser.find("#content-main a[href$='/kiosks/quartier/']"), loads=True)
    browser.click_link("Herten-Innenstadt")
    browser.type("contact_text", "Wir suchen Menschen, die gern erklären. Rufen Sie an!")
    german(browser)
    browser.screenshot("quartier-contact")
    browser.submit("input[name=_save]")
    assert "wurde erfolgreich geändert" in browser.text(), browser.text()[:800]
    CLICKS["contact text"] = browser.clicks


def test_a_helper_without_a_quartier_is_refused_on_its_field(browser: Browser):
    browser.open("/admin/bookings/helper/add/")
    browser.type("first_name", "Jonas")
    browser.submit("input[name=_save]")
    assert "Bitte mindestens ein Quartier wählen." in browser.text()
    german(browser)
    browser.screenshot("helper-without-quartier")


def test_where_a_manager_may_not_go_the_page_is_german(browser: Browser):
    browser.open("/admin/people/manager/")
    assert "nicht für Ihr Konto freigegeben" in browser.text()
    german(browser)
    browser.screenshot("forbidden")


def test_print_clicks():
    print("\nclicks:", CLICKS)
