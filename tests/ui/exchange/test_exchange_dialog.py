"""pytest-qt: the exchange inbox with the real services (SQLite, the real verifier): revocation
requests and urgent documents first and loud, Enter opens the fields step with the header's
values, a refusal with its reason sends status 02, the sent list shows each recipient's status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tests.adapters.exchange.packages import Shape, build, status_packet
from tests.adapters.exchange.test_reader import make_pdf


def test_inbox_order_fields_refusal_and_sent_list(qtbot: Any, core: Any, tmp_path: Path) -> None:
    from qlvb_desktop.ui.exchange import ExchangeDialog

    pdf = make_pdf(tmp_path / "d.pdf").read_bytes()
    ex = core.exchange
    for name, shape in (("normal.edxml", Shape(priority="0", code_number="1")),
                        ("urgent.edxml", Shape(priority="3", code_number="2")),
                        ("revoke.edxml", Shape(business=1, business_reason="Ban hành nhầm", code_number="3"))):
        shape.attachments = [("cv.pdf", "application/pdf", pdf)]
        (tmp_path / name).write_bytes(build(shape))
        ex.receive(tmp_path / name)
    (tmp_path / "s.edxml").write_bytes(status_packet("03", "000.00.12.H42,2026/05/20,15/SNV-VP"))
    ex.receive(tmp_path / "s.edxml")

    dialog = ExchangeDialog(ex)
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.table
    kinds = [table.item(r, 1).text() for r in range(table.rowCount())]
    assert kinds[:3] == ["THU HỒI", "Văn bản mới", "Văn bản mới"]
    assert table.item(1, 0).text() == "HỎA TỐC" and table.item(1, 3).text() == "2/VPCP-TTĐT"
    assert table.item(0, 1).background().color() == QColor("#ffe0e0")  # loud
    assert table.item(1, 5).text() == "KHÔNG HỢP LỆ"  # an unsigned PDF

    table.selectRow(1)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert dialog.stack.currentIndex() == 1
    assert dialog.form.edits["subject"].text().startswith("Về việc")
    assert not dialog.accept_button.isVisible() and dialog.register_button.isVisible()

    dialog.register()  # refused: the PDF is not signed
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert "không vào sổ được" in dialog.message.text()
    dialog.refuse("Văn bản chưa ký số")
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 0 and not dialog.busy, timeout=30_000)
    refused = [i for i in ex.inbox() if i.state.value == "refused"]
    assert [i.number for i in refused] == ["2/VPCP-TTĐT"]
    assert [s.status_code for s in ex.statuses(refused[0].document_id, "out")] == ["01", "02"]

    assert dialog.sent_table.rowCount() == 1 and dialog.sent_table.item(0, 2).text() == "03 Đã vào sổ"


def test_desk_menu_opens_the_exchange_list(qtbot: Any, core: Any) -> None:
    from PySide6.QtWidgets import QMainWindow

    from qlvb_desktop.ui.desk import DeskMenu

    window = QMainWindow()
    qtbot.addWidget(window)
    menu = DeskMenu(window, core.desk)
    assert menu.exchange_action.shortcut().toString() == "Ctrl+Shift+L"
    menu.exchange_action.trigger()
    dialog = menu.dialogs["exchange"]
    assert dialog.isVisible() and dialog.table.rowCount() == 0
    dialog.close()


def test_sent_list_shows_a_document_at_once_and_takes_it_back(qtbot: Any, core: Any, monkeypatch: Any) -> None:
    """A document is in the sent list as soon as it is sent ("Đã gửi", per recipient); "Thu hồi…"
    asks for a reason and hands it to the sender (the real one is tested in test_flow)."""
    from datetime import datetime

    from PySide6.QtWidgets import QInputDialog

    from qlvb_desktop.domain.clock import VN_TZ
    from qlvb_desktop.domain.exchange import BusinessType, SentRecord
    from qlvb_desktop.ui.exchange import ExchangeDialog

    ex = core.exchange
    at = datetime(2026, 5, 20, 9, 0, tzinfo=VN_TZ)
    ex.repo.add_sent([SentRecord("000.00.04.G14,2026/05/20,7/STC-VP", code, name, BusinessType.NEW, "7/STC-VP",
                                 "Về việc thử", "p.edxml", at, outgoing_id=3)
                      for code, name in (("000.00.05.H26", "Sở Nội vụ"), ("000.00.13.H42", ""))], actor="vt")
    asked: list[tuple[int, str]] = []

    class Sender:
        def take_back(self, outgoing_id: int, reason: str) -> None:
            asked.append((outgoing_id, reason))

    dialog = ExchangeDialog(ex, sender=Sender())
    qtbot.addWidget(dialog)
    table = dialog.sent_table
    assert table.rowCount() == 2
    assert [table.item(r, 2).text() for r in range(2)] == ["Đã gửi", "Đã gửi"]
    assert table.item(0, 0).text() == "7/STC-VP" and table.item(1, 1).text() == "000.00.13.H42"
    assert not dialog.take_back_button.isEnabled()
    table.selectRow(0)
    assert dialog.take_back_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Ban hành nhầm", True))
    dialog.take_back_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert asked == [(3, "Ban hành nhầm")]


def test_a_status_13_is_a_loud_request_with_accept_and_refuse(qtbot: Any, core: Any, tmp_path: Path) -> None:
    from qlvb_desktop.ui.exchange import ExchangeDialog

    (tmp_path / "13.edxml").write_bytes(status_packet("13", "000.00.04.G14,2026/05/20,267/VPCP-TTĐT",
                                                      "Ban hành nhầm", organ="000.00.04.G14"))
    core.exchange.receive(tmp_path / "13.edxml")
    dialog = ExchangeDialog(core.exchange)
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 1).text() == "THU HỒI"
    assert dialog.table.item(0, 0).background().color() == QColor("#ffe0e0")
    dialog.table.selectRow(0)
    dialog.open_selected()
    assert dialog.stack.currentIndex() == 1 and "ĐỀ NGHỊ THU HỒI: Ban hành nhầm" in dialog.header_label.text()
    assert "Chưa vào sổ văn bản này." in dialog.header_label.text()
    assert not dialog.accept_button.isHidden() and dialog.register_button.isHidden()
    dialog.refuse("Chưa nhận được văn bản này")
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 0 and not dialog.busy, timeout=30_000)
    [answer] = [r for r in core.exchange.statuses(direction="out") if r.status_code == "16"]
    assert answer.organ_id == "000.00.04.G14" and answer.description == "Chưa nhận được văn bản này"
