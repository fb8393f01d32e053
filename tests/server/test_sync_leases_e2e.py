"""End to end with a real `qlvb-server` process and station data directories: a station away
longer than the lease time is renumbered and told which entry got which number; a registration
the server refuses is voided on the server and on every station, with its number and the reason;
the organization directory set on the server normalizes an extraction on the station."""

from __future__ import annotations

import csv
import json
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from qlvb_desktop.app import build_core
from tests.server.conftest import PASSWORD, Org, qlvb, station_state

pytestmark = pytest.mark.slow
ENV = {"PW": PASSWORD}


def _login(st: Path, url: str, clerk: str, block: int = 5) -> None:
    args = ["login", "--server", url, "--user", clerk, "--password-env", "PW", "--lease-block", str(block)]
    assert qlvb(st, *args, env=ENV) == 0


def _register(st: Path, subject: str) -> None:
    assert qlvb(st, "register", "--issuer", "Bộ Tài chính", "--doc-type", "Công văn", "--subject", subject) == 0


def _sync_status(st: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert qlvb(st, "sync-status", "--json") == 0
    return json.loads(capsys.readouterr().out)


def test_a_station_away_past_its_lease_is_renumbered_and_told(server_process, tmp_path, capsys):
    sp = server_process(extra=["--lease-hours", "0.0003"])  # about one second
    org = Org(sp, clerks=2)
    sp.start()
    a, b = tmp_path / "station-a", tmp_path / "station-b"
    _login(a, sp.url, "clerk0")
    assert qlvb(a, "sync") == 0  # leases 1..5
    sp.kill()  # A works offline, numbering from its block
    _register(a, "Ngoại tuyến một")
    _register(a, "Ngoại tuyến hai")
    assert sorted(v["number"] for v in station_state(a).values()) == [1, 2]
    sp.start()
    time.sleep(1.5)  # A's lease runs out
    _login(b, sp.url, "clerk1")
    assert qlvb(b, "sync") == 0  # the revoked 1..5 go to B first
    _register(b, "Của máy B")
    assert qlvb(b, "sync") == 0
    assert [v["number"] for v in station_state(b).values()] == [1]
    capsys.readouterr()
    assert qlvb(a, "sync") == 0
    out = capsys.readouterr().out
    # 3, 4, 5 of "den" and the 5 of the secret book left A's pool.
    revoked = re.search(r"thu hồi (\d+) số", out)
    assert revoked is not None and int(revoked.group(1)) == 8, out
    assert "“Ngoại tuyến một”: số đến 1 đã bị máy chủ thu hồi, số mới là" in out
    notices = _sync_status(a, capsys)["notices"]
    assert {(n["subject"], n["kind"], n["old_number"]) for n in notices} == {
        ("Ngoại tuyến một", "renumbered", 1),
        ("Ngoại tuyến hai", "renumbered", 2),
    }
    capsys.readouterr()
    assert qlvb(a, "sync-status") == 0
    assert "số mới là" in capsys.readouterr().out
    for st in (a, b):
        assert qlvb(st, "sync") == 0
    listing = org.api("GET", f"/books/den/years/{time.localtime().tm_year}/numbers")
    server = {r["uid"]: r["arrival_number"] for r in listing}
    assert len(set(server.values())) == len(server) == 3
    for st in (a, b):
        local = {uid: v["number"] for uid, v in station_state(st).items()}
        assert local == server
    new_numbers = {n["new_number"] for n in notices}
    assert new_numbers == {server[n["uid"]] for n in notices} and 1 not in new_numbers
    assert qlvb(a, "sync", "--acknowledge") == 0
    assert _sync_status(a, capsys)["notices"] == []


def test_a_refused_registration_is_voided_everywhere_and_shown(server_process, tmp_path, capsys):
    sp = server_process()
    org = Org(sp, clerks=2)
    sp.start()
    a, b = tmp_path / "station-a", tmp_path / "station-b"
    _login(a, sp.url, "clerk0")
    _login(b, sp.url, "clerk1")
    assert qlvb(a, "sync") == 0
    _register(a, "Bị từ chối")
    _register(a, "Hợp lệ")
    core = build_core(a)
    with core.repo.engine.begin() as conn:  # a change the server's rules refuse (an older client)
        conn.execute(
            text("UPDATE outbox SET payload = json_set(payload, '$.fields.doc_type', '') WHERE seq = 1")
        )
    core.repo.engine.dispose()
    capsys.readouterr()
    assert qlvb(a, "sync") == 1
    captured = capsys.readouterr()
    assert "bị máy chủ từ chối nên đã bị hủy" in captured.out and "Tên loại văn bản" in captured.err
    local = {v["number"]: v for v in station_state(a).values()}
    assert local[1]["status"] == "voided" and local[2]["status"] != "voided"
    status = _sync_status(a, capsys)
    assert status["rejected"] == 1 and status["rejected_operations"][0]["kind"] == "register"
    [notice] = status["notices"]
    assert (notice["kind"], notice["new_number"], notice["subject"]) == ("voided", 1, "Bị từ chối")
    # The number stays in the printed register, voided with the reason, on the server...
    year = time.localtime().tm_year
    listing = {r["arrival_number"]: r for r in org.api("GET", f"/books/den/years/{year}/numbers")}
    assert listing[1]["status"] == "voided" and listing[1]["void_reason"].startswith("Máy chủ từ chối")
    # ... and on another station; the refusing station keeps its own text of the entry.
    assert qlvb(b, "sync") == 0
    assert {v["number"]: v["status"] for v in station_state(b).values()} == {1: "voided", 2: "registered"}
    assert qlvb(a, "sync") == 1  # still reported until the clerk has seen it
    core = build_core(a)
    with core.repo.engine.connect() as conn:
        row = conn.execute(
            text("SELECT subject, void_reason, voided_by FROM registrations WHERE arrival_number = 1")
        ).one()
    core.repo.engine.dispose()
    assert row.subject == "Bị từ chối" and row.void_reason.startswith("Máy chủ từ chối") and row.voided_by
    assert qlvb(a, "sync", "--acknowledge") == 0
    assert qlvb(a, "sync") == 0


def test_the_servers_directory_normalizes_extraction_on_the_station(server_process, tmp_path):
    from qlvb_desktop.domain.extraction.model import Extraction, FieldValue
    from qlvb_desktop.services.extract import normalize_issuer

    sp = server_process()
    org = Org(sp, clerks=1)
    sp.start()
    st = tmp_path / "station"
    _login(st, sp.url, "clerk0")
    assert qlvb(st, "sync") == 0
    assert not (st / "issuers.csv").exists()  # nothing published yet
    entry = {
        "code": "000.00.31.H47",
        "name": "Sở Nông nghiệp và Phát triển nông thôn tỉnh Quảng Ngãi",
        "abbreviation": "SNN",
        "parent": "UBND tỉnh Quảng Ngãi",
        "place": "Quảng Ngãi",
    }
    org.api("PUT", "/directory", json=[entry])
    assert qlvb(st, "sync") == 0
    with (st / "issuers.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows == [{k: entry[k] for k in ("name", "code", "abbreviation", "parent", "place")}]
    # An OCR reading without diacritics is replaced by the directory's spelling (in the heading's
    # capitals) and its code; without the directory it stays as read.
    core = build_core(st)
    assert core.extractor is not None
    service = core.extractor()
    ocr = "SO NONG NGHIEP VA PHAT TRIEN NONG THON TINH QUANG NGAl"
    read = Extraction(fields={"issuer": FieldValue(ocr, 0.6, None)})
    normalized = normalize_issuer(read, service.directory)
    assert normalized.value("issuer") == entry["name"].upper() and normalized.issuer_code == entry["code"]
    (st / "issuers.csv").unlink()
    alone = normalize_issuer(Extraction(fields={"issuer": FieldValue(ocr, 0.6, None)}), core.extractor().directory)
    assert alone.value("issuer") == ocr and alone.issuer_code == ""
    core.repo.engine.dispose()
