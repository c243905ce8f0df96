"""Programme numbers on the kiosk: what is counted, how a failed search is cleaned, the day key.

The programme reports how the kiosk is used (docs/programme-numbers.md), and nothing of who used
it: a count is a (local day, kind, key) and a number, never a time of day, a booking, a name or a
number. Counted are a topic opened, a guide finished (its last step reached), a search that found
no topic (its words only, see :func:`search_term`), a glossary word tapped, a language and a text
size chosen, and a printed slip.

On the tap path a count is a dictionary increment (:meth:`Usage.count`, about a microsecond);
:meth:`Usage.flush` writes the counts in one transaction with an upsert, from the app's timer, at
the idle reset and at stop, so no tap waits for SQLite's fsync. A power cut loses at most the
counts since the last flush, never a booking.

Once a day is over, ``sync.usage.send_due`` (each sync round) puts its counts into the outbox
as one ``usage.day`` op. Its ``op_id`` is made from the kiosk's own random id and the day, so a
resend, or the same day sent again, counts once on the server. When the server has answered,
the day's counts and its outbox entry are deleted: nothing stays on the kiosk after that.

The server imports these rules (:func:`search_term`, :func:`valid_key`): one rule in one place.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from kiosk import timeutil
from kiosk.bundle import ID_RE
from kiosk.i18n import LANGUAGES

if TYPE_CHECKING:  # the server imports these rules and has no sqlite-utils
    from kiosk.store import Store

TOPIC = "topic"            # a topic's guide opened (key: topic id)
GUIDE_DONE = "guide_done"  # its last step reached (key: topic id)
SEARCH_MISS = "search_miss"  # a search without a topic found (key: its words, search_term)
GLOSSARY = "glossary"      # a hard word's explanation opened (key: its glossary entry's id)
LANGUAGE = "language"      # a language chosen (key: kiosk.i18n.LANGUAGES, de, en, tr, …)
TEXT_SIZE = "text_size"    # a text size chosen (key: A, A+, A++)
SLIP = "slip"              # a slip printed (key: where, SLIP_PLACES)
KINDS = (TOPIC, GUIDE_DONE, SEARCH_MISS, GLOSSARY, LANGUAGE, TEXT_SIZE, SLIP)

#: The screens a slip is printed from; any other is counted as "other".
SLIP_PLACES = ("booking", "my_booking", "helper_day", "other")

MIN_WORD, MAX_WORD = 3, 24   # "zu", "an" say nothing; a 25-letter token is no word typed
PUNCTUATION = ".,;:!?\"'()[]„“«»؟،"  # around a word, taken off
MAX_WORDS = 4                # a longer query is a sentence about someone: not counted
#: What makes a whole query uncounted: a digit (phone numbers, codes, PINs, dates of birth)
#: or an address's @.
NOT_COUNTED_RE = re.compile(r"[\d@]")
MAX_KEY = 100                # characters of a key, on the kiosk and on the server
TEXT_SIZE_RE = re.compile(r"A\+{0,2}")  # kiosk.theme.TEXT_SCALES (a test keeps them in step)

#: How often the app writes its counts; a finished day is sent once it has been over for
#: SEND_AFTER, so the last flush of the day is in it.
FLUSH_EVERY_S = 60
SEND_AFTER = timedelta(minutes=10)


def day_key(moment: datetime) -> str:
    """The day a count belongs to: the kiosk's local calendar day, ``2026-12-02``."""
    return timeutil.local_day(moment).isoformat()


def is_word(token: str) -> bool:
    """Letters of any script the kiosk's languages are written in (with their marks: Arabic
    vowel signs), hyphenated parts allowed ("e-mail"); no digit, symbol, emoji or underscore."""
    parts = token.split("-")
    return all(part and unicodedata.category(part[0])[0] == "L"
               and all(unicodedata.category(c)[0] in "LM" for c in part) for part in parts)


