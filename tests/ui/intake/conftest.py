"""The wizard tests use the SoftHSM token and loopback PKI of the signing tests, and generated scans."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.adapters.signing.conftest import pki  # noqa: F401 - sets SOFTHSM2_CONF at import, as needed


@pytest.fixture(scope="session")
def batch_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from tests.adapters.intake.support import paper_batch

    return paper_batch(tmp_path_factory.mktemp("batch"))


@pytest.fixture
def station(tmp_path: Path, pki: Any) -> Iterator[Any]:  # noqa: F811
    from tests.adapters.intake.support import station

    with station(tmp_path / "data", pki) as core:  # closed after the test (issue 12's leak sweep)
        yield core


@pytest.fixture
def wizard(qtbot: Any, station: Any) -> Iterator[Any]:
    from qlvb_desktop.app import build_paper_intake
    from qlvb_desktop.ui.intake.wizard import IntakeWizard

    wiz = IntakeWizard(build_paper_intake(station, isolate=True), token_text="QLVB Test Token")
    # Not qtbot.addWidget: a test may close the wizard, which then deletes itself once its work has
    # stopped, and pytest-qt's own close at teardown would meet a deleted object.
    wiz.resize(1366, 768)
    wiz.auto_check.setChecked(False)  # these tests confirm every step themselves (test_auto_advance: on)
    wiz.show()
    qtbot.waitUntil(lambda: wiz.doc is not None and wiz.warmed and not wiz.is_busy(), timeout=30_000)
    yield wiz
    import shiboken6

    if shiboken6.isValid(wiz):  # a test may have closed it (deleted with its last work done)
        wiz.ops.shutdown()
    if shiboken6.isValid(wiz):
        wiz.close()
    if shiboken6.isValid(wiz):
        wiz.deleteLater()
