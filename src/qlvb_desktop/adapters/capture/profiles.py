"""Scanner profiles, a JSON file in the data directory, written by the one atomic writer."""

from __future__ import annotations

import json
from pathlib import Path

from qlvb_desktop.domain.capture import ScannerProfile
from qlvb_desktop.services.atomic_file import write_atomic


class JsonProfileStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> list[ScannerProfile]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return [ScannerProfile.from_json(p) for p in data.get("profiles", [])]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError):
            return []  # a damaged file loses the remembered settings, never the app

    def save(self, profiles: list[ScannerProfile]) -> None:
        body = json.dumps({"profiles": [p.to_json() for p in profiles]}, ensure_ascii=False, indent=2)
        write_atomic(self.path, body.encode("utf-8"))
