"""Files the server lost (quarantined by fsck or by a recheck on reuse), per organization that
held them, so its stations that still have the bytes send them again (issue 12).

Revision ID: s012_missing_files
Revises: s005_casefiles
"""

import sqlalchemy as sa
from alembic import op

revision = "s012_missing_files"
down_revision = "s005_casefiles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "missing_files",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("since", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "sha256"),
    )


def downgrade() -> None:
    op.drop_table("missing_files")
