"""Alembic environment of the server: the caller passes an open connection."""

from alembic import context

from qlvb_server.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
