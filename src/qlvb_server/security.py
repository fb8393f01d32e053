"""Passwords (argon2), opaque bearer tokens with expiry, and lockout after repeated failures."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MAX_FAILED_LOGINS = 5
LOCKOUT_SECONDS = 15 * 60
TOKEN_SECONDS = 12 * 3600
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Only the digest is stored: a copy of the database does not hand out live tokens."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
