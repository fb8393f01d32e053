"""The watched folder (scanning-station mode).

A file dropped into the folder is taken once it has stopped growing (same size and mtime over
`settle_seconds`) and can be opened. It is first moved to `processing/` (an atomic rename, so
it is never taken twice), turned into `output/<name>.pdf`, then moved to `done/`; on failure to
`failed/` with `<name>.error.txt` saying why. A journal (`.qlvb-watch.jsonl`, keyed by SHA-256:
a line when a file is started, with its output name, and one when it is finished) makes restarts
safe: after a crash the files left in `processing/` are finished first, a file whose output was
committed is only moved, and an interrupted one is redone into the same output name.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.capture import ACCEPTED_SCAN_SUFFIXES, CancelToken, IntakeResult
from qlvb_desktop.domain.clock import iso, now_vn
from qlvb_desktop.domain.errors import QlvbError
from qlvb_desktop.services.atomic_file import write_atomic

Ingest = Callable[[list[Path], Path], IntakeResult]


@dataclass
class WatchEvent:
    name: str
    ok: bool
    message: str
    outputs: list[Path]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    n = 1
    while target.exists():
        stem, suffix = os.path.splitext(name)
        n += 1
        target = folder / f"{stem} ({n}){suffix}"
    return target


class FolderWatcher:
    def __init__(
        self,
        folder: Path,
        ingest: Ingest,
        settle_seconds: float = 2.0,
        on_event: Callable[[WatchEvent], None] | None = None,
    ) -> None:
        self.folder = folder.resolve()
        self.ingest = ingest
        self.settle_seconds = settle_seconds
        self.on_event = on_event
        self.processing = self.folder / "processing"
        self.done = self.folder / "done"
        self.failed = self.folder / "failed"
        self.output = self.folder / "output"
        self.journal = self.folder / ".qlvb-watch.jsonl"
        self._seen: dict[str, tuple[int, float, float]] = {}  # name -> (size, mtime, first seen stable)

    def prepare(self) -> None:
        for d in (self.processing, self.done, self.failed, self.output):
            d.mkdir(parents=True, exist_ok=True)

    def _journal(self) -> dict[str, dict[str, Any]]:
        entries: dict[str, dict[str, Any]] = {}
        if self.journal.exists():
            for line in self.journal.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut by a crash: that file is simply done again
                entries[str(entry["sha256"])] = entry
        return entries

    def _record(self, entry: dict[str, object]) -> None:
        with self.journal.open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def _candidates(self) -> list[Path]:
        out = []
        for p in sorted(self.folder.iterdir()):
            if p.is_file() and not p.name.startswith(".") and not p.name.endswith(("~", ".part", ".tmp")):
                out.append(p)
        return out

    def _stable(self, path: Path, now: float) -> bool:
        try:
            st = path.stat()
            with path.open("rb"):
                pass
        except OSError:
            return False
        prev = self._seen.get(path.name)
        if prev is None or prev[0] != st.st_size or prev[1] != st.st_mtime:
            self._seen[path.name] = (st.st_size, st.st_mtime, now)
            return False
        return st.st_size > 0 and now - prev[2] >= self.settle_seconds

    def poll(self, now: float | None = None) -> list[WatchEvent]:
        """One pass: finish what a crash left, then take the files that are ready."""
        self.prepare()
        now = time.monotonic() if now is None else now
        events = [self._handle(p) for p in sorted(self.processing.iterdir()) if p.is_file()]
        for path in self._candidates():
            if path.suffix.lower() not in ACCEPTED_SCAN_SUFFIXES:
                if self._stable(path, now):
                    events.append(
                        self._fail(self._claim(path), "Tệp không phải PDF, JPEG, PNG hay TIFF; không số hóa được.")
                    )
                continue
            if self._stable(path, now):
                events.append(self._handle(self._claim(path)))
        return events

    def _claim(self, path: Path) -> Path:
        self._seen.pop(path.name, None)
        target = _free_name(self.processing, path.name)
        os.replace(path, target)
        return target

    def _handle(self, path: Path) -> WatchEvent:
        sha = _sha256(path)
        entry = self._journal().get(sha)
        if entry is not None and entry.get("ok"):
            # Output committed before a crash: finish the move only.
            os.replace(path, _free_name(self.done, path.name))
            outputs = [Path(str(o)) for o in entry.get("outputs") or []]
            return self._emit(WatchEvent(path.name, True, "đã xử lý trước đó", outputs))
        if entry is not None and entry.get("state") == "started" and entry.get("out"):
            out = Path(str(entry["out"]))  # interrupted: write the same output again, never a second copy
        else:
            out = _free_name(self.output, Path(path.name).stem + ".pdf")
            self._record({"sha256": sha, "name": path.name, "state": "started", "out": str(out), "at": iso(now_vn())})
        try:
            result = self.ingest([path], out)
        except QlvbError as exc:
            return self._fail(path, getattr(exc, "message", str(exc)), sha)
        except Exception as exc:  # a bug must not stop the station; it is reported in failed/
            return self._fail(path, f"Lỗi không mong đợi: {type(exc).__name__}: {exc}", sha)
        outputs = [d.pdf for d in result.documents]
        self._record(
            {"sha256": sha, "name": path.name, "ok": True, "outputs": [str(o) for o in outputs], "at": iso(now_vn())}
        )
        os.replace(path, _free_name(self.done, path.name))
        return self._emit(WatchEvent(path.name, True, f"{len(outputs)} văn bản", outputs))

    def _fail(self, path: Path, message: str, sha: str | None = None) -> WatchEvent:
        target = _free_name(self.failed, path.name)
        os.replace(path, target)
        write_atomic(target.with_name(target.name + ".error.txt"), (message + "\n").encode(), shared=True)
        if sha:
            self._record({"sha256": sha, "name": path.name, "ok": False, "error": message, "at": iso(now_vn())})
        return self._emit(WatchEvent(path.name, False, message, []))

    def _emit(self, event: WatchEvent) -> WatchEvent:
        if self.on_event is not None:
            self.on_event(event)
        return event

    def run(self, cancel: CancelToken, interval: float = 1.0) -> None:
        while not cancel.cancelled:
            self.poll()
            time.sleep(interval)
