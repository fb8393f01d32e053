"""The exchange mailboxes as tables (issue 15): each package once (`exchange_packages`, its
bytes in the blob store by SHA-256, so backups and restores carry them), and each hosted
organization's mailbox as its deliveries (`exchange_deliveries`, waiting until acknowledged,
then kept with the result). Packages still waiting in the folder mailboxes of the first
version are taken into the tables when the server starts (`exchange.Mailboxes`).

Revision ID: s006_exchange
Revises: s003_reliability
"""

import sqlalchemy as sa
from alembic import op

revision = "s006_exchange"
down_revision = "s003_reliability"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_packages",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sender", sa.String(length=13), server_default="", nullable=False),
        sa.Column("stored_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "exchange_deliveries",
        sa.Column("org_code", sa.String(length=13), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("delivered_at", sa.String(length=40), nullable=False),
        sa.Column("acked_at", sa.String(length=40), nullable=True),
        sa.Column("result", sa.String(length=8), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["exchange_packages.sha256"]),
        sa.PrimaryKeyConstraint("org_code", "sha256"),
    )
    op.create_index(
        "ix_exchange_deliveries_waiting", "exchange_deliveries", ["org_code", "acked_at", "delivered_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_exchange_deliveries_waiting", table_name="exchange_deliveries")
    op.drop_table("exchange_deliveries")
    op.drop_table("exchange_packages")
