"""Sync benchmark (issue 6). Prints figures; not a test.

    python bench/sync.py [--registrations 10000] [--files-mb 2048] [--stations 50] [--per-station 20]
                         [--no-postgres] [--compare-with GIT-REF]

1. One station registers N documents with F MB of files offline, then syncs to an empty server
   on loopback: operations per second, and file throughput as a ratio to a bare HTTP upload of
   the same bytes in the same run (goal >= 0.7).
2. A second station catches up from nothing: time to pull every registration and file.
3. 50 simulated stations push registrations concurrently: p95 latency of one registration
   (goal <= 200 ms on 2 cores with SQLite), and the same against PostgreSQL.

--compare-with REF also runs the upload ratio and the concurrent registrations against the
server of an older commit (its `src/` checked out with `git archive`, run with PYTHONPATH), in
the same run, so before and after are measured under the same machine load.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

PASSWORD = "bench-password-1"
ORG = "000.00.04.G14"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit(f"server exited ({proc.returncode})")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not start")


def start_server(
    data: Path, db: str | None, clerks: int, pythonpath: Path | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    env = {**os.environ, "PW": PASSWORD}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    base = [sys.executable, "-m", "qlvb_server.cli"]
    dbargs = ["--db", db] if db else []
    subprocess.run(
        [
            *base,
            "init",
            "--data-dir",
            str(data),
            *dbargs,
            "--org-code",
            ORG,
            "--org-name",
            "Bench",
            "--admin",
            "admin",
            "--password-env",
            "PW",
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    for i in range(clerks):
        subprocess.run(
            [
                *base,
                "useradd",
                "--data-dir",
                str(data),
                *dbargs,
                "--org-code",
                ORG,
                f"clerk{i}",
                "--password-env",
                "PW",
            ],
            check=True,
            env=env,
            capture_output=True,
        )
    port = free_port()
    proc = subprocess.Popen([*base, "--data-dir", str(data), *dbargs, "--port", str(port)], env=env)
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/api/v1/health", proc)
    return proc, url


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


BARE_APP = """
import sys, uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
target = sys.argv[2]
async def put(request):
    with open(target + "/" + request.path_params["name"], "wb") as f:
        async for chunk in request.stream():
            f.write(chunk)
    return PlainTextResponse("ok")
