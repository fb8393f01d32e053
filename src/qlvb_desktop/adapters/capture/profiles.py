"""Scanner profiles, a JSON file in the data directory, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from qlvb_desktop.domain.capture import ScannerProfile


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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"profiles": [p.to_json() for p in profiles]}, ensure_ascii=False, indent=2)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent, delete=False) as tmp:
            tmp.write(body)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp.name, self.path)
