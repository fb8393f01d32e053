"""Pictures for the wizard, made off the GUI thread: decoding, scaling, turning and PDF rendering
are the work that stalls an event loop, so the GUI thread only ever gets small ready `QImage`s
(a `QImage` may be made in any thread; a `QPixmap` only in the GUI thread)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QImageReader, QTransform

PREVIEW_HEIGHT = 1100  # enough to read the header at 200 % scaling, small enough to draw fast


def load_scaled(path: Path, height: int, rotation: int = 0) -> QImage:
    """The page image at `height` pixels (turned by the clerk's `rotation`), or a null image."""
    reader = QImageReader(str(path))
    size = reader.size()
    if size.isValid() and size.height() > height:
        # Decoders that can (JPEG) decode at the smaller size directly; the others scale after.
        reader.setScaledSize(
            size.scaled(size.width() * height // size.height(), height, Qt.AspectRatioMode.KeepAspectRatio)
        )
    image = reader.read()
    if image.isNull():
        return image
    if image.height() > height:
        image = image.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)
    if rotation % 360:
        image = image.transformed(QTransform().rotate(rotation % 360), Qt.TransformationMode.SmoothTransformation)
    return image.convertToFormat(QImage.Format.Format_RGB32)
