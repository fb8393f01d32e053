"""The statistics view (issue 17): documents per month, per issuer and overdue by unit for a
period, as charts (QtCharts) a clerk can print, and the period's reports written to .pdf or
.xlsx ("Sổ theo dõi", "Báo cáo tình hình giải quyết văn bản đến/đi", "Danh sách hồ sơ").

The figures are computed in the read pool (`PeriodReports.statistics`); printing renders the
three charts onto A4 landscape pages through QPdfWriter, so it needs no printer driver.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QMarginsF, QRect, QRectF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qlvb_desktop.domain.reports import Statistics
from qlvb_desktop.ui.i18n import error_text
from qlvb_desktop.ui.operations import Operations
from qlvb_desktop.ui.printing import PrintJob


def _chart(title: str, pairs: list[tuple[str, int]], horizontal: bool = False) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    values = QBarSet(title)
    labels = [name if len(name) <= 40 else name[:39] + "…" for name, _n in pairs]
    for _name, n in pairs:
        values.append(n)
    series: QBarSeries | QHorizontalBarSeries = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(values)
    series.setLabelsVisible(True)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append(labels or ["—"])
    counts = QValueAxis()
    counts.setLabelFormat("%d")
    # whole-number ticks at most five steps apart: counts of documents have no fractions
    top = max([n for _l, n in pairs] + [1])
    step = max(1, math.ceil(top / 5))
    counts.setTickType(QValueAxis.TickType.TicksDynamic)
    counts.setTickAnchor(0)
    counts.setTickInterval(step)
    counts.setRange(0, step * math.ceil(top / step))
    cat_side, val_side = (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom) if horizontal else (
        Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(categories, cat_side)
    chart.addAxis(counts, val_side)
    series.attachAxis(categories)
    series.attachAxis(counts)
    return chart


class StatisticsDialog(QDialog):
    def __init__(self, reports: Any, casefiles: Any, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reports = reports
        self.casefiles = casefiles
        self.ops = ops
        self.stats: Statistics | None = None
        self._request = 0
        self.setObjectName("statistics_dialog")
        self.setWindowTitle(self.tr("Thống kê, báo cáo"))
        v = QVBoxLayout(self)
        top = QHBoxLayout()
        today = QDate.currentDate()
        self.date_from = self._date(QDate(today.year(), 1, 1), "from_edit")
        self.date_to = self._date(today, "to_edit")
        top.addWidget(QLabel(self.tr("Từ ngày:")))
        top.addWidget(self.date_from)
        top.addWidget(QLabel(self.tr("đến ngày:")))
        top.addWidget(self.date_to)
        self.refresh_button = self._button(top, self.tr("&Xem"), "refresh_button", self.reload)
        top.addStretch(1)
        self.report_combo = QComboBox(self)
        self.report_combo.setObjectName("report_combo")
        for key, label in (
            ("followup", self.tr("Sổ theo dõi giải quyết văn bản đến")),
            ("incoming-status", self.tr("Báo cáo tình hình giải quyết văn bản đến")),
            ("outgoing-status", self.tr("Báo cáo tình hình văn bản đi")),
            ("casefile-list", self.tr("Danh sách hồ sơ")),
        ):
            self.report_combo.addItem(label, key)
        top.addWidget(self.report_combo)
        self.export_button = self._button(top, self.tr("Xuất &báo cáo…"), "export_button", self.export_report)
        self.paper_button = self._button(top, self.tr("In ra &giấy…"), "paper_button", self.print_report)
        self.paper_button.setToolTip(
            self.tr("Xem trước và in báo cáo đang chọn ra máy in (chọn máy in, trang, số bản)")
        )
        self.print_job: PrintJob | None = None
        self.print_preview: QPrintPreviewDialog | None = None
        # The report printed on paper is written here first (removed with the dialog).
        self._print_dir = tempfile.TemporaryDirectory(prefix="qlvb-in-")
        self.destroyed.connect(self._print_dir.cleanup)
        self.print_button = self._button(top, self.tr("&In biểu đồ…"), "print_button", self.print_charts)
        v.addLayout(top)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        v.addWidget(self.summary)
        grid = QGridLayout()
        self.views = [QChartView(self) for _ in range(3)]
        for i, view in enumerate(self.views):
            view.setObjectName(f"chart_{i}")
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(220)
        grid.addWidget(self.views[0], 0, 0, 1, 2)
        grid.addWidget(self.views[1], 1, 0)
        grid.addWidget(self.views[2], 1, 1)
        v.addLayout(grid, 1)
        self.resize(1100, 720)
        self.reload()

    def _date(self, value: QDate, name: str) -> QDateEdit:
        edit = QDateEdit(value, self)
        edit.setObjectName(name)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setCalendarPopup(True)
        return edit

    def _button(self, layout: QHBoxLayout, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.clicked.connect(lambda _checked=False: slot())
        layout.addWidget(b)
        return b

    def period(self) -> tuple[date, date]:
        return self.date_from.date().toPython(), self.date_to.date().toPython()  # type: ignore[return-value]

    def reload(self) -> None:
        dfrom, dto = self.period()
        reports = self.reports
        self.summary.setText(self.tr("Đang tính…"))
        # reads run in a pool: only the latest request's figures are shown, never an older one
        # that happened to finish later
        self._request += 1
        request = self._request

        def arrived(stats: Statistics) -> None:
            if request == self._request:
                self._show(stats)

        self.ops.read(lambda: reports.statistics(dfrom, dto), arrived, self._fail, owner=self)

    def _fail(self, exc: BaseException) -> None:
        self.summary.setText(error_text(exc))

    def _show(self, stats: Statistics) -> None:
        self.stats = stats
        self.summary.setText(
            self.tr("Từ {start} đến {end}: {total} văn bản đến, {overdue} quá hạn chưa giải quyết.").format(
                start=stats.date_from.strftime("%d/%m/%Y"), end=stats.date_to.strftime("%d/%m/%Y"),
                total=stats.total, overdue=stats.overdue)
        )
        charts = [
            _chart(self.tr("Văn bản đến theo tháng"), stats.per_month),
            _chart(self.tr("Văn bản đến theo cơ quan ban hành"), list(reversed(stats.per_issuer)), horizontal=True),
            _chart(self.tr("Văn bản quá hạn theo đơn vị, cá nhân"), list(reversed(stats.overdue_by_unit[:10])),
                   horizontal=True),
        ]
        for view, chart in zip(self.views, charts, strict=True):
            old = view.chart()
            view.setChart(chart)
            old.deleteLater()

    def export_report(self, path: Path | None = None) -> None:
        key = self.report_combo.currentData()
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, self.tr("Xuất báo cáo"), str(Path.home() / f"{key}.xlsx"),
                                                  self.tr("Bảng tính hoặc PDF (*.xlsx *.pdf)"))
            path = Path(name) if name else None
        if path is None:
            return
        self.ops.read(
            self._report_job(path),
            lambda p: self.summary.setText(self.tr("Đã ghi tệp {path}.").format(path=p)),
            self._fail,
            owner=self,
        )

    def print_report(self) -> None:
        """The selected report (the follow-up book first) on paper: written to PDF in the read
        pool, then Qt's print preview over its pages (ui.printing, like "In sổ" and "In phiếu")."""
        title = self.report_combo.currentText()
        out = Path(self._print_dir.name) / f"{self.report_combo.currentData()}.pdf"
        self.summary.setText(self.tr("Đang chuẩn bị bản in…"))

        def written(pdf: Path) -> None:
            self.summary.setText(self.tr("Đang hiện bản xem trước khi in…"))
            self.print_job = PrintJob(self, self.ops, pdf, title, opened=self._preview_opened)

        self.ops.read(self._report_job(out), written, self._fail, owner=self)

    def _preview_opened(self, dialog: QPrintPreviewDialog) -> None:
        self.print_preview = dialog
        self.summary.clear()

    def _report_job(self, out: Path) -> Callable[[], Path]:
        key = self.report_combo.currentData()
        dfrom, dto = self.period()
        reports, casefiles = self.reports, self.casefiles

        def job() -> Path:
            if key == "followup":
                tables = [reports.followup_table(dfrom, dto)]
            elif key == "incoming-status":
                tables = reports.incoming_status_tables(dfrom, dto)
            elif key == "outgoing-status":
                tables = reports.outgoing_status_tables(dfrom, dto)
            else:
                tables = [casefiles.casefile_list_table(dfrom, dto)]
            return Path(reports.write(tables, out))

        return job

    def print_charts(self, path: Path | None = None) -> Path | None:
        """The three charts on A4 landscape pages (PDF; the clerk prints it from any viewer)."""
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, self.tr("In biểu đồ"), str(Path.home() / "thong-ke.pdf"),
                                                  self.tr("Tệp PDF (*.pdf)"))
            path = Path(name) if name else None
        if path is None or self.stats is None:
            return None
        writer = QPdfWriter(str(path))
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                         QMarginsF(12, 12, 12, 12)))
        writer.setResolution(150)
        writer.setTitle(self.tr("Thống kê văn bản đến"))
        painter = QPainter(writer)
        try:
            area = painter.viewport()
            header = area.height() // 12
            for i, view in enumerate(self.views):
                if i:
                    writer.newPage()
                painter.drawText(QRect(0, 0, area.width(), header), Qt.AlignmentFlag.AlignCenter,
                                 self.summary.text())
                view.render(painter, QRectF(0, header, area.width(), area.height() - header))
        finally:
            painter.end()
        self.summary.setText(self.tr("Đã in biểu đồ ra tệp {path}.").format(path=path))
        return path