app = Starlette(routes=[Route("/{name}", put, methods=["PUT"])])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def bare_upload_seconds(files: list[Path], tmp: Path) -> float:
    """The same bytes PUT to a minimal Starlette app that only writes them to disk."""
    port = free_port()
    out = tmp / "bare"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", BARE_APP, str(port), str(out)])
    try:
        for _ in range(300):
            try:
                httpx.put(f"http://127.0.0.1:{port}/probe", content=b"x", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        start = time.perf_counter()
        with httpx.Client(timeout=120) as c:
            for f in files:
                with f.open("rb") as fh:
                    c.put(f"http://127.0.0.1:{port}/{f.name}", content=iter(lambda: fh.read(1 << 20), b""))
        return time.perf_counter() - start
    finally:
        stop(proc)
        shutil.rmtree(out, ignore_errors=True)


def station(tmp: Path, name: str, url: str, user: str) -> object:
    from qlvb_desktop.app import build_core
    from qlvb_desktop.cli import main as qlvb

    d = tmp / name
    os.environ["PW"] = PASSWORD
    assert (
        qlvb(
            [
                "--data-dir",
                str(d),
                "login",
                "--server",
                url,
                "--user",
                user,
                "--password-env",
                "PW",
                "--lease-block",
                "500",
            ]
        )
        == 0
    )
    return build_core(d)


def one_station(args: argparse.Namespace, tmp: Path) -> None:
    from qlvb_desktop.app import build_sync

    proc, url = start_server(tmp / "server", None, 2)
    try:
        core = station(tmp, "station-a", url, "clerk0")
        token = _token(url, "clerk0", core.settings.station_id)
        service = build_sync(core, token)
        service.sync_once()  # lease the first block
        n_files = max(1, args.files_mb // 10) if args.files_mb else 0
        files = []
        for i in range(n_files):
            f = tmp / f"scan-{i:04d}.pdf"
            f.write_bytes(os.urandom(10 * 1024 * 1024))
            files.append(f)
        start = time.perf_counter()
        for i in range(args.registrations):
            attach = [files[i % n_files]] if n_files and i < n_files else []
            core.register.register(
                {"issuer": "UBND tỉnh", "doc_type": "Công văn", "subject": f"Bench {i}"},
                attach,
                confirm_duplicate=True,
            )
        local = time.perf_counter() - start
        # File transfer alone first (the uploads the sync would do), then the operations.
        up_start = time.perf_counter()
        for op in service.journal.pending(100_000):
            for ref in op.files:
                service.server.upload(core.files.path_of(ref.sha256), ref)
        up = time.perf_counter() - up_start
        start = time.perf_counter()
        report = service.sync_once(top_up=False)
        ops_s = time.perf_counter() - start
        total_mb = n_files * 10
        bare = bare_upload_seconds(files, tmp) if files else 0.0
        print(f"registrations: {args.registrations} with {total_mb} MB of files")
        print(f"  local registering: {args.registrations / local:.0f} registrations/s")
        print(f"  sync of operations: {report.sent} ops in {ops_s:.1f} s = {report.sent / ops_s:.0f} ops/s")
        if files:
            print(
                f"  file upload: {total_mb / up:.0f} MB/s; "
                f"bare HTTP PUT of the same bytes: {total_mb / bare:.0f} MB/s;"
                f" ratio {bare / up:.2f} (goal >= 0.7)"
            )
        core2 = station(tmp, "station-b", url, "clerk1")
        service2 = build_sync(core2, _token(url, "clerk1", core2.settings.station_id))
        start = time.perf_counter()
        r2 = service2.sync_once(top_up=False)
        print(
            f"  catch-up of a second station: {r2.pulled} registrations, {r2.files_down} files in "
            f"{time.perf_counter() - start:.1f} s"
        )
        service.server.close()
        service2.server.close()
    finally:
        stop(proc)


def _token(url: str, user: str, station_id: str) -> str:
    # A session belongs to one station (issue 12): each simulated station logs in for itself.
    r = httpx.post(
        url + "/api/v1/auth/login",
        json={"username": user, "password": PASSWORD},
        headers={"X-Station": station_id} if station_id else None,
        timeout=120,
    )
    r.raise_for_status()
    return str(r.json()["token"])


def upload_only(files: list[Path], tmp: Path, pythonpath: Path | None, label: str) -> float:
    """Seconds to upload `files` with the station's client to a fresh server."""
    from qlvb_desktop.adapters.sync_client import HttpSyncServer
    from qlvb_desktop.domain.registration import FileRef

    proc, url = start_server(tmp / f"server-upload-{label}-{uuid.uuid4().hex[:8]}", None, 1, pythonpath)
    try:
        client = HttpSyncServer(url, station="bench-upload", token=_token(url, "clerk0", ""))
        import hashlib

        refs = []
        for f in files:
            digest = hashlib.sha256()
            with f.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
            refs.append(FileRef(digest.hexdigest(), f.name, f.stat().st_size))
        start = time.perf_counter()
        for f, ref in zip(files, refs, strict=True):
            client.upload(f, ref)
        seconds = time.perf_counter() - start
        client.close()
        return seconds
    finally:
        stop(proc)


def concurrent(
    args: argparse.Namespace, tmp: Path, db: str | None, label: str, pythonpath: Path | None = None
) -> float:
    proc, url = start_server(tmp / f"server-{label}", db, 1, pythonpath)
    try:
        tokens = [_token(url, "clerk0", f"bench-{k}") for k in range(args.stations)]
        latencies: list[float] = []
        lock = threading.Lock()
        errors: list[str] = []

        def run(k: int) -> None:
            sid = f"bench-{k}"
            with httpx.Client(
                base_url=url + "/api/v1",
                timeout=60,
                headers={"Authorization": f"Bearer {tokens[k]}", "X-Station": sid},
            ) as c:
                numbers = c.post(
                    "/leases",
                    json={"book": "den", "year": time.localtime().tm_year, "count": args.per_station},
                ).json()["numbers"]
                for i in range(args.per_station):
                    now = time.strftime("%Y-%m-%dT%H:%M:%S+07:00", time.gmtime(time.time() + 7 * 3600))
                    op = {
                        "op_id": uuid.uuid4().hex,
                        "kind": "register",
                        "uid": uuid.uuid4().hex,
                        "book": "den",
                        "arrival_number": numbers[i],
                        "at": now,
                        "fields": {
                            "issuer": "UBND",
                            "doc_type": "Công văn",
                            "subject": f"{sid} {i}",
                            "received_at": now,
                        },
                    }
                    t0 = time.perf_counter()
                    r = c.post("/operations", json={"operations": [op]})
                    dt = time.perf_counter() - t0
                    with lock:
                        latencies.append(dt)
                        if r.status_code != 200 or r.json()["results"][0]["status"] != "applied":
                            errors.append(r.text[:200])

        threads = [threading.Thread(target=run, args=(k,)) for k in range(args.stations)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(600)
        wall = time.perf_counter() - start
        latencies.sort()
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"{args.stations} concurrent stations on {label}: {len(latencies)} registrations in {wall:.1f} s "
            f"({len(latencies) / wall:.0f}/s), median {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms (goal <= 200 ms), errors {len(errors)}"
        )
        return p95
    finally:
        stop(proc)


def postgres(tmp: Path) -> tuple[str, list[str], Path] | None:
    if not (PG_BIN / "initdb").exists():
        print("PostgreSQL 15 not installed: skipped")
        return None
    base = Path(tempfile.mkdtemp(prefix="qlvb-bench-pg-"))
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if prefix:
        shutil.chown(base, "postgres")
    port = free_port()
    subprocess.run(
        [*prefix, str(PG_BIN / "initdb"), "-D", str(base / "data"), "-U", "qlvb", "--auth=trust"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *prefix,
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(base / "data"),
            "-l",
            str(base / "log"),
            "-w",
            "-o",
            f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base}",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [*prefix, str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "qlvb", "qlvb"],
        check=True,
        capture_output=True,
    )
    return f"postgresql://qlvb@127.0.0.1:{port}/qlvb", prefix, base


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--registrations", type=int, default=10_000)
    p.add_argument("--files-mb", type=int, default=2048)
    p.add_argument("--stations", type=int, default=50)
    p.add_argument("--per-station", type=int, default=20)
    p.add_argument("--no-postgres", action="store_true")
    p.add_argument("--compare-with", default=None, help="git ref of the server to compare against")
    p.add_argument("--skip-station", action="store_true", help="only the server figures")
    p.add_argument("--compare-mb", type=int, default=300, help="MB uploaded per comparison run")
    p.add_argument("--repeat", type=int, default=3, help="interleaved upload runs per version")
    args = p.parse_args()
    import keyring

    from qlvb_desktop.adapters.credentials import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory(prefix="qlvb-bench-") as d:
        tmp = Path(d)
        servers: list[tuple[str, Path | None]] = [("this", None)]
        if args.compare_with:
            old = tmp / "baseline"
            old.mkdir()
            root = Path(__file__).resolve().parents[1]
            archive = subprocess.run(
                ["git", "-C", str(root), "archive", args.compare_with, "src"], check=True, capture_output=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
            servers.insert(0, (args.compare_with, old / "src"))
            compare(args, tmp, servers)
        if not args.skip_station:
            one_station(args, tmp)
        concurrent(args, tmp, None, "SQLite")
        if not args.no_postgres:
            with postgres_cluster(tmp) as url:
                if url:
                    concurrent(args, tmp, url, "PostgreSQL")


def compare(args: argparse.Namespace, tmp: Path, servers: list[tuple[str, Path | None]]) -> None:
    """Upload ratio and p95 of each server version, in one run, printed side by side."""
    n_files = max(1, min(args.files_mb, args.compare_mb) // 10)
    files = []
    for i in range(n_files):
        f = tmp / f"cmp-{i:04d}.bin"
        f.write_bytes(os.urandom(10 * 1024 * 1024))
        files.append(f)
    rows = []
    # Uploads interleaved (bare, each version, again …) and medians taken: the machine's load
    # changes from minute to minute, and each ratio must compare like with like.
    bare_runs: list[float] = []
    up_runs: dict[str, list[float]] = {label: [] for label, _ in servers}
    for _ in range(args.repeat):
        for label, path in servers:
            bare_runs.append(bare_upload_seconds(files, tmp))
            up_runs[label].append(upload_only(files, tmp, path, label))
    bare = statistics.median(bare_runs)
    for label, path in servers:
        up = statistics.median(up_runs[label])
        p95_sqlite = concurrent(args, tmp, None, f"SQLite-{label}", path)
        p95_pg = float("nan")
        if not args.no_postgres:
            with postgres_cluster(tmp) as url:
                if url:
                    p95_pg = concurrent(args, tmp, url, f"PostgreSQL-{label}", path)
        rows.append((label, bare / up, p95_sqlite, p95_pg))
    print(f"\nserver version | upload ratio vs bare HTTP ({n_files * 10} MB) | p95 SQLite | p95 PostgreSQL")
    for label, ratio, a, b in rows:
        print(f"{label:>14} | {ratio:.2f} | {a * 1000:.0f} ms | {b * 1000:.0f} ms")
    for f in files:
        f.unlink()


@contextlib.contextmanager
def postgres_cluster(tmp: Path) -> Any:
    pg = postgres(tmp)
    if pg is None:
        yield None
        return
    url, prefix, base = pg
    try:
        yield url
    finally:
        subprocess.run(
            [*prefix, str(PG_BIN / "pg_ctl"), "-D", str(base / "data"), "-m", "fast", "stop"],
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
