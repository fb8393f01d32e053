"""Errors in kinds (ARCHITECTURE practice 7).

A `UserError` is a mistake or a refusal the clerk can act on: its message is one Vietnamese
sentence. Messages are templates marked for Qt Linguist with `QT_TRANSLATE_NOOP` (a plain
function here, so the domain stays free of Qt) and formatted with named parameters, so the GUI
can show the English translation.
"""

from __future__ import annotations

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
        numbers = ", ".join(f"{d.arrival_number}/{d.year}" for d in duplicates)
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
