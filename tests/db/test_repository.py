"""The store: ordered named migrations, plans with versions, conversations (SQLite, PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from channelwise.db import PlanNotFoundError, StatsAttachment, Store, open_store
from channelwise.db.engine import make_engine
from channelwise.db.migrations import MIGRATIONS, applied_migrations, migrate
from channelwise.i18n import Bilingual
from tests.db.documents import plan_record


@pytest.fixture
def store(database_url: str) -> Store:
    return Store(make_engine(database_url))


def test_migrations_apply_in_order_once(database_url: str) -> None:
    engine = make_engine(database_url)
    assert (
        migrate(engine)
        == [name for name, _ in MIGRATIONS]
        == [
            "0001_plans",
            "0002_conversations",
            "0003_owners",
            "0004_answer_mode",
            "0005_owner_identities",
        ]
    )
    assert migrate(engine) == []
    assert applied_migrations(engine) == [
        "0001_plans",
        "0002_conversations",
        "0003_owners",
        "0004_answer_mode",
        "0005_owner_identities",
    ]
    tables = set(inspect(engine).get_table_names())
    assert {
        "plans",
        "plan_versions",
        "conversations",
        "messages",
        "stats_summaries",
        "owners",
    } <= tables
    assert "answer" in {c["name"] for c in inspect(engine).get_columns("messages")}


def test_the_answer_column_is_added_to_a_database_made_before_it() -> None:
    from sqlalchemy import text

    engine = make_engine("sqlite://")
    migrate(engine, MIGRATIONS[:2])
    with engine.begin() as conn:  # a messages table as 0002 made it before the column existed
        conn.execute(text("ALTER TABLE messages DROP COLUMN answer"))
    Store(engine)
    assert "answer" in {c["name"] for c in inspect(engine).get_columns("messages")}


def test_a_database_at_an_older_migration_is_upgraded(database_url: str) -> None:
    engine = make_engine(database_url)
    assert migrate(engine, MIGRATIONS[:1]) == ["0001_plans"]
    assert "conversations" not in inspect(engine).get_table_names()
    Store(engine)  # opening applies the rest
    assert applied_migrations(engine) == [
        "0001_plans",
        "0002_conversations",
        "0003_owners",
        "0004_answer_mode",
        "0005_owner_identities",
    ]


def test_plans_and_versions(store: Store) -> None:
    first = plan_record()
    plan = store.save_plan(first, owner=None)
    assert plan.plan_id and plan.version == 1 and plan.document == first.document
    second = plan_record(plan_id=plan.plan_id, request="more ambitious")
    revised = store.save_plan(second, owner=None)
    assert revised.plan_id == plan.plan_id and revised.version == 2
    assert store.get_plan(plan.plan_id, owner=None) == revised
    assert store.get_plan(plan.plan_id, 1, owner=None) == plan
    assert store.get_plan(plan.plan_id, 1, owner=None).document == first.document  # as given
    versions = store.list_versions(plan.plan_id, owner=None)
    assert [(v.version, v.request) for v in versions] == [(1, None), (2, "more ambitious")]
    assert versions[0].missing == ("owned", "risks")
    [summary] = store.list_plans(owner=None)
    assert (summary.id, summary.title, summary.language, summary.latest_version) == (
        plan.plan_id,
        "Plan zur Plattform-Diversifizierung",
        "de",
        2,
    )


def test_a_new_plan_may_bring_its_own_id(store: Store) -> None:
    stored = store.save_plan(plan_record(plan_id="p-1"), owner=None)
    assert (stored.plan_id, stored.version) == ("p-1", 1)
    assert store.save_plan(plan_record(plan_id="p-1"), owner=None).version == 2


def test_unknown_plan_says_what_to_do(store: Store) -> None:
    with pytest.raises(PlanNotFoundError, match="channelwise plans"):
        store.get_plan("nope", owner=None)
    plan = store.save_plan(plan_record(), owner=None)
    with pytest.raises(PlanNotFoundError) as info:
        store.get_plan(plan.plan_id, 7, owner=None)
    assert "version 7" in str(info.value) and "Version 7" in info.value.localized("de")
    assert info.value.exit_code == 8


def test_conversations_messages_and_stats_summary(store: Store) -> None:
    conv = store.create_conversation("Instagram-Abhängigkeit", owner=None)
    store.add_message(conv.id, "user", "Wie abhängig sind wir von Meta?", owner=None)
    cite = {"number": 1, "title": "Instagram", "url": "https://example.org/instagram"}
    stored = store.add_message(conv.id, "assistant", "Sehr [1].", [cite], owner=None)
    messages = store.messages(conv.id, owner=None)
    assert [(m.role, m.content) for m in messages] == [
        ("user", "Wie abhängig sind wir von Meta?"),
        ("assistant", "Sehr [1]."),
    ]
    assert messages[1].citations == stored.citations == (cite,)  # plain data, as given
    first = StatsAttachment(("a.csv",), Bilingual("Meta: 79.3%", "Meta: 79,3 %"))
    second = StatsAttachment(("a.csv", "b.zip"), Bilingual("Meta: 71.0%", "Meta: 71,0 %"))
    store.save_stats_summary(conv.id, first, owner=None)
    store.save_stats_summary(conv.id, second, owner=None)
    assert store.stats_summary(conv.id, owner=None) == second
    assert second.summary.de == "Meta: 71,0 %"
    assert [c.title for c in store.list_conversations(owner=None)] == ["Instagram-Abhängigkeit"]


def test_sqlite_file_in_the_data_dir_persists(tmp_path: Path) -> None:
    plan = open_store(tmp_path / "data").save_plan(plan_record(), owner=None)
    assert (tmp_path / "data" / "channelwise.db").is_file()
    reopened = open_store(tmp_path / "data")
    assert reopened.get_plan(plan.plan_id, owner=None) == plan


def test_rename_and_delete_a_conversation_keeps_its_plans(store: Store) -> None:
    conv = store.create_conversation("Alt", owner=None)
    store.add_message(conv.id, "user", "Hallo", owner=None)
    store.save_stats_summary(conv.id, StatsAttachment(("x.csv",), Bilingual("x", "x")), owner=None)
    plan = store.save_plan(plan_record(), conversation_id=conv.id, owner=None)
    store.rename_conversation(conv.id, "Neu", owner=None)
    renamed = store.get_conversation(conv.id, owner=None)
    assert renamed is not None and renamed.title == "Neu"
    store.delete_conversation(conv.id, owner=None)
    assert store.get_conversation(conv.id, owner=None) is None
    assert (
        store.messages(conv.id, owner=None) == []
        and store.stats_summary(conv.id, owner=None) is None
    )
    [summary] = store.list_plans(owner=None)
    assert summary.id == plan.plan_id and summary.conversation_id is None
