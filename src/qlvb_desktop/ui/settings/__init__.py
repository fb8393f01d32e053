"""The settings dialog (Ctrl+,) and the first-run question (issue 7, flow 5)."""
