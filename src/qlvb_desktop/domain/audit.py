"""The audit chain: every change to a registration is an append-only event whose hash covers
the previous event's hash, so an edited or deleted row breaks the chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    registration_id: int
    at: str  # ISO 8601 with offset
    actor: str
    action: str  # register | update | void | trace | correct | close
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "registration_id": self.registration_id,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "before": self.before,
            "after": self.after,
        }


def event_hash(prev_hash: str, body: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(body)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditProblem:
    seq: int | None
    registration_id: int | None
    message: str


def verify_chain(events: list[AuditEvent]) -> list[AuditProblem]:
    """Problems in the chain, in order: an edited event, a missing one, a broken link."""
    problems: list[AuditProblem] = []
    prev = GENESIS
    expected_seq = 1
    for ev in events:
        if ev.seq != expected_seq:
            problems.append(
                AuditProblem(
                    expected_seq,
                    None,
                    f"Sự kiện nhật ký số {expected_seq}"
                    + (f" đến {ev.seq - 1}" if ev.seq - 1 > expected_seq else "")
                    + " đã bị xóa.",
                )
            )
        if ev.prev_hash != prev and ev.seq == expected_seq:
            problems.append(AuditProblem(ev.seq, ev.registration_id, f"Sự kiện nhật ký số {ev.seq} bị nối sai."))
        if event_hash(ev.prev_hash, ev.body()) != ev.hash:
            problems.append(
                AuditProblem(
                    ev.seq,
                    ev.registration_id,
                    f"Sự kiện nhật ký số {ev.seq} (văn bản id {ev.registration_id}) đã bị sửa.",
                )
            )
        prev = ev.hash
        expected_seq = ev.seq + 1
    return problems
