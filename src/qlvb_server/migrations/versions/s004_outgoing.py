"""The organization's outgoing register on the server (issue 12 item 6): outgoing series (per
book, normative type and year), every number handed out with its state, and the electronic
documents refused at intake (qlvb_server/outgoing.py).

Revision ID: s004_outgoing
Revises: s006_exchange
"""

import sqlalchemy as sa
from alembic import op

revision = "s004_outgoing"
down_revision = "s006_exchange"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outgoing_series",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("book", sa.String(length=40), nullable=False),
        sa.Column("series", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "book", "series", "year"),
    )
    op.create_table(
        "outgoing_numbers",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("book", sa.String(length=40), nullable=False),
        sa.Column("series", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("leased_at", sa.String(length=40), nullable=False),
        sa.Column("uid", sa.String(length=64), server_default="", nullable=False),
        sa.Column("record", sa.Text(), server_default="", nullable=False),
        sa.Column("void_reason", sa.Text(), server_default="", nullable=False),
        sa.Column("void_cause", sa.String(length=16), server_default="", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("org_id", "book", "series", "year", "number"),
    )
    op.create_index("ix_outgoing_numbers_uid", "outgoing_numbers", ["org_id", "uid"])
    op.create_index("ix_outgoing_numbers_station", "outgoing_numbers", ["org_id", "station", "state"])
    op.create_table(
        "outgoing_refusals",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("told_at", sa.String(length=40), server_default="", nullable=False),
        sa.Column("told_by", sa.String(length=64), server_default="", nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "uid"),
    )


def downgrade() -> None:
    op.drop_table("outgoing_refusals")
    op.drop_index("ix_outgoing_numbers_station", table_name="outgoing_numbers")
    op.drop_index("ix_outgoing_numbers_uid", table_name="outgoing_numbers")
    op.drop_table("outgoing_numbers")
    op.drop_table("outgoing_series")
