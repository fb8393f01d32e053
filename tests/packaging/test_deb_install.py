"""The workstation's .deb on a clean Debian 12, as an office's IT person installs it.

A fresh root is made with debootstrap (the package's dependencies and SoftHSM2's module, nothing
of this checkout), the .deb from `make deb` is installed with dpkg, and then only what it
installed is used: `qlvb` extracts the fields of a scan (OCR with the bundled vie data),
registers it, stamps and signs a document on the SoftHSM2 token (timestamp from the loopback
PKI) and verifies it; `qlvb-desktop`, started as the menu entry starts it, shows its window on
Xvfb. Start-to-window is measured against the checkout's `make run` (the venv's qlvb-desktop)
in the same run, interleaved; the figures go to test-artifacts/deb-install.json.

Needs root, debootstrap, Xvfb, xdotool and a built .deb: `make test-deb` builds it and runs this.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.adapters.extract.docgen import Doc, write_scan
from tests.adapters.signing.conftest import SOFTHSM_CONF, TOKEN_DIR
from tests.adapters.signing.pki import ORG, TOKEN_LABEL, USER_PIN, LoopbackPki
from tests.adapters.signing.test_signing import make_doc
from tests.e2e.gui_harness import ARTIFACTS, Screen
from tests.packaging.rootfs import Root, missing_tools

REPO = Path(__file__).resolve().parents[2]
WINDOW_TITLE = "Sổ đăng ký văn bản đến"
STARTS = 3  # of each, interleaved


def built_deb() -> Path | None:
    if os.environ.get("QLVB_DEB"):
        return Path(os.environ["QLVB_DEB"])
    debs = sorted((REPO / "dist").glob("qlvb-desktop_*.deb"), key=lambda p: p.stat().st_mtime)
    return debs[-1] if debs else None


pytestmark = [
    pytest.mark.slow,
    # Making the root takes 1.5-3.5 minutes on two loaded cores (4 the first time, downloading).
    pytest.mark.timeout(900),
    pytest.mark.skipif(bool(missing_tools()), reason=f"a Debian root cannot be made here: {missing_tools()}"),
    pytest.mark.skipif(built_deb() is None, reason="no dist/qlvb-desktop_*.deb: `make test-deb` builds it first"),
]


def seconds_to_window(cmd: list[str], display: str, log: Path) -> float:
    """From the process start until its main window is mapped (xdotool sees it), then closed."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "QT_ACCESSIBILITY": "0"}
    env.pop("WAYLAND_DISPLAY", None)
    with log.open("ab") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", WINDOW_TITLE],
                env={**os.environ, "DISPLAY": display}, capture_output=True, text=True, timeout=30,
            ).stdout.strip()  # fmt: skip
            if found:
                return time.perf_counter() - started
            if proc.poll() is not None:
                tail = log.read_text(errors="replace")[-3000:]
                raise AssertionError(f"{cmd[-3:]} exited ({proc.returncode}): {tail}")
            time.sleep(0.1)
        raise AssertionError(f"no window {WINDOW_TITLE!r} after 120 s: {log.read_text(errors='replace')[-3000:]}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def test_deb_installs_on_clean_debian_and_works(pki: LoopbackPki, tmp_path: Path) -> None:
    deb = built_deb()
    assert deb is not None and deb.is_file(), deb
    root = Root(tmp_path / "root")
    figures: dict[str, object] = {"deb": deb.name, "deb_mb": round(deb.stat().st_size / 2**20, 1)}
    try:
        figures["root_seconds"] = round(root.make(extra=["softhsm2"]), 1)
        shutil.copy(deb, root.inside("/tmp/qlvb.deb"))
        started = time.monotonic()
        r = root.run("dpkg", "-i", "/tmp/qlvb.deb")
        figures["install_seconds"] = round(time.monotonic() - started, 1)
        assert r.returncode == 0, r.stdout + r.stderr
        bundle = root.inside("/opt/qlvb-desktop")
        sizes = [f.stat().st_size for f in bundle.rglob("*") if f.is_file() and not f.is_symlink()]
        figures["installed_mb"] = round(sum(sizes) / 2**20, 1)

        # The desktop menu entry and its icon, and the command it runs.
        entry = root.inside("/usr/share/applications/qlvb-desktop.desktop").read_text(encoding="utf-8")
        assert "Exec=qlvb-desktop" in entry and "Icon=qlvb-desktop" in entry and "Name=Quản lý văn bản" in entry
        assert root.inside("/usr/share/icons/hicolor/scalable/apps/qlvb-desktop.svg").is_file()
        assert root.run("sh", "-c", "command -v qlvb-desktop; command -v qlvb").stdout.split() == [
            "/usr/bin/qlvb-desktop", "/usr/bin/qlvb",
        ]  # fmt: skip
        # Nothing of the build machine leaks in: the root has no Python of ours, no tessdata for vie.
        assert not root.inside("/usr/share/tesseract-ocr/5/tessdata/vie.traineddata").exists()

        work = root.inside("/work")
        work.mkdir()
        data = "/work/data"

        def qlvb(*args: str) -> subprocess.CompletedProcess[str]:
            return root.run("qlvb", "--data-dir", data, *args, SOFTHSM2_CONF=str(SOFTHSM_CONF), TEST_PIN=USER_PIN)

        r = qlvb("settings", "--org-name", ORG)
        assert r.returncode == 0, r.stderr

        # Extract the fields of a scan (OCR in the installed bundle), then register it.
        doc = Doc(doc_type="BÁO CÁO", number="35/BC-STC", subject_lines=("Kết quả công tác văn thư năm 2025",),
                  signer="Lê Thị Hoa", day=(12, 1, 2026), seed=5)  # fmt: skip
        pages = write_scan(doc, work / "bc.jpg")
        r = qlvb("extract", *(f"/work/{p.name}" for p in pages), "--json")
        assert r.returncode == 0, r.stderr
        proposal = json.loads(r.stdout)
        assert proposal["number"] == "35/BC-STC" and proposal["doc_type"] == "Báo cáo"
        (work / "m.json").write_text(r.stdout, encoding="utf-8")
        r = qlvb("register", "--json", "/work/m.json", "--file", f"/work/{pages[0].name}")
        assert r.returncode == 0, r.stderr
        registered = json.loads(r.stdout)
        assert registered["number"] == "35/BC-STC" and len(registered["files"]) == 1

        # Stamp and sign on the SoftHSM2 token (its files at the same path inside the root).
        shutil.copytree(TOKEN_DIR, root.inside(TOKEN_DIR))
        shutil.copy(SOFTHSM_CONF, root.inside(SOFTHSM_CONF))
        shutil.copy(pki.pem("root"), work / "root.pem")
        shutil.copy(pki.pem("interm"), work / "interm.pem")
        make_doc(work / "in.pdf")
        r = qlvb("stamp-arrival", "/work/in.pdf", "/work/st.pdf", "--number", "1", "--date", "12/01/2026", "--org", ORG)
        assert r.returncode == 0, r.stderr
        r = qlvb(
            "sign", "/work/st.pdf", "--kind", "copy", "--org", ORG, "--out-dir", "/work/out",
            "--pkcs11-module", "/usr/lib/softhsm/libsofthsm2.so", "--token-label", TOKEN_LABEL,
            "--pin-env", "TEST_PIN", "--tsa", pki.tsa_url, "--trust", "/work/root.pem", "--trust", "/work/interm.pem",
            "--json",
        )  # fmt: skip
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["files"][0]["level"] == "B-LT"
        r = qlvb("verify", "/work/out/st.pdf", "--json", "--trust", "/work/root.pem")
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["verdict"] == "valid"

        # The window: the installed app as the menu starts it, against the checkout's `make run`.
        dev_data = tmp_path / "dev-data"
        shutil.copytree(root.inside(data), dev_data)
        venv_app = Path(sys.executable).with_name("qlvb-desktop")
        make_run = [str(venv_app), "--data-dir", str(dev_data)]
        screen = Screen()
        try:
            shown = {"DISPLAY": screen.display, "QT_QPA_PLATFORM": "xcb", "QT_ACCESSIBILITY": "0"}
            installed = root.command("qlvb-desktop", "--data-dir", data, **shown)
            times: dict[str, list[float]] = {"installed": [], "make_run": []}
            for _ in range(STARTS):
                times["installed"].append(seconds_to_window(installed, screen.display, tmp_path / "installed.log"))
                times["make_run"].append(seconds_to_window(make_run, screen.display, tmp_path / "make-run.log"))
        finally:
            screen.close()
        for name, values in times.items():
            figures[f"{name}_window_seconds"] = {
                "min": round(min(values), 2),
                "median": round(statistics.median(values), 2),
                "max": round(max(values), 2),
            }
    finally:
        root.destroy()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "deb-install.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
        print(json.dumps(figures, indent=2))
