"""The organization directory pulled from the central server, written where the metadata
extractor reads it: `<data dir>/issuers.csv` (columns name,code,abbreviation,parent,place).

Written by the one atomic writer (a temporary file, synced and renamed over the old one), so the extractor never reads a
half-written directory, and a crash leaves either the old file or the new one.
"""

from __future__ import annotations

import csv
from pathlib import Path

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem
from qlvb_desktop.domain.exchange import Organ
from qlvb_desktop.domain.sync import DirectoryEntry
from qlvb_desktop.services.atomic_file import atomic_output

COLUMNS = ("name", "code", "abbreviation", "parent", "place")


class CsvDirectorySink:
    """Implements `domain.sync.DirectorySink`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self, entries: list[DirectoryEntry]) -> None:
        try:
            with atomic_output(self.path, encoding="utf-8", newline="", prefix=".issuers-", suffix=".csv") as fh:
                out = csv.writer(fh)
                out.writerow(COLUMNS)
                for e in entries:
                    out.writerow([e.name, e.code, e.abbreviation, e.parent, e.place])
        except OSError as exc:
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP(
                    "Errors", "Không ghi được danh bạ cơ quan {path}: {reason}; lần đồng bộ sau sẽ thử lại."
                ),
                path=str(self.path),
                reason=exc.strerror or str(exc),
            ) from None


def read_organs(path: Path) -> list[Organ]:
    """The directory as exchange recipients (code, name, governing body); none without the file."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [Organ(row.get("code", ""), row.get("name", ""), row.get("parent", ""))
                for row in csv.DictReader(fh) if row.get("code")]
