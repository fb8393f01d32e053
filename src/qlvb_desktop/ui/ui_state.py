"""What the window remembers between sessions for the clerk: window sizes and places, the last
folder of each file dialog, small preferences of the forms ("Lưu và tiếp"); and where a window
opens the first time (`fit_to_screen`).

Kept apart from the workstation settings (the database): this is per user interface, may be
lost without harm, and is written by Qt's QSettings (an INI file in the data folder, replaced
through a temporary file). Nothing here is a register fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FILE_NAME = "giao-dien.ini"
# Room a window manager's frame takes (title bar, borders) before the window is shown and its
# real frame is known; a window that would not fit with it is maximized instead, so the window
# manager fits the frame and no button row ends up below the screen.
FRAME_ROOM = (16, 48)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Open at width x height where that fits the free screen with its frame, else maximized
    (1366 x 768 with a panel, or 200 % scaling)."""
    screen = (widget.parentWidget() or widget).screen()
    free = screen.availableGeometry()
    frame_w, frame_h = FRAME_ROOM
    if width + frame_w > free.width() or height + frame_h > free.height():
        widget.resize(min(width, free.width() - frame_w), min(height, free.height() - frame_h))
        widget.setWindowState(widget.windowState() | Qt.WindowState.WindowMaximized)
        return
    widget.resize(width, height)
    widget.move(free.x() + (free.width() - width - frame_w) // 2, free.y() + (free.height() - height - frame_h) // 2)


class UiState:
    def __init__(self, data_dir: Path) -> None:
        self._settings = QSettings(str(data_dir / FILE_NAME), QSettings.Format.IniFormat)

    # --- folders ---------------------------------------------------------------------------------

    def last_folder(self, key: str) -> str:
        """The folder the clerk last chose files in for `key` ("" the first time: Qt's default)."""
        folder = str(self._settings.value(f"folders/{key}", "") or "")
        return folder if folder and Path(folder).is_dir() else ""

    def remember_folder(self, key: str, chosen: str | Path) -> None:
        path = Path(chosen)
        folder = path if path.is_dir() else path.parent
        self._settings.setValue(f"folders/{key}", str(folder))
        self._settings.sync()

    # --- flags -----------------------------------------------------------------------------------

    def flag(self, key: str, default: bool = False) -> bool:
        value = self._settings.value(f"flags/{key}", default)
        return value in (True, "true", "1", 1)

    def set_flag(self, key: str, value: bool) -> None:
        self._settings.setValue(f"flags/{key}", bool(value))
        self._settings.sync()

    def words(self, key: str, default: Sequence[str]) -> list[str]:
        """A remembered list of names (e.g. the hidden columns of a table)."""
        value = self._settings.value(f"lists/{key}")
        if value is None:
            return list(default)
        if isinstance(value, str):
            return [w for w in value.split(",") if w]
        return [str(w) for w in value] if isinstance(value, list) else list(default)

    def set_words(self, key: str, words: Sequence[str]) -> None:
        self._settings.setValue(f"lists/{key}", ",".join(words))
        self._settings.sync()

    # --- geometry --------------------------------------------------------------------------------

    def save_geometry(self, widget: QWidget, key: str) -> None:
        self._settings.setValue(f"geometry/{key}", widget.saveGeometry())
        self._settings.sync()

    def restore_geometry(self, widget: QWidget, key: str) -> bool:
        """Put the window back where it was, if that place is still on a screen (a laptop taken
        off its second monitor must not open its window off-screen)."""
        saved = self._settings.value(f"geometry/{key}")
        if not isinstance(saved, QByteArray | bytes) or not saved:
            return False
        if not widget.restoreGeometry(QByteArray(saved)):
            return False
        screen = QGuiApplication.screenAt(widget.frameGeometry().center())
        if screen is None:
            primary = QGuiApplication.primaryScreen()
            if primary is not None:
                widget.move(primary.availableGeometry().topLeft())
        return True
