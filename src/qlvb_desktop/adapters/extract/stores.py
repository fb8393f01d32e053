"""Files of the extractor: the issuer directory (CSV) and the clerk's corrections (JSON)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError
from qlvb_desktop.domain.extraction.corrections import Corrections
from qlvb_desktop.domain.extraction.directory import IssuerDirectory
from qlvb_desktop.services.atomic_file import atomic_output


def load_directory(path: Path | None) -> IssuerDirectory:
    """The directory from a CSV file (UTF-8, header row); an absent default file is an empty one."""
    if path is None or not path.exists():
        return IssuerDirectory()
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return IssuerDirectory.from_rows(csv.DictReader(fh))
    except UnicodeDecodeError:
        raise UserError(
            QT_TRANSLATE_NOOP("Errors", "Danh bạ cơ quan {path} không phải văn bản UTF-8."), path=path.name
        ) from None
    except OSError as exc:
        raise EnvironmentProblem(
            QT_TRANSLATE_NOOP("Errors", "Không đọc được danh bạ cơ quan {path}: {reason}."),
            path=str(path),
            reason=exc.strerror or str(exc),
        ) from None


class JsonCorrectionStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Corrections:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return Corrections.from_json(data)
        except FileNotFoundError:
            return Corrections()
        except (ValueError, AttributeError):
            # A damaged file must not stop the clerk's work: start afresh, keep the old one aside.
            self.path.replace(self.path.with_suffix(".damaged.json"))
            return Corrections()

    def save(self, corrections: Corrections) -> None:
        try:
            with atomic_output(self.path, encoding="utf-8", prefix=".corrections-", suffix=".json") as fh:
                json.dump(corrections.to_json(), fh, ensure_ascii=False, indent=1)
        except OSError as exc:
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Không lưu được các sửa đổi vào {path}: {reason}."),
                path=str(self.path),
                reason=exc.strerror or str(exc),
            ) from None
