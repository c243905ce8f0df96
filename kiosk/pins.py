"""Helper PINs: the one rule for what a PIN is, and the one hasher (argon2id PHC strings).

The server imports this module: a PIN the admin accepts is a PIN the kiosk's PIN pad takes, and
both sides hash alike. Why nine digits and these hash parameters: docs/security.md (a PIN's
hash is on every kiosk of its quartier, so its length is what protects it from an offline search).
"""

from __future__ import annotations

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# A new PIN has exactly this many digits: the most the kiosk's PIN pad takes. At the measured
# hash cost, searching all PINs of this length on a 2-core machine takes longer than the PINs'
# one-year rotation period (630 days on average; docs/security.md, "Helper PINs").
PIN_LENGTH = 9
# The PIN pad also takes shorter PINs, set before nine digits were the rule, until they are renewed.
LOGIN_LENGTHS = range(4, PIN_LENGTH + 1)

# RFC 9106's low-memory profile (argon2id, t=3, 64 MiB, 4 lanes), what the server has always
# used: every guess at a stolen hash costs 64 MiB and about 0.2 s of CPU (docs/security.md).
_hasher = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)


def could_be_pin(pin: str) -> bool:
    """Whether the PIN pad should try ``pin`` at all."""
    return pin.isascii() and pin.isdigit() and len(pin) in LOGIN_LENGTHS


def new_pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be a new helper PIN (in German, for the admin), or None if it can.

    Refused besides the wrong length: one digit repeated and straight runs (123456, 654321),
    the first guesses of anyone trying PINs at a kiosk."""
    if not (pin.isascii() and pin.isdigit() and len(pin) == PIN_LENGTH):
        return f"Die PIN hat genau {PIN_LENGTH} Ziffern (nur 0 bis 9)."
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({0}, {1}, {9}):
        return ("Diese PIN ist zu leicht zu erraten (gleiche Ziffern oder der Reihe nach). "
                "Bitte eine andere PIN wählen.")
    return None


def hash_pin(pin: str) -> str:
    return _hasher.hash(pin)


def verify_pin(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False
