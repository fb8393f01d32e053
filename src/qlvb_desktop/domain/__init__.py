"""Pure domain model: documents, register books, numbering rules, audit chain, ports.

Imports no Qt, database or I/O library (checked by import-linter).
"""
