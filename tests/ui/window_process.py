"""The window started as the clerk starts it (`python -m qlvb_desktop`, its own process) on a data
folder that cannot be opened: shared by the start-up failure tests of the window."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def assert_start_up_dialog(data: Path, sentence: str) -> None:
    """The window's process prints `sentence` as its start-up dialog opens, waits for the clerk
    (still running a second later), and ends on SIGTERM without a traceback."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "qlvb_desktop", "--data-dir", str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()  # the sentence, printed as the dialog opens
        assert sentence in line
        time.sleep(1)
        assert proc.poll() is None  # the dialog waits for the clerk
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    assert "Traceback" not in err
