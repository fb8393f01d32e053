"""The settings dialog's token test opens the real (SoftHSM2) token in the background and says
what it found, in Vietnamese."""

from __future__ import annotations

from typing import Any

from tests.adapters.signing.pki import SOFTHSM_MODULE, TOKEN_LABEL


def _probe(qtbot: Any, window: Any, module: str, label: str) -> str:
    window.open_settings()
    qtbot.waitUntil(lambda: window.settings_flow.dialog is not None, timeout=5000)
    dialog = window.settings_flow.dialog
    dialog.tabs.setCurrentIndex(3)
    dialog.module_edit.setText(module)
    dialog.token_label_edit.setText(label)
    dialog.token_test_button.click()
    assert dialog.token_result.text() == "Đang mở token…"  # the window did not wait for the token
    qtbot.waitUntil(lambda: dialog.token_test_button.isEnabled(), timeout=30_000)
    text = dialog.token_result.text()
    dialog.reject()
    return text


def test_token_test_finds_the_organization_token(qtbot: Any, window: Any, pki: Any) -> None:
    text = _probe(qtbot, window, SOFTHSM_MODULE, TOKEN_LABEL)
    assert text.startswith(f"Đã mở token “{TOKEN_LABEL}”")
    assert "chứng thư số" in text and "có hiệu lực đến" in text


def test_token_test_names_the_tokens_when_the_label_is_wrong(qtbot: Any, window: Any, pki: Any) -> None:
    text = _probe(qtbot, window, SOFTHSM_MODULE, "Token của cơ quan khác")
    assert text.startswith("Không thấy token “Token của cơ quan khác”; các token đang cắm:")
    assert TOKEN_LABEL in text
