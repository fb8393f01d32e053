"""A fresh Debian 12 root made with debootstrap, to install the workstation's .deb into as an
office's IT person would on a clean machine, and to run what it installed with chroot.

The root shares this machine's network namespace, so the installed app reaches the test PKI on
127.0.0.1 and a host Xvfb through its abstract socket. Downloaded .debs are kept in a cache
folder between runs (the root itself is always new). Every command runs in a private mount
namespace that mounts `/proc` and a tmpfs `/dev/shm` into the root: the mounts end with the
command, so a killed test run leaves nothing mounted under the folder that gets deleted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

MIRROR = os.environ.get("QLVB_DEBIAN_MIRROR", "http://deb.debian.org/debian")
CACHE = Path(os.environ.get("QLVB_DEBOOTSTRAP_CACHE", Path.home() / ".cache" / "qlvb-debootstrap"))
DEPENDS = Path(__file__).resolve().parents[2] / "packaging" / "deb" / "depends.txt"


def missing_tools() -> str:
    """Empty when a root can be made here, else why not."""
    if os.geteuid() != 0:
        return "debootstrap and chroot need root"
    missing = [t for t in ("debootstrap", "chroot", "unshare", "Xvfb", "xdotool") if shutil.which(t) is None]
    return ("missing: " + ", ".join(missing)) if missing else ""


def package_depends() -> list[str]:
    names = []
    for line in DEPENDS.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return names


class Root:
    def __init__(self, path: Path) -> None:
        self.path = path

    def make(self, extra: list[str]) -> float:
        """debootstrap a minimal bookworm with the package's dependencies; the seconds it took."""
        CACHE.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        subprocess.run(
            [
                "debootstrap", "--variant=minbase", f"--cache-dir={CACHE}",
                "--include=" + ",".join([*package_depends(), *extra]), "bookworm", str(self.path), MIRROR,
            ],
            check=True, capture_output=True, timeout=900,
        )  # fmt: skip
        (self.path / "dev" / "shm").mkdir(parents=True, exist_ok=True)
        return time.monotonic() - started

    def command(self, *cmd: str, **env: str) -> list[str]:
        """`cmd` run in the root with only `env` (and PATH, LANG, HOME) set."""
        # The host's X sockets too: Xlib reaches Xvfb through the abstract socket alone only
        # sometimes (seen: display :0 refused inside the root), through the socket file always.
        enter = (
            'mount -t proc proc "$0/proc" && mount -t tmpfs tmpfs "$0/dev/shm" && '
            'if [ -d /tmp/.X11-unix ]; then mkdir -p "$0/tmp/.X11-unix" && '
            'mount --bind /tmp/.X11-unix "$0/tmp/.X11-unix"; fi && exec chroot "$0" "$@"'
        )
        namespace = ["unshare", "--mount", "--propagation", "private"]
        return [*namespace, "sh", "-c", enter, str(self.path), *self.env(**env), *cmd]

    def env(self, **extra: str) -> list[str]:
        base = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", "HOME": "/root"}
        return ["env", "-i", *(f"{k}={v}" for k, v in {**base, **extra}.items())]

    def run(self, *cmd: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command(*cmd, **env), capture_output=True, text=True, timeout=timeout)

    def inside(self, path: Path | str) -> Path:
        """The host path of `path` in the root."""
        return self.path / str(path).lstrip("/")

    def destroy(self) -> None:
        mounted = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()]
        if any(m.startswith(str(self.path) + "/") for m in mounted):
            raise RuntimeError(f"something is still mounted in {self.path}; not deleting it")
        shutil.rmtree(self.path, ignore_errors=True)
