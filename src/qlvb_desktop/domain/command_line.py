"""What the command line itself says, in Vietnamese: argparse's own words.

The `qlvb`, `qlvb-desktop` and `qlvb-server` commands write their help and their refusals in
Vietnamese, but argparse adds its own English ("usage:", "options", "show this help message and
exit", "error: the following arguments are required"). argparse looks every such sentence up
through the module-level `_` and `ngettext` it imported from gettext, so giving it these two
functions is the documented seam for translating it. The table covers the sentences of Python
3.11 to 3.13; a sentence not in it (a later Python's) stays as argparse wrote it.

`CommandParser` is the parser of the three commands: its help wraps only at spaces, so a date
form (yyyy-mm-dd), a notation (15/QĐ-UBND) or a book code (mat-den) is never cut at its hyphen.
"""

from __future__ import annotations

import argparse
import re
import textwrap
from pathlib import Path
from typing import Any

MESSAGES: dict[str, str] = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "subcommands": "lệnh",
    "%(heading)s:": "%(heading)s:",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
    " (default: %(default)s)": " (mặc định: %(default)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: cảnh báo: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lựa chọn %(value)r (chọn một trong: %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "not allowed with argument %s": "không dùng được cùng với %s",
    "ignored explicit argument %r": "không nhận giá trị %r",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ, có thể là %(matches)s",
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r (chọn một trong: %(choices)s)"
    ),
    "argument '%(argument_name)s' is deprecated": "tham số '%(argument_name)s' sắp bỏ",
    "command '%(parser_name)s' is deprecated": "lệnh '%(parser_name)s' sắp bỏ",
    "option '%(option)s' is deprecated": "tùy chọn '%(option)s' sắp bỏ",
}

# Help words several commands share, so each says them the same way.
DATE_FORMS = "dd/mm/yyyy hoặc yyyy-mm-dd"  # what registration.parse_date accepts, as the clerk writes it
JSON_HELP = "in kết quả dạng JSON"
INCOMING_ID_HELP = "mã văn bản đến (cột đầu của qlvb search)"
OUTGOING_ID_HELP = "mã văn bản đi (số sau dấu # của qlvb outgoing list)"

PLURALS: dict[str, str] = {
    # Vietnamese has one form for every count.
    "expected %s argument": "cần %s giá trị",
    "conflicting option string: %s": "tùy chọn bị trùng: %s",
}


def vietnamese(message: str) -> str:
    """argparse's sentence in Vietnamese, or as it is when the table does not have it."""
    return MESSAGES.get(message, message)


def vietnamese_plural(singular: str, plural: str, n: int) -> str:
    if singular in PLURALS:
        return PLURALS[singular]
    return singular if n == 1 else plural


def speak_vietnamese() -> None:
    """Make argparse speak Vietnamese in this process (each command calls it before parsing)."""
    argparse._ = vietnamese  # type: ignore[attr-defined]
    argparse.ngettext = vietnamese_plural  # type: ignore[attr-defined]


# Joins a required option to its placeholder while argparse wraps the usage line; a space after.
_GLUE = "\ue000"  # private use: never in a help text, and not whitespace to argparse


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, wrapping at spaces only (textwrap also breaks after hyphens), and
    never between a required option and its placeholder in the usage line (Python 3.11 and 3.12
    wrap `--subject TRÍCH_YẾU` as two words; 3.13 keeps them together and does not call this)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        text = self._whitespace_matcher.sub(" ", text).strip()
        return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)

    def _format_actions_usage(self, actions: Any, groups: Any) -> str:
        text: str = super()._format_actions_usage(actions, groups)
        for action in actions:
            if action.option_strings and action.required and action.nargs != 0 and action.help != argparse.SUPPRESS:
                option = action.option_strings[0]
                value = self._format_args(action, self._get_default_metavar_for_optional(action))
                text = re.sub(rf"(?<![\w-]){re.escape(option)} (?={re.escape(value)})", option + _GLUE, text)
        return text

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any) -> str:
        return super()._format_usage(usage, actions, groups, prefix).replace(_GLUE, " ")


class CommandParser(argparse.ArgumentParser):
    """The parser of `qlvb`, `qlvb-server`, `qlvb-desktop`; its subcommands' parsers are of this
    class too (argparse makes them of the parent's class), so they share the formatter. argparse
    speaks Vietnamese before its own words (-h, the group titles) are written here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        speak_vietnamese()
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


DATA_DIR_HELP = "thư mục dữ liệu (mặc định: biến môi trường QLVB_DATA_DIR, hoặc thư mục dữ liệu của người dùng)"


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    """The station's data folder, the same option in `qlvb` and `qlvb-desktop`."""
    parser.add_argument("--data-dir", type=Path, default=None, metavar="THƯ_MỤC", help=DATA_DIR_HELP)
