"""Issue 16: the stamped and signed copy belongs to the entry. A file attached to an existing
registration (real SQLite, real content store, the `qlvb attach` command), its audit event and
its outbox operation; a stamped or signed copy replaces the previous one of its role, the
original stays."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from qlvb_desktop.adapters.db.sync_journal import SqliteSyncJournal
from qlvb_desktop.domain.errors import NotFoundError, UserError, ValidationError
from qlvb_desktop.domain.registration import (
    ROLE_SIGNED,
    ROLE_STAMPED,
    FileRef,
    newest_copy,
    parse_file_role,
    with_attached,
)
from qlvb_desktop.services.audit import verify_audit
from tests.samples import tiny_pdf

DOC = {"issuer": "Sở Tài chính", "number": "15/STC-VP", "doc_type": "Công văn", "subject": "Về việc thử"}


def _pdf(tmp_path, name, tag):
    return tiny_pdf(tmp_path / name, tag)


def test_roles_and_the_current_copy_are_pure_rules():
    original = FileRef("a" * 64, "scan.pdf", 10)
    stamped = FileRef("b" * 64, "den.pdf", 11, ROLE_STAMPED)
    signed = FileRef("c" * 64, "ky.pdf", 12, ROLE_SIGNED)
    signed2 = FileRef("d" * 64, "ky2.pdf", 13, ROLE_SIGNED)
    assert newest_copy((original,)) is None
    files = with_attached((original,), stamped)
    assert files == (original, stamped)
    files = with_attached(files, signed)
    assert newest_copy(files) == signed
    assert with_attached(files, signed2) == (original, stamped, signed2)  # replaced in its place
    assert with_attached(files, signed) is None  # already there
    extra = FileRef("e" * 64, "phu-luc.pdf", 14)
    assert with_attached(files, extra) == (original, stamped, signed, extra)  # originals add up
    # JSON: an original's stays what it was (audit events, sync payloads); a copy carries its role
    assert original.to_json() == {"sha256": "a" * 64, "name": "scan.pdf", "size": 10}
    assert FileRef.from_json(signed.to_json()) == signed
    assert FileRef.from_json({**signed.to_json(), "role": "nonsense"}).role == ""
    assert parse_file_role("Signed") == ROLE_SIGNED
    assert parse_file_role("original") == ""
    with pytest.raises(ValidationError) as caught:
        parse_file_role("đóng dấu")
    assert caught.value.field == "role"


def test_attach_keeps_the_original_replaces_the_copy_and_audits(core, tmp_path):
    scan = _pdf(tmp_path, "scan.pdf", "scan")
    reg = core.register.register(DOC, [scan])
    events_before = len(core.repo.audit_events())

    signed = core.register.attach(reg.id, _pdf(tmp_path, "ky.pdf", "signed-1"), "signed")
    assert [f.role for f in signed.files] == ["", ROLE_SIGNED]
    assert signed.files[0] == reg.files[0]
    assert signed.current_copy is not None and signed.current_copy.name == "ky.pdf"
    assert core.files.path_of(signed.current_copy.sha256).is_file()

    again = core.register.attach(reg.id, _pdf(tmp_path, "ky-chuyen.pdf", "signed-2"), "signed")
    assert [f.name for f in again.files] == ["scan.pdf", "ky-chuyen.pdf"]
    # the same file again: nothing changes, no audit event
    same = core.register.attach(reg.id, tmp_path / "ky-chuyen.pdf", "signed")
    assert same.files == again.files
    events = core.repo.audit_events()
    assert len(events) == events_before + 2
    last = events[-1]
    assert last.action == "attach" and last.registration_id == reg.id
    assert [f["name"] for f in last.before["files"]] == ["scan.pdf", "ky.pdf"]
    assert last.after["files"][1] == {**again.files[1].to_json(), "role": "signed"}
    assert not verify_audit(core.repo)
    # read back from the database, not from what the call returned
    assert core.register.get(reg.id).files == again.files


def test_attach_refuses_without_storing_anything(core, tmp_path):
    reg = core.register.register(DOC)
    voided = core.register.void(reg.id, "Vào sổ nhầm")
    stored_before = sorted(p.name for p in core.files.root.rglob("*") if p.is_file())
    with pytest.raises(UserError) as caught:
        core.register.attach(voided.id, _pdf(tmp_path, "a.pdf", "a"), "signed")
    assert "đã bị hủy" in str(caught.value)
    with pytest.raises(NotFoundError):
        core.register.attach(9999, _pdf(tmp_path, "b.pdf", "b"), "signed")
    with pytest.raises(ValidationError):
        core.register.attach(reg.id, _pdf(tmp_path, "c.pdf", "c"), "đóng dấu")
    with pytest.raises(UserError):
        core.register.attach(reg.id, tmp_path / "missing.pdf", "signed")
    assert sorted(p.name for p in core.files.root.rglob("*") if p.is_file()) == stored_before
    assert core.register.get(reg.id).files == ()


def test_a_synced_station_queues_one_attach_operation_with_its_file(core, tmp_path):
    core.repo.synced = True
    journal = SqliteSyncJournal(core.repo.engine)
    journal.add_to_pool("den", 2026, list(range(1, 5)))
    reg = core.register.register({**DOC, "received_at": "2026-03-02T08:00:00+07:00"})
    attached = core.register.attach(reg.id, _pdf(tmp_path, "ky.pdf", "signed"), "signed")
    core.register.attach(reg.id, tmp_path / "ky.pdf", "signed")  # nothing new: nothing queued
    ops = journal.pending(100)
    assert [op.kind for op in ops] == ["register", "attach"]
    attach = ops[1]
    assert attach.files == [attached.files[0]]  # uploaded before the batch, like a registration's
    assert attach.payload["files"][0]["role"] == "signed"
    assert attach.wire()["uid"] == ops[0].uid


def test_qlvb_attach_command(tmp_path, capsys):
    from qlvb_desktop.cli import main

    data = tmp_path / "station"
    scan = _pdf(tmp_path, "scan.pdf", "scan")
    assert main(["--data-dir", str(data), "register", "--issuer", "Sở Tài chính", "--doc-type", "Công văn",
                 "--subject", "Về việc thử", "--file", str(scan)]) == 0
    rid = json.loads(capsys.readouterr().out)["id"]
    stamped = _pdf(tmp_path, "den.pdf", "stamped")
    assert main(["--data-dir", str(data), "attach", str(rid), str(stamped), "--role", "stamped"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(f["name"], f.get("role", "")) for f in out["files"]] == [("scan.pdf", ""), ("den.pdf", "stamped")]
    assert main(["--data-dir", str(data), "show", str(rid)]) == 0
    shown = capsys.readouterr().out
    assert "Tệp (Bản gốc): scan.pdf" in shown and "Tệp (Bản đóng dấu ĐẾN): den.pdf" in shown
    assert main(["--data-dir", str(data), "attach", str(rid), str(stamped), "--role", "dấu"]) == 2
    err = capsys.readouterr().err
    assert "Vai trò tệp" in err and "Traceback" not in err
    assert main(["--data-dir", str(data), "attach", "999", str(stamped), "--role", "signed"]) == 2
    assert "999" in capsys.readouterr().err


def test_migration_gives_old_files_the_original_role(core, tmp_path):
    reg = core.register.register(DOC, [_pdf(tmp_path, "scan.pdf", "scan")])
    with core.repo.engine.connect() as conn:
        roles = conn.execute(text("SELECT role FROM registration_files WHERE registration_id = :id"),
                             {"id": reg.id}).scalars().all()
    assert roles == [""]
