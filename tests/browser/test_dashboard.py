"""The programme's dashboard as a Quartiersmanager sees it (issue 20): the admin's start page,
with only their own quartier's figures, charts and tables; and the programme report's PDF,
fetched with the manager's session and its pages shown by chromium's own PDF viewer.
Screenshots of both (dashboard*.png) into tests.browser.conftest.SCREENSHOTS."""

from __future__ import annotations

import random
import re
import time
import uuid
from datetime import date, timedelta

import pytest
import requests
from selenium.webdriver.common.by import By

from tests.browser.conftest import SCREENSHOTS, Browser

TODAY = date.today()
WEEKS = 8
SEARCHED = ["mastodon", "ebay kleinanzeigen", "ratenkauf", "signal", "fahrplan"]
#: Past slots with bookings, walk-ins and call-back wishes of the last weeks, made as the server
#: keeps them (the kiosks' ops and helpers' marks are tested elsewhere).
BOOKINGS = """
import random
from datetime import timedelta
from django.utils import timezone
from dqserver.bookings.models import Booking, CallbackRequest, Slot, WalkIn
from dqserver.content.models import Topic
from dqserver.kiosks.models import Quartier
rng = random.Random(20)
topics = list(Topic.objects.order_by("slug")[:6])
for q in Quartier.objects.all():
    for day in range(1, {days}):
        start = (timezone.now() - timedelta(days=day)).replace(hour=9, minute=0, second=0,
                                                               microsecond=0)
        for n in range(rng.randint(0, 3)):
            slot = Slot.objects.create(quartier=q, start=start + timedelta(hours=n),
                                       end=start + timedelta(hours=n, minutes=30), capacity=1)
            status = rng.choice(["attended"] * 5 + ["no_show", "cancelled"])
            Booking.objects.create(quartier=q, slot=slot, first_name="Erna",
                                   code=f"{{q.pk}}{{day}}{{n}}", status=status, source="kiosk",
                                   topic=rng.choice(topics))
        if rng.random() < 0.3:
            WalkIn.objects.create(quartier=q, topic=rng.choice(topics), at=start)
        if rng.random() < 0.15:
            CallbackRequest.objects.create(quartier=q, first_name="Erna", phone="0000",
                                           created_at=start)
"""


def send_days(server, quartier: str, topics: list[str], rng: random.Random) -> None:
    """A kiosk's usage.day ops of the last weeks, through the real API with its token."""
    ops = []
    for back in range(1, WEEKS * 7):
        opened = {t: rng.randint(0, 6) for t in rng.sample(topics, 5)}
        ops.append({"op_id": str(uuid.uuid4()), "type": "usage.day", "payload": {
            "day": str(TODAY - timedelta(days=back)), "counts": {
                "topic": {t: n for t, n in opened.items() if n},
                "guide_done": {t: n // 2 for t, n in opened.items() if n // 2},
                "search_miss": {s: 1 for s in rng.sample(SEARCHED, 2)},
                "language": {"de": rng.randint(0, 2), "tr": rng.randint(0, 2),
                             "en": rng.randint(0, 1)},
                "text_size": {"A+": rng.randint(0, 2), "A++": rng.randint(0, 1)},
                "slip": {"booking": rng.randint(0, 2)}}}})
        for kind in ("language", "text_size"):  # a count is never 0
            counts = ops[-1]["payload"]["counts"][kind]
            ops[-1]["payload"]["counts"][kind] = {k: n for k, n in counts.items() if n}
    answer = requests.post(server.url + "/api/v1/ops", json={"ops": ops}, timeout=30,
                           headers=server.headers(quartier)).json()
    assert {r["status"] for r in answer["results"]} == {"confirmed"}


@pytest.fixture(scope="module")
def figures(server):
    server.manage("shell", "-c", BOOKINGS.format(days=WEEKS * 7))
    manifest = requests.get(server.url + "/api/v1/content/manifest", timeout=10,
                            headers=server.headers("herten-innenstadt")).json()
    topics = sorted(t["id"] for t in manifest["topics"])[:12]
    rng = random.Random(19)
    for quartier in ("herten-innenstadt", "dorsten-wulfen"):
        send_days(server, quartier, topics, rng)


def test_a_manager_sees_their_quartiers_figures_only(browser: Browser, figures, server):
    browser.log_in("manni")
    browser.open("/admin/")
    text = browser.text()
    assert "Programmzahlen" in text and "Herten-Innenstadt" in text
    assert "Dorsten-Wulfen" not in text
    assert len(browser.driver.find_elements(By.CSS_SELECTOR, ".dq-chart svg")) == 4
    topics = browser.find("#dq-table-topics").text
    assert "Geöffnet" in topics and "Bis zum Ende" in topics
    searched = browser.find("#dq-table-searches").text
    assert "mastodon" in searched
    browser.screenshot("dashboard")
    # The other quartier asked for by address: still only their own, and the page says so.
    browser.open("/admin/?quartier=dorsten-wulfen")
    assert "gezeigt werden nur Ihre Quartiere" in browser.text()
    assert "Dorsten-Wulfen" not in browser.text()


def test_the_report_pdf_pages(browser: Browser, figures, tmp_path):
    browser.open("/admin/")
    link = browser.driver.find_element(By.LINK_TEXT, "Programmbericht als PDF")
    session = requests.Session()
    for cookie in browser.driver.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    pdf = session.get(link.get_attribute("href"), timeout=30)
    assert pdf.headers["Content-Type"] == "application/pdf"
    path = tmp_path / "bericht.pdf"
    path.write_bytes(pdf.content)
    pages = int(re.search(rb"/Count (\d+)", pdf.content).group(1))
    assert 2 <= pages <= 6
    browser.driver.set_window_size(900, 1240)
    try:
        for page in range(1, pages + 1):
            browser.driver.get("about:blank")  # else only the address's #page changes
            browser.driver.get(f"file://{path}#page={page}&toolbar=0&view=Fit")
            time.sleep(0.8)  # the viewer draws the page after the load
            browser.driver.save_screenshot(str(SCREENSHOTS / f"dashboard-report-{page}.png"))
    finally:
        browser.driver.set_window_size(1366, 900)
