"""The server's .deb as the service runs it: the files land where the unit expects them, the
start script runs `init` on the first start only (and refuses, exit 2, without its settings),
the bundled `qlvb-server` serves and logs in, and the nightly backup script writes an archive
that the bundled `restore` brings back. systemd itself cannot run here: the units are checked
with `systemd-analyze verify` where it exists, and the scripts run as systemd would run them
(the config file's variables in the environment).

Needs a built .deb: `make server-deb` builds dist/qlvb-server_*.deb.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import free_port

REPO = Path(__file__).resolve().parents[2]


def built_deb() -> Path | None:
    debs = sorted((REPO / "dist").glob("qlvb-server_*.deb"), key=lambda p: p.stat().st_mtime)
    return debs[-1] if debs else None


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(built_deb() is None, reason="no dist/qlvb-server_*.deb: `make server-deb` builds it"),
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is not installed"),
]


def config(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip()
    return out


def test_server_deb_first_start_serve_backup_restore(tmp_path: Path) -> None:
    deb = built_deb()
    assert deb is not None
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    subprocess.run(["dpkg-deb", "-e", str(deb), str(tmp_path / "control")], check=True)
    assert "Package: qlvb-server" in (tmp_path / "control" / "control").read_text(encoding="utf-8")
    assert (tmp_path / "control" / "conffiles").read_text().split() == [
        "/etc/qlvb-server/qlvb-server.conf", "/etc/logrotate.d/qlvb-server",
    ]  # fmt: skip
    unit = (root / "lib/systemd/system/qlvb-server.service").read_text(encoding="utf-8")
    assert "EnvironmentFile=/etc/qlvb-server/qlvb-server.conf" in unit
    assert "ExecStart=/usr/lib/qlvb-server/qlvb-server-run" in unit
    assert "copytruncate" in (root / "etc/logrotate.d/qlvb-server").read_text()
    if shutil.which("systemd-analyze"):
        for name in ("qlvb-server-backup.timer",):
            r = subprocess.run(["systemd-analyze", "verify", str(root / "lib/systemd/system" / name)],
                               capture_output=True, text=True)  # fmt: skip
            assert r.returncode == 0, r.stderr

    binary = root / "opt/qlvb-server/qlvb-server"
    data = tmp_path / "var-lib"
    pwfile = tmp_path / "admin-password"
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("QLVB_")},
        **config(root / "etc/qlvb-server/qlvb-server.conf"),
        "QLVB_SERVER_BIN": str(binary),
        "QLVB_DATA_DIR": str(data),
        "QLVB_PORT": str(port),
        "QLVB_ADMIN_PASSWORD_FILE": str(pwfile),
        "QLVB_BACKUP_DIR": str(tmp_path / "backups"),
    }
    run = str(root / "usr/lib/qlvb-server/qlvb-server-run")
    # Without the organization and the password, the first start refuses in one sentence.
    r = subprocess.run([run], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    pwfile.write_text("mat-khau-quan-tri-dai", encoding="utf-8")
    env.update(QLVB_ORG_CODE="000.00.04.G14", QLVB_ORG_NAME="Sở Tài chính", QLVB_ADMIN="quantri")
    for attempt in range(2):  # the second start must not run init again
        server = subprocess.Popen([run], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while True:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "the server did not answer in 90 s"
                time.sleep(0.2)
            login = httpx.post(
                f"http://127.0.0.1:{port}/api/v1/auth/login",
                json={"username": "quantri", "password": "mat-khau-quan-tri-dai"}, timeout=10,
            )  # fmt: skip
            assert login.status_code == 200, login.text
        finally:
            server.terminate()
            server.wait(timeout=30)
            if server.stdout:
                server.stdout.close()
        assert (data / ".initialized").exists() and not pwfile.exists(), attempt

    r = subprocess.run([str(root / "usr/lib/qlvb-server/qlvb-server-backup")], env=env, capture_output=True,
                       text=True, timeout=120)  # fmt: skip
    assert r.returncode == 0, r.stderr
    archive = next((tmp_path / "backups").glob("qlvb-server-*.tar"))
    r = subprocess.run([str(binary), "restore", "--data-dir", str(tmp_path / "restored"), str(archive)],
                       capture_output=True, text=True, timeout=120)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "restored" / "server.sqlite3").is_file()
