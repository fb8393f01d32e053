"""Sync with the central server, as pure data and ports (issue 6).

Every change on a station is an operation with a client-generated id, queued in an outbox in
the same local transaction as the change. The server applies each id at most once and answers
with its decision (the arrival number it settled on, or why it refused).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from qlvb_desktop.domain.registration import FileRef

DEFAULT_LEASE_BLOCK = 20


@dataclass(frozen=True)
class PendingOp:
    seq: int
    op_id: str
    kind: str  # register | update | void | trace | attach | outgoing.issue|void|release | refusal.add|told
    # | casefile.* (domain/casefile_sync.py)
    uid: str
    payload: dict[str, Any]
    at: str  # ISO 8601 with offset

    def wire(self) -> dict[str, Any]:
        return {"op_id": self.op_id, "kind": self.kind, "uid": self.uid, "at": self.at, **self.payload}

    @property
    def files(self) -> list[FileRef]:
        return [FileRef.from_json(f) for f in self.payload.get("files") or []]


@dataclass(frozen=True)
class OpResult:
    op_id: str
    status: str  # applied | superseded | rejected | retry
    uid: str = ""
    arrival_number: int | None = None
    error: str = ""


@dataclass(frozen=True)
class RejectedOp:
    op_id: str
    kind: str
    uid: str
    error: str


@dataclass(frozen=True)
class Notice:
    """Something the server decided about one of this station's entries, kept until the clerk
    has seen it: `renumbered` (its leased number had been taken back), `numbered` (it was
    waiting for a number), `voided` (the server refused it; the number stays, voided)."""

    uid: str
    kind: str  # renumbered | numbered | voided
    old_number: int  # a WaitingForNumber placeholder (books.is_waiting) when it had none
    new_number: int
    subject: str
    reason: str = ""
    at: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "kind": self.kind,
            "old_number": self.old_number,
            "new_number": self.new_number,
            "subject": self.subject,
            "reason": self.reason,
            "at": self.at,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Notice:
        return cls(
            uid=str(data.get("uid", "")),
            kind=str(data.get("kind", "")),
            old_number=int(data.get("old_number", 0)),
            new_number=int(data.get("new_number", 0)),
            subject=str(data.get("subject", "")),
            reason=str(data.get("reason", "")),
            at=str(data.get("at", "")),
        )


@dataclass
class SyncReport:
    sent: int = 0
    applied: int = 0
    superseded: int = 0
    rejected: list[RejectedOp] = field(default_factory=list)
    renumbered: list[tuple[str, int]] = field(default_factory=list)  # (uid, number from the server)
    numbered: list[tuple[str, int]] = field(default_factory=list)  # waiting entries that got a number
    pulled: int = 0
    files_up: int = 0
    files_down: int = 0
    leased: int = 0
    pending: int = 0  # still queued after this sync (e.g. a file the server could not take yet)
    revoked: int = 0  # leased numbers the server took back (the lease ran out unrenewed)
    voided: list[tuple[str, int]] = field(default_factory=list)  # refused registrations, voided
    directory: int | None = None  # entries of the organization directory, when it was updated
    exchange: ExchangeRelayReport | None = None  # edXML packages relayed in this sync (issue 15)
    outgoing_leased: int = 0  # outgoing numbers leased in this sync
    outgoing_revoked: int = 0  # leased outgoing numbers the server voided (lease ran out unrenewed)
    files_reoffered: int = 0  # files the server had lost, sent again from this station
    files_awaited: int = 0  # files of pulled entries the server does not have yet (still awaited)


@dataclass(frozen=True)
class ExchangeRelayReport:
    """What one relay of edXML packages through the organization's server did (issue 15):
    packages and status packets sent from the outbox, refused by the server, documents and
    status packets received into the inbox, and how many documents wait for the clerk."""

    sent: int = 0
    refused: int = 0
    documents: int = 0
    statuses: int = 0
    pending: int = 0
    at: str = ""  # ISO 8601 time of the relay

    @property
    def moved(self) -> bool:
        return bool(self.sent or self.refused or self.documents or self.statuses)

    def to_json(self) -> dict[str, Any]:
        return {"sent": self.sent, "refused": self.refused, "documents": self.documents,
                "statuses": self.statuses, "pending": self.pending, "at": self.at}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExchangeRelayReport:
        def count(key: str) -> int:
            return int(data.get(key) or 0)

        return cls(count("sent"), count("refused"), count("documents"), count("statuses"), count("pending"),
                   str(data.get("at") or ""))


class ExchangeStep(Protocol):
    """The exchange relay as one step of the sync (issue 15): send the outbox's packages and
    receive the server's into the inbox. Raises what the sync raises when the server is down."""

    def relay(self) -> ExchangeRelayReport: ...


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows: online / offline / N waiting / last sync / errors."""

    configured: bool
    online: bool
    pending: int
    waiting_for_number: int
    rejected: int
    last_sync: str
    last_error: str
    notices: tuple[Notice, ...] = ()
    exchange: ExchangeRelayReport | None = None  # the last relay that moved packages (issue 15)
    files_awaited: int = 0  # files of received entries waiting to be fetched ("đang chờ tải lại")


class SyncJournal(Protocol):
    """The station's side of sync: the outbox, the number pool, pulled changes."""

    def pending(self, limit: int) -> list[PendingOp]: ...

    def record(self, results: list[OpResult]) -> list[tuple[str, int, int]]: ...

    def rejected(self) -> list[RejectedOp]: ...

    def pool(self, book: str, year: int) -> list[int]: ...

    def add_to_pool(self, book: str, year: int, numbers: list[int]) -> None: ...

    def remove_from_pool(self, book: str, year: int, numbers: list[int]) -> None: ...

    def apply_snapshot(self, snapshot: dict[str, Any], actor: str) -> bool: ...

    def apply_snapshots(self, snapshots: list[dict[str, Any]], actor: str) -> int: ...

    def apply_casefile_changes(self, changes: list[dict[str, Any]], actor: str) -> int: ...

    def counts(self) -> tuple[int, int, int]: ...

    def keep_only_held(self, held: dict[tuple[str, int], list[int]]) -> int: ...

    def notices(self) -> list[Notice]: ...

    def acknowledge(self) -> int: ...

    def get_state(self, key: str) -> str | None: ...

    def set_state(self, key: str, value: str) -> None: ...


