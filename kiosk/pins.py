"""Helper PINs: stored only as argon2id hashes (the server sends the same PHC strings)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# A salted slow hash that still answers a PIN quickly: 28 ms per check measured on the
# development machine (x86, 2 cores); a Raspberry Pi 4 is expected to take a few times that.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_pin(pin: str) -> str:
    return _hasher.hash(pin)


def verify_pin(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False
