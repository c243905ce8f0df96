"""The kiosk side of the kill torture, one life: ``python -m bench.kill_kiosk DIR URL TOKEN N AT``.

Books until ``DIR/attempts`` has ``N`` lines, pushing the outbox after every booking with the
kiosk's own engine (:func:`sync.push.push`): the booking and its outbox entry are committed
locally ("gebucht" is shown — a line in ``DIR/shown`` — and marked shown), then the ops go to
``POST /api/v1/ops`` and each result is stored with its outbox entry in one transaction. A life
starts as the app does: a booking the last one committed but never showed (killed in between)
is shown first (:mod:`kiosk.unseen`). ``AT`` is where this life
stops and waits to be killed: ``after_commit`` (local commit done, nothing sent), ``after_send``
(the server has committed and answered, the answer is not stored yet), ``random`` (anywhere: a
random life waits at its end) or ``none``. The parent SIGKILLs it there.
"""

from __future__ import annotations

import os
import random
import string
import sys
import time
from pathlib import Path


def name_of(n: int) -> str:
    """A unique first name per attempt, letters only (a booking rule)."""
    letters = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = string.ascii_lowercase[r] + letters
    return "Kill" + letters


def append(path: Path, line: str) -> None:
    with path.open("a") as f:
        f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())


def count(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def main() -> None:
    folder, url, token, target, pause_at = (Path(sys.argv[1]), sys.argv[2], sys.argv[3],
                                            int(sys.argv[4]), sys.argv[5])
    from kiosk import timeutil
    from kiosk.booking import BookingError, create_booking
    from kiosk.settings import Booking
    from kiosk.store import Store
    from kiosk.unseen import latest_unseen, mark_shown
    from sync.client import Client
    from sync.credentials import Credentials
    from sync.push import push

    store = Store.open(folder / "kiosk.db")
    rules = Booking()
    slots = [r[0] for r in store.db.execute("SELECT id FROM slots")]
    topic = store.db.execute("SELECT id FROM topics LIMIT 1").fetchone()[0]
    rng = random.Random()
    paused = [False]

    def pause(point: str) -> None:
        if pause_at == point and not paused[0]:
            paused[0] = True
            print(f"PAUSE {point}", flush=True)
            time.sleep(60)

    class PausingClient(Client):
        def post_ops(self, ops):
            results = super().post_ops(ops)
            pause("after_send")  # the server has committed; push() has not stored the answer
            return results

    def show(booking_id: str, line: str) -> None:
        append(folder / "shown", f"{line} {booking_id}")
        mark_shown(store, booking_id, timeutil.now())

    if unseen := latest_unseen(store, timeutil.now(), rules.show_unseen_minutes):
        show(unseen.id, "restart")
    client = PausingClient(Credentials(url, token), timeout_s=30)
    print("READY", flush=True)
    push(store, client)  # what a previous life left in the outbox
    while (n := count(folder / "attempts")) < target:
        append(folder / "attempts", str(n))
        try:
            booking = create_booking(store, slot_id=rng.choice(slots), topic_id=topic,
                                     first_name=name_of(n), now=timeutil.now(), rules=rules)
        except BookingError as e:
            append(folder / "refused", f"{n} {type(e).__name__}")
            continue
        show(booking.id, str(n))
        pause("after_commit")
        push(store, client)
    print("DONE", flush=True)
    if pause_at == "random":
        time.sleep(60)  # wait for the kill that this life was started for


if __name__ == "__main__":
    main()
