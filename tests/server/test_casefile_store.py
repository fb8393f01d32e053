"""The server's side of case files (issue 17 second pass), over HTTP in process, on SQLite and
a real PostgreSQL: each operation applied at most once, DocOrdinal decided by the server in
arrival order, an offline double opening merged, closing wins over a later filing, the list's
latest edit wins, everything scoped to the organization, and a malformed body refused (never
a 5xx)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.server.conftest import login
from tests.server.test_api import _op, _push

CF = "cf-0000000000000001"
OPENING = {
    "year": 2026, "notation": "01.TCCB", "title": "Hồ sơ tuyển dụng", "retention": None, "creator": "Phòng TCCB",
    "organ_id": "000.00.04.G14", "start_date": "2026-01-05", "description": "", "listed": True,
}


def _cf(op_id: str, kind: str, uid: str = CF, at: str = "2026-03-02T09:00:00+07:00", **body: Any) -> dict[str, Any]:
    return {"op_id": op_id, "kind": f"casefile.{kind}", "uid": uid, "at": at, "casefile": body}


def _feed(client: TestClient, h: dict[str, str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for c in client.get("/api/v1/changes", params={"after": 0, "limit": 1000}, headers=h).json()["changes"]:
        if c["kind"] == "casefile":
            out[c["casefile"]["uid"]] = c["casefile"]
        elif c["kind"] == "casefile_list":
            out[f"list-{c['casefile_list']['year']}"] = c["casefile_list"]
    return out


def test_case_file_operations_on_the_server(client: TestClient) -> None:
    a, a2, b = login(client, "clerk-a"), login(client, "clerk-a2"), login(client, "clerk-b")
    regs = _push(client, a, _op(1), _op(2), _op(3))
    assert [r["status"] for r in regs] == ["applied"] * 3
    opened = _push(client, a, _cf("cf-op-open-1", "open", **OPENING))[0]
    assert opened["status"] == "applied" and opened["uid"] == CF
    # Two stations file at once: the server numbers them in arrival order.
    first = _push(client, a, _cf("cf-op-file-1", "file", doc_kind="incoming", doc_uid="uid-00000001"))[0]
    second = _push(client, a2, _cf("cf-op-file-2", "file", doc_kind="incoming", doc_uid="uid-00000002"))[0]
    assert (first["ordinal"], second["ordinal"]) == (1, 2)
    # A retry of the same operation gets the first answer, applied once.
    again = _push(client, a2, _cf("cf-op-file-2", "file", doc_kind="incoming", doc_uid="uid-00000002"))[0]
    assert again["duplicate"] and again["ordinal"] == 2
    # The same document filed again (another op) keeps its place.
    assert _push(client, a, _cf("cf-op-file-3", "file", doc_kind="incoming", doc_uid="uid-00000002"))[0][
        "ordinal"] == 2
    # A second station opened the same code offline: its uid becomes an alias of the first.
    other = "cf-0000000000000002"
    merged = _push(client, a2, _cf("cf-op-open-2", "open", uid=other, **OPENING))[0]
    assert merged["status"] == "applied" and merged["uid"] == CF
    via_alias = _push(client, a2, _cf("cf-op-file-4", "file", uid=other, doc_kind="incoming",
                                      doc_uid="uid-00000003"))[0]
    assert via_alias["ordinal"] == 3 and via_alias["uid"] == CF
    # Removing moves the later ones up.
    assert _push(client, a, _cf("cf-op-rm-1", "remove", doc_kind="incoming", doc_uid="uid-00000001"))[0][
        "status"] == "applied"
    snap = _feed(client, a)[CF]
    assert [(d["ordinal"], d["uid"]) for d in snap["documents"]] == [(1, "uid-00000002"), (2, "uid-00000003")]
    assert snap["aliases"] == [other] and snap["title"] == "Hồ sơ tuyển dụng"
    # Closing wins over a filing that arrives later.
    closed = _push(client, a, _cf("cf-op-close-1", "close", start_date="2026-01-05", end_date="2026-03-01"))[0]
    assert closed["status"] == "applied"
    late = _push(client, a2, _cf("cf-op-file-5", "file", doc_kind="incoming", doc_uid="uid-00000001"))[0]
    assert late["status"] == "rejected" and "01.TCCB" in late["error"] and "đã kết thúc" in late["error"]
    assert "01/03/2026" in late["error"]
    assert _feed(client, a)[CF]["status"] == "closed"
    assert len(_feed(client, a)[CF]["documents"]) == 2
    # The list: the latest edit wins, an older one arriving later is superseded.
    row = {"level": 2, "label": "", "title": "Hồ sơ tuyển dụng", "notation": "01.TCCB", "retention": None}
    new = _push(client, a, _cf("cf-op-list-1", "list", uid="casefile-list-2026", at="2026-01-03T08:00:00+07:00",
                               year=2026, entries=[row]))[0]
    old = _push(client, a2, _cf("cf-op-list-2", "list", uid="casefile-list-2026", at="2026-01-02T08:00:00+07:00",
                                year=2026, entries=[]))[0]
    assert (new["status"], old["status"]) == ("applied", "superseded")
    assert _feed(client, a2)["list-2026"]["entries"][0]["notation"] == "01.TCCB"
    # Another organization sees none of it and cannot file into it.
    assert _feed(client, b) == {}
    foreign = _push(client, b, _cf("cf-op-b-1", "file", doc_kind="incoming", doc_uid="uid-00000001"))[0]
    assert foreign["status"] == "rejected"
    # Malformed bodies are refused one by one, never a server error.
    bad = [
        _cf("cf-bad-0001", "open", uid="cf-bad-uid-1", **{**OPENING, "notation": "01 TC?"}),
        _cf("cf-bad-0002", "open", uid="cf-bad-uid-2", **{**OPENING, "year": "2026"}),
        _cf("cf-bad-0003", "file", doc_kind="fax", doc_uid="uid-00000001"),
        _cf("cf-bad-0004", "close", uid="cf-unknown-9", start_date="2026-01-01", end_date="2026-01-02"),
        _cf("cf-bad-0005", "list", uid="casefile-list-2026", year=2026, entries=[{"level": 7}]),
        {"op_id": "cf-bad-0006", "kind": "casefile.open", "uid": "cf-bad-uid-3"},
    ]
    assert [r["status"] for r in _push(client, a, *bad)] == ["rejected"] * len(bad)
