"""Authentication that holds under concurrency and across organizations (issue 12).

- `login_attempts`: failed logins counted per login name with one atomic UPDATE … RETURNING,
  for known and unknown names alike (the same answer either way); replaces the read-then-write
  count on `users` (its two columns stay, unused, so a downgrade keeps working).
- user names unique per organization, not server-wide (a 409 no longer tells one organization
  another's user names).
- `tokens.station`: the station a session belongs to (X-Station cannot be swapped).

Revision ID: s003_reliability
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "s003_reliability"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("updated", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("users_username_key", "users", type_="unique")
        op.create_unique_constraint("uq_user_org_name", "users", ["org_id", "username"])
    else:
        # SQLite: the table is rebuilt; its unnamed unique constraint gets a name to drop it by.
        with op.batch_alter_table(
            "users", naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"}, recreate="always"
        ) as batch:
            batch.drop_constraint("uq_users_username", type_="unique")
            batch.create_unique_constraint("uq_user_org_name", ["org_id", "username"])
    with op.batch_alter_table("tokens") as batch:
        batch.add_column(sa.Column("station", sa.String(length=64), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("tokens") as batch:
        batch.drop_column("station")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_user_org_name", type_="unique")
        batch.create_unique_constraint("users_username_key", ["username"])
    op.drop_table("login_attempts")
