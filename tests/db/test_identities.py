"""Owners by identity (issue 22): a signed-in account's rows are keyed on its issuer and
subject, never on its e-mail address; rows stored while owners were addresses pass to the
first account that signs in with that address verified. ``owner`` is required everywhere,
and a plan links only a conversation of its owner. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, insert, inspect, select

from channelwise.access import Identity, legacy_owner
from channelwise.db import PlanNotFoundError, Store
from channelwise.db.engine import make_engine
from channelwise.db.migrations import MIGRATIONS, applied_migrations, migrate
from channelwise.db.schema import (
    conversations_table,
    messages_table,
    owners_table,
    plan_versions_table,
    plans_table,
)
from channelwise.plans import make_inputs, skeleton_plan

PLAN_INPUTS = make_inputs(goals=["reach"], hours_per_week=10, start=date(2024, 4, 1))
ISSUER = "https://accounts.example.com"
ANNA = Identity(ISSUER, "anna-sub-1", "anna@example.com")
THEN = datetime(2026, 1, 1, tzinfo=UTC)


def at_0004_with_email_owners(engine: Engine) -> None:
    """A database as the app left it while owners were e-mail addresses (0001-0004)."""
    assert migrate(engine, MIGRATIONS[:4])[-1] == "0004_answer_mode"
    plan = skeleton_plan(PLAN_INPUTS).model_copy(update={"id": "p-anna", "version": 1})
    with engine.begin() as conn:
        for cid, title, owner in (
            ("c-anna", "Annas alte Frage", "anna@example.com"),
            ("c-ben", "Bens alte Frage", "ben@example.com"),
        ):
            conn.execute(
                insert(conversations_table).values(
                    id=cid, title=title, created_at=THEN, updated_at=THEN, owner=owner
                )
            )
            conn.execute(
                insert(messages_table).values(
                    conversation_id=cid, role="user", content="Frage", citations=[], created_at=THEN
                )
            )
        conn.execute(
            insert(conversations_table).values(
                id="c-team", title="Team", created_at=THEN, updated_at=THEN, owner=None
            )
        )
        conn.execute(
            insert(plans_table).values(
                id="p-anna",
                title=plan.title,
                language=plan.language,
                latest_version=1,
                conversation_id="c-anna",
                created_at=THEN,
                updated_at=THEN,
                owner="anna@example.com",
            )
        )
        conn.execute(
            insert(plan_versions_table).values(
                plan_id="p-anna",
                version=1,
                created_at=THEN,
                request=None,
                missing=[],
                plan=json.loads(plan.model_dump_json()),
            )
        )


def sign_in(store: Store, identity: Identity) -> int:
    return store.record_sign_in(
        owner=identity.owner,
        issuer=identity.issuer,
        subject=identity.subject,
        email=identity.email,
        legacy_owner=legacy_owner(identity.email),
    )


def test_email_owners_become_reachable_only_by_a_verified_sign_in(database_url: str) -> None:
    engine = make_engine(database_url)
    at_0004_with_email_owners(engine)
    store = Store(engine)  # applies 0005
    assert applied_migrations(engine)[-1] == "0005_owner_identities"
    assert "owners" in inspect(engine).get_table_names()
    with engine.connect() as conn:
        rows = conn.execute(select(conversations_table.c.id, conversations_table.c.owner))
        owners = {row.id: row.owner for row in rows}
    assert owners == {
        "c-anna": "email:anna@example.com",
        "c-ben": "email:ben@example.com",
        "c-team": None,  # the shared workspace stays
    }
    # the address alone opens nothing: neither as a key nor for another subject
    assert store.list_conversations(owner="anna@example.com") == []
    assert store.list_conversations(owner=ANNA.owner) == []
    assert [c.id for c in store.list_conversations(owner=None)] == ["c-team"]

    assert sign_in(store, ANNA) == 2  # her conversation and her plan
    assert [c.id for c in store.list_conversations(owner=ANNA.owner)] == ["c-anna"]
    assert [m.content for m in store.messages("c-anna", owner=ANNA.owner)] == ["Frage"]
    assert store.get_plan("p-anna", owner=ANNA.owner).plan_id == "p-anna"
    assert [p.conversation_id for p in store.list_plans(owner=ANNA.owner)] == ["c-anna"]

    # a second account with the same (verified) address later gets nothing of hers
    impostor = Identity(ISSUER, "someone-else", "anna@example.com")
    assert sign_in(store, impostor) == 0
    assert store.list_conversations(owner=impostor.owner) == []
    with pytest.raises(PlanNotFoundError):
        store.get_plan("p-anna", owner=impostor.owner)
    # Anna again: nothing left to take over, still hers; Ben's rows wait for Ben
    assert sign_in(store, ANNA) == 0
    assert [c.id for c in store.list_conversations(owner=ANNA.owner)] == ["c-anna"]
    with engine.connect() as conn:
        ben = conn.execute(
            select(conversations_table.c.owner).where(conversations_table.c.id == "c-ben")
        ).scalar_one()
    assert ben == "email:ben@example.com"


def test_the_address_is_a_label_that_follows_the_account(database_url: str) -> None:
    store = Store(make_engine(database_url))
    conversation = store.create_conversation("Meine", owner=ANNA.owner)
    assert sign_in(store, ANNA) == 0
    renamed = Identity(ISSUER, ANNA.subject, "anna.schmidt@example.com")
    assert sign_in(store, renamed) == 0
    assert [c.id for c in store.list_conversations(owner=renamed.owner)] == [conversation.id]
    with store.engine.connect() as conn:
        rows = conn.execute(select(owners_table)).all()
    assert [(r.key, r.issuer, r.subject, r.email) for r in rows] == [
        (ANNA.owner, ISSUER, "anna-sub-1", "anna.schmidt@example.com")
    ]
