"""Case files synced, and the handling report in one pass (issue 17, second pass).

- `ix_outbox_uid`: whether a record (a registration, a case file, a year's list) still has
  unsent operations is asked for every pulled change.
- `ix_registrations_report`: a covering index for "Báo cáo tình hình giải quyết văn bản đến"
  (adapters/db/reports_repo.py `status_counts`): the registered documents of a period by arrival
  day, with the columns the report groups and filters on, so the count reads the index, not the
  wide register rows.
- A station that had synced before (it has a feed cursor) kept its case files to itself: it is
  marked so that its first sync after the upgrade queues them (`casefiles_adopt`, read by
  `SqliteSyncJournal.pending`).

Revision ID: 0013_casefile_sync
Revises: 0012_outgoing_sync
"""

from alembic import op

revision = "0013_casefile_sync"
down_revision = "0012_outgoing_sync"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_outbox_uid ON outbox (uid, state)")
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_registrations_report ON registrations "
        "(status, received_date, arrival_number, due_date, received_at, to_places)"
    )
    op.execute(
        "INSERT OR IGNORE INTO sync_state (key, value) SELECT 'casefiles_adopt', '1' "
        "WHERE EXISTS (SELECT 1 FROM sync_state WHERE key = 'cursor')"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_registrations_report")
    op.execute("DROP INDEX IF EXISTS ix_outbox_uid")
    op.execute("DELETE FROM sync_state WHERE key = 'casefiles_adopt'")