class OutgoingJournal(Protocol):
    """The station's outgoing register and refusals as sync sees them (issue 12 item 6)."""

    def series_to_stock(self, year: int) -> list[tuple[str, str]]: ...

    def pool(self, book: str, series: str, year: int) -> list[int]: ...

    def add_to_pool(self, book: str, series: str, year: int, numbers: list[int]) -> None: ...

    def reconcile(self, held: dict[tuple[str, str, int], list[int]]) -> tuple[int, int]: ...

    def release_all(self) -> int: ...

    def apply_outgoing(self, snaps: list[dict[str, Any]], actor: str) -> int: ...

    def apply_refusals(self, snaps: list[dict[str, Any]], actor: str) -> int: ...


class SyncServer(Protocol):
    """The central server as the station sees it. Raises `ServerUnreachable` (an
    EnvironmentProblem) when the network or the server is down."""

    def login(self, username: str, password: str) -> dict[str, Any]: ...

    def lease(self, book: str, year: int, count: int) -> list[int]: ...

    def renew(self) -> list[dict[str, Any]]: ...

    def release(self, book: str, year: int, numbers: list[int]) -> int: ...

    def outgoing_lease(self, book: str, series: str, year: int, count: int) -> list[int]: ...

    def outgoing_renew(self) -> list[dict[str, Any]]: ...

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]: ...

    def changes(self, after: int, limit: int) -> dict[str, Any]: ...

    def upload(self, path: Path, ref: FileRef) -> None: ...

    def download(self, sha256: str, target: Path) -> None:
        """Raises `FileNotOnServer` when the server does not have the file (yet)."""
        ...

    def missing_files(self) -> list[dict[str, Any]]:
        """The files ({sha256, size}) of this organization the server lost and waits for."""
        ...

    def close(self) -> None:
        """Close the connections (every client and socket is closed when its owner stops)."""
        ...


@dataclass(frozen=True)
class DirectoryEntry:
    """One organization of the directory the server distributes, for issuer matching."""

    name: str
    code: str = ""
    abbreviation: str = ""
    parent: str = ""
    place: str = ""


class DirectorySink(Protocol):
    """Where the pulled organization directory goes (the extractor reads it from there)."""

    def write(self, entries: list[DirectoryEntry]) -> None: ...
