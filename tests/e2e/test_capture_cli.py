"""`qlvb ingest / scan / watch / separator-sheet` as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from tests.adapters.capture.pages import skew, text_page


def qlvb(tmp: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qlvb_desktop.cli", "--data-dir", str(tmp / "data"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_ingest_json(tmp_path):
    page = tmp_path / "trang.jpg"
    cv2.imwrite(str(page), skew(text_page(200), 2.0))
    res = qlvb(tmp_path, "ingest", str(page), "--out", str(tmp_path / "out.pdf"), "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    [doc] = data["documents"]
    assert doc["kind"] == "scan" and doc["page_count"] == 1
    p = doc["pages"][0]
    assert abs(p["skew"] - 2.0) <= 0.5 and p["rotation"] == 0 and p["blank"] is False and p["warnings"] == []
    assert {"clean", "ocr"} <= set(p["seconds"]) and "total" in data["seconds"]
    assert Path(doc["ocr_json"]).exists()


def test_ingest_refusal_is_one_sentence(tmp_path):
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"not a pdf")
    res = qlvb(tmp_path, "ingest", str(bad), "--out", str(tmp_path / "out.pdf"))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert "hong.pdf" in res.stderr and not (tmp_path / "out.pdf").exists()


def test_separator_sheet(tmp_path):
    res = qlvb(tmp_path, "separator-sheet", "--out", str(tmp_path / "sep.pdf"))
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "sep.pdf").read_bytes().startswith(b"%PDF")


@pytest.fixture
def sane_env(tmp_path) -> dict[str, str]:
    conf = tmp_path / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("test\n")
    return {"SANE_CONFIG_DIR": str(conf)}


def test_scan_list_and_feeder(tmp_path, sane_env):
    res = qlvb(tmp_path, "scan", "--list", env=sane_env)
    assert res.returncode == 0, res.stderr
    assert "sane:test:0" in res.stdout and "twain:\tTWAIN (unavailable: chỉ có trên Windows)" in res.stdout
    res = qlvb(
        tmp_path,
        "scan",
        "--device",
        "test:0",
        "--source",
        "feeder",
        "--dpi",
        "60",
        "--gray",
        "--out",
        str(tmp_path / "scan.pdf"),
        "--json",
        env=sane_env,
    )
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)["documents"][0]
    assert doc["page_count"] == 10 and res.stderr.count("Đã quét") == 10


def test_scan_errors_are_clear(tmp_path, sane_env):
    res = qlvb(tmp_path, "scan", "--device", "test:0", "--duplex", "--out", str(tmp_path / "s.pdf"), env=sane_env)
    assert res.returncode == 2 and "hai mặt" in res.stderr and "Traceback" not in res.stderr
    res = qlvb(tmp_path, "scan", "--device", "nosuch:0", "--out", str(tmp_path / "s.pdf"), env=sane_env)
    assert res.returncode == 2 and "Không mở được máy quét" in res.stderr


def test_watch_once(tmp_path):
    folder = tmp_path / "tram"
    folder.mkdir()
    cv2.imwrite(str(folder / "a.png"), text_page(100, lines=["Văn bản một dòng"]))
    (folder / "b.pdf").write_bytes(b"hong")
    res = qlvb(tmp_path, "watch", str(folder), "--once", "--settle", "0.5")
    assert res.returncode == 1
    assert "xong\ta.png" in res.stdout and "lỗi\tb.pdf" in res.stderr
    assert (folder / "output" / "a.pdf").exists() and (folder / "failed" / "b.pdf.error.txt").exists()
