"""Errors in kinds (ARCHITECTURE practice 7).

A `UserError` is a mistake or a refusal the clerk can act on: its message is one Vietnamese
sentence. Messages are templates marked for Qt Linguist with `QT_TRANSLATE_NOOP` (a plain
function here, so the domain stays free of Qt) and formatted with named parameters, so the GUI
can show the English translation.
"""

from __future__ import annotations

import errno
from typing import Any

ERRORS_CONTEXT = "Errors"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for translation; returns it unchanged."""
    return text


class QlvbError(Exception):
    """Base of all errors the app raises on purpose."""


class UserError(QlvbError):
    """Something the clerk can fix or must know; shown as one sentence, never as a traceback."""

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template.format(**self.params)


class ValidationError(UserError):
    """A field value the register refuses. `field` names the field (its English key)."""

    def __init__(self, field: str, template: str, **params: Any) -> None:
        self.field = field
        super().__init__(template, **params)


class NotFoundError(UserError):
    pass


class ClosedPeriodError(UserError):
    pass


class DuplicateError(UserError):
    """Raised when a likely duplicate exists and the clerk has not confirmed."""

    def __init__(self, duplicates: list[Any]) -> None:
        self.duplicates = duplicates
        numbers = ", ".join(d.number_label for d in duplicates)
        super().__init__(
            QT_TRANSLATE_NOOP(
                ERRORS_CONTEXT,
                "Văn bản này có thể đã được vào sổ (số đến {numbers}); "
                "xác nhận nếu vẫn muốn đăng ký.",
            ),
            numbers=numbers,
        )


class EnvironmentProblem(QlvbError):
    """The machine is in the way (disk full, database locked, file unreadable): say what to do."""

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))

    @property
    def message(self) -> str:
        return self.template.format(**self.params)


class FlaggedError(UserError):
    """Something the clerk must look at before going on (duplicates in a case file being
    closed): refused until confirmed, like a likely duplicate registration (exit code 3)."""


# --- The machine's storage: the kinds every adapter reports (ARCHITECTURE practice 7) -----------
# SQLite's result codes and the OS's errno values are sorted into these kinds in one place each
# (`adapters/db/database.sqlite_problem`, `storage_problem` below), so the clerk reads the same
# sentence, with what to do, whichever part of the program met the problem.


class StorageBusy(EnvironmentProblem):
    """Another program held the database's write lock for longer than the bounded wait."""

    def __init__(self, path: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                ERRORS_CONTEXT,
                "Sổ đang bận: một chương trình khác (cửa sổ QLVB hoặc lệnh qlvb) đang ghi vào {path} "
                "quá lâu; chưa có gì được ghi, hãy thử lại sau ít phút.",
            ),
            path=path,
        )


class StorageFull(EnvironmentProblem):
    """The disk holding the data folder has no room left."""

    def __init__(self, path: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                ERRORS_CONTEXT,
                "Ổ đĩa chứa {path} đã đầy; chưa có gì được ghi, hãy giải phóng dung lượng ổ đĩa rồi thử lại.",
            ),
            path=path,
        )


class StorageReadOnly(EnvironmentProblem):
    """The data folder (or the disk) cannot be written."""

    def __init__(self, path: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                ERRORS_CONTEXT,
                "Không ghi được vào {path} (thư mục hoặc ổ đĩa chỉ cho đọc); chưa có gì được ghi, "
                "hãy cấp quyền ghi cho thư mục dữ liệu rồi thử lại.",
            ),
            path=path,
        )


class StorageCorrupt(EnvironmentProblem):
    """The database file is damaged: it is neither opened for writing nor overwritten."""

    def __init__(self, path: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                ERRORS_CONTEXT,
                "Tệp cơ sở dữ liệu {path} bị hỏng nên không được mở, và chương trình không ghi đè lên nó; "
                "hãy chép tệp hỏng sang nơi khác để giữ lại, rồi chép bản sao lưu gần nhất vào đúng chỗ đó "
                "(hoặc gọi cán bộ kỹ thuật).",
            ),
            path=path,
        )


