"""Drive the real application as a process under Xvfb with real input (xdotool).

`Screen` starts a private Xvfb display with a real window manager (openbox: title bars and
frames, as on a clerk's desktop, which a bare X server does not draw); `RunningApp` starts
`python -m qlvb_desktop` on it (the xcb platform, an optional QT_SCALE_FACTOR) and sends keys
and text with xdotool to whatever window has the focus, like a clerk's keyboard; `shot(name)`
saves a PNG of the whole screen (Pillow's XCB grab) into the artifacts folder. Progress is read
from what the application writes (the intake's saved state, the register), never from inside
the process.

`RunningApp.frame_problems(window)` says when a window or its frame sticks out of the screen
(a button row under the bottom edge).

Leaks fail the test: the application runs with ResourceWarning turned into an error (an unclosed
file, socket, subprocess or database reported by its finalizer prints "ResourceWarning" into the
application's log), and `stop()` fails when the log has one. `QLVB_E2E_LEAK_SWEEP=1` shows every
such warning instead, with where the object was allocated (PYTHONTRACEMALLOC=5), to find it.

Needs the Debian packages `xvfb`, `xdotool`, `openbox`, `x11-utils` and `x11-xserver-utils`
(packaging/debian-packages.txt).
"""

from __future__ import annotations

import contextlib
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
LEAK_MARK = "ResourceWarning"


def leak_env() -> dict[str, str]:
    """What the application process gets to report leaks (see the module docstring)."""
    if os.environ.get("QLVB_E2E_LEAK_SWEEP"):
        return {"PYTHONWARNINGS": "always::ResourceWarning", "PYTHONTRACEMALLOC": "5"}
    return {"PYTHONWARNINGS": "error::ResourceWarning"}


def available() -> str:
    """Empty when the tools are there, else what is missing."""
    missing = [tool for tool in ("Xvfb", "xdotool", "openbox", "xprop", "xmodmap") if shutil.which(tool) is None]
    return ", ".join(missing)


