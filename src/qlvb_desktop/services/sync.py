"""Offline-first sync with the central server: push the outbox, top up the number pool, pull
what other stations did. One `sync_once` is safe to interrupt anywhere (a killed process, a
dropped connection): the outbox row stays pending until the server's answer is stored, and the
server applies an operation id at most once, so the retry is harmless.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.books import Book
from qlvb_desktop.domain.clock import iso
from qlvb_desktop.domain.errors import EnvironmentProblem, UserError
from qlvb_desktop.domain.ports import Clock, FileStore
from qlvb_desktop.domain.sync import (
    DEFAULT_LEASE_BLOCK,
    OpResult,
    SyncJournal,
    SyncReport,
    SyncServer,
    SyncStatus,
)

PUSH_BATCH = 100
PULL_PAGE = 500
MAX_ROUNDS = 10_000  # bounds every loop; far above a real backlog (100 ops per round)


@dataclass
class SyncConfig:
    lease_block: int = DEFAULT_LEASE_BLOCK
    actor: str = ""


class SyncService:
    def __init__(
        self,
        journal: SyncJournal,
        server: SyncServer,
        files: FileStore,
        clock: Clock,
        books: Callable[[], list[Book]],
        config: SyncConfig,
    ) -> None:
        self.journal = journal
        self.server = server
        self.files = files
        self.clock = clock
        self.books = books
        self.config = config
        self._lock = threading.Lock()

    def sync_once(self, *, top_up: bool = True) -> SyncReport:
        """Push, lease, pull. Raises ServerUnreachable / NotLoggedIn; what was done stays done."""
        with self._lock:
            report = SyncReport()
            self._push(report)
            if top_up:
                self._top_up(report)
            self._pull(report)
            report.pending = self.journal.counts()[0]
            self.journal.set_state("last_sync", iso(self.clock.now()))
            self.journal.set_state("last_error", "")
            return report

    def _push(self, report: SyncReport) -> None:
        uploaded: set[str] = set()
        for _ in range(MAX_ROUNDS):
            ops = self.journal.pending(PUSH_BATCH)
            if not ops:
                return
            for op in ops:
                for ref in op.files:
                    if ref.sha256 not in uploaded:
                        self.server.upload(self.files.path_of(ref.sha256), ref)
                        uploaded.add(ref.sha256)
                        report.files_up += 1
            answers = self.server.push([op.wire() for op in ops])
            results = [_result(a) for a in answers]
            moved = self.journal.record(results)
            report.sent += len(ops)
            for r in results:
                if r.status == "applied":
                    report.applied += 1
                elif r.status == "superseded":
                    report.superseded += 1
            for uid, local, server_number in moved:
                (report.numbered if local <= 0 else report.renumbered).append((uid, server_number))
            if any(r.status == "retry" for r in results):
                return  # the server could not take a file yet; the rest waits for the next sync
        report.rejected = self.journal.rejected()

    def _top_up(self, report: SyncReport) -> None:
        """Keep a block of numbers for offline work in each incoming book of this year."""
        year = self.clock.now().year
        block = max(1, self.config.lease_block)
        for book in self.books():
            if book.direction != "incoming":
                continue
            have = len(self.journal.pool(book.code, year))
            if have * 2 <= block:
                numbers = self.server.lease(book.code, year, block - have)
                self.journal.add_to_pool(book.code, year, numbers)
                report.leased += len(numbers)

    def release_numbers(self) -> int:
        """Give back every unused leased number (before leaving a station, at the end of a year)."""
        with self._lock:
            released = 0
            for book in self.books():
                for year in {self.clock.now().year, self.clock.now().year - 1}:
                    numbers = self.journal.pool(book.code, year)
                    if numbers:
                        self.server.release(book.code, year, numbers)
                        self.journal.remove_from_pool(book.code, year, numbers)
                        released += len(numbers)
            return released

    def _pull(self, report: SyncReport) -> None:
        cursor = int(self.journal.get_state("cursor") or 0)
        for _ in range(MAX_ROUNDS):
            page = self.server.changes(cursor, PULL_PAGE)
            snaps: list[dict[str, Any]] = []
            for change in page["changes"]:
                if change["kind"] == "registration":
                    snaps.append(change["registration"])
                    self._fetch_files(change["registration"], report)
                elif change["kind"] == "directory":
                    self.journal.set_state("directory", _directory_json(change.get("directory") or []))
            report.pulled += self.journal.apply_snapshots(snaps, self.config.actor)
            cursor = int(page["cursor"])
            self.journal.set_state("cursor", str(cursor))
            if not page["more"]:
                return

    def _fetch_files(self, snap: dict[str, Any], report: SyncReport) -> None:
        for f in snap.get("files") or []:
            if self.files.path_of(f["sha256"]).exists():
                continue
            with tempfile.TemporaryDirectory() as tmp:
                target = Path(tmp) / f["sha256"]
                self.server.download(f["sha256"], target)
                self.files.put(target, f["name"])
            report.files_down += 1

    def status(self, online: bool) -> SyncStatus:
        pending, rejected, waiting = self.journal.counts()
        return SyncStatus(
            configured=True,
            online=online,
            pending=pending,
            waiting_for_number=waiting,
            rejected=rejected,
            last_sync=self.journal.get_state("last_sync") or "",
            last_error=self.journal.get_state("last_error") or "",
        )


def _result(answer: dict[str, Any]) -> OpResult:
    return OpResult(
        op_id=str(answer["op_id"]),
        status=str(answer["status"]),
        uid=str(answer.get("uid") or ""),
        arrival_number=answer.get("arrival_number"),
        error=str(answer.get("error") or ""),
    )


def _directory_json(entries: list[dict[str, Any]]) -> str:
    import json

    return json.dumps(entries, ensure_ascii=False)


class SyncWorker:
    """Syncs in a background thread every `interval` seconds and on demand; the GUI reads
    `status()` (no Qt here: the status-bar widget polls it)."""

    def __init__(self, service: SyncService, interval: float = 60.0) -> None:
        self.service = service
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._online = False
        self._thread: threading.Thread | None = None
        self.last_report: SyncReport | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="qlvb-sync", daemon=True)
            self._thread.start()

    def sync_now(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def status(self) -> SyncStatus:
        return self.service.status(self._online)

    def run_once(self) -> None:
        try:
            self.last_report = self.service.sync_once()
            self._online = True
        except EnvironmentProblem as exc:
            self._online = False
            self.service.journal.set_state("last_error", exc.message)
        except UserError as exc:
            self._online = False
            self.service.journal.set_state("last_error", exc.message)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._wake.wait(self.interval)
            self._wake.clear()