class StorageIOError(EnvironmentProblem):
    """The disk answered with an input/output error (a failing disk, a removed USB drive)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                ERRORS_CONTEXT,
                "Lỗi đọc/ghi ổ đĩa khi truy cập {path} ({reason}); chưa có gì được ghi, "
                "hãy kiểm tra ổ đĩa (hoặc cắm lại ổ USB) rồi thử lại.",
            ),
            path=path,
            reason=reason,
        )


def storage_problem(exc: OSError, path: object) -> EnvironmentProblem:
    """The kind of an OS error met while reading or writing the data folder."""
    where = str(path)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return StorageFull(where)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageReadOnly(where)
    return StorageIOError(where, exc.strerror or exc.__class__.__name__)


# --- The workstation's settings file (adapters/settings.py) ---------------------------------------


class SettingsUnreadable(EnvironmentProblem):
    """The settings file exists but cannot be read (no permission, a folder in its place)."""

    def __init__(self, path: str, *, folder: bool = False) -> None:
        if folder:
            template = QT_TRANSLATE_NOOP(
                ERRORS_CONTEXT,
                "Chỗ của tệp cài đặt {path} lại là một thư mục nên không đọc được cài đặt; hãy đổi tên "
                "hoặc chuyển thư mục đó đi rồi mở lại chương trình (hoặc gọi cán bộ kỹ thuật).",
            )
        else:
            template = QT_TRANSLATE_NOOP(
                ERRORS_CONTEXT,
                "Không đọc được tệp cài đặt {path} (không có quyền đọc hoặc lỗi ổ đĩa); hãy cấp quyền "
                "đọc và ghi tệp đó cho người dùng này rồi mở lại chương trình (hoặc gọi cán bộ kỹ thuật).",
            )
        super().__init__(template, path=path)


class SettingsReset(EnvironmentProblem):
    """A warning, not raised: the settings file was damaged, set aside, and defaults used for
    what was lost (`fields` empty: everything)."""

    def __init__(self, path: str, kept: str, fields: str = "") -> None:
        if fields:
            template = QT_TRANSLATE_NOOP(
                ERRORS_CONTEXT,
                "Một số mục trong tệp cài đặt {path} có giá trị không hợp lệ ({fields}): đã cất bản cũ "
                "thành {kept} và dùng giá trị mặc định cho các mục đó; hãy xem lại trong Cài đặt.",
            )
        else:
            template = QT_TRANSLATE_NOOP(
                ERRORS_CONTEXT,
                "Tệp cài đặt {path} bị hỏng nên không đọc được: đã cất tệp hỏng thành {kept} và dùng "
                "cài đặt mặc định; hãy nhập lại tên cơ quan và các mục khác trong Cài đặt.",
            )
        super().__init__(template, path=path, kept=kept, fields=fields)


class SettingsLostOnSyncedStation(EnvironmentProblem):
    """The settings file lost the server's values while the register has synced with it: the
    program does not start, so it cannot number alone beside the server."""

    def __init__(self, path: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                ERRORS_CONTEXT,
                "Tệp cài đặt {path} bị hỏng và mất thông tin máy chủ, trong khi sổ trên máy này đã đồng bộ "
                "với máy chủ; để không cấp trùng số, chương trình không mở và không ghi đè lên tệp: hãy "
                "chép bản sao lưu của tệp cài đặt vào đúng chỗ đó, hoặc gọi cán bộ kỹ thuật.",
            ),
            path=path,
        )


class FileNotOnServer(EnvironmentProblem):
    """A file the server does not have (it was found damaged there and quarantined): the entry
    is received without it, and the file is fetched once a station that has it sends it again."""

    def __init__(self, sha: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                ERRORS_CONTEXT,
                "Tệp {sha} chưa có trên máy chủ (đang chờ một máy trạm còn giữ tệp gửi lại); "
                "văn bản vẫn được nhận, tệp sẽ được tải về ở một lần đồng bộ sau.",
            ),
            sha=sha,
        )


class SyncFailedUnexpectedly(EnvironmentProblem):
    """A sync (or the edXML relay inside it) failed in a way nobody foresaw (a bug, a package
    no reader expected): the periodic sync goes on, the details are in the log."""

    def __init__(self, what: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                ERRORS_CONTEXT,
                "Lần đồng bộ vừa rồi gặp lỗi ngoài dự kiến ({what}); chương trình vẫn tự đồng bộ lại theo "
                "định kỳ, chi tiết đã ghi vào nhật ký để cán bộ kỹ thuật xem.",
            ),
            what=what,
        )
