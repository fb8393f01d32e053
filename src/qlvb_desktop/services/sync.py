"""Offline-first sync with the central server: push the outbox, top up the number pool, pull
what other stations did. One `sync_once` is safe to interrupt anywhere (a killed process, a
dropped connection): the outbox row stays pending until the server's answer is stored, and the
server applies an operation id at most once, so the retry is harmless.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.books import Book, is_waiting
from qlvb_desktop.domain.clock import iso
from qlvb_desktop.domain.errors import EnvironmentProblem, FileNotOnServer, SyncFailedUnexpectedly, UserError
from qlvb_desktop.domain.outgoing_numbers import top_up_count
from qlvb_desktop.domain.ports import Clock, FileStore
from qlvb_desktop.domain.registration import FileRef
from qlvb_desktop.domain.sync import (
    DEFAULT_LEASE_BLOCK,
    DirectoryEntry,
    DirectorySink,
    ExchangeRelayReport,
    ExchangeStep,
    OpResult,
    OutgoingJournal,
    SyncJournal,
    SyncReport,
    SyncServer,
    SyncStatus,
)

log = logging.getLogger(__name__)

PUSH_BATCH = 100
AWAITED_KEY = "files_awaited"  # sync_state: files of received entries the server lost, JSON
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
        directory: DirectorySink | None = None,
        exchange: ExchangeStep | None = None,
        outgoing: OutgoingJournal | None = None,
    ) -> None:
        self.journal = journal
        self.server = server
        self.files = files
        self.clock = clock
        self.books = books
        self.config = config
        self.directory = directory
        self.exchange = exchange
        self.outgoing = outgoing
        self._lock = threading.Lock()

    def sync_once(self, *, top_up: bool = True) -> SyncReport:
        """Push, lease, pull. Raises ServerUnreachable / NotLoggedIn; what was done stays done."""
        with self._lock:
            report = SyncReport()
            self._renew(report)
            self._push(report)
            self._reoffer(report)
            if top_up:
                self._top_up(report)
            self._fetch_awaited(report)
            self._pull(report)
            self._relay(report)
            report.pending = self.journal.counts()[0]
            report.files_awaited = len(self._awaited())
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
            voided = [(r.uid, r.arrival_number) for r in results if r.status == "rejected" and r.arrival_number]
            report.voided += voided
            for uid, local, server_number in moved:
                if (uid, server_number) not in voided:
                    (report.numbered if is_waiting(local) else report.renumbered).append((uid, server_number))
            if any(r.status == "retry" for r in results):
                return  # the server could not take a file yet; the rest waits for the next sync
        report.rejected = self.journal.rejected()

    def _relay(self, report: SyncReport) -> None:
        """edXML packages both ways through the same server, in the same sync (issue 15); the
        last relay that moved anything is kept for the status bar, with the inbox's backlog."""
        if self.exchange is None:
            return
        relayed = self.exchange.relay()
        report.exchange = relayed
        last = self._last_relay()
        if relayed.moved or last is None or last.pending != relayed.pending:
            keep = relayed if relayed.moved or last is None else ExchangeRelayReport(
                last.sent, last.refused, last.documents, last.statuses, relayed.pending, last.at)
            self.journal.set_state("exchange", json.dumps(keep.to_json()))

    def _last_relay(self) -> ExchangeRelayReport | None:
        raw = self.journal.get_state("exchange")
        if not raw:
            return None
        try:
            return ExchangeRelayReport.from_json(json.loads(raw))
        except (ValueError, TypeError):
            return None

    def _renew(self, report: SyncReport) -> None:
        """Renew this station's leases; drop the numbers the server took back meanwhile (a
        lease not renewed in time), so they are not used again here."""
        held: dict[tuple[str, int], list[int]] = {}
        for h in self.server.renew():
            held[(str(h["book"]), int(h["year"]))] = [int(n) for n in h["numbers"]]
        report.revoked = self.journal.keep_only_held(held)
        if self.outgoing is not None:
            out: dict[tuple[str, str, int], list[int]] = {}
            for h in self.server.outgoing_renew():
                out[(str(h["book"]), str(h["series"]), int(h["year"]))] = [int(n) for n in h["numbers"]]
            report.outgoing_revoked = self.outgoing.reconcile(out)[1]

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
        if self.outgoing is None:
            return
        # Outgoing numbers: only leased ones are ever used offline (a number written into a
        # signed PDF cannot change), so every series the station issues in keeps a block.
        for book_code, series in self.outgoing.series_to_stock(year):
            count = top_up_count(len(self.outgoing.pool(book_code, series, year)), block)
            if count:
                numbers = self.server.outgoing_lease(book_code, series, year, count)
                self.outgoing.add_to_pool(book_code, series, year, numbers)
                report.outgoing_leased += len(numbers)

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
            if self.outgoing is not None:
                # Out of the pool and into the outbox together, then sent.
                released += self.outgoing.release_all()
                self._push(SyncReport())
            return released

    def _pull(self, report: SyncReport) -> None:
        cursor = int(self.journal.get_state("cursor") or 0)
        for _ in range(MAX_ROUNDS):
            page = self.server.changes(cursor, PULL_PAGE)
            snaps: list[dict[str, Any]] = []
            outgoing: list[dict[str, Any]] = []
            refusals: list[dict[str, Any]] = []
            casefiles: list[dict[str, Any]] = []
            for change in page["changes"]:
                if change["kind"] in ("casefile", "casefile_list"):
                    casefiles.append(change)
                elif change["kind"] == "registration":
                    snaps.append(change["registration"])
                    self._fetch_files(change["registration"], report)
                elif change["kind"] in ("outgoing", "refusal") and self.outgoing is not None:
                    snap = change[change["kind"]]
                    (outgoing if change["kind"] == "outgoing" else refusals).append(snap)
                    self._fetch_files(snap, report)
                elif change["kind"] == "directory":
                    entries = change.get("directory") or []
                    self.journal.set_state("directory", _directory_json(entries))
                    if self.directory is not None:
                        self.directory.write([_directory_entry(e) for e in entries])
                    report.directory = len(entries)
            report.pulled += self.journal.apply_snapshots(snaps, self.config.actor)
            if self.outgoing is not None:
                report.pulled += self.outgoing.apply_outgoing(outgoing, self.config.actor)
                report.pulled += self.outgoing.apply_refusals(refusals, self.config.actor)
            if casefiles:  # after the page's registrations: a case file names its documents by uid
                report.pulled += self.journal.apply_casefile_changes(casefiles, self.config.actor)
            cursor = int(page["cursor"])
            self.journal.set_state("cursor", str(cursor))
            if not page["more"]:
                return

    def _fetch_files(self, snap: dict[str, Any], report: SyncReport) -> None:
        for f in snap.get("files") or []:
            if self.files.path_of(f["sha256"]).exists():
                continue
            if not self._download(f["sha256"], f["name"]):
                awaited = self._awaited()
                awaited[f["sha256"]] = f["name"]
                self._set_awaited(awaited)
                continue
            report.files_down += 1

    def _download(self, sha256: str, name: str) -> bool:
        """Fetch a file into the local store; False when the server does not have it (it lost
        it: the entry is kept and the file awaited, never failing every sync on it)."""
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / sha256
            try:
                self.server.download(sha256, target)
            except FileNotOnServer:
                log.warning("file %s is not on the server (lost there); awaiting its re-upload", sha256)
                return False
            self.files.put(target, name, inspect=False)  # checked at the station that registered it
        return True

    def _awaited(self) -> dict[str, str]:
        """sha256 -> name of the received entries' files the server could not give yet."""
        raw = self.journal.get_state(AWAITED_KEY)
        return dict(json.loads(raw)) if raw else {}

    def _set_awaited(self, awaited: dict[str, str]) -> None:
        self.journal.set_state(AWAITED_KEY, json.dumps(awaited, ensure_ascii=False, sort_keys=True))

    def _fetch_awaited(self, report: SyncReport) -> None:
        """Try again the files the server had lost when their entries were received."""
        awaited = self._awaited()
        if not awaited:
            return
        for sha256, name in list(awaited.items()):
            if self.files.path_of(sha256).exists() or self._download(sha256, name):
                del awaited[sha256]
                report.files_down += 1
        self._set_awaited(awaited)

    def _reoffer(self, report: SyncReport) -> None:
        """Send again the files the server lost (found damaged and quarantined there) that this
        station still has with the right bytes; a station without them just goes on."""
        for missing in self.server.missing_files():
            sha256, size = str(missing["sha256"]), int(missing["size"])
            path = self.files.path_of(sha256)
            if not path.is_file() or _digest(path) != (sha256, size):
                continue
            log.warning("the server lost file %s; sending it again", sha256)
            self.server.upload(path, FileRef(sha256, sha256[:12], size))
            report.files_reoffered += 1

    def status(self, online: bool) -> SyncStatus:
        pending, rejected, waiting = self.journal.counts()
        notices = tuple(self.journal.notices())
        return SyncStatus(
            configured=True,
            online=online,
            pending=pending,
            waiting_for_number=waiting,
            rejected=rejected,
            last_sync=self.journal.get_state("last_sync") or "",
            last_error=self.journal.get_state("last_error") or "",
            notices=notices,
            exchange=self._last_relay() if self.exchange is not None else None,
            files_awaited=len(self._awaited()),
        )


