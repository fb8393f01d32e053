"""The local SQLite database (SQLAlchemy Core, Alembic migrations)."""
