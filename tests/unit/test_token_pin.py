"""PIN handling of a token session, with a fake token that reports its PIN counters.

SoftHSM2 never reports "few tries left" nor locks its PIN, so these paths of the real session
code run here against a token that does, the way bit4id and SafeNet tokens report them.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from pkcs11 import TokenFlag
from pkcs11 import exceptions as e

from qlvb_desktop.adapters.pkcs11.session import PinCancelled, TokenSession
from qlvb_desktop.adapters.pkcs11.worker import TokenThread
from qlvb_desktop.domain.errors import UserError

INIT = int(TokenFlag.TOKEN_INITIALIZED)


class FakeToken:
    label = "VGCA token"

    def __init__(self, tries: int, pin: str = "1234") -> None:
        self.tries, self.pin = tries, pin

    @property
    def flags(self) -> int:
        f = INIT
        if self.tries <= 0:
            f |= int(TokenFlag.USER_PIN_LOCKED)
        elif self.tries == 1:
            f |= int(TokenFlag.USER_PIN_FINAL_TRY)
        elif self.tries <= 2:
            f |= int(TokenFlag.USER_PIN_COUNT_LOW)
        return f

    def open(self, user_pin: str, rw: bool = False) -> Any:
        if self.tries <= 0:
            raise e.PinLocked()
        if user_pin != self.pin:
            self.tries -= 1
            if self.tries <= 0:
                raise e.PinLocked()
            raise e.PinIncorrect()
        return object()


class FakeSession(TokenSession):
    def __init__(self, token: FakeToken) -> None:
        super().__init__(TokenThread(), "fake.so", None, "")
        self.token = token

    def _find_token(self) -> Any:
        return self.token


class Handler:
    def __init__(self, *pins: str | None) -> None:
        self.pins = list(pins)
        self.asked: list[tuple[int | None, bool]] = []
        self.wrong: list[tuple[int | None, bool]] = []

    def get_pin(self, token_label: str, tries_left: int | None, last_try: bool) -> str | None:
        self.asked.append((tries_left, last_try))
        return self.pins.pop(0)

    def wrong_pin(self, tries_left: int | None, low: bool) -> None:
        self.wrong.append((tries_left, low))


def login(session: FakeSession, handler: Handler) -> None:
    # stop before the certificate lookup: only the PIN dialogue is under test here
    def run() -> None:
        with contextlib.suppress(AttributeError):  # object() has no get_objects: logged in
            session.login(handler)

    session.thread.run(run)


def test_wrong_pin_warns_before_the_last_try() -> None:
    token = FakeToken(tries=3)
    handler = Handler("0000", "0000", "1234")
    login(FakeSession(token), handler)
    assert handler.asked == [(None, False), (None, True), (1, True)]
    assert handler.wrong == [(None, True), (1, False)]


def test_locked_token_is_refused_without_asking() -> None:
    handler = Handler("1234")
    session = FakeSession(FakeToken(tries=0))
    with pytest.raises(UserError, match="bị khóa"):
        session.thread.run(lambda: session.login(handler))
    assert handler.asked == []


def test_last_wrong_pin_locks_and_says_so() -> None:
    session = FakeSession(FakeToken(tries=1))
    with pytest.raises(UserError, match="bị khóa"):
        session.thread.run(lambda: session.login(Handler("0000")))


def test_cancel() -> None:
    session = FakeSession(FakeToken(tries=3))
    with pytest.raises(PinCancelled):
        session.thread.run(lambda: session.login(Handler(None)))
