"""The generated form modules match their Designer sources (ARCHITECTURE practice 8)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generated_forms_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build_ui.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_form_has_snake_case_object_names() -> None:
    import re

    for ui in (ROOT / "forms").glob("*.ui"):
        names = re.findall(r'<(?:widget|layout)[^>]* name="([^"]+)"', ui.read_text(encoding="utf-8"))
        top = re.search(r"<class>(\w+)</class>", ui.read_text(encoding="utf-8"))
        assert top is not None
        bad = [n for n in names if n != top.group(1) and not re.fullmatch(r"[a-z][a-z0-9_]*", n)]
        assert not bad, f"{ui.name}: objectNames not in snake_case: {bad}"
