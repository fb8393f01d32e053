"""Generate `src/qlvb_desktop/ui/forms/ui_*.py` from the Qt Designer sources in `forms/`.

The `.ui` files are the sources; the generated modules are artifacts that are committed so the
app runs without the build step, and excluded from lint. `--check` regenerates into a temporary
folder and fails on any difference (tests/ui/test_forms_generated.py runs it).

    python packaging/build_ui.py          # regenerate
    python packaging/build_ui.py --check  # exit 1 if a generated file is stale or missing
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "forms"
OUT = ROOT / "src" / "qlvb_desktop" / "ui" / "forms"
INIT = '"""Modules generated from forms/*.ui by packaging/build_ui.py; do not edit."""\n'


def uic() -> str:
    found = shutil.which("pyside6-uic", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-uic")
    if not found:
        raise SystemExit("pyside6-uic not found: install the project (make setup)")
    return found


def generate(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "__init__.py").write_text(INIT, encoding="utf-8")
    written = [out_dir / "__init__.py"]
    for ui in sorted(FORMS.glob("*.ui")):
        target = out_dir / f"ui_{ui.stem}.py"
        subprocess.run([uic(), "--from-imports", str(ui), "-o", str(target)], check=True)
        written.append(target)
    return written


def check() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = generate(Path(tmp))
        stale = []
        for path in fresh:
            committed = OUT / path.name
            if not committed.exists() or committed.read_bytes() != path.read_bytes():
                stale.append(committed.relative_to(ROOT))
        extra = {p.name for p in OUT.glob("ui_*.py")} - {p.name for p in fresh}
        stale.extend(OUT.relative_to(ROOT) / name for name in sorted(extra))
    if stale:
        print("Stale generated forms (run python packaging/build_ui.py):", *stale, sep="\n  ")
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a generated file differs")
    args = parser.parse_args()
    if args.check:
        return check()
    for path in generate(OUT):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