def search_term(query: str) -> str | None:
    """A failed search as it may be counted: lower-case words of letters only, or None.

    Not counted at all: a query with a digit or an @ (a phone number, a booking code, a PIN,
    an address) and one of more than MAX_WORDS words. Dropped from the rest: tokens that are
    not words of letters (:func:`is_word`) and words shorter than MIN_WORD or longer than
    MAX_WORD. A first name typed alone is still a word; the server keeps such a term only as
    a keyed hash until k different kiosk-days have asked it (dqserver/stats)."""
    if not isinstance(query, str) or NOT_COUNTED_RE.search(query):
        return None
    tokens = query.lower().split()
    if len(tokens) > MAX_WORDS:
        return None
    words = [t for t in (token.strip(PUNCTUATION) for token in tokens)
             if is_word(t) and MIN_WORD <= len(t) <= MAX_WORD]
    term = " ".join(words)
    return term[:MAX_KEY] or None


def valid_key(kind: str, key: Any) -> bool:
    """Whether ``key`` is one a kiosk counts for ``kind`` (the server keeps only those)."""
    if kind not in KINDS or not isinstance(key, str) or not 0 < len(key) <= MAX_KEY:
        return False
    if kind in (TOPIC, GUIDE_DONE, GLOSSARY):
        return bool(ID_RE.match(key))
    if kind == SEARCH_MISS:
        return search_term(key) == key
    if kind == LANGUAGE:
        return key in LANGUAGES
    if kind == TEXT_SIZE:
        return bool(TEXT_SIZE_RE.fullmatch(key))
    return key in SLIP_PLACES


class Usage:
    """The app's counter: the rules of when a tap counts, counts kept until :meth:`flush`.

    ``clock`` gives the moment of a count (the day key is taken then, not at the flush)."""

    def __init__(self, store: Store, clock: Callable[[], datetime] = timeutil.now):
        self.store = store
        self.clock = clock
        self.pending: Counter[tuple[str, str, str]] = Counter()
        self._open_topic: str | None = None   # the guide opened last and not yet finished
        self._last_miss: str | None = None

    def count(self, kind: str, key: str) -> None:
        """Count one ``kind`` of ``key`` today, if it is a key the rules count."""
        if valid_key(kind, key):
            self.pending[(day_key(self.clock()), kind, key)] += 1

    def went(self, screen: str, state: Mapping[str, Any]) -> None:
        """The navigation funnel (app.go): a guide opened at its start is a topic opened."""
        topic_id = state.get("topic_id")
        if screen == "guide" and topic_id and not state.get("step"):
            self._open_topic = topic_id
            self.count(TOPIC, topic_id)

    def guide_step(self, topic_id: str, step: int, steps: int) -> None:
        """A step shown: the last one finishes the guide, once per opening (going back and
        forward again is still one)."""
        if step == steps - 1 and topic_id == self._open_topic:
            self._open_topic = None
            self.count(GUIDE_DONE, topic_id)

    def searched(self, query: str, found: bool) -> None:
        """A search's outcome: without a topic found, its cleaned words are counted; the same
        term again right after (back from a suggestion, "Suchen" twice) counts once."""
        term = None if found else search_term(query)
        if term is not None and term != self._last_miss:
            self.count(SEARCH_MISS, term)
        self._last_miss = term

    def glossary(self, entry_id: str) -> None:
        """A hard word tapped and its explanation shown (screens/glossary.py)."""
        self.count(GLOSSARY, entry_id)

    def slip(self, screen: str) -> None:
        self.count(SLIP, screen if screen in SLIP_PLACES else "other")

    def flush(self) -> int:
        """Write the counts so far (one transaction); returns how many keys were written."""
        if not self.pending:
            return 0
        pending, self.pending = self.pending, Counter()
        with self.store.write() as db:
            db.conn.executemany(
                "INSERT INTO usage_counts (day, kind, key, n) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (day, kind, key) DO UPDATE SET n = n + excluded.n",
                [(*k, n) for k, n in pending.items()])
        return len(pending)
