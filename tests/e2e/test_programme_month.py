"""Done-when of the programme numbers (issue 20): a simulated month of two kiosks, counted by
the kiosk's own rules (kiosk/usage.py) into real stores, sent by the real sync code to a real
server process, gives the dashboard's figures (read from the page, as a manager sees it) equal to
what was simulated; and of the names and phone numbers typed into the search, none is anywhere
in the server's database (every table dumped) or its log."""

from __future__ import annotations

import html
import json
import random
import re
import sqlite3
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import requests
from django_otp.oath import totp

from kiosk import timeutil, usage
from kiosk.i18n import LANGUAGES
from tests.e2e.conftest import DORSTEN, HERTEN

DAYS = 30
K = 3
#: typed into the search by people, on fewer than K kiosk-days each: never on the server
PERSONAL = ["Walburga 0171 9876543", "Hildegard", "Yusuf Demirci", "02362 44556",
            "rückruf an walburga@example.org", "Termin für Hildegard Wiesemann morgen früh",
            "PIN 8642", "K7QX3M"]
LEAKS = ["walburga", "hildegard", "yusuf", "demirci", "wiesemann", "9876543", "44556",
         "k7qx3m"]
#: what people look for and the kiosks have no topic for: asked on many kiosk-days
WANTED = ["mastodon", "ebay kleinanzeigen", "signal", "ratenkauf"]
KEY = "5152535455565758595a5b5c5d5e5f6061626364"
SET_UP = f"""
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
user = User.objects.create_user("kreis", password="ein-langes-passwort-fuer-den-kreis",
                                is_staff=True, is_superuser=True)
TOTPDevice.objects.create(user=user, name="Handy", confirmed=True, key="{KEY}")
"""


def simulate(kiosk, days: list[datetime], rng: random.Random, topics: list[str]) -> dict:
    """Taps of a month through the app's counter; returns what a person would have seen."""
    seen = {"opened": Counter(), "finished": Counter(), "languages": Counter(),
            "slips": 0, "searches": {}}
    for noon in days:
        counter = usage.Usage(kiosk.store, clock=lambda noon=noon: noon)
        for _ in range(rng.randint(3, 12)):
            topic = rng.choice(topics)
            counter.went("guide", {"topic_id": topic})
            seen["opened"][topic] += 1
            steps = rng.randint(2, 6)
            last = steps - 1 if rng.random() < 0.6 else rng.randint(0, steps - 2)
            for step in range(last + 1):
                counter.guide_step(topic, step, steps)
            seen["finished"][topic] += last == steps - 1
            counter.went("home", {})
        for term in rng.sample(WANTED, rng.randint(0, 3)):
            counter.searched(term.title(), found=False)
            counter.searched("whatsapp", found=True)
            days_, n = seen["searches"].get(term, (0, 0))
            seen["searches"][term] = (days_ + 1, n + 1)
        if rng.random() < 0.4:
            language = rng.choice(list(LANGUAGES))
            counter.count(usage.LANGUAGE, language)
            seen["languages"][LANGUAGES[language]] += 1
        if rng.random() < 0.5:
            counter.slip("booking")
            seen["slips"] += 1
        counter.flush()
    return seen


def table(page: str, key: str) -> dict[str, tuple[str, ...]]:
    """A dashboard table as {first cell: (other cells)}."""
    found = re.search(rf'<table id="dq-table-{key}">(.*?)</table>', page, re.S)
    if found is None:
        return {}
    rows = re.findall(r"<tr><td>(.*?)</td>(.*?)</tr>", found.group(1), re.S)
    return {html.unescape(label): tuple(re.findall(r'<td class="dq-num">(.*?)</td>', rest))
            for label, rest in rows}


def key_figures(page: str) -> dict[str, str]:
    block = re.search(r'<div class="dq-cards" id="dq-key-figures">(.*?)</div>\s*\n\s*\n',
                      page, re.S).group(1)
    return {html.unescape(label): value for value, label in
            re.findall(r"<b>(.*?)</b><span>(.*?)</span>", block)}


def log_in(server) -> requests.Session:
    session = requests.Session()
    login = server.url + "/admin/login/"
    session.get(login, timeout=10)
    code = totp(bytes.fromhex(KEY), step=30, t0=0, digits=6)
    answer = session.post(login, timeout=10, headers={"Referer": login}, data={
        "username": "kreis", "password": "ein-langes-passwort-fuer-den-kreis",
        "otp_token": f"{code:06d}", "csrfmiddlewaretoken": session.cookies["csrftoken"],
        "next": "/admin/"})
    assert "logout-form" in answer.text, answer.text[:500]
    return session


