"""Several processes on one database: migrations, crashes, plan revisions at the same moment.

Real processes and threads against a SQLite file and a real PostgreSQL server.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import inspect, text

from channelwise.db import Store, open_store
from channelwise.db.engine import make_engine
from channelwise.db.migrations import MIGRATIONS, applied_migrations
from channelwise.db.schema import plan_versions_table, plans_table
from tests.db.documents import plan_record

from . import workers

ALL = [name for name, _ in MIGRATIONS]
#: Real processes, forked from a clean server process that has imported the store once.
SPAWN = multiprocessing.get_context("forkserver")
SPAWN.set_forkserver_preload(["channelwise.db", "tests.db.workers"])


def run_processes(target: Callable[..., None], args: list[tuple[object, ...]]) -> list[object]:
    results = SPAWN.Queue()
    start = SPAWN.Barrier(len(args))
    processes = [SPAWN.Process(target=target, args=(*a, start, results)) for a in args]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=180)
        assert process.exitcode == 0
    out = []
    while not results.empty():
        out.append(results.get())
    return out


def test_processes_opening_a_new_database_at_once_all_succeed(
    new_database: Callable[[], str], backend: str
) -> None:
    rounds = 12 if backend == "sqlite" else 6
    urls = [new_database() for _ in range(rounds)]
    reports = run_processes(workers.open_stores, [(urls,)] * 3)
    assert sorted(reports) == sorted((url, "opened") for url in urls for _ in range(3))  # type: ignore[type-var]
    for url in urls:
        engine = make_engine(url)
        assert applied_migrations(engine) == ALL
        engine.dispose()


def test_a_crash_inside_a_migration_leaves_nothing_half_done(database_url: str) -> None:
    crashed = SPAWN.Process(target=workers.crash_while_migrating, args=(database_url,))
    crashed.start()
    crashed.join(timeout=120)
    assert crashed.exitcode == 3
    engine = make_engine(database_url)
    assert not {"plans", "plan_versions"} & set(inspect(engine).get_table_names())
    store = Store(engine)  # the next start applies it whole
    assert applied_migrations(engine) == ALL
    assert store.save_plan(plan_record(), owner=None).version == 1


def test_a_half_migrated_database_opens_and_is_repaired(database_url: str) -> None:
    """What an older version left after a crash: the tables, but not their record."""
    engine = make_engine(database_url)
    with engine.begin() as conn:
        plans_table.create(conn)
        plan_versions_table.create(conn)
    store = Store(engine)
    assert applied_migrations(engine) == ALL
    plan = store.save_plan(plan_record(), owner=None)
    assert store.get_plan(plan.plan_id, owner=None) == plan


def test_revisions_saved_at_the_same_moment_all_stay(database_url: str) -> None:
    store = Store(make_engine(database_url))
    plan = store.save_plan(plan_record(), owner=None)
    saved = run_processes(workers.save_revisions, [(database_url, plan.plan_id, 5)] * 3)
    threads_saved: list[object] = []

    def revise_in_thread(number: int) -> None:
        request = f"thread {number}"
        record = plan_record(plan_id=plan.plan_id, request=request)
        revised = store.save_plan(record, owner=None)
        threads_saved.append((request, revised.version))

    threads = [threading.Thread(target=revise_in_thread, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = saved + threads_saved
    assert all(isinstance(version, int) for _, version in everything), everything  # type: ignore[misc]
    assert sorted(v for _, v in everything) == list(range(2, 2 + 21))  # type: ignore[misc]
    versions = store.list_versions(plan.plan_id, owner=None)
    assert [v.version for v in versions] == list(range(1, 23))
    assert {v.request for v in versions[1:]} == {r for r, _ in everything}  # type: ignore[misc]
    assert store.list_plans(owner=None)[0].latest_version == 22


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30_000
