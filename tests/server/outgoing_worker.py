"""Child processes for the outgoing kill test (tests/server/test_outgoing_stations.py).

`python outgoing_worker.py` is a fork server: it imports the app once, then for each line
`issue DATA COUNT SEED READY LOG` or `sync DATA` on stdin forks a child that runs that job and
answers `pid PID`; when a child ends it answers `done PID STATUS` (the wait status). The test
SIGKILLs children at random points; forking costs milliseconds where starting Python and the
app costs seconds, so a few minutes hold well over 100 kills.

`issue` issues outgoing documents on one station through the same `Allocation` as the real issue (the
number from the leased pool inside BEGIN IMMEDIATE, held while "signing", then the entry and its
outbox operation committed together), with the signature replaced by writing a small file, so
the test can SIGKILL it at random points around allocation, storing and commit.

Prints nothing; appends `sha256|series|number` to LOG after each commit; exits 3 when the station
has no leased number left for a series (the clerk is told before signing; nothing is taken)."""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path


def issue(data_dir: Path, count: int, seed: int, ready: Path, log: Path) -> int:
    from qlvb_desktop.adapters.db.database import open_database
    from qlvb_desktop.adapters.db.outgoing_repo import SqliteOutgoing
    from qlvb_desktop.adapters.filestore import ContentStore
    from qlvb_desktop.domain.clock import now_vn
    from qlvb_desktop.domain.filenames import export_file_name
    from qlvb_desktop.domain.outgoing import OUTGOING, make_draft, number_text
    from qlvb_desktop.domain.outgoing_numbers import NoLeasedNumber

    repo = SqliteOutgoing(open_database(data_dir / "qlvb.sqlite3"), synced=True)
    files = ContentStore(data_dir / "files")
    rng = random.Random(seed)
    ready.write_text("ready")
    empty = False
    for k in range(count):
        normative = rng.random() < 0.25
        draft = make_draft(
            book=OUTGOING,
            doc_type="Quyết định" if normative else "Công văn",
            subject=f"Văn bản đi thử {seed}-{k}",
            issued=now_vn().date(),
            abbreviation="STC",
            drafting_unit="" if normative else "VP",
            normative=normative,
        )
        try:
            repo.next_number(OUTGOING.code, draft.year, draft.series)  # told before signing
        except NoLeasedNumber:
            empty = True
            continue
        allocation = repo.allocation(OUTGOING.code, draft.year, draft.series)
        try:
            n = allocation.open()
            time.sleep(rng.uniform(0, 0.03))  # the signature
            text = number_text(n, draft.notation)
            name = export_file_name(text, draft.issued, draft.subject)
            with tempfile.TemporaryDirectory() as tmp:
                signed = Path(tmp) / "signed.pdf"
                signed.write_bytes(f"%PDF-1.4\n% {data_dir.name} {seed}-{k} Số: {text}\n".encode() * 50)
                ref = files.put(signed, name=name, inspect=False)
            time.sleep(rng.uniform(0, 0.01))
            entry = allocation.commit(draft, ref, name, actor=data_dir.name, now=now_vn())
        finally:
            allocation.close()
        with log.open("a") as f:
            f.write(f"{entry.file.sha256}|{draft.series}|{entry.number}\n")
    return 3 if empty else 0


def _child(words: list[str]) -> int:
    if words[0] == "issue":
        return issue(Path(words[1]), int(words[2]), int(words[3]), Path(words[4]), Path(words[5]))
    from qlvb_desktop.cli import main

    return int(main(["--data-dir", words[1], "sync", "--password-env", "PW"]) or 0)


def serve() -> None:
    import os
    import select

    # Everything a child needs, imported once before any fork (no database or socket open yet).
    import qlvb_desktop.adapters.db.outgoing_repo
    import qlvb_desktop.adapters.db.repository
    import qlvb_desktop.adapters.filestore
    import qlvb_desktop.adapters.sync_client
    import qlvb_desktop.app
    import qlvb_desktop.cli
    import qlvb_desktop.services.sync  # noqa: F401

    print("ready", flush=True)
    children = 0
    while True:
        while children:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if not pid:
                break
            children -= 1
            print(f"done {pid} {status}", flush=True)
        readable, _, _ = select.select([sys.stdin], [], [], 0.01)
        if not readable:
            continue
        line = sys.stdin.readline()
        if not line:
            return
        pid = os.fork()
        if pid == 0:
            code = 4
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)  # stdout is the answer channel; the CLI's sentences go nowhere
            try:
                code = _child(line.split())
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        children += 1
        print(f"pid {pid}", flush=True)


if __name__ == "__main__":
    serve()