class Screen:
    """A private X display of `width` x `height` pixels."""

    def __init__(self, width: int = 1366, height: int = 768, window_manager: bool = True) -> None:
        self.width, self.height = width, height
        read, write = os.pipe()
        self.proc = subprocess.Popen(
            [
                *("Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"),
                # no reset when its last client leaves: a reset drops the letters' keys, and a
                # client connecting during it (openbox after xmodmap) is refused
                "-noreset",
            ],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as f:
            number = f.readline().strip()
        self.wm: subprocess.Popen[bytes] | None = None
        if not number:
            self.close()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"
        self.keys: dict[str, int] = {}  # letter → the keycode given to it (its lower and upper case)
        try:
            self.spare_keycodes = self._spare_keycodes()
            if window_manager:
                self.start_window_manager()
        except BaseException:
            self.close()  # no X server or window manager left running behind a failed start
            raise

    def env(self) -> dict[str, str]:
        return {"DISPLAY": self.display}

    def _spare_keycodes(self) -> list[int]:
        """Keycodes free for letters: those with no symbol, then the multimedia keys (XF86…),
        which nothing here presses."""
        table = subprocess.run(
            ["xmodmap", "-pke"], env={**os.environ, **self.env()}, capture_output=True, text=True, timeout=30
        ).stdout
        empty, media = [], []
        for line in table.splitlines():
            code, _, syms = line.removeprefix("keycode").partition("=")
            if not code.strip().isdigit():
                continue
            names = syms.split()
            if not names:
                empty.append(int(code))
            elif all(n.startswith("XF86") or n == "NoSymbol" for n in names):
                media.append(int(code))
        return empty + media

    def map_letters(self, text: str) -> None:
        """Give every non-ASCII letter of `text` a key of its own, for good, before it is typed.

        xdotool types a letter missing from the keymap by remapping a spare key for that one
        press and mapping it back; the application reads the keymap again when told of the
        change, and under load it reads it after the key is mapped back: the letter is lost
        ("Về việc" arrived as "V việc"). A letter that keeps its key never changes the keymap
        while the application reads keys."""
        new = sorted({c for c in text if ord(c) > 127 and c not in self.keys})
        if not new:
            return
        lines = []
        for c in new:
            lower, upper = c.lower(), c.upper()
            if len(lower) != 1 or len(upper) != 1:
                lower = upper = c
            if not self.spare_keycodes:
                raise RuntimeError("no spare keycode left for the letters to type")
            code = self.spare_keycodes.pop(0)
            lines.append(f"keycode {code} = U{ord(lower):04X} U{ord(upper):04X}")
            self.keys[lower] = self.keys[upper] = code
        subprocess.run(
            ["xmodmap", "-"],
            input="\n".join(lines) + "\n",
            env={**os.environ, **self.env()},
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
        )

    def start_window_manager(self, timeout: float = 30) -> None:
        """openbox on this display; returns once it manages windows (it announces itself on the
        root window, EWMH _NET_SUPPORTING_WM_CHECK)."""
        env = {**os.environ, **self.env()}
        self.wm = subprocess.Popen(
            ["openbox", "--sm-disable"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], env=env, capture_output=True, text=True, timeout=10
            )
            if "window id" in probe.stdout:
                return
            if self.wm.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError("openbox did not start")

    def close(self) -> None:
        for proc in (self.wm, self.proc):
            if proc is None:
                continue
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


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
            **leak_env(),
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
            start_new_session=True,  # its own process group: its helper processes end with it
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
                self.activate(window)
                return window
            time.sleep(0.2)
        raise AssertionError(f"no window named {name!r} after {timeout} s; log: {self.read_log()}")

    def activate(self, window: str) -> None:
        """Raise `window` and give it the keyboard, as a click on its title bar would."""
        self.xdotool("windowactivate", "--sync", window)
        self.xdotool("windowfocus", "--sync", window)

    def key(self, *keys: str) -> None:
        self.alive()
        self.xdotool("key", "--clearmodifiers", *keys)
        time.sleep(0.15)

    def type(self, text: str) -> None:
        self.alive()
        self.screen.map_letters(text)
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

    def frame_problems(self, window: str) -> list[str]:
        """What of `window` (an X window id) and its window-manager frame is off the screen."""
        env = {**os.environ, **self.screen.env()}
        # xwininfo, not `xdotool getwindowgeometry`: for a window inside a frame xdotool adds
        # the frame's offset twice (y 38 for a window at 19 under a 19-pixel title bar).
        info = subprocess.run(["xwininfo", "-id", window], env=env, capture_output=True, text=True, timeout=10).stdout
        geo = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in info.splitlines()) if v}
        x, y = int(geo["Absolute upper-left X"]), int(geo["Absolute upper-left Y"])
        w, h = int(geo["Width"]), int(geo["Height"])
        extents = subprocess.run(
            ["xprop", "-id", window, "_NET_FRAME_EXTENTS"], env=env, capture_output=True, text=True, timeout=10
        ).stdout
        left = right = top = bottom = 0
        if "=" in extents:
            left, right, top, bottom = (int(v) for v in extents.split("=", 1)[1].split(","))
        problems = []
        if y - top < 0 or x - left < 0:
            problems.append(f"the title bar is above or left of the screen ({x - left}, {y - top})")
        if y + h + bottom > self.screen.height:
            problems.append(f"the bottom {y + h + bottom - self.screen.height} px are below the screen")
        if x + w + right > self.screen.width:
            problems.append(f"the right {x + w + right - self.screen.width} px are off the screen")
        return problems

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
        self._end_helpers()
        self.log.close()

    def _end_helpers(self) -> None:
        """The app's child processes (OCR, stamping) outlive a killed or terminated app, idle,
        holding their memory: end what is left of its process group."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def close_windows(self, timeout: float = 20) -> bool:
        """Close the application as a clerk does: Alt+F4 (the window manager's close) on each of
        its windows until the process ends; False if it is still running after `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return True
            windows = self.xdotool("search", "--onlyvisible", "--pid", str(self.proc.pid)).split()
            if windows:
                self.activate(windows[-1])
                self.xdotool("key", "--clearmodifiers", "alt+F4")
            time.sleep(0.5)
        return self.proc.poll() is not None

    def stop(self) -> None:
        """Close the application's windows (so it ends normally and its finalizers run: a leak is
        reported then), SIGTERM if it does not end; then fail when it reported a leak (an unclosed
        file, socket or process) at any time."""
        if self.proc.poll() is None and not self.close_windows():
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._end_helpers()
        self.log.close()
        log = Path(self.log.name).read_text(errors="replace")
        if LEAK_MARK in log:
            at = log.index(LEAK_MARK)
            raise AssertionError(f"the application leaked: {log[max(0, at - 1500) : at + 1500]}")
