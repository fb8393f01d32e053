"""SANE scans in a child process with a watchdog.

libsane backends run a reader thread inside the process; the `test` backend has been seen to hang
there for good (pthread_cancel inside malloc), and a real driver can do the same on a USB hiccup.
In the window's process that would freeze the scan step forever. Here each scan runs in a spawned
child that sends every page back as soon as it is scanned; when nothing arrives for `page_timeout_s`
the child is killed and the clerk keeps the pages already scanned, with one sentence saying so.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from qlvb_desktop.adapters.capture.sane_scanner import SaneScanner
from qlvb_desktop.adapters.child_process import end_with_parent
from qlvb_desktop.domain.capture import CancelToken, PageCallback, RawPage, ScanError, ScannerInfo, ScanSettings
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP

POLL_S = 0.1
PAGE_TIMEOUT_S = 120.0  # one sheet at 600 dpi on a slow USB 2 scanner takes well under a minute
START_TIMEOUT_S = 120.0  # a spawned child imports numpy and libsane first (slow on a loaded machine)


def _cancel_token(event: Any) -> CancelToken:
    """The child's CancelToken, set when the parent sets the multiprocessing Event."""
    token = CancelToken()

    def watch() -> None:
        event.wait()
        token.cancel()

    threading.Thread(target=watch, daemon=True).start()
    return token


def _scan_child(
    device_id: str, settings: ScanSettings, options: dict[str, Any], before_sheet: Any, out: Any, cancel: Any
) -> None:
    end_with_parent()
    out.put(("started",))
    try:
        pages = SaneScanner(options, before_sheet).scan(
            device_id, settings, on_page=lambda page: out.put(("page", page)), cancel=_cancel_token(cancel)
        )
        out.put(("done", len(pages)))
    except ScanError as exc:  # pages already sent one by one
        out.put(("scan_error", exc.template, {k: v for k, v in exc.params.items()}))
    except BaseException as exc:  # a bug: reported with its text
        out.put(("bug", repr(exc)))


def _devices_child(out: Any) -> None:
    end_with_parent()
    out.put(("devices", SaneScanner().devices()))


class ChildSaneScanner:
    """The `Scanner` port for SANE, each call in a spawned child process under a watchdog."""

    backend = "sane"

    def __init__(
        self,
        options: dict[str, Any] | None = None,
        before_sheet: Callable[[Any, int], None] | None = None,
        page_timeout_s: float = PAGE_TIMEOUT_S,
        start_timeout_s: float = START_TIMEOUT_S,
    ) -> None:
        """`before_sheet` must pickle (a module-level function or a partial of one)."""
        self.options = options or {}
        self.before_sheet = before_sheet
        self.page_timeout_s = page_timeout_s
        self.start_timeout_s = start_timeout_s
        self.context = multiprocessing.get_context("spawn")  # never fork a process with Qt threads

    def devices(self) -> list[ScannerInfo]:
        messages = self.context.Queue()
        child = self.context.Process(target=_devices_child, args=(messages,), daemon=True)
        child.start()
        try:
            kind, found = messages.get(timeout=self.start_timeout_s)
            return list(found) if kind == "devices" else []
        except queue.Empty:
            return [ScannerInfo("sane:", "SANE", "sane", False, "SANE không trả lời danh sách máy quét")]
        finally:
            _end(child, messages)

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: PageCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> list[RawPage]:
        messages = self.context.Queue()
        stop = self.context.Event()
        child = self.context.Process(
            target=_scan_child,
            args=(device_id, settings, self.options, self.before_sheet, messages, stop),
            daemon=True,
        )
        pages: list[RawPage] = []
        child.start()
        try:
            started = False
            last = time.monotonic()
            while True:
                if cancel is not None and cancel.cancelled:
                    # Like an in-process scan: no page after the cancel; the child stops between
                    # sheets (or is ended by _end) and the pages delivered so far are kept.
                    stop.set()
                    return pages
                limit = self.page_timeout_s if started else self.start_timeout_s
                try:
                    message = messages.get(timeout=POLL_S)
                except queue.Empty:
                    if time.monotonic() - last > limit:
                        raise _hung(limit, pages) from None
                    if not child.is_alive() and messages.empty():
                        raise ScanError(
                            QT_TRANSLATE_NOOP("Errors", "Phần quét dừng bất thường (mã {code}); đã giữ {count} trang."),
                            pages=list(pages), code=child.exitcode, count=len(pages),
                        ) from None
                    continue
                last = time.monotonic()
                kind = message[0]
                if kind == "started":
                    started = True
                elif kind == "page":
                    pages.append(message[1])
                    if on_page is not None:
                        on_page(message[1])
                elif kind == "done":
                    return pages
                elif kind == "scan_error":
                    raise ScanError(message[1], pages=list(pages), **message[2])
                else:
                    raise RuntimeError(message[1])
        finally:
            _end(child, messages)


def _hung(seconds: float, pages: list[RawPage]) -> ScanError:
    return ScanError(
        QT_TRANSLATE_NOOP(
            "Errors",
            "Máy quét không phản hồi sau {seconds} giây nên đã dừng quét; đã giữ {count} trang quét trước đó. "
            "Hãy tắt rồi bật lại máy quét và quét tiếp.",
        ),
        pages=list(pages),
        seconds=round(seconds),
        count=len(pages),
    )


def _end(child: Any, messages: Any) -> None:
    """The child ends now: asked politely, then killed (a hung libsane thread ignores SIGTERM)."""
    child.join(timeout=2)
    if child.is_alive():
        child.terminate()
        child.join(timeout=5)
    if child.is_alive():
        child.kill()
        child.join(timeout=5)
    messages.close()
    messages.join_thread()
