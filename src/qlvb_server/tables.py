"""The server's schema, shared by SQLite and PostgreSQL (SQLAlchemy Core).

Registrations keep their 18 fields as a JSON document validated with the desktop's domain rules;
the columns the server queries or constrains (book, year, number, status) are real columns.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

organizations = Table(
    "organizations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(13), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("parent_code", String(13), nullable=False, server_default=""),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("org_id", Integer, ForeignKey("organizations.id"), nullable=False),
    Column("username", String(64), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(16), nullable=False),  # admin | clerk
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", String(40), nullable=False, server_default=""),
    Column("created_at", String(40), nullable=False),
    UniqueConstraint("org_id", "username", name="uq_user_org_name"),
)

# Failed logins per login name (known or not), counted atomically; a name locks after 5.
login_attempts = Table(
    "login_attempts",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("locked_until", BigInteger, nullable=False, server_default="0"),  # unix seconds; 0 none
    Column("updated", BigInteger, nullable=False, server_default="0"),
)

tokens = Table(
    "tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # SHA-256 of the bearer token
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("expires_at", BigInteger, nullable=False),  # unix seconds
    Column("created_at", String(40), nullable=False),
    Column("station", String(64), nullable=False, server_default=""),  # bound at login or first use
)

books = Table(
    "books",
    metadata,
    Column("org_id", Integer, ForeignKey("organizations.id"), primary_key=True),
    Column("code", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("secret", Integer, nullable=False, server_default="0"),
)

# The next never-issued number of each book's yearly series (the server owns the series).
series = Table(
    "series",
    metadata,
    Column("org_id", Integer, primary_key=True),
    Column("book", String(40), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("next_number", Integer, nullable=False),
)

# Numbers issued but not used: leased to a station, or returned (station empty) to be reused first.
free_numbers = Table(
    "free_numbers",
    metadata,
    Column("org_id", Integer, primary_key=True),
    Column("book", String(40), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("station", String(64), nullable=False, server_default=""),
    Column("leased_at", String(40), nullable=False, server_default=""),
)

registrations = Table(
    "registrations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("org_id", Integer, ForeignKey("organizations.id"), nullable=False),
    Column("uid", String(64), nullable=False),
    Column("book", String(40), nullable=False),
    Column("year", Integer, nullable=False),
    Column("arrival_number", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("fields", Text, nullable=False),  # JSON: the draft's fields
    Column("field_times", Text, nullable=False),  # JSON: field -> time of the edit that set it
    Column("files", Text, nullable=False),  # JSON list of {sha256, name, size}
    Column("trace", Text, nullable=False),  # JSON list of {at, actor, text}
    Column("void_reason", Text, nullable=False, server_default=""),
    Column("created_at", String(40), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("station", String(64), nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    UniqueConstraint("org_id", "uid", name="uq_registration_uid"),
    UniqueConstraint("org_id", "book", "year", "arrival_number", name="uq_registration_number"),
)

# Each operation id is applied at most once: its row is written in the transaction applying it.
operations = Table(
    "operations",
    metadata,
    Column("org_id", Integer, primary_key=True),
    Column("op_id", String(64), primary_key=True),
    Column("status", String(16), nullable=False),  # applied | superseded | rejected
    Column("result", Text, nullable=False),  # JSON returned on a retry
    Column("applied_at", String(40), nullable=False),
)

# The pull feed: one row per change, in commit order per organization.
changes = Table(
    "changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("org_id", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # registration | directory
    Column("uid", String(64), nullable=False, server_default=""),
    Column("at", String(40), nullable=False),
    Index("ix_changes_org_seq", "org_id", "seq"),
)

files = Table(
    "files",
    metadata,
    Column("org_id", Integer, primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("stored_at", String(40), nullable=False),
)

# Stored files found damaged (fsck, or a recheck on reuse) and quarantined, per organization that
# held them: the organization's stations that still have the bytes send them again (issue 12).
missing_files = Table(
    "missing_files",
    metadata,
    Column("org_id", Integer, primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("since", String(40), nullable=False),
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("org_id", Integer, nullable=False),
    Column("uid", String(64), nullable=False),
    Column("op_id", String(64), nullable=False),
    Column("at", String(40), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("station", String(64), nullable=False),
    Column("action", String(16), nullable=False),
    Column("outcome", String(16), nullable=False),  # applied | superseded | rejected
    Column("detail", Text, nullable=False),  # JSON
    Index("ix_audit_org_uid", "org_id", "uid"),
)

directory = Table(
    "directory",
    metadata,
    Column("org_id", Integer, primary_key=True),
    Column("code", String(13), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("parent", String(200), nullable=False, server_default=""),
    Column("abbreviation", String(40), nullable=False, server_default=""),
    Column("place", String(100), nullable=False, server_default=""),
)

# edXML exchange (issue 15): each package once (its bytes in the blob store, by SHA-256), and
# each hosted organization's mailbox as its deliveries — waiting until acknowledged.
exchange_packages = Table(
    "exchange_packages",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("sender", String(13), nullable=False, server_default=""),
    Column("stored_at", String(40), nullable=False),
)

exchange_deliveries = Table(
    "exchange_deliveries",
    metadata,
    Column("org_code", String(13), primary_key=True),
    Column("sha256", String(64), ForeignKey("exchange_packages.sha256"), primary_key=True),
    Column("delivered_at", String(40), nullable=False),
    Column("acked_at", String(40), nullable=True),
    Column("result", String(8), nullable=False, server_default=""),
    Index("ix_exchange_deliveries_waiting", "org_code", "acked_at", "delivered_at"),
)

# Case files (issue 17, SPEC §11; migration s005_casefiles). The yearly list is one document per
# year (the latest edit wins); a case file is a row keyed by the uid its opening station made;
# a second station opening the same code and year offline gets an alias to the first one.
casefile_lists = Table(
    "casefile_lists",
    metadata,
    Column("org_id", Integer, primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("entries", Text, nullable=False),  # JSON list of the list's rows
    Column("at", String(40), nullable=False),  # time of the edit that set it (station clock)
)

casefiles = Table(
    "casefiles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("org_id", Integer, nullable=False),
    Column("uid", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("notation", String(40), nullable=False),
    Column("status", String(16), nullable=False),  # open | closed
    Column("data", Text, nullable=False),  # JSON: title, retention, creator, dates, metadata
    Column("closed_at", String(40), nullable=False, server_default=""),
    Column("version", Integer, nullable=False, server_default="1"),
    UniqueConstraint("org_id", "uid", name="uq_casefile_uid"),
    UniqueConstraint("org_id", "year", "notation", name="uq_casefile_code"),
)

casefile_aliases = Table(
    "casefile_aliases",
    metadata,
    Column("org_id", Integer, primary_key=True),
    Column("uid", String(64), primary_key=True),
    Column("target", String(64), nullable=False),
)

casefile_documents = Table(
    "casefile_documents",
    metadata,
    Column("org_id", Integer, primary_key=True),
    Column("casefile_uid", String(64), primary_key=True),
    Column("ordinal", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),  # incoming | outgoing
    Column("doc_uid", String(64), nullable=False),
    Column("filed_at", String(40), nullable=False),
    Column("filed_by", String(64), nullable=False),
    UniqueConstraint("org_id", "casefile_uid", "kind", "doc_uid", name="uq_casefile_member"),
)
