"""`python -m qlvb_desktop` starts the GUI."""

from qlvb_desktop.app import main

raise SystemExit(main())
