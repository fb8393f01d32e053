"""Metadata extraction (issue 4): read a scanned document and propose its register entry.

Pure logic over OCR words (`domain.ocr`); images, Tesseract and files are adapters.
"""
