"""Capture adapters: inputs, scanners (SANE, eSCL, TWAIN/WIA), OpenCV cleanup, Tesseract, PDF/A."""
