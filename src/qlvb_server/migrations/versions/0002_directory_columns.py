"""The organization directory carries what the desktop's issuer matching reads: an
abbreviation and a place, besides code, name and parent.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("directory") as batch:
        batch.add_column(sa.Column("abbreviation", sa.String(length=40), server_default="", nullable=False))
        batch.add_column(sa.Column("place", sa.String(length=100), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("directory") as batch:
        batch.drop_column("place")
        batch.drop_column("abbreviation")
