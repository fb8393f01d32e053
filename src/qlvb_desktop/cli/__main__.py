"""`python -m qlvb_desktop.cli` is the `qlvb` command."""

from qlvb_desktop.cli import main

raise SystemExit(main())
