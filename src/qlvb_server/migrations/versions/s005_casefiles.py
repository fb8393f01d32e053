"""Case files synced between stations (issue 17, SPEC §11): the yearly list per year, the case
files with their status, aliases (one code opened offline on two stations), and the documents
filed into each with the DocOrdinal the server decided.

Revision ID: s005_casefiles
Revises: s004_outgoing
"""

import sqlalchemy as sa
from alembic import op

revision = "s005_casefiles"
down_revision = "s004_outgoing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "casefile_lists",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Text(), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "year"),
    )
    op.create_table(
        "casefiles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("notation", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.String(length=40), server_default="", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("org_id", "uid", name="uq_casefile_uid"),
        sa.UniqueConstraint("org_id", "year", "notation", name="uq_casefile_code"),
    )
    op.create_table(
        "casefile_aliases",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "uid"),
    )
    op.create_table(
        "casefile_documents",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("casefile_uid", sa.String(length=64), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("doc_uid", sa.String(length=64), nullable=False),
        sa.Column("filed_at", sa.String(length=40), nullable=False),
        sa.Column("filed_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "casefile_uid", "ordinal"),
        sa.UniqueConstraint("org_id", "casefile_uid", "kind", "doc_uid", name="uq_casefile_member"),
    )


def downgrade() -> None:
    for table in ("casefile_documents", "casefile_aliases", "casefiles", "casefile_lists"):
        op.drop_table(table)
