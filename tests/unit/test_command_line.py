"""The commands' help and refusals are Vietnamese, argparse's own words included."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from qlvb_desktop.domain.command_line import MESSAGES, PLURALS

# argparse's English, as a clerk would meet it on the screen.
ENGLISH = re.compile(
    r"usage:|positional arguments|\boptions:|show this help|error:|required:|invalid choice|"
    r"unrecognized arguments|choose from|expected (one|at most|at least)|invalid \w+ value"
)


def _qlvb(argv: list[str]) -> object:
    from qlvb_desktop.cli import build_parser

    return build_parser().parse_args(argv)


def _server(argv: list[str]) -> object:
    from qlvb_server.cli import build_parser

    return build_parser().parse_args(argv)


def _window(argv: list[str]) -> object:
    from qlvb_desktop.app import main

    return main(argv)


CASES = [
    (_qlvb, ["--help"]),
    (_qlvb, ["register", "--help"]),
    (_qlvb, []),
    (_qlvb, ["nosuch"]),
    (_qlvb, ["show"]),
    (_qlvb, ["show", "abc"]),
    (_qlvb, ["search", "--bogus"]),
    (_qlvb, ["search", "--status", "x"]),
    (_qlvb, ["search", "--year"]),
    (_server, ["--help"]),
    (_server, ["--port", "x"]),
    (_window, ["--help"]),
    (_window, ["--lang", "fr"]),
]


@pytest.mark.parametrize(("parse", "argv"), CASES, ids=[f"{p.__name__}:{' '.join(a)}" for p, a in CASES])
def test_what_the_command_says_is_vietnamese(
    parse: Callable[[list[str]], object], argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        parse(argv)
    out = capsys.readouterr()
    said = out.out + out.err
    assert said.strip()
    assert not ENGLISH.search(said), said
    assert "cách dùng: " in said
    assert (stop.value.code == 0) == ("--help" in argv)


def test_refusals_say_what_was_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        _qlvb(["show"])
    assert stop.value.code == 2
    assert "qlvb show: lỗi: thiếu tham số bắt buộc: id" in capsys.readouterr().err


def test_every_translation_keeps_the_placeholders() -> None:
    # A sentence whose %-fields differ from argparse's would raise while reporting an error.
    fields = re.compile(r"%(?:\(\w+\))?[sr]")
    for english, vietnamese in {**MESSAGES, **PLURALS}.items():
        assert sorted(fields.findall(vietnamese)) == sorted(fields.findall(english)) or english.startswith(
            "invalid %(type)s"
        ), english


def test_the_installed_command_speaks_vietnamese() -> None:
    qlvb = Path(sys.executable).parent / "qlvb"
    if not qlvb.exists():
        pytest.fail(f"{qlvb} is not installed: run `make setup`")
    done = subprocess.run([qlvb, "nosuch"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "qlvb: lỗi: tham số LỆNH: không có lựa chọn 'nosuch'" in done.stderr, done.stderr
