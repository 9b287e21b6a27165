"""Ordered, named schema migrations, recorded in ``_migrations``.

Opening a store applies the ones not applied yet, each in its own transaction. Append new
migrations; never edit or reorder applied ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, String, Table, insert, inspect, select, text

from channelwise.db.schema import (
    OWNER_LENGTH,
    conversations_table,
    messages_table,
    migrations_table,
    plan_versions_table,
    plans_table,
    stats_summaries_table,
)


def _create(*tables: Table) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        for table in tables:
            table.create(conn)

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


#: Ordered, named migrations. Append new ones; never edit or reorder applied ones.
MIGRATIONS: tuple[tuple[str, Callable[[Connection], None]], ...] = (
    ("0001_plans", _create(plans_table, plan_versions_table)),
    ("0002_conversations", _create(conversations_table, messages_table, stats_summaries_table)),
    ("0003_owners", _add_owners),
    ("0004_answer_mode", _add_column(messages_table, "answer")),
)


def applied_migrations(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        if not engine.dialect.has_table(conn, migrations_table.name):
            return []
        rows = conn.execute(select(migrations_table.c.name).order_by(migrations_table.c.name))
        return [r[0] for r in rows]


def migrate(
    engine: Engine, migrations: Sequence[tuple[str, Callable[[Connection], None]]] = MIGRATIONS
) -> list[str]:
    """Apply the migrations not applied yet, in order, each in its own transaction."""
    with engine.begin() as conn:
        migrations_table.create(conn, checkfirst=True)
    done = set(applied_migrations(engine))
    applied: list[str] = []
    for name, step in migrations:
        if name in done:
            continue
        with engine.begin() as conn:
            step(conn)
            conn.execute(insert(migrations_table).values(name=name, applied_at=datetime.now(UTC)))
        applied.append(name)
    return applied
