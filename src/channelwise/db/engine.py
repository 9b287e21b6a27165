"""Where the app database lives: a SQLite file in the data directory, or any SQLAlchemy URL
(e.g. ``postgresql+psycopg://...``), and how a write takes its lock.

SQLite runs in WAL mode (readers never wait for a writer) with a busy timeout, and
SQLAlchemy, not the sqlite3 driver, begins its transactions: the driver's legacy mode
commits DDL such as CREATE TABLE on its own and begins writes lazily. A write transaction
(:func:`write_transaction`) begins with ``BEGIN IMMEDIATE``, so it holds the one writer lock
from its first read: two writers take turns instead of reading the same state.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import StaticPool

DB_FILE = "channelwise.db"
#: How long a SQLite connection waits for another process's write before it gives up.
BUSY_TIMEOUT_S = 30.0
_WRITE = "channelwise_write"


def database_url(data_dir: Path, url: str | None = None) -> str:
    """``url`` when given, else the SQLite file in ``data_dir``."""
    if url:
        return url
    return f"sqlite:///{(data_dir / DB_FILE).resolve()}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        if not memory:
            path = url.split("///", 1)[-1]
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S},
            poolclass=StaticPool if memory else None,
        )

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN (see _begin)
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            if not memory:
                _write_ahead(cursor)
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            immediate = conn.get_execution_options().get(_WRITE, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


def _write_ahead(cursor: sqlite3.Cursor) -> None:
    """Switch the file to WAL mode (kept in the file; a no-op once done).

    The switch needs the file to itself for a moment. When processes open a new database
    at once, SQLite answers "database is locked" at once instead of waiting (its deadlock
    avoidance skips the busy timeout here), so this waits and tries again.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that writes: on SQLite it holds the writer lock from the start."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn
