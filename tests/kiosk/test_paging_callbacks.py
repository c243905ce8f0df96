import json

import pytest

from kiosk import outbox
from kiosk.booking import InvalidName, InvalidPhone, UnknownTopic
from kiosk.callbacks import create_callback
from kiosk.paging import Pager
from tests.conftest import NOW


def test_pager_pages_and_stays_in_range():
    pager = Pager(list(range(7)), per_page=3)
    assert pager.pages == 3 and pager.visible == [0, 1, 2] and not pager.has_previous
    assert pager.next() and pager.next() and not pager.next()
    assert pager.visible == [6]
    assert Pager([], 4).pages == 1 and Pager(range(5), 2, page=9).page == 2
    assert pager.page_of(4) == 1


def test_callback_is_stored_with_its_outbox_entry(booking_store):
    cb = create_callback(booking_store, quartier_id="dorsten-wulfen", topic_id="betrug-sms",
                         first_name=" Erika ", phone="02362 12345", now=NOW)
    row = booking_store.db["callbacks"].get(cb.id)
    assert row["first_name"] == "Erika" and row["phone"] == "+49236212345"
    (op,) = outbox.pending(booking_store)
    assert op.type == outbox.CALLBACK_CREATE
    assert op.payload == {"callback_id": cb.id, "topic_id": "betrug-sms", "first_name": "Erika",
                          "phone": "+49236212345", "created_at": "2026-11-25T09:00:00Z"}
    json.dumps(op.payload)


@pytest.mark.parametrize("name, phone, error", [("", "02362 12345", InvalidName),
                                                ("Erika", "", InvalidPhone)])
def test_callback_needs_name_and_phone(booking_store, name, phone, error):
    with pytest.raises(error):
        create_callback(booking_store, quartier_id="dorsten-wulfen", topic_id=None,
                        first_name=name, phone=phone, now=NOW)
    assert booking_store.db["callbacks"].count == 0 and outbox.pending_count(booking_store) == 0


def test_callback_topic_is_optional_but_must_exist(booking_store):
    cb = create_callback(booking_store, quartier_id="dorsten-wulfen", topic_id="",
                         first_name="Erika", phone="02362 12345", now=NOW)
    assert cb.topic_id is None and booking_store.db["callbacks"].get(cb.id)["topic_id"] is None
    assert outbox.pending(booking_store)[0].payload["topic_id"] is None
    with pytest.raises(UnknownTopic):
        create_callback(booking_store, quartier_id="dorsten-wulfen", topic_id="no-such-topic",
                        first_name="Erika", phone="02362 12345", now=NOW)
    assert booking_store.db["callbacks"].count == 1 and outbox.pending_count(booking_store) == 1
