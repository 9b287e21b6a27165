"""Ordered, named schema migrations, recorded in ``_migrations``.

Opening a store applies the ones not applied yet. Each runs in one transaction together
with its record, under a lock every process takes (SQLite: the writer lock, from
``BEGIN IMMEDIATE``; PostgreSQL: a transaction-scoped advisory lock), and checks again
under the lock whether it is still pending. So a crash leaves a migration either done and
recorded or not done at all, and processes opening a new database at once take turns.
Tables are created only where missing: a database that an older version left with tables
but without their record is repaired, not refused. Append new migrations; never edit or
reorder applied ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from sqlalchemy import (
    Connection,
    Engine,
    String,
    Table,
    insert,
    inspect,
    literal,
    select,
    text,
    update,
)

from channelwise.access import IDENTITY_PREFIX, LEGACY_EMAIL_PREFIX
from channelwise.db.engine import write_transaction
from channelwise.db.schema import (
    OWNER_LENGTH,
    conversations_table,
    messages_table,
    migrations_table,
    owners_table,
    plan_versions_table,
    plans_table,
    stats_summaries_table,
)

#: The PostgreSQL advisory lock key that serialises migrations (any fixed 64-bit number).
MIGRATION_LOCK = 0x6368616E6E656C  # "channel"


def _create(*tables: Table) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        for table in tables:
            table.create(conn, checkfirst=True)

    return run


def _add_column(table: Table, name: str) -> Callable[[Connection], None]:
    """Add ``table.c[name]`` unless it is there (a database created after the column was
    added to the schema already has it)."""

    def run(conn: Connection) -> None:
        existing = {c["name"] for c in inspect(conn).get_columns(table.name)}
        if name not in existing:
            column = table.c[name]
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}"))

    return run


def _add_owners(conn: Connection) -> None:
    """``owner`` on plans and conversations; the rows already there keep NULL, the shared
    workspace. A table created after this column joined the schema has it already."""
    column_type = String(OWNER_LENGTH).compile(dialect=conn.dialect)
    for table in (plans_table, conversations_table):
        columns = {c["name"] for c in inspect(conn).get_columns(table.name)}
        if "owner" not in columns:
            conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN owner {column_type}"))
        for index in table.indexes:
            index.create(conn, checkfirst=True)


def _owners_as_identities(conn: Connection) -> None:
    """Owners become identities (issuer + subject): the ``owners`` table, and every row
    owned by an e-mail address is keyed ``email:<address>``, which no signed-in account
    matches, until the first sign-in whose provider verified that address takes it over
    (:meth:`channelwise.db.Store.record_sign_in`). The shared workspace (NULL) stays."""
    owners_table.create(conn, checkfirst=True)
    for table in (plans_table, conversations_table):
        conn.execute(
            update(table)
            .where(
                table.c.owner.is_not(None),
                ~table.c.owner.startswith(IDENTITY_PREFIX),
                ~table.c.owner.startswith(LEGACY_EMAIL_PREFIX),
            )
            .values(owner=literal(LEGACY_EMAIL_PREFIX, String) + table.c.owner)
        )


#: Ordered, named migrations. Append new ones; never edit or reorder applied ones.
MIGRATIONS: tuple[tuple[str, Callable[[Connection], None]], ...] = (
    ("0001_plans", _create(plans_table, plan_versions_table)),
    ("0002_conversations", _create(conversations_table, messages_table, stats_summaries_table)),
    ("0003_owners", _add_owners),
    ("0004_answer_mode", _add_column(messages_table, "answer")),
    ("0005_owner_identities", _owners_as_identities),
)


def applied_migrations(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(_applied(conn))


def _applied(conn: Connection) -> set[str]:
    if not conn.dialect.has_table(conn, migrations_table.name):
        return set()
    return set(conn.execute(select(migrations_table.c.name)).scalars())


def migrate(
    engine: Engine, migrations: Sequence[tuple[str, Callable[[Connection], None]]] = MIGRATIONS
) -> list[str]:
    """Apply the migrations not applied yet, in order; return the names this call applied."""
    if {name for name, _ in migrations} <= set(applied_migrations(engine)):
        return []  # the usual case: nothing to do, no lock taken
    applied: list[str] = []
    for name, step in migrations:
        with write_transaction(engine) as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            migrations_table.create(conn, checkfirst=True)
            if name in _applied(conn):
                continue  # applied before, or by another process while this one waited
            step(conn)
            conn.execute(insert(migrations_table).values(name=name, applied_at=datetime.now(UTC)))
        applied.append(name)
    return applied
