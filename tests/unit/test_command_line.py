"""The commands' help and refusals are Vietnamese, argparse's own words included."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import unicodedata
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
    assert "qlvb show: lỗi: thiếu tham số bắt buộc: MÃ" in capsys.readouterr().err


def test_the_server_refuses_to_start_without_its_data_folder(capsys: pytest.CaptureFixture[str]) -> None:
    from qlvb_server.cli import main

    with pytest.raises(SystemExit) as stop:
        main([])
    assert stop.value.code == 2
    said = capsys.readouterr().err
    assert "cách dùng: qlvb-server" in said
    assert "qlvb-server: lỗi: thiếu tham số bắt buộc: --data-dir" in said


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


# Every parser of the three commands, with the words that show its place ("qlvb book print").
def _every_parser() -> list[tuple[str, argparse.ArgumentParser]]:
    from qlvb_desktop.app import build_parser as window_parser
    from qlvb_desktop.cli import build_parser as qlvb_parser
    from qlvb_server.cli import build_parser as server_parser

    found: list[tuple[str, argparse.ArgumentParser]] = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        found.append((path, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, f"{path} {name}")

    for build in (qlvb_parser, server_parser, window_parser):
        parser = build()
        walk(parser, parser.prog)
    return found


def _arguments(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]


def _name(action: argparse.Action) -> str:
    return "/".join(action.option_strings) or action.dest


def _takes_a_value(action: argparse.Action) -> bool:
    return action.nargs != 0 and not isinstance(action, argparse._SubParsersAction)


def test_the_walk_reaches_every_command() -> None:
    paths = {path for path, _parser in _every_parser()}
    assert {"qlvb", "qlvb book print", "qlvb exchange send", "qlvb-server", "qlvb-server restore"} <= paths
    assert "qlvb-desktop" in paths
    assert len(paths) > 60


def test_every_argument_says_what_it_is() -> None:
    silent = []
    for path, parser in _every_parser():
        for action in _arguments(parser):
            if isinstance(action, argparse._SubParsersAction):
                # Each subcommand's line in the list of commands.
                silent += [f"{path} {c.dest}" for c in action._choices_actions if not (c.help or "").strip()]
            elif not (action.help or "").strip():
                silent.append(f"{path} {_name(action)}")
    assert not silent, f"{len(silent)} arguments without help: {silent}"


def test_every_placeholder_is_vietnamese() -> None:
    """argparse's own placeholder (`--year YEAR`, a bare `id`) is English on a Vietnamese screen:
    each option taking a value and each positional names its value in Vietnamese capitals."""
    wrong = []
    for path, parser in _every_parser():
        # The usage names every argument with its placeholder, as the list below it does; without
        # the command's own words (`qlvb exchange folder` has a positional `folder`).
        usage = parser.format_usage().replace(parser.prog, "")
        for action in _arguments(parser):
            if not _takes_a_value(action) or (action.choices is not None and action.metavar is None):
                continue  # a flag, or a list of the values to type
            default = action.dest.upper() if action.option_strings else action.dest
            if re.search(rf"(?<![\w-]){re.escape(default)}(?![\w-])", usage):
                wrong.append(f"{path} {_name(action)}: {default}")
    assert not wrong, f"{len(wrong)} English placeholders: {wrong}"


def test_placeholders_are_capitals_in_one_form() -> None:
    # NFC keeps one character per letter, so argparse lines its columns up (it counts characters).
    bad = []
    for path, parser in _every_parser():
        for action in _arguments(parser):
            metavar = action.metavar
            if metavar is None:
                continue
            for word in metavar if isinstance(metavar, tuple) else (metavar,):
                if word != unicodedata.normalize("NFC", word) or word != word.upper() or " " in word:
                    bad.append(f"{path} {_name(action)}: {word!r}")
    assert not bad, bad


def test_help_fits_eighty_columns_uncut(monkeypatch: pytest.MonkeyPatch) -> None:
    """In an 80-column terminal no line runs over, and no word is cut at its hyphen (a date form
    yyyy-mm-dd, a notation 15/QĐ-UBND, a book code mat-den)."""
    monkeypatch.setenv("COLUMNS", "80")
    bad = []
    for path, parser in _every_parser():
        for line in parser.format_help().splitlines():
            if len(line) > 80 or re.search(r"\w-$", line):
                bad.append(f"{path}: {line}")
        # A required option stays on one line with its placeholder (`--subject TRÍCH_YẾU`).
        usage = parser.format_usage().splitlines()
        for action in _arguments(parser):
            if action.option_strings and action.required and _takes_a_value(action):
                together = f"{action.option_strings[0]} {action.metavar}"
                if action.metavar and not any(together in line for line in usage):
                    bad.append(f"{path}: {together} cut in {usage}")
    assert not bad, "\n".join(bad)
