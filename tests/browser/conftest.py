"""The admin in a real browser: one real server process per test module (gunicorn on
127.0.0.1, seeded with the demo quartiers, ``bootstrap``'s group "Quartiersmanager"; its static
files served in front of it as nginx does, ``front.py``), headless
Debian chromium at 1366x900, and managers who log in with password and a TOTP code as a
person does (their authenticator app's key is known here, the code computed as the app
computes it)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django_otp.oath import totp
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import Select, WebDriverWait

from bench.server_process import REPO, ServerProcess, start_server
from tests.browser.front import Front

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
# Test runs write the admin's screenshots under var/ (not in git): a run leaves the committed
# ones in docs/screenshots/admin alone. ADMIN_SHOTS=docs/screenshots/admin writes those anew.
SCREENSHOTS = REPO / os.environ.get("ADMIN_SHOTS", "var/screenshots/admin")
PASSWORD = "ein-langes-passwort-fuer-den-browser"
#: username -> (quartier they manage, their authenticator app's key)
MANAGERS = {"manni": ("herten-innenstadt", "3132333435363738393031323334353637383930"),
            "dora": ("dorsten-wulfen", "4142434445464748494a4b4c4d4e4f5051525354")}

SET_UP = f"""
from django.contrib.auth.models import Group, User
from django.core.management import call_command
call_command("bootstrap")
call_command("collectstatic", "--no-input", "-v", "0")
from django_otp.plugins.otp_totp.models import TOTPDevice
from dqserver.kiosks.models import Quartier
for name, (slug, key) in {MANAGERS!r}.items():
    user = User.objects.create_user(name, password={PASSWORD!r}, is_staff=True)
    user.groups.add(Group.objects.get(name="Quartiersmanager"))
    Quartier.objects.get(slug=slug).managers.add(user)
    TOTPDevice.objects.create(user=user, name="Handy", confirmed=True, key=key)
"""

pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                reason="needs Debian's chromium and chromium-driver")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[ServerProcess]:
    process = start_server(tmp_path_factory.mktemp("server"), workers=1, threads=4)
    try:
        process.manage("shell", "-c", SET_UP)  # one process: each costs Django's start
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="module")
def front(server) -> Iterator[Front]:
    proxy = Front(server.url, Path(server.env["DQ_VAR_DIR"]) / "static")
    yield proxy
    proxy.stop()


@dataclass
class Browser:
    """The driver, the server, and the clicks a manager made for the task at hand."""

    driver: webdriver.Chrome
    url: str
    clicks: int = 0
    last_code: dict[str, int] = field(default_factory=dict)

    def open(self, path: str) -> None:
        self.driver.get(self.url + path)

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def text(self) -> str:
        return self.find("body").text

    def click(self, element: WebElement, *, loads: bool = False) -> None:
        """A click of the manager's (counted); ``loads``: wait for the page it opens."""
        self.clicks += 1
        page = self.find("html")
        element.click()
        if loads:
            WebDriverWait(self.driver, 15).until(staleness_of(page))

    def submit(self, css: str) -> None:
        """Click the form's button and wait for the answer."""
        self.click(self.find(css), loads=True)

    def click_link(self, text: str) -> None:
        """The first visible link whose text (as written, not as styled) holds ``text``."""
        links = [a for a in self.driver.find_elements(By.XPATH, f"//a[contains(., '{text}')]")
                 if a.is_displayed()]
        assert links, f"no link {text!r} on {self.driver.current_url}"
        self.click(links[0], loads=True)

    def choose(self, name: str, visible_text: str) -> None:
        """Pick an entry of a select box: one click to open it, one to choose."""
        self.clicks += 2
        Select(self.find(f"select[name={name}]")).select_by_visible_text(visible_text)

    def absent(self, css: str) -> bool:
        """No such element (asked without the implicit wait)."""
        self.driver.implicitly_wait(0)
        try:
            return not self.driver.find_elements(By.CSS_SELECTOR, css)
        finally:
            self.driver.implicitly_wait(2)

    def selected(self, name: str) -> str:
        return Select(self.find(f"select[name={name}]")).first_selected_option.text

    def type(self, name: str, text: str) -> None:
        box = self.find(f"[name={name}]")
        box.clear()
        box.send_keys(text)

    def log_in(self, username: str) -> None:
        """Password, then the app's code of the moment (a code is taken once: wait for the
        next when this account just used it)."""
        self.driver.delete_all_cookies()
        self.open("/admin/login/?next=/admin/")
        key = bytes.fromhex(MANAGERS[username][1])
        now = int(time.time())
        if self.last_code.get(username) == now // 30:
            time.sleep(30 - now % 30 + 0.5)
        code = totp(key, step=30, t0=0, digits=6)
        self.last_code[username] = int(time.time()) // 30
        self.type("username", username)
        self.type("password", PASSWORD)
        self.type("otp_token", f"{code:06d}")
        page = self.find("html")
        self.find("input[type=submit]").click()
        WebDriverWait(self.driver, 15).until(staleness_of(page))
        assert self.driver.find_elements(By.ID, "logout-form"), self.text()

    def screenshot(self, name: str) -> Path:
        """The whole page (as tall as it is, 1366 wide) into :data:`SCREENSHOTS`."""
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        path = SCREENSHOTS / f"{name}.png"
        if height <= self.driver.execute_script("return window.innerHeight"):
            self.driver.save_screenshot(str(path))
            return path
        self.driver.set_window_size(1366, min(height + 140, 2400))
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(1366, 900)
        return path


@pytest.fixture(scope="module")
def browser(front) -> Iterator[Browser]:
    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--window-size=1366,900", "--no-sandbox",
                     "--disable-dev-shm-usage", "--lang=de-DE"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.implicitly_wait(2)
    try:
        yield Browser(driver, front.url)
    finally:
        driver.quit()
