"""Rows that today's store wrote (before plans carried a schema version and before the store
stopped importing plans and citations) load through the store and the upgraders, every field
equal. The fixtures were written by that code: a full German plan with two versions (tests/
fixtures/db/plan_rows_v1.json) and a conversation with a cited answer
(conversation_rows.json). SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, insert, select

from channelwise.access import SHARED_WORKSPACE as SHARED
from channelwise.db import AnswerNote, PlanNotFoundError, Store, StoredPlan
from channelwise.db.schema import (
    conversations_table,
    messages_table,
    plan_versions_table,
    plans_table,
    stats_summaries_table,
)
from channelwise.knowledge.records import Citation
from channelwise.plans import PLAN_SCHEMA, Plan, StoredPlanError, to_markdown
from channelwise.plans import storage as plan_storage
from channelwise.services import Services, build_services
from channelwise.services.conversations import conversation_messages, conversation_stats
from channelwise.services.plans import list_plans, open_plan, plan_versions, revise_plan
from channelwise.services.records import citation_rows, citations_from, load_plan, save_plan
from tests.conftest import make_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"
PLAN_ID = "b6e24c15-8eb7-4640-bb9e-114f2cb7b0f1"
CONVERSATION_ID = "76935e9b-2a5a-4845-af17-dce46b1fd7c6"


def rows(name: str) -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = json.loads(
        (FIXTURES / name).read_text(encoding="utf-8")
    )
    return data


def insert_rows(store: Store, table: Table, records: list[dict[str, Any]]) -> None:
    """Rows as they were stored (timestamps written as ISO strings in the fixture)."""
    dated = ("created_at", "updated_at")
    with store.engine.begin() as conn:
        for record in records:
            values = {
                k: datetime.fromisoformat(v).replace(tzinfo=UTC) if k in dated else v
                for k, v in record.items()
            }
            conn.execute(insert(table).values(**values))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.server)])
def services(request: pytest.FixtureRequest, tmp_path: Path) -> Services:
    url = None
    if request.param == "postgresql":
        make: Callable[[], str] = request.getfixturevalue("postgres_databases")
        url = make()
    return build_services(make_settings(tmp_path / "data", database_url=url))


@pytest.fixture
def old_plan_rows(services: Services) -> dict[str, list[dict[str, Any]]]:
    data = rows("plan_rows_v1.json")
    insert_rows(services.store, plans_table, data["plans"])
    insert_rows(services.store, plan_versions_table, data["plan_versions"])
    return data


def test_plans_stored_before_schema_versions_load_with_every_field_equal(
    services: Services, old_plan_rows: dict[str, list[dict[str, Any]]]
) -> None:
    first, second = old_plan_rows["plan_versions"]
    assert "schema" not in first["plan"]  # written by the code before schema versions
    latest = open_plan(services, PLAN_ID, actor=SHARED)
    oldest = open_plan(services, PLAN_ID, 1, actor=SHARED)
    assert oldest.model_dump(mode="json") == first["plan"]
    assert latest.model_dump(mode="json") == second["plan"]
    # and the values a reader sees, spelled out
    assert (oldest.id, oldest.version, latest.version) == (PLAN_ID, 1, 2)
    assert oldest.title == "Plan zur Plattform-Diversifizierung" and oldest.language == "de"
    assert (oldest.inputs.hours_per_week, latest.inputs.hours_per_week) == (8.0, 5.0)
    assert oldest.inputs.audience == "Eltern von Kleinkindern"
    assert oldest.inputs.start == date(2024, 4, 1)
    assert latest.revision_request == "nur 5 Stunden pro Woche" and oldest.model == "fake"
    assert [s.key for s in oldest.sections] == [
        "situation",
        "channel:instagram",
        "channel:x",
        "channel:website",
        "channel:newsletter",
        "owned",
        "content",
        "ai",
        "timeline",
        "risks",
    ]
    assert {s.mode for s in oldest.sections} == {"evidence", "playbook", "model", "code"}
    assert oldest.complete and oldest.missing == []
    assert len(oldest.sources) == 11
    assert oldest.sources[0].title == (
        "Metas Vorstoß bei generativer KI: Produkte, Kennzeichnung und Aussagen der Konzernspitze"
    )
    assert oldest.sources[0].language == "de"
    assert "79,3 % Ihrer Reichweite" in to_markdown(oldest)
    assert [(v.version, v.request) for v in plan_versions(services, PLAN_ID, actor=SHARED)] == [
        (1, None),
        (2, "nur 5 Stunden pro Woche"),
    ]
    [summary] = list_plans(services, actor=SHARED)
    assert (summary.id, summary.latest_version, summary.language) == (PLAN_ID, 2, "de")


def test_the_upgrader_from_version_1_is_applied_when_an_old_row_is_read(
    services: Services,
    old_plan_rows: dict[str, list[dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[dict[str, Any]] = []
    upgrade_1 = plan_storage.UPGRADES[1]

    def spy(data: dict[str, Any]) -> dict[str, Any]:
        seen.append(data)
        return upgrade_1(data)

    monkeypatch.setitem(plan_storage.UPGRADES, 1, spy)
    open_plan(services, PLAN_ID, 1, actor=SHARED)
    assert len(seen) == 1 and seen[0]["id"] == PLAN_ID and "schema" not in seen[0]


def test_a_revision_of_an_old_plan_is_stored_in_the_current_version(
    services: Services, old_plan_rows: dict[str, list[dict[str, Any]]]
) -> None:
    revised = revise_plan(services, PLAN_ID, "nur 4 Stunden pro Woche", actor=SHARED).plan
    assert (revised.id, revised.version, revised.inputs.hours_per_week) == (PLAN_ID, 3, 4.0)
    stored = services.store.get_plan(PLAN_ID, owner=None)
    assert stored.document["schema"] == PLAN_SCHEMA
    assert "id" not in stored.document and "version" not in stored.document
    assert open_plan(services, PLAN_ID, actor=SHARED) == revised
    # the old versions stay as they were written
    assert "schema" not in services.store.get_plan(PLAN_ID, 1, owner=None).document


def test_a_plan_saved_by_a_newer_channelwise_is_refused_with_the_fix(
    services: Services,
) -> None:
    plan = save_plan(services.store, open_plan_fixture(), owner=None)
    assert plan.id is not None
    with services.store.engine.begin() as conn:
        document = conn.execute(
            select(plan_versions_table.c.plan).where(plan_versions_table.c.plan_id == plan.id)
        ).scalar_one()
        newer = {**document, "schema": PLAN_SCHEMA + 1, "a_field_from_the_future": 1}
        conn.execute(
            plan_versions_table.update()
            .where(plan_versions_table.c.plan_id == plan.id)
            .values(plan=newer)
        )
    with pytest.raises(StoredPlanError) as info:
        open_plan(services, plan.id, actor=SHARED)
    assert "was saved by a newer version of channelwise" in str(info.value)
    assert "Update channelwise" in str(info.value)
    assert "neueren Version von channelwise" in info.value.localized("de")
    assert "Aktualisieren Sie channelwise" in info.value.localized("de")
    [summary] = list_plans(services, actor=SHARED)  # the list still shows it
    assert summary.id == plan.id


def open_plan_fixture() -> Plan:
    """The full German plan of the fixture, without its id (a new plan)."""
    document = rows("plan_rows_v1.json")["plan_versions"][0]["plan"]
    return Plan.model_validate({**document, "id": None, "version": 1})


def test_save_and_load_a_typed_plan_through_the_store(services: Services) -> None:
    plan = open_plan_fixture()
    saved = save_plan(services.store, plan, owner=None)
    assert saved.id and saved.version == 1
    assert saved == plan.model_copy(update={"id": saved.id})
    assert load_plan(services.store, saved.id, owner=None) == saved
    stored = services.store.get_plan(saved.id, owner=None)
    assert isinstance(stored, StoredPlan) and stored.missing == ()
    assert stored.document["title"] == "Plan zur Plattform-Diversifizierung"
    with pytest.raises(PlanNotFoundError):
        load_plan(services.store, saved.id, owner="oidc:someone-else")


# --- conversations ------------------------------------------------------------------------


def test_messages_stored_before_load_with_typed_citations(services: Services) -> None:
    data = rows("conversation_rows.json")
    insert_rows(services.store, conversations_table, data["conversations"])
    insert_rows(services.store, messages_table, data["messages"])
    insert_rows(services.store, stats_summaries_table, data["stats_summaries"])
    question, answer = conversation_messages(services, CONVERSATION_ID, actor=SHARED)
    assert (question.role, question.content, question.citations) == (
        "user",
        "Wie abhängig sind wir von Meta?",
        (),
    )
    assert answer.citations == (
        Citation(
            1,
            "Organische Reichweite bei Meta",
            "Seit 2012",
            "https://example.org/meta-reach",
            "meta-reach.de::0002::ab12",
            "meta-reach.de",
            "Die organische Reichweite sank. Seitdem zählt Bezahlung.",
            sentence_id="meta-reach.de::0002::ab12#1",
            sentence="Die organische Reichweite sank.",
            language="de",
        ),
        Citation(
            2,
            "Newsletter als eigener Kanal",
            "",
            "https://example.org/newsletter",
            "newsletter.de::0000::cd34",
            "newsletter.de",
            "Ein Newsletter gehört Ihnen.",
        ),
    )
    assert answer.answer == AnswerNote(
        "playbook",
        "fake",
        None,
        suggestions=("Wie baue ich einen Newsletter auf?",),
        entry="meta-dependence",
        sections=("meta-reach#2",),
        tailored=True,
    )
    stats = conversation_stats(services, CONVERSATION_ID, actor=SHARED)
    assert stats is not None and stats.summary.de == "Meta: 79,3 % der Reichweite"
    assert dict(stats.figures) == {
        "meta_reach_share": 0.793,
        "top_platform": "instagram",
        "posts": None,
    }


def test_citations_round_trip_and_tolerate_older_and_unknown_keys() -> None:
    cite = Citation(3, "T", "H", "https://example.org", "c", "d", "E", "s#1", "S", "en")
    assert citation_rows([cite]) == [
        {
            "number": 3,
            "title": "T",
            "heading": "H",
            "url": "https://example.org",
            "chunk_id": "c",
            "doc_id": "d",
            "excerpt": "E",
            "sentence_id": "s#1",
            "sentence": "S",
            "language": "en",
        }
    ]
    assert citations_from(citation_rows([cite])) == (cite,)
    older = {k: v for k, v in citation_rows([cite])[0].items() if k not in ("sentence", "language")}
    assert citations_from([{**older, "score": 0.5}]) == (
        Citation(3, "T", "H", "https://example.org", "c", "d", "E", "s#1"),
    )
