"""Owners (issue 12): in OIDC mode every conversation, its messages and stats summary, and
every plan with its versions belong to the signed-in user; owner None is the shared
workspace (no login, password mode, the CLI) and holds the rows made before owners existed."""

from __future__ import annotations

import inspect as pyinspect

import pytest
from sqlalchemy import inspect, text

from channelwise.db import ConversationNotFoundError, PlanNotFoundError, StatsAttachment, Store
from channelwise.db.engine import make_engine
from channelwise.db.migrations import applied_migrations
from channelwise.i18n import Bilingual
from tests.db.documents import plan_record

ANNA, BEN = "anna@example.com", "ben@example.com"

# The tables as migrations 0001 and 0002 made them, before owners.
BEFORE_OWNERS = [
    "CREATE TABLE _migrations (name VARCHAR(100) PRIMARY KEY, applied_at DATETIME NOT NULL)",
    "CREATE TABLE plans (id VARCHAR(36) PRIMARY KEY, title TEXT NOT NULL, language VARCHAR(2) "
    "NOT NULL, latest_version INTEGER NOT NULL, conversation_id VARCHAR(36), created_at "
    "DATETIME NOT NULL, updated_at DATETIME NOT NULL)",
    "CREATE TABLE plan_versions (plan_id VARCHAR(36) NOT NULL REFERENCES plans (id) ON DELETE "
    "CASCADE, version INTEGER NOT NULL, created_at DATETIME NOT NULL, request TEXT, missing "
    "JSON NOT NULL, plan JSON NOT NULL, PRIMARY KEY (plan_id, version))",
    "CREATE TABLE conversations (id VARCHAR(36) PRIMARY KEY, title TEXT NOT NULL, created_at "
    "DATETIME NOT NULL, updated_at DATETIME NOT NULL)",
    "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id VARCHAR(36) "
    "NOT NULL REFERENCES conversations (id) ON DELETE CASCADE, role VARCHAR(16) NOT NULL, "
    "content TEXT NOT NULL, citations JSON NOT NULL, created_at DATETIME NOT NULL)",
    "CREATE TABLE stats_summaries (conversation_id VARCHAR(36) PRIMARY KEY REFERENCES "
    "conversations (id) ON DELETE CASCADE, data JSON NOT NULL, updated_at DATETIME NOT NULL)",
    "INSERT INTO _migrations VALUES ('0001_plans', '2026-01-01'), "
    "('0002_conversations', '2026-01-01')",
    "INSERT INTO conversations VALUES ('legacy-c', 'Alt', '2026-01-01', '2026-01-01')",
    "INSERT INTO messages (conversation_id, role, content, citations, created_at) "
    "VALUES ('legacy-c', 'user', 'Frage von früher', '[]', '2026-01-01')",
]


@pytest.fixture
def store() -> Store:
    return Store(make_engine("sqlite://"))


def test_owners_migration_keeps_older_rows_in_the_shared_workspace() -> None:
    engine = make_engine("sqlite://")
    with engine.begin() as conn:
        for statement in BEFORE_OWNERS:
            conn.execute(text(statement))
    store = Store(engine)
    assert "0003_owners" in applied_migrations(engine)
    for table in ("conversations", "plans"):
        assert "owner" in {c["name"] for c in inspect(engine).get_columns(table)}
    assert [c.id for c in store.list_conversations(owner=None)] == ["legacy-c"]
    assert [m.content for m in store.messages("legacy-c", owner=None)] == ["Frage von früher"]
    assert store.list_conversations(owner=ANNA) == []
    assert store.messages("legacy-c", owner=ANNA) == []