def dump_text(server) -> str:
    """Every value of every table of the server's database, as one lower-case text; without
    pictures (bytes) and hex digests, where a run of digits can be anything."""
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return "\n".join(str(value).lower() for t in tables
                         for row in db.execute(f'SELECT * FROM "{t}"') for value in row
                         if not isinstance(value, bytes)
                         and not re.fullmatch(r"[0-9a-f-]{32,}", str(value)))


def test_a_simulated_month_gives_the_dashboard_its_figures(server, make_kiosk):
    rng = random.Random(20)
    herten, dorsten = make_kiosk(HERTEN, name="herten"), make_kiosk(DORSTEN, name="dorsten")
    for kiosk in (herten, dorsten):
        kiosk.sync()  # the content: topic ids as the kiosk has them
    topics = [t for (t,) in herten.store.db.execute("SELECT id FROM topics ORDER BY id LIMIT 8")]
    yesterday = timeutil.local_day(timeutil.now()) - timedelta(days=1)
    days = [datetime.combine(yesterday - timedelta(days=i), datetime.min.time(), UTC)
            + timedelta(hours=11) for i in range(DAYS)]
    seen = {HERTEN: simulate(herten, days, rng, topics),
            DORSTEN: simulate(dorsten, days, rng, topics)}
    # People typing names and numbers, each on one or two of Herten's days.
    for i, query in enumerate(PERSONAL):
        counter = usage.Usage(herten.store, clock=lambda i=i: days[i % 2])
        counter.searched(query, found=False)
        counter.flush()
    # A first name typed alone passes the kiosk's pattern rule: the server's k keeps it hidden.
    assert ("hildegard",) in herten.store.db.execute(
        "SELECT key FROM usage_counts WHERE kind = 'search_miss'").fetchall()
    server.manage("shell", "-c", SET_UP)

    for kiosk in (herten, dorsten):
        assert kiosk.sync().pushed == DAYS
        kiosk.sync()  # the answered days are forgotten on the kiosk
        assert kiosk.store.db.execute("SELECT COUNT(*) FROM usage_counts").fetchone()[0] == 0
        assert kiosk.store.db.execute("SELECT COUNT(*) FROM outbox WHERE type = 'usage.day'"
                                      ).fetchone()[0] == 0

    session = log_in(server)
    titles = {t: json.loads(title)["de"]
              for t, title in herten.store.db.execute("SELECT id, title FROM topics")}
    period = {"von": str(days[-1].date()), "bis": str(yesterday)}
    for slug in (HERTEN, DORSTEN):
        page = session.get(server.url + "/admin/", params={**period, "quartier": slug},
                           timeout=30).text
        want = seen[slug]
        assert table(page, "topics") == {
            titles[t]: (str(n), str(want["finished"][t]),
                        f"{min(want['finished'][t] / n, 1):.0%}".replace("%", " %"))
            for t, n in want["opened"].items()}
        assert table(page, "searches") == {term: (str(d), str(n)) for term, (d, n)
                                           in want["searches"].items() if d >= K}
        assert table(page, "languages") == {name: (str(n),)
                                            for name, n in want["languages"].items()}
        by_week = table(page, "usage_weeks").values()
        assert sum(int(w[0]) for w in by_week) == DAYS
        assert sum(int(w[1]) for w in by_week) == sum(want["opened"].values())
        figures = key_figures(page)
        assert figures["Themen geöffnet"] == str(sum(want["opened"].values()))
        assert figures["Anleitungen bis zum Ende"] == str(sum(want["finished"].values()))
        assert figures["Belege gedruckt"] == str(want["slips"])
        assert figures["Kiosk-Tage mit Zahlen"] == str(DAYS)
    both = session.get(server.url + "/admin/", params=period, timeout=30).text
    assert key_figures(both)["Themen geöffnet"] == str(
        sum(sum(s["opened"].values()) for s in seen.values()))

    # Privacy: what was asked on K kiosk-days is in the database (the dump can find words),
    # no name and no number typed into the search is, nor in the server's log.
    time.sleep(0.2)
    stored = dump_text(server)
    assert "mastodon" in stored
    assert [leak for leak in LEAKS if leak in stored] == []
    log = server.log_path.read_text(encoding="utf-8", errors="replace").lower()
    assert [leak for leak in LEAKS if leak in log] == []
