"""The package reader and writer behind the exchange service's port."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qlvb_desktop.adapters.edxml.reader import ReadPackage, read_package
from qlvb_desktop.adapters.edxml.writer import OutFile, write_document, write_status
from qlvb_desktop.domain.exchange import DocumentHeader, StatusHeader
from qlvb_desktop.services.leftovers import remove_leftovers


class EdxmlIO:
    def __init__(self, attachment_limit: int, tmp_root: Path | None = None) -> None:
        """`tmp_root`: where packages are decoded; beside the file store, so the decoded files
        move into it instead of being copied (what a killed process left there goes after an hour)."""
        self.attachment_limit = attachment_limit
        self.tmp_root = tmp_root
        if tmp_root is not None:
            remove_leftovers(tmp_root, "edxml-", min_age_s=3600)

    def read(self, path: Path) -> ReadPackage:
        if self.tmp_root is not None:
            self.tmp_root.mkdir(parents=True, exist_ok=True)
        return read_package(path, attachment_limit=self.attachment_limit, tmp_root=self.tmp_root)

    def write_status(self, path: Path, status: StatusHeader) -> Path:
        return write_status(path, status)

    def write_document(
        self, path: Path, header: DocumentHeader, files: Sequence[tuple[str, str, Path]], *, trace_organ: str,
        timestamp: str,
    ) -> Path:
        return write_document(path, header, [OutFile(*f) for f in files], trace_organ=trace_organ,
                              timestamp=timestamp)