def test_a_user_sees_only_their_conversations(store: Store) -> None:
    anna = store.create_conversation("Annas Frage", owner=ANNA)
    store.add_message(anna.id, "user", "Wie abhängig sind wir von Meta?", owner=ANNA)
    store.save_stats_summary(
        anna.id, StatsAttachment(("a.csv",), Bilingual("Meta 80%", "Meta 80 %")), owner=ANNA
    )
    shared = store.create_conversation("Team", owner=None)
    assert [c.id for c in store.list_conversations(owner=ANNA)] == [anna.id]
    assert store.list_conversations(owner=BEN) == []
    assert [c.id for c in store.list_conversations(owner=None)] == [shared.id]
    for other in (BEN, None):
        assert store.get_conversation(anna.id, owner=other) is None
        assert store.messages(anna.id, owner=other) == []
        assert store.stats_summary(anna.id, owner=other) is None
        assert store.rename_conversation(anna.id, "Übernommen", owner=other) is False
        assert store.delete_conversation(anna.id, owner=other) is False
        with pytest.raises(ConversationNotFoundError):
            store.add_message(anna.id, "user", "eingeschleust", owner=other)
        with pytest.raises(ConversationNotFoundError):
            store.save_stats_summary(
                anna.id, StatsAttachment(("x.csv",), Bilingual("x", "x")), owner=other
            )
    assert store.get_conversation(anna.id, owner=ANNA) is not None
    assert [m.content for m in store.messages(anna.id, owner=ANNA)] == [
        "Wie abhängig sind wir von Meta?"
    ]
    assert store.stats_summary(anna.id, owner=ANNA) is not None
    assert store.rename_conversation(anna.id, "Meta", owner=ANNA) is True
    assert store.delete_conversation(anna.id, owner=ANNA) is True
    assert store.list_conversations(owner=ANNA) == []


def test_a_user_sees_only_their_plans(store: Store) -> None:
    plan = store.save_plan(plan_record(), owner=ANNA)
    store.save_plan(plan_record(), owner=None)  # the shared workspace's
    assert [p.id for p in store.list_plans(owner=ANNA)] == [plan.plan_id]
    revision = plan_record(plan_id=plan.plan_id, request="more ambitious")
    for other in (BEN, None):
        assert plan.plan_id not in [p.id for p in store.list_plans(owner=other)]
        assert store.list_versions(plan.plan_id, owner=other) == []
        with pytest.raises(PlanNotFoundError):
            store.get_plan(plan.plan_id, owner=other)
        with pytest.raises(PlanNotFoundError):
            store.get_plan(plan.plan_id, 1, owner=other)
        with pytest.raises(PlanNotFoundError):  # no version 2 of someone else's plan
            store.save_plan(revision, owner=other)
    assert [v.version for v in store.list_versions(plan.plan_id, owner=ANNA)] == [1]
    revised = store.save_plan(revision, owner=ANNA)
    assert store.get_plan(plan.plan_id, owner=ANNA) == revised


# --- owner required, plans link their owner's conversations (issue 22, finding 3) -----------

ANNA_KEY = "oidc:anna"

STORE_METHODS = [
    name
    for name, member in vars(Store).items()
    if callable(member) and not name.startswith("_") and name != "record_sign_in"
]


def test_every_store_method_needs_its_owner() -> None:
    """A call that forgets ``owner=`` fails at once instead of writing into the shared
    workspace (today's code defaulted to None)."""
    assert len(STORE_METHODS) == 13
    for name in STORE_METHODS:
        owner = pyinspect.signature(getattr(Store, name)).parameters["owner"]
        assert owner.kind is pyinspect.Parameter.KEYWORD_ONLY, name
        assert owner.default is pyinspect.Parameter.empty, name
    store = Store(make_engine("sqlite://"))
    with pytest.raises(TypeError):
        store.create_conversation("ohne Besitzer")  # type: ignore[call-arg]
    assert store.list_conversations(owner=None) == []


def test_a_plan_links_only_a_conversation_of_its_owner(database_url: str) -> None:
    store = Store(make_engine(database_url))
    anna = store.create_conversation("Annas", owner=ANNA_KEY)
    team = store.create_conversation("Team", owner=None)
    for owner, conversation in ((None, anna.id), ("oidc:ben", anna.id), (ANNA_KEY, team.id)):
        with pytest.raises(ConversationNotFoundError):
            store.save_plan(plan_record(), owner=owner, conversation_id=conversation)
    with pytest.raises(ConversationNotFoundError):
        store.save_plan(plan_record(), owner=None, conversation_id="no-such-id")
    assert store.list_plans(owner=None) == [] and store.list_plans(owner="oidc:ben") == []
    assert store.list_plans(owner=ANNA_KEY) == []
    mine = store.save_plan(plan_record(), owner=ANNA_KEY, conversation_id=anna.id)
    assert [p.conversation_id for p in store.list_plans(owner=ANNA_KEY)] == [anna.id]
    shared = store.save_plan(plan_record(), owner=None, conversation_id=team.id)
    assert mine.plan_id != shared.plan_id
