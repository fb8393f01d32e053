"""What an attached file is to its entry (issue 16): the original as received (empty role), or
the copy the clerk made from it with the ĐẾN stamp ("stamped") and the SAO Y signature
("signed"), which the window shows and prints instead of the original.

Revision ID: 0015_entry_files
Revises: 0014_exchange_sent
"""

from alembic import op

revision = "0015_entry_files"
down_revision = "0014_exchange_sent"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE registration_files ADD COLUMN role TEXT NOT NULL DEFAULT ''")


def downgrade() -> None:
    op.execute("ALTER TABLE registration_files DROP COLUMN role")
