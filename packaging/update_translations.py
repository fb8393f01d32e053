"""Update `resources/i18n/qlvb_*.ts` from the sources with pyside6-lupdate.

Inputs: the GUI code (`tr()`, `QCoreApplication.translate`, QT_TRANSLATE_NOOP), the Designer
forms, and the error templates of domain/, services/ and adapters/ (QT_TRANSLATE_NOOP("Errors",
...)). lupdate only reads a literal context, so files that write `QT_TRANSLATE_NOOP(CTX, ...)`
with a module constant `CTX = "Errors"` are read through a copy with the literal put in. Existing translations
are kept; new strings come in unfinished for a translator (Qt Linguist) to fill;
tests/ui/test_translations.py fails while any is unfinished.

    python packaging/update_translations.py            # update the committed .ts files
    python packaging/update_translations.py --out DIR  # write updated copies into DIR instead
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "qlvb_desktop"
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("en",)
_CONTEXT_CONSTANT = re.compile(r'^([A-Z_]+)\s*=\s*"([A-Za-z]+)"\s*$', re.MULTILINE)


def lupdate() -> str:
    found = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) or shutil.which(
        "pyside6-lupdate"
    )
    if not found:
        raise SystemExit("pyside6-lupdate not found: install the project (make setup)")
    return found


def sources(scratch: Path) -> list[Path]:
    files = [p for p in sorted((SRC / "ui").rglob("*.py")) if "forms" not in p.relative_to(SRC / "ui").parts]
    files += sorted((ROOT / "forms").glob("*.ui"))
    for package in ("domain", "services", "adapters"):
        for path in sorted((SRC / package).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            if "QT_TRANSLATE_NOOP" not in text:
                continue
            constants = _CONTEXT_CONSTANT.findall(text)
            names = "|".join(name for name, _ in constants)
            pattern = re.compile(rf"QT_TRANSLATE_NOOP\(\s*({names})\s*,") if names else None
            if pattern and pattern.search(text):
                contexts = dict(constants)
                text = pattern.sub(lambda m, c=contexts: f'QT_TRANSLATE_NOOP("{c[m.group(1)]}",', text)
                copy = scratch / path.relative_to(SRC)
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_text(text, encoding="utf-8")
                files.append(copy)
            else:
                files.append(path)
    return files


def update(out_dir: Path) -> list[Path]:
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        inputs = [str(p) for p in sources(Path(tmp))]
        for lang in LANGUAGES:
            ts = out_dir / f"qlvb_{lang}.ts"
            committed = I18N / ts.name
            if committed.exists() and committed != ts:
                shutil.copyfile(committed, ts)
            subprocess.run(
                [
                    lupdate(),
                    *inputs,
                    "-ts",
                    str(ts),
                    "-locations",
                    "none",
                    "-no-obsolete",
                    "-source-language",
                    "vi",
                    "-target-language",
                    lang,
                    "-silent",
                ],
                check=True,
            )
            written.append(ts)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="write the updated .ts files here")
    args = parser.parse_args()
    out = (args.out or I18N).resolve()
    out.mkdir(parents=True, exist_ok=True)
    for ts in update(out):
        print(ts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
