"""A small coloured mark telling the clerk how sure the extractor is about one field."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

CERTAIN = 0.9  # same threshold as domain.extraction.model.CERTAIN
DOUBTFUL = 0.6

COLOURS = {"high": QColor("#2e7d32"), "medium": QColor("#f9a825"), "low": QColor("#c62828"), "none": QColor("#9e9e9e")}


def level_of(confidence: float | None) -> str:
    if confidence is None:
        return "none"
    if confidence >= CERTAIN:
        return "high"
    if confidence >= DOUBTFUL:
        return "medium"
    return "low"


class ConfidenceIndicator(QWidget):
    """A dot (green, amber, red) with the percentage in its tooltip; `needs_attention` is true
    below CERTAIN so the form can mark the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._confidence: float | None = None
        self.setFixedSize(QSize(14, 14))
        self.setObjectName("confidence_indicator")
        self._update_tooltip()

    @property
    def confidence(self) -> float | None:
        return self._confidence

    @property
    def level(self) -> str:
        return level_of(self._confidence)

    @property
    def needs_attention(self) -> bool:
        return self._confidence is None or self._confidence < CERTAIN

    def set_confidence(self, value: float | None) -> None:
        if value is not None:
            value = min(1.0, max(0.0, float(value)))
        self._confidence = value
        self._update_tooltip()
        self.update()

    def _update_tooltip(self) -> None:
        if self._confidence is None:
            self.setToolTip(self.tr("Chưa đọc được"))
        elif self.needs_attention:
            self.setToolTip(self.tr("Độ tin cậy {0} % — cần kiểm tra").format(round(self._confidence * 100)))
        else:
            self.setToolTip(self.tr("Độ tin cậy {0} %").format(round(self._confidence * 100)))

    def colour(self) -> QColor:
        return COLOURS[self.level]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour())
        painter.drawEllipse(self.rect().adjusted(2, 2, -2, -2))
        painter.end()
