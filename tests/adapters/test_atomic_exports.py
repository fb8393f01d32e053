"""Exports through the one atomic writer (issue 12): an .xlsx export and an archive package that
fail half-way (the disk fills: a file-size limit in a child process, so the writes really fail)
leave the previous file as it was and no temporary file, with the "cannot write" sentence; a
finished one is complete and alone in its folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from qlvb_desktop.adapters.xlsx import XlsxWriter
from qlvb_desktop.domain.tabular import Column, Kind, Table

EXPORT_UNDER_A_SIZE_LIMIT = """
import os, resource, signal, sys, zipfile
from pathlib import Path
from qlvb_desktop.domain.errors import EnvironmentProblem
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
out = Path(sys.argv[2])
big = os.urandom(300_000)  # does not compress: the package outgrows the limit
if sys.argv[1] == "xlsx":
    from qlvb_desktop.adapters.xlsx import XlsxWriter
    from qlvb_desktop.domain.tabular import Column, Table
    rows = [(str(i), big[i * 100 : i * 100 + 100].hex()) for i in range(3000)]
    table = Table("Sổ", (Column("Số", 10), Column("Nội dung", 80)), rows)
    resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))
    write = lambda: XlsxWriter().write(out, [table])
else:
    from qlvb_desktop.services.atomic_file import atomic_path
    member = out.parent / "member.bin"
    member.write_bytes(big)
    resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))
    def write():
        # what ZipArchivePackager.package does with its zip (a whole case file needs a register)
        try:
            with atomic_path(out, suffix=".zip") as tmp, zipfile.ZipFile(tmp, "w") as z:
                z.write(member, "goi/member.bin")
        except OSError as exc:
            raise EnvironmentProblem("Không ghi được tệp {path}: {reason}.", path=str(out), reason=exc.strerror)
try:
    write()
except EnvironmentProblem as exc:
    print(exc.message)
    sys.exit(4)
"""


@pytest.mark.parametrize("kind", ["xlsx", "zip"], ids=["xlsx-export", "zip-atomic-path"])
def test_an_export_that_fails_half_way_leaves_the_old_file(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "xuat"
    folder.mkdir()
    out = folder / f"so.{kind}"
    out.write_bytes(b"the previous export")
    result = subprocess.run(
        [sys.executable, "-c", EXPORT_UNDER_A_SIZE_LIMIT, kind, str(out)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 4, result.stderr
    assert "Không ghi được tệp" in result.stdout
    assert out.read_bytes() == b"the previous export"
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_finished_export_is_whole_and_alone(tmp_path: Path) -> None:
    out = tmp_path / "so.xlsx"
    rows = [(str(i), f"Văn bản {i}") for i in range(1, 2001)]
    XlsxWriter().write(out, [Table("Sổ", (Column("Số", 10, Kind.TEXT), Column("Trích yếu", 80)), rows)])
    assert [p.name for p in tmp_path.iterdir()] == ["so.xlsx"]
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        assert "xl/worksheets/sheet1.xml" in z.namelist()
