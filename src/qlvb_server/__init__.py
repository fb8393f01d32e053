"""The reference central server the desktop workstations sync with (issue 6).

FastAPI over SQLAlchemy Core; an embedded SQLite file by default, PostgreSQL for real
deployments; attached files content-addressed on disk. It may import the desktop's pure domain
(`qlvb_desktop.domain`) for the shared field rules, never its adapters or ui.
"""
