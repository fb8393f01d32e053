"""End to end with a real `qlvb-server` process (issue 12 item 6): a station with a server and no
leased outgoing number is told before signing; the ordinary and the normative series are leased
separately; issued and voided outgoing documents and refusals reach the other station (with
their files); the "sender told" mark travels back; unused numbers go back with `--release`."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from qlvb_desktop.app import build_core
from qlvb_desktop.domain.clock import now_vn
from qlvb_desktop.domain.outgoing import OUTGOING, make_draft
from tests.samples import tiny_pdf
from tests.server.conftest import PASSWORD, Org, qlvb

pytestmark = pytest.mark.slow
ENV = {"PW": PASSWORD}


def _login(st: Path, url: str, clerk: str, block: int = 3) -> None:
    core = build_core(st)
    core.settings.org_abbreviation = "STC"
    core.settings_store.save(core.settings)
    core.repo.engine.dispose()
    args = ["login", "--server", url, "--user", clerk, "--password-env", "PW", "--lease-block", str(block)]
    assert qlvb(st, *args, env=ENV) == 0


def _json(st: Path, capsys: pytest.CaptureFixture[str], *args: str) -> object:
    capsys.readouterr()
    assert qlvb(st, *args, "--json") == 0
    return json.loads(capsys.readouterr().out)


def _issue(st: Path, tmp: Path, subject: str, normative: bool = False) -> int:
    """The real allocation (from the leased pool) with a stand-in signed file; the signing
    itself is covered by tests/adapters/desk."""
    core = build_core(st)
    repo = core.desk.repo
    assert repo.synced
    draft = make_draft(
        book=OUTGOING, doc_type="Quyết định" if normative else "Công văn", subject=subject,
        issued=now_vn().date(), abbreviation="STC", drafting_unit="" if normative else "VP", normative=normative,
    )
    allocation = repo.allocation("di", draft.year, draft.series)
    try:
        n = allocation.open()
        pdf = tmp / f"{subject}.pdf"
        tiny_pdf(pdf, f"{subject} số {n}")
        ref = core.files.put(pdf, name=pdf.name)
        entry = allocation.commit(draft, ref, pdf.name, actor="thử", now=now_vn())
    finally:
        allocation.close()
    core.repo.engine.dispose()
    return entry.number


def test_outgoing_and_refusals_across_stations(server_process, tmp_path, capsys):
    sp = server_process()
    org = Org(sp, clerks=2)
    sp.start()
    a, b = tmp_path / "station-a", tmp_path / "station-b"
    _login(a, sp.url, "clerk0")
    _login(b, sp.url, "clerk1")
    # Logged in, not synced yet: no leased number, so no number is proposed and nothing signed.
    capsys.readouterr()
    assert qlvb(a, "outgoing", "next") == 2
    err = capsys.readouterr().err
    assert "hết số văn bản đi" in err and "đồng bộ" in err, err
    assert qlvb(a, "outgoing", "next", "--doc-type", "Quyết định", "--normative") == 2
    assert qlvb(a, "sync") == 0  # leases di/"" and, because the clerk asked, di/Quyết định
    assert qlvb(b, "sync") == 0
    assert _json(a, capsys, "outgoing", "next")["number"].startswith("01/")  # type: ignore[index]
    assert _json(b, capsys, "outgoing", "next")["number"].startswith("04/")  # type: ignore[index]
    assert _issue(a, tmp_path, "Công văn của A") == 1
    assert _issue(b, tmp_path, "Công văn của B") == 4
    assert _issue(a, tmp_path, "Quyết định của A", normative=True) == 1  # its own series
    listed = _json(a, capsys, "outgoing", "list")
    voided_id = next(e["id"] for e in listed if e["subject"] == "Công văn của A")  # type: ignore[union-attr]
    assert qlvb(a, "outgoing", "void", str(voided_id), "--reason", "Ký nhầm người") == 0
    pdf = tmp_path / "gui-nham.pdf"
    tiny_pdf(pdf, "Văn bản gửi nhầm cơ quan")
    assert qlvb(a, "refuse", str(pdf), "--reason", "Gửi nhầm cơ quan") == 0
    for st in (a, b, a):
        assert qlvb(st, "sync") == 0
    for st in (a, b):
        entries = {(e["doc_type"], e["number"]): e for e in _json(st, capsys, "outgoing", "list")}  # type: ignore[union-attr]
        assert entries[("Công văn", 1)]["status"] == "voided"
        assert entries[("Công văn", 1)]["void_reason"] == "Ký nhầm người"
        assert entries[("Công văn", 4)]["subject"] == "Công văn của B"
        assert entries[("Quyết định", 1)]["notation"].startswith(f"{time.localtime().tm_year}/QĐ-")
        core = build_core(st)
        for e in entries.values():
            assert core.files.path_of(e["file"]["sha256"]).is_file()
        core.repo.engine.dispose()
    refused = _json(b, capsys, "refused")
    assert [r["reason"] for r in refused] == ["Gửi nhầm cơ quan"]  # type: ignore[index]
    assert qlvb(b, "refused", "--told", str(refused[0]["id"])) == 0  # type: ignore[index]
    assert qlvb(b, "sync") == 0
    assert qlvb(a, "sync") == 0
    assert _json(a, capsys, "refused")[0]["told_at"]  # type: ignore[index]
    # Unused numbers go back: A's 2, 3 are voided (B holds 4..6 above them), B's are at the top.
    for st in (a, b):
        assert qlvb(st, "sync", "--release") == 0
    year = time.localtime().tm_year
    rows = org.api("GET", f"/outgoing/di/{year}/numbers")
    assert [(r["number"], r["state"]) for r in rows][:4] == [
        (1, "voided"), (2, "voided"), (3, "voided"), (4, "issued")
    ]
    assert all(r["state"] != "leased" for r in rows), rows
    assert {r["void_reason"] for r in rows[1:3]} == {"Số không dùng: máy trạm đã trả lại."}
