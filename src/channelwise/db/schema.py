"""The app database's tables (SQLAlchemy Core): plans with versions, conversations with
messages, stats summaries. The schema is created by :mod:`channelwise.db.migrations`.

``owner`` (plans, conversations) is NULL for the shared workspace: no login, password mode,
the CLI, and every row made before owners existed (migration ``0003_owners``). In OIDC mode
it is the signed-in account's key, ``oidc:`` + a hash of issuer and subject
(:class:`channelwise.access.Identity`); ``owners`` keeps each key's issuer, subject and
e-mail address (the label). Rows stored while owners were e-mail addresses are keyed
``email:<address>`` by migration ``0005_owner_identities`` until the first verified sign-in
with that address takes them over. Versions, messages and stats summaries belong to the
owner of their plan or conversation."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text

OWNER_LENGTH = 320
"""Room for an owner key: ``oidc:`` + 64 hex digits, or ``email:`` + an address (at most
254 characters in practice, RFC 5321)."""
EMAIL_LENGTH = 320
"""The longest e-mail address (RFC 3696)."""

metadata = MetaData()
migrations_table = Table(
    "_migrations",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)
plans_table = Table(
    "plans",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("title", Text, nullable=False),
    Column("language", String(2), nullable=False),
    Column("latest_version", Integer, nullable=False),
    Column("conversation_id", String(36), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("owner", String(OWNER_LENGTH), nullable=True, index=True),
)
plan_versions_table = Table(
    "plan_versions",
    metadata,
    Column("plan_id", String(36), ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("request", Text, nullable=True),
    Column("missing", JSON, nullable=False),
    Column("plan", JSON, nullable=False),
)
conversations_table = Table(
    "conversations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("title", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("owner", String(OWNER_LENGTH), nullable=True, index=True),
)
owners_table = Table(
    "owners",
    metadata,
    Column("key", String(OWNER_LENGTH), primary_key=True),
    Column("issuer", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("email", String(EMAIL_LENGTH), nullable=False),
    # the address at the latest sign-in: a label, never a key
    Column("first_sign_in", DateTime(timezone=True), nullable=False),
    Column("last_sign_in", DateTime(timezone=True), nullable=False),
)
messages_table = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "conversation_id",
        String(36),
        ForeignKey("conversations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("role", String(16), nullable=False),
    Column("content", Text, nullable=False),
    Column("citations", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("answer", JSON, nullable=True),
    # how an answer was made: {"mode", "provider", "reason"} (migration 0004)
)
stats_summaries_table = Table(
    "stats_summaries",
    metadata,
    Column(
        "conversation_id",
        String(36),
        ForeignKey("conversations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("data", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
