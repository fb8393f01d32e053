"""One dedicated thread for every PKCS#11 call (Electrum's `runs_in_hwd_thread`).

Token libraries are often not thread-safe and sessions belong to the thread that opened them in
some of them, so the driver, the session and pyHanko's signer built on it are only ever touched
from this thread. Callers hand it functions and wait for the result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class TokenThread:
    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pkcs11")
        self._ident: int | None = None

    def run(self, fn: Callable[[], T]) -> T:
        """Runs `fn` on the token thread and returns its result (re-raises its exception)."""
        if threading.get_ident() == self._ident:
            return fn()

        def wrapped() -> T:
            self._ident = threading.get_ident()
            return fn()

        return self._pool.submit(wrapped).result()

    def in_thread(self) -> bool:
        return threading.get_ident() == self._ident

    def close(self) -> None:
        self._pool.shutdown(wait=True)
