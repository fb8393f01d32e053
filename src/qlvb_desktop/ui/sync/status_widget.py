"""The status-bar widget: online / offline, N waiting to send, M waiting for a number, the time
of the last sync, and the last error (in red, full text in the tooltip)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from qlvb_desktop.domain.sync import SyncStatus

StatusSource = Callable[[], SyncStatus | None]


class SyncStatusWidget(QWidget):
    sync_requested = Signal()

    def __init__(self, source: StatusSource, interval_ms: int = 2000, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status_widget")
        self._source = source
        self.state_label = QLabel(self)
        self.state_label.setObjectName("sync_state_label")
        self.queue_label = QLabel(self)
        self.queue_label.setObjectName("sync_queue_label")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("sync_error_label")
        self.error_label.setStyleSheet("color: #b00020;")
        self.sync_button = QPushButton(self.tr("Đồng bộ ngay"), self)
        self.sync_button.setObjectName("sync_now_button")
        self.sync_button.clicked.connect(self.sync_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.state_label, self.queue_label, self.error_label, self.sync_button):
            layout.addWidget(w)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(interval_ms)
        self.refresh()

    def refresh(self) -> None:
        status = self._source()
        if status is None:
            self.state_label.setText(self.tr("Làm việc độc lập (chưa cấu hình máy chủ)"))
            self.queue_label.setText("")
            self.error_label.setText("")
            self.sync_button.setEnabled(False)
            return
        self.sync_button.setEnabled(True)
        self.state_label.setText(self.tr("Trực tuyến") if status.online else self.tr("Mất kết nối"))
        parts = []
        if status.pending:
            parts.append(self.tr("%n thao tác chờ gửi", "", status.pending))
        if status.waiting_for_number:
            parts.append(self.tr("%n văn bản chờ cấp số", "", status.waiting_for_number))
        if status.rejected:
            parts.append(self.tr("%n thao tác bị từ chối", "", status.rejected))
        parts.append(
            self.tr("đồng bộ lần cuối: %1").replace("%1", _when(status.last_sync) or self.tr("chưa"))
        )
        self.queue_label.setText(" · ".join(parts))
        self.error_label.setText(status.last_error[:80])
        self.error_label.setToolTip(status.last_error)


def _when(iso_text: str) -> str:
    if not iso_text:
        return ""
    return datetime.fromisoformat(iso_text).strftime("%H:%M %d/%m/%Y")