def _digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _result(answer: dict[str, Any]) -> OpResult:
    return OpResult(
        op_id=str(answer["op_id"]),
        status=str(answer["status"]),
        uid=str(answer.get("uid") or ""),
        arrival_number=answer.get("arrival_number"),
        error=str(answer.get("error") or ""),
    )


def _directory_entry(e: dict[str, Any]) -> DirectoryEntry:
    return DirectoryEntry(
        name=str(e.get("name") or ""),
        code=str(e.get("code") or ""),
        abbreviation=str(e.get("abbreviation") or ""),
        parent=str(e.get("parent") or ""),
        place=str(e.get("place") or ""),
    )


def _directory_json(entries: list[dict[str, Any]]) -> str:
    return json.dumps(entries, ensure_ascii=False)


class SyncWorker:
    """Syncs in a background thread every `interval` seconds and on demand. `status()` reads
    the database; `snapshot()` is the status the thread last computed (refreshed every
    `status_interval` seconds and after each sync), for the GUI thread, which must not wait on
    the database or the network. No Qt here: the status-bar widget polls `snapshot()`."""

    def __init__(self, service: SyncService, interval: float = 60.0, status_interval: float = 2.0) -> None:
        self.service = service
        self.interval = interval
        self.status_interval = status_interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._acknowledge = threading.Event()
        self._online = False
        self._thread: threading.Thread | None = None
        self._snapshot: SyncStatus | None = None
        self.last_report: SyncReport | None = None
        self.generation = 0  # bumped when a sync changed the local register (the GUI re-reads it)
        self.exchange_generation = 0  # bumped when edXML packages came or went (issue 15)

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="qlvb-sync", daemon=True)
            self._thread.start()

    def sync_now(self) -> None:
        self._wake.set()

    def acknowledge(self) -> None:
        """The clerk has seen the notices and rejected operations (done in the worker thread)."""
        self._acknowledge.set()
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread and close the server connection (a worker replaced after a new
        login must not leave its sockets open)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            alive = self._thread.is_alive()
            self._thread = None
            if alive:
                return  # still inside a network call: it ends by its own timeout, then exits
        self.service.server.close()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def status(self) -> SyncStatus:
        return self.service.status(self._online)

    def snapshot(self) -> SyncStatus | None:
        return self._snapshot

    def run_once(self) -> None:
        try:
            report = self.service.sync_once()
            self.last_report = report
            self._online = True
            if report.pulled or report.numbered or report.renumbered or report.voided:
                self.generation += 1
            if report.exchange is not None and report.exchange.moved:
                self.exchange_generation += 1  # the window's inbox and sent list read again
        except EnvironmentProblem as exc:
            self._online = False
            self._set_error(exc.message)
        except UserError as exc:
            self._online = False
            self._set_error(exc.message)
        except Exception as exc:  # a bug (an edXML package no reader expected...): not the end of sync
            self._unexpected(exc)

    def _unexpected(self, exc: Exception) -> None:
        """Logged with its traceback, said in one sentence in the status bar; the loop goes on
        and the next periodic sync tries again (it used to end the thread for the session)."""
        log.exception("sync failed unexpectedly")
        self._online = False
        try:
            self._set_error(SyncFailedUnexpectedly(type(exc).__name__).message)
        except Exception:  # the journal too: the log has it, the thread must live on
            log.exception("could not record the sync failure")

    def _set_error(self, message: str) -> None:
        # If the local disk is in trouble too, the snapshot still says offline.
        with contextlib.suppress(EnvironmentProblem):
            self.service.journal.set_state("last_error", message)

    def _refresh(self) -> None:
        with contextlib.suppress(EnvironmentProblem):
            self._snapshot = self.status()

    def _run(self) -> None:
        self._refresh()
        due = 0.0
        while not self._stop.is_set():
            try:
                if self._acknowledge.is_set():
                    self._acknowledge.clear()
                    self.service.journal.acknowledge()
                now = time.monotonic()
                if now >= due or self._wake.is_set():
                    self._wake.clear()
                    due = time.monotonic() + self.interval  # also after a failure: no busy loop
                    self.run_once()
                    due = time.monotonic() + self.interval
                self._refresh()
            except Exception as exc:  # the status or the acknowledgement: keep the thread alive
                self._unexpected(exc)
            self._wake.wait(max(0.05, min(self.status_interval, due - time.monotonic())))
