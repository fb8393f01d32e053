"""Case files synced between stations through a real server process on loopback (issue 17,
second pass): the yearly list, opening, filing, removing and closing travel as `casefile.*`
operations; two stations filing into one case file get distinct DocOrdinals decided by the
server; a code opened on both stations offline becomes one case file; a filing that reaches the
server after the file was closed elsewhere is refused with a reason the station shows; at the
end both stations hold the same case files with the same contents, and fields 1–2 follow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.server.conftest import PASSWORD, Org, qlvb

pytestmark = pytest.mark.slow


def _register(st: Path, subject: str, capsys: Any) -> int:
    capsys.readouterr()
    assert qlvb(st, "register", "--issuer", "UBND huyện Yên Sơn", "--doc-type", "Công văn",
                "--subject", subject, "--yes") == 0
    capsys.readouterr()
    assert qlvb(st, "search", "--json", "--limit", "50", subject) == 0
    found = [r for r in json.loads(capsys.readouterr().out) if r["subject"] == subject]
    assert len(found) == 1, found
    return int(found[0]["id"])


def _state(st: Path) -> dict[str, Any]:
    """(year, code) -> status and the documents (by uid) in DocOrdinal order; uid -> fields 1–2."""
    from qlvb_desktop.app import build_core
    from qlvb_desktop.services.audit import verify_audit

    core = build_core(st)
    assert [p.message for p in verify_audit(core.repo)] == []
    out: dict[str, Any] = {"files": {}, "fields": {}, "list": []}
    with core.repo.engine.connect() as conn:
        for c in conn.execute(text("SELECT * FROM casefiles ORDER BY year, notation")).all():
            docs = conn.execute(
                text("SELECT d.ordinal, r.uid FROM casefile_documents d JOIN registrations r ON r.id = d.ref_id "
                     "WHERE d.casefile_id = :c AND d.kind = 'incoming' ORDER BY d.ordinal"),
                {"c": c.id},
            ).all()
            out["files"][(c.year, c.notation)] = (c.uid, c.status, c.title, [(d.ordinal, d.uid) for d in docs])
        for r in conn.execute(
            text("SELECT uid, file_catalog, file_notation, doc_ordinal FROM registrations ORDER BY uid")
        ):
            out["fields"][r.uid] = (r.file_catalog, r.file_notation, r.doc_ordinal)
        out["list"] = [tuple(r) for r in conn.execute(
            text("SELECT year, position, notation, title, retention FROM casefile_list ORDER BY year, position"))]
    core.repo.engine.dispose()
    return out


def test_two_stations_keep_the_same_case_files(server_process, tmp_path, capsys):
    sp = server_process()
    org = Org(sp, clerks=2)
    sp.start()
    a, b = tmp_path / "station-a", tmp_path / "station-b"
    env = {"PW": PASSWORD}
    for st, clerk in zip((a, b), org.clerks, strict=True):
        assert qlvb(st, "login", "--server", sp.url, "--user", clerk, "--password-env", "PW", env=env) == 0
        assert qlvb(st, "sync") == 0
    year = "2026"
    # A types the year's list; B receives it.
    assert qlvb(a, "casefile", "list", "--year", year, "--add", "01.TCCB", "--title", "Hồ sơ tuyển dụng",
                "--retention", "Vĩnh viễn", "--heading", "I. Tổ chức cán bộ") == 0
    assert qlvb(a, "casefile", "list", "--year", year, "--add", "02.VP", "--title", "Hội nghị giao ban",
                "--retention", "10") == 0
    assert qlvb(a, "casefile", "open", "01.TCCB", "--year", year) == 0
    a1 = _register(a, "Tuyển dụng công chức đợt 1", capsys)
    assert qlvb(a, "casefile", "add", "01.TCCB", "--id", str(a1), "--year", year) == 0
    assert qlvb(a, "sync") == 0
    assert qlvb(b, "sync") == 0
    assert _state(b)["list"] == _state(a)["list"] and len(_state(b)["list"]) == 3

    # Both file into 01.TCCB at the same time (each its provisional ordinal 2), B offline.
    b1 = _register(b, "Tuyển dụng công chức đợt 2", capsys)
    assert qlvb(b, "casefile", "add", "01.TCCB", "--id", str(b1), "--year", year) == 0
    a2 = _register(a, "Tuyển dụng công chức đợt 3", capsys)
    assert qlvb(a, "casefile", "add", "01.TCCB", "--id", str(a2), "--year", year) == 0
    # Both open 02.VP offline; B files into it.
    assert qlvb(a, "casefile", "open", "02.VP", "--year", year) == 0
    assert qlvb(b, "casefile", "open", "02.VP", "--year", year) == 0
    b2 = _register(b, "Giấy mời họp giao ban", capsys)
    assert qlvb(b, "casefile", "add", "02.VP", "--id", str(b2), "--year", year) == 0
    assert qlvb(a, "sync") == 0  # A reaches the server first: its filing gets 2
    sp.kill()
    assert qlvb(b, "sync") == 4  # server down: B stays offline a while longer
    sp.start()
    assert qlvb(b, "sync") == 0  # B's filing gets 3; its 02.VP is merged into A's
    assert qlvb(a, "sync") == 0
    sa, sb = _state(a), _state(b)
    assert sa["files"] == sb["files"]
    uid_a1, uid_b1, uid_a2, uid_b2 = (
        next(u for u, f in sa["fields"].items() if f == (year, code, n))
        for code, n in (("01.TCCB", 1), ("01.TCCB", 3), ("01.TCCB", 2), ("02.VP", 1))
    )
    assert sa["files"][(2026, "01.TCCB")][3] == [(1, uid_a1), (2, uid_a2), (3, uid_b1)]
    assert sa["files"][(2026, "02.VP")][3] == [(1, uid_b2)]
    assert sa["fields"] == sb["fields"]

    # A removes its second document, then closes; B, offline, files one more: closing wins.
    assert qlvb(a, "casefile", "remove", "01.TCCB", "2", "--year", year) == 0
    b3 = _register(b, "Tuyển dụng công chức đợt 4", capsys)
    assert qlvb(b, "sync") == 0  # the registration reaches the server (not the filing yet)
    assert qlvb(b, "casefile", "add", "01.TCCB", "--id", str(b3), "--year", year) == 0
    assert qlvb(a, "sync") == 0
    assert qlvb(a, "casefile", "close", "01.TCCB", "--year", year, "--yes") == 0
    assert qlvb(a, "sync") == 0
    capsys.readouterr()
    assert qlvb(b, "sync") == 1  # the filing was refused: listed, exit 1 until acknowledged
    said = capsys.readouterr()
    assert "01.TCCB" in said.out + said.err and "đã kết thúc" in said.out + said.err
    capsys.readouterr()
    assert qlvb(b, "sync-status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert any("đã kết thúc" in json.dumps(r, ensure_ascii=False) for r in status["rejected_operations"]), status
    assert qlvb(a, "sync") == 0
    sa, sb = _state(a), _state(b)
    assert sa["files"] == sb["files"]
    tccb = sa["files"][(2026, "01.TCCB")]
    assert tccb[1] == "closed"
    assert tccb[3] == [(1, uid_a1), (2, uid_b1)]
    assert sa["fields"] == sb["fields"]
    assert sa["fields"][uid_b1] == (year, "01.TCCB", 2) and sa["fields"][uid_a2] == ("", "", None)

    # The server holds the same: each case file once, per organization.
    with_docs = {c["notation"]: c for c in _server_casefiles(org)}
    assert set(with_docs) == {"01.TCCB", "02.VP"}
    assert [d["uid"] for d in with_docs["01.TCCB"]["documents"]] == [uid_a1, uid_b1]


def _server_casefiles(org: Org) -> list[dict[str, Any]]:
    """The case files in the organization's feed (newest snapshot of each)."""
    feed = org.api("GET", "/changes", params={"after": 0, "limit": 1000})
    latest: dict[str, dict[str, Any]] = {}
    for c in feed["changes"]:
        if c["kind"] == "casefile":
            latest[c["casefile"]["uid"]] = c["casefile"]
    return list(latest.values())
