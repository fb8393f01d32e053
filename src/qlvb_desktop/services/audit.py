"""`qlvb audit verify`: the chain of events and the registrations it describes agree."""

from __future__ import annotations

from qlvb_desktop.domain.audit import AuditProblem, verify_chain
from qlvb_desktop.domain.ports import RegisterRepository

NOT_REGISTRATIONS = frozenset(
    {"close", "outgoing_issue", "outgoing_void", "outgoing_sync", "refuse", "refusal_told", "refusal_sync"}
)


def verify_audit(repo: RegisterRepository) -> list[AuditProblem]:
    """Every problem found: edited or deleted events, and registrations whose stored state is not
    the state their last event recorded (a row edited or deleted outside the app).

    The file itself is checked first (SQLite's quick_check): on a damaged file the chain could
    look intact while pages are lost, so that is StorageCorrupt, never "intact"."""
    repo.check_integrity()
    events = repo.audit_events()
    problems = verify_chain(events)
    last_state: dict[int, dict[str, object] | None] = {}
    for ev in events:
        # Closing a period, the outgoing register and refusals are chained too, but describe
        # no incoming registration (their registration_id is 0).
        if ev.action not in NOT_REGISTRATIONS:
            last_state[ev.registration_id] = ev.after
    current = repo.all_registrations_json()
    for rid, state in last_state.items():
        if rid not in current:
            problems.append(AuditProblem(None, rid, f"Văn bản id {rid} đã bị xóa khỏi sổ."))
        elif state != current[rid]:
            recorded = state or {}
            changed = sorted(k for k in set(current[rid]) | set(recorded) if current[rid].get(k) != recorded.get(k))
            problems.append(
                AuditProblem(
                    None,
                    rid,
                    f"Văn bản id {rid} (số đến {current[rid]['arrival_number']}) bị sửa ngoài ứng dụng: "
                    + ", ".join(changed)
                    + ".",
                )
            )
    for rid in sorted(set(current) - set(last_state)):
        problems.append(
            AuditProblem(
                None, rid, f"Văn bản id {rid} (số đến {current[rid]['arrival_number']}) không có trong nhật ký."
            )
        )
    return problems
