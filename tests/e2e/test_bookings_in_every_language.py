"""A booking made end to end in each UI language with a first name in its script (issue 17):
for every language of ``kiosk.i18n.LANGUAGES`` a senior books on a kiosk in that language with
the name the UI walk types in it (``tests.ui.a11y.NAMES``: "Ülkü", "Łucja", "Ольга", "Мар'яна",
"فاطمة"), through the kiosk's booking rules (kiosk/booking.py, as the other end-to-end tests
book) and the real sync to one real server process on 127.0.0.1. Then the name is checked,
exactly as typed, wherever it is kept or shown: the kiosk's own store, the server's database,
another kiosk of the quartier (its helper mode, fed by the server's change feed), and the
admin's booking list and CSV export as a manager sees them."""

from __future__ import annotations

import csv
import html
import io
import re
import sqlite3
import textwrap
import unicodedata
import uuid

import pytest

# Kivy is set up the UI tests' way before the names' module imports it (it opens the window).
import tests.ui.conftest  # noqa: F401
from kiosk import helper_mode, i18n, timeutil
from kiosk.booking import find_booking, normalise_name
from tests.e2e.conftest import HERTEN, server_bookings
from tests.e2e.test_programme_month import SET_UP, log_in
from tests.ui.a11y import NAMES

BOOKINGS = "/admin/bookings/booking/"

# The manager of the programme-month test, made here only if no test made it before (and gone
# again after this module, so that test can make it). A second log-in in the same half minute
# would reuse that test's code: the device forgets which code it took last.
MANAGER = "\n".join([
    "from django.contrib.auth.models import User",
    "from django_otp.plugins.otp_totp.models import TOTPDevice",
    "if User.objects.filter(username='kreis').exists():",
    "    TOTPDevice.objects.filter(user__username='kreis').update(last_t=-1)",
    "    print('there')",
    "else:",
    textwrap.indent(SET_UP.strip(), "    "),
    "    print('made')",
])


@pytest.fixture(scope="module")
def manager(server):
    made = server.manage("shell", "-c", MANAGER).strip().endswith("made")
    session = log_in(server)
    yield session
    session.close()
    if made:
        server.manage("shell", "-c", "from django.contrib.auth.models import User; "
                      "User.objects.filter(username='kreis').delete()")


@pytest.fixture
def ui_language(request):
    i18n.set_language(request.param)
    assert i18n.current_language() == request.param
    yield request.param
    i18n.set_language(i18n.SOURCE_LANGUAGE)


def name_on_server(server, booking_id: str) -> str:
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as db:
        return db.execute("SELECT first_name FROM dqserver_booking WHERE id = ?",
                          [uuid.UUID(booking_id).hex]).fetchone()[0]


def admin_list_names(manager, server, query: str) -> dict[str, str]:
    """The admin's booking list searched for ``query``: {code: first name as shown}."""
    page = manager.get(server.url + BOOKINGS, params={"q": query}, timeout=10)
    assert page.status_code == 200
    rows = re.findall(r'<th class="field-code"><a [^>]*>(\w+)</a></th>(.*?)</tr>',
                      page.text, re.S)
    return {code: html.unescape(re.search(r'<td class="field-first_name">(.*?)</td>',
                                          cells, re.S).group(1))
            for code, cells in rows}


def csv_export(manager, server, booking_id: str) -> list[dict[str, str]]:
    """The admin's "Als CSV exportieren" of one booking, rows as the spreadsheet reads them."""
    answer = manager.post(server.url + BOOKINGS, timeout=10,
                          headers={"Referer": server.url + BOOKINGS},
                          data={"action": "export_csv", "_selected_action": [booking_id],
                                "index": "0", "csrfmiddlewaretoken": manager.cookies["csrftoken"]})
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("ui_language", list(i18n.LANGUAGES), indirect=True)
def test_a_booking_in_the_ui_language_with_a_name_in_its_script(ui_language, server, manager,
                                                                 make_kiosk):
    name = NAMES[ui_language]
    print(f"\n{ui_language}: {name!r} = {' '.join(f'U+{ord(c):04X}' for c in name)}")
    assert unicodedata.is_normalized("NFC", name)        # as a keyboard types it
    assert normalise_name(name) == name                 # the shared name rule takes it as is

    kiosk = make_kiosk(HERTEN, name=f"kiosk-{ui_language}")
    kiosk.sync()
    record = kiosk.book(kiosk.free_slot(), name=name, phone="02366 123456")
    assert record.status == "pending"
    kiosk.sync()
    kiosk.sync()                                        # the feed brings the booking back

    # On the kiosk: confirmed, "Meine Buchung" finds it, the name kept as typed.
    assert kiosk.store.db.execute("SELECT first_name, status FROM bookings WHERE id = ?",
                                  [record.id]).fetchone() == (name, "confirmed")
    assert find_booking(kiosk.store, record.code).status == "confirmed"

    # On the server: exactly one confirmed booking, with exactly that first name.
    assert server_bookings(server, booking_id=record.id) == [("confirmed", record.code)]
    assert name_on_server(server, record.id) == name

    # Another kiosk of the quartier, fed only by the server: its helpers see who comes.
    other = make_kiosk(HERTEN, name=f"helpers-{ui_language}")
    other.sync()
    day = timeutil.local_day(record.slot.start)
    seen = {b.id: b.first_name
            for b in helper_mode.bookings_between(other.store, HERTEN, day, 1, ui_language)}
    assert seen.get(record.id) == name

    # The manager's admin: the booking list (searched by the code, and by the name) and the CSV.
    assert admin_list_names(manager, server, record.code) == {record.code: name}
    assert admin_list_names(manager, server, name).get(record.code) == name
    rows = csv_export(manager, server, record.id)
    assert [(r["Code"], r["Vorname"]) for r in rows] == [(record.code, name)]
