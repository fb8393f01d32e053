"""Where the shipped resources (fonts, translations) are.

The repository keeps them in the top-level `resources/` folder; a frozen build (PyInstaller)
puts them next to the executable under `resources/`.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def font_path(name: str) -> Path:
    return resources_dir() / "fonts" / name


def translations_dir() -> Path:
    return resources_dir() / "i18n"
