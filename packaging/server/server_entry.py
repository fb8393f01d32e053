"""The frozen server's entry point: `qlvb-server` (serve, init, useradd, backup, restore)."""

from __future__ import annotations

from qlvb_server.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
