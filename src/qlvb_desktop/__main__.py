"""`python -m qlvb_desktop` starts the GUI."""

from qlvb_desktop.app import main

if __name__ == "__main__":  # not when a spawned child process (OCR, stamping) imports this module
    raise SystemExit(main())
