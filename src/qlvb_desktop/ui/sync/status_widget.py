"""The status-bar widget: online / working offline, N waiting to send, M waiting for a number,
what the last relay of edXML packages sent and received and how many wait in the inbox,
the server's decisions about this station's entries (which entry got which new number, which
was refused and voided), the time of the last sync, and the last error (in red, full text in
the tooltip).

It reads a status the sync worker computed in its own thread (`SyncWorker.snapshot`), so a
refresh never waits on the database or the network.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from qlvb_desktop.domain.sync import ExchangeRelayReport, Notice, SyncStatus

StatusSource = Callable[[], SyncStatus | None]


class SyncStatusWidget(QWidget):
    sync_requested = Signal()
    acknowledge_requested = Signal()

    def __init__(
        self,
        source: StatusSource,
        interval_ms: int = 2000,
        parent: QWidget | None = None,
        configured: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status_widget")
        self._source = source
        self._configured = configured
        self.login_hint = ""  # why the station cannot sync until the clerk logs in again
        self.state_label = QLabel(self)
        self.state_label.setObjectName("sync_state_label")
        self.queue_label = QLabel(self)
        self.queue_label.setObjectName("sync_queue_label")
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("sync_notice_label")
        self.notice_label.setStyleSheet("color: #8a5a00;")
        self.exchange_label = QLabel(self)
        self.exchange_label.setObjectName("sync_exchange_label")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("sync_error_label")
        self.error_label.setStyleSheet("color: #b00020;")
        self.sync_button = QPushButton(self.tr("Đồng bộ ngay"), self)
        self.sync_button.setObjectName("sync_now_button")
        self.sync_button.clicked.connect(self.sync_requested)
        self.seen_button = QPushButton(self.tr("Đã xem"), self)
        self.seen_button.setObjectName("sync_seen_button")
        self.seen_button.setToolTip(self.tr("Đã xem các thông báo của máy chủ: không báo lại nữa"))
        self.seen_button.clicked.connect(self.acknowledge_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (
            self.state_label,
            self.queue_label,
            self.exchange_label,
            self.notice_label,
            self.error_label,
            self.sync_button,
            self.seen_button,
        ):
            layout.addWidget(w)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(interval_ms)
        self.refresh()

    def refresh(self) -> None:
        status = self._source()
        if status is None:
            if self._configured:
                self.state_label.setText(self.tr("Đang kiểm tra kết nối…"))
            else:
                self.state_label.setText(self.tr("Làm việc độc lập (chưa cấu hình máy chủ)"))
            self.queue_label.setText("")
            self.exchange_label.setText("")
            self.notice_label.setText("")
            self.error_label.setText("")
            self.sync_button.setEnabled(bool(self._configured))
            self.seen_button.setVisible(False)
            return
        self.sync_button.setEnabled(True)
        self.state_label.setText(
            self.tr("Trực tuyến") if status.online else self.tr("Đang làm việc ngoại tuyến")
        )
        parts = []
        if status.pending:
            parts.append(self.tr("%n thao tác chờ gửi", "", status.pending))
        if status.waiting_for_number:
            parts.append(self.tr("%n văn bản chờ cấp số", "", status.waiting_for_number))
        if status.rejected:
            parts.append(self.tr("%n thao tác bị từ chối", "", status.rejected))
        if status.files_awaited:  # files the server lost, waiting for a station to send them again
            parts.append(self.tr("%n tệp đang chờ tải lại", "", status.files_awaited))
        parts.append(
            self.tr("đồng bộ lần cuối: %1").replace("%1", _when(status.last_sync) or self.tr("chưa"))
        )
        self.queue_label.setText(" · ".join(parts))
        self.exchange_label.setText(self.exchange_text(status.exchange))
        lines = [self.notice_text(n) for n in status.notices]
        if lines:
            # The newest decision in full; all of them in the tooltip.
            self.notice_label.setText(
                self.tr("%n thông báo của máy chủ", "", len(lines)) + ": " + lines[-1][:100]
            )
            self.notice_label.setToolTip("\n".join(lines[-50:]))
        else:
            self.notice_label.setText("")
            self.notice_label.setToolTip("")
        self.seen_button.setVisible(bool(lines) or status.rejected > 0)
        error = self.login_hint if self.login_hint and not status.online else status.last_error
        self.error_label.setText(error[:80])
        self.error_label.setToolTip(error)

    def exchange_text(self, relayed: ExchangeRelayReport | None) -> str:
        """What the last relay of edXML packages moved (issue 15), and the inbox's backlog."""
        if relayed is None or not (relayed.moved or relayed.pending):
            return ""
        parts = []
        if relayed.moved:
            text = self.tr("Liên thông %1: gửi %2 gói, nhận %3 văn bản và %4 trạng thái")
            parts.append(
                text.replace("%1", _when(relayed.at)).replace("%2", str(relayed.sent))
                .replace("%3", str(relayed.documents)).replace("%4", str(relayed.statuses))
            )
            if relayed.refused:
                parts.append(self.tr("%n gói bị máy chủ từ chối", "", relayed.refused))
        if relayed.pending:
            parts.append(self.tr("%n văn bản liên thông chờ xử lý (Ctrl+Shift+L)", "", relayed.pending))
        return " · ".join(parts)

    def notice_text(self, n: Notice) -> str:
        subject = n.subject[:60]
        if n.kind == "numbered":
            text = self.tr("Văn bản chờ số “%1” được cấp số đến %2")
        elif n.kind == "renumbered":
            text = self.tr("Văn bản “%1”: số đến %3 đã bị thu hồi, số mới là %2; hãy sửa dấu ĐẾN")
        else:
            text = self.tr("Văn bản “%1” (số đến %2) bị máy chủ từ chối nên đã bị hủy: %4")
        return (
            text.replace("%1", subject)
            .replace("%2", str(n.new_number))
            .replace("%3", str(n.old_number))
            .replace("%4", n.reason.rstrip("."))
        )


def _when(iso_text: str) -> str:
    if not iso_text:
        return ""
    return datetime.fromisoformat(iso_text).strftime("%H:%M %d/%m/%Y")
