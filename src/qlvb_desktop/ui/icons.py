"""The window's icons: a few SVGs of GNOME's Adwaita theme shipped in `resources/icons` (the same
on every machine, whatever icon theme the desktop has), drawn by Qt's SVG icon engine."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from qlvb_desktop.resources import resources_dir

# action -> icon file (without "-symbolic.svg")
ICONS = {
    "new": "document-new",
    "edit": "document-edit",
    "intake": "scanner",
    "handled": "object-select",
    "slip": "document-print-preview",
    "print": "document-print",
    "refresh": "view-refresh",
    "settings": "emblem-system",
    "find": "edit-find",
    "copy": "application-certificate",  # the register's badge: stamped ĐẾN (and signed)
}


def icon(name: str) -> QIcon:
    """The icon of an action; an empty icon (text only) if the file is missing."""
    path = resources_dir() / "icons" / f"{ICONS[name]}-symbolic.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()
