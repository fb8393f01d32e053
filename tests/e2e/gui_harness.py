"""Drive the real application as a process under Xvfb with real input (xdotool).

`Screen` starts a private Xvfb display; `RunningApp` starts `python -m qlvb_desktop` on it (the
xcb platform, an optional QT_SCALE_FACTOR) and sends keys and text with xdotool to whatever
window has the focus, like a clerk's keyboard; `shot(name)` saves a PNG of the whole screen
(Pillow's XCB grab) into the artifacts folder. Progress is read from what the application
writes (the intake's saved state, the register), never from inside the process.

Needs the Debian packages `xvfb` and `xdotool` (packaging/debian-packages.txt).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ARTIFACTS = Path(os.environ.get("QLVB_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))


def available() -> str:
    """Empty when the tools are there, else what is missing."""
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    return ", ".join(missing)


class Screen:
    """A private X display of `width` x `height` pixels."""

    def __init__(self, width: int = 1366, height: int = 768) -> None:
        self.width, self.height = width, height
        read, write = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as f:
            number = f.readline().strip()
        if not number:
            self.proc.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def env(self) -> dict[str, str]:
        return {"DISPLAY": self.display}

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class RunningApp:
    def __init__(
        self, screen: Screen, data_dir: Path, env: dict[str, str], scale: int = 1, shots: Path | None = None
    ) -> None:
        self.screen = screen
        self.data_dir = data_dir
        self.shots = shots
        self.shot_names: list[Path] = []
        full_env = {
            **os.environ,
            **env,
            **screen.env(),
            "QT_QPA_PLATFORM": "xcb",
            "QT_SCALE_FACTOR": str(scale),
            "QT_ACCESSIBILITY": "0",
        }
        full_env.pop("WAYLAND_DISPLAY", None)
        self.log = (data_dir.parent / f"app-{int(time.time() * 1000)}.log").open("w")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "qlvb_desktop", "--data-dir", str(data_dir)],
            env=full_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    # -- input -----------------------------------------------------------------------------

    def xdotool(self, *args: str) -> str:
        out = subprocess.run(
            ["xdotool", *args],
            env={**os.environ, **self.screen.env()},
            capture_output=True,
            text=True,
            timeout=30,
        )
        return out.stdout.strip()

    def wait_window(self, name: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.alive()
            found = self.xdotool("search", "--onlyvisible", "--name", name)
            if found:
                window = found.splitlines()[-1]
                self.xdotool("windowactivate", "--sync", window)
                self.xdotool("windowfocus", "--sync", window)
                return window
            time.sleep(0.2)
        raise AssertionError(f"no window named {name!r} after {timeout} s; log: {self.read_log()}")

    def key(self, *keys: str) -> None:
        self.alive()
        self.xdotool("key", "--clearmodifiers", *keys)
        time.sleep(0.15)

    def type(self, text: str) -> None:
        self.alive()
        self.xdotool("type", "--delay", "20", text)
        time.sleep(0.15)

    # -- observing -------------------------------------------------------------------------

    def alive(self) -> None:
        if self.proc.poll() is not None:
            raise AssertionError(f"the application exited ({self.proc.returncode}): {self.read_log()}")

    def read_log(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def shot(self, name: str) -> Path | None:
        if self.shots is None:
            return None
        from PIL import ImageGrab

        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{name}.png"
        ImageGrab.grab(xdisplay=self.screen.display).save(path)
        self.shot_names.append(path)
        return path

    def wips(self) -> list[dict[str, Any]]:
        root = self.data_dir / "intake-wip"
        out = []
        for state in sorted(root.glob("*/state.json")) if root.is_dir() else []:
            try:
                out.append(json.loads(state.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue  # being replaced right now
        return out

    def wait_for(self, what: str, check: Callable[[], Any], timeout: float = 120) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.alive()
            value = check()
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; documents: {self.wips()}; log: {self.read_log()}")

    def wip(self, wip_id: str) -> dict[str, Any] | None:
        return next((w for w in self.wips() if w["id"] == wip_id), None)

    # -- ending ----------------------------------------------------------------------------

    def kill(self) -> None:
        """SIGKILL: no chance to save anything (a crash or a power cut)."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.log.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()
