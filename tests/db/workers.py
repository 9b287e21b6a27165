"""What the store's concurrency tests run in other processes (importable by name)."""

from __future__ import annotations

import os
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from typing import Any

from sqlalchemy import Connection


def open_stores(urls: list[str], start: Barrier, results: Queue[Any]) -> None:
    """Open each database in turn, all processes at the same moment; report how it went."""
    from channelwise.db import Store
    from channelwise.db.engine import make_engine

    for url in urls:
        start.wait()
        engine = make_engine(url)
        try:
            Store(engine)
            results.put((url, "opened"))
        except Exception as err:
            results.put((url, f"{type(err).__name__}: {err} ({err.__cause__!r})"))
        finally:
            engine.dispose()


def save_revisions(url: str, plan_id: str, count: int, start: Barrier, results: Queue[Any]) -> None:
    """Save ``count`` revisions of one plan, starting with the other processes."""
    from channelwise.db import Store
    from channelwise.db.engine import make_engine
    from tests.db.documents import plan_record

    engine = make_engine(url)
    store = Store(engine)
    store.get_plan(plan_id, owner=None)
    start.wait()
    for number in range(count):
        request = f"process {os.getpid()} revision {number}"
        try:
            saved = store.save_plan(plan_record(plan_id=plan_id, request=request), owner=None)
            results.put((request, saved.version))
        except Exception as err:
            results.put((request, f"{type(err).__name__}: {err}"))
    engine.dispose()


def crash_while_migrating(url: str) -> None:
    """Die (as a killed process would) after the first migration created its tables."""
    from channelwise.db.engine import make_engine
    from channelwise.db.migrations import MIGRATIONS, migrate

    name, create = MIGRATIONS[0]

    def step(conn: Connection) -> None:
        create(conn)
        os._exit(3)

    migrate(make_engine(url), [(name, step)])
