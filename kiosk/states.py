"""The states kiosk, wire and server agree on, written once.

Each is a ``StrEnum``: a member *is* its string, so it goes into SQLite, JSON and Django
``choices`` unchanged, and a typo in a state is a NameError instead of a silent mismatch.
The server's German labels for the admin live with its models; only the values are shared.
"""

from enum import StrEnum


class BookingState(StrEnum):
    """A booking's life: on the kiosk it starts PENDING (not yet confirmed by the server)."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    CONFLICT = "conflict"            # the server found the slot full
    CONFLICT_DONE = "conflict_done"  # server only: a helper handled the conflict
    REJECTED = "rejected"            # kiosk only: the server refused the op
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    NO_SHOW = "no_show"


#: A booking that holds its place in a slot.
ACTIVE_BOOKINGS = (BookingState.PENDING, BookingState.CONFIRMED)
#: What a helper marks for a booking of today or the past.
ATTENDANCE = (BookingState.ATTENDED, BookingState.NO_SHOW)


class OpResult(StrEnum):
    """The server's answer to one op of a push (``POST /ops``)."""

    CONFIRMED = "confirmed"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class CallbackState(StrEnum):
    """A call-back wish: open until a helper has called."""

    OPEN = "open"
    DONE = "done"


class PrinterState(StrEnum):
    """The slip printer as the kiosk found it (kiosk/printer.py), sent with the heartbeat."""

    OK = "ok"
    NO_PAPER = "no_paper"
    NOT_CONNECTED = "not_connected"
    ERROR = "error"


class TranslationStatus(StrEnum):
    """How far a topic's translation into one language has come (the bundle's
    ``translation_status``): managers see and set it; German, the source, has none."""

    TRANSLATED = "translated"  # written by a translator
    REVIEWED = "reviewed"      # read again by a second speaker of the language
