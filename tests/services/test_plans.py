"""Plan use cases, as the plans page and `channelwise plan` call them."""

from __future__ import annotations

import pytest

from channelwise.access import SHARED_WORKSPACE as SHARED
from channelwise.errors import ModelError
from channelwise.plans import Plan, SectionEvent, make_inputs, section_keys
from channelwise.services import Services
from channelwise.services.plans import (
    compare_with_actuals,
    complete_plan,
    generate_plan,
    revise_plan,
)
from channelwise.services.records import load_plan
from channelwise.stats import StatsResult
from tests.plans.conftest import START, analyze
from tests.services.conftest import fake

INPUTS = make_inputs(goals=["reach"], hours_per_week=10, language="de", start=START)
#: How each section of the template's plan is written over the fixture knowledge base.
MODES = {
    "situation": "code",
    "channel:instagram": "evidence",
    "channel:x": "code",
    "channel:website": "evidence",
    "channel:newsletter": "evidence",
    "owned": "evidence",
    "content": "code",
    "ai": "code",
    "timeline": "code",
    "risks": "code",
}


@pytest.fixture
def template() -> StatsResult:
    return analyze("generic/template_filled.csv")


def test_a_plan_is_written_with_sources_and_saved(
    services: Services, template: StatsResult
) -> None:
    events = []
    outcome = generate_plan(services, INPUTS, template, on_section=events.append, actor=SHARED)
    assert (outcome.model_error, outcome.index_error) == (None, None)
    plan = outcome.plan
    assert plan.version == 1 and plan.complete
    assert fake(services).received, "the prose sections asked the model"
    # the fixture knowledge base has no playbook: the channels quote their sources, and the
    # fake's restatements did not pass the check, so no text is by the model
    assert {s.key: s.mode for s in plan.sections} == MODES
    assert plan.model is None
    assert len(plan.sources) == 4
    assert load_plan(services.store, str(plan.id), owner=None) == plan
    assert [e.status for e in events if e.key == "situation"] == ["writing", "written"]


def test_the_skeleton_comes_first_then_each_section_with_the_plan_so_far(
    services: Services, template: StatsResult
) -> None:
    heard: list[tuple[str, Plan]] = []

    def on_section(event: SectionEvent) -> None:
        if event.plan is not None:
            heard.append((event.key, event.plan))

    outcome = generate_plan(
        services,
        INPUTS,
        template,
        actor=SHARED,
        on_skeleton=lambda plan: heard.append(("skeleton", plan)),
        on_section=on_section,
    )
    first, skeleton = heard[0]
    assert first == "skeleton" and skeleton.sections == ()
    assert skeleton.skeleton == outcome.plan.skeleton  # every figure, the mix, KPIs at once
    keys = section_keys(skeleton.skeleton)
    assert [key for key, _ in heard[1:]] == keys
    assert [len(plan.sections) for _, plan in heard[1:]] == list(range(1, len(keys) + 1))


def test_without_a_model_the_plan_is_written_from_the_sources_and_says_why(
    without_model: Services, template: StatsResult
) -> None:
    outcome = generate_plan(without_model, INPUTS, template, actor=SHARED)
    assert isinstance(outcome.model_error, ModelError)
    assert "OPENAI_API_KEY" in outcome.model_error.localized("de")
    plan = load_plan(without_model.store, str(outcome.plan.id), owner=None)
    assert plan.complete and plan.missing == []
    assert {s.key: s.mode for s in plan.sections} == MODES
    assert plan.model is None and len(plan.sources) == 4
    meta = plan.skeleton.kpi("meta_reach_share")
    assert meta is not None and meta.baseline == pytest.approx(48_000 / 60_500)


def test_revise_then_complete_makes_new_versions(services: Services, template: StatsResult) -> None:
    first = generate_plan(services, INPUTS, template, actor=SHARED).plan
    revised = revise_plan(services, str(first.id), "20 Stunden pro Woche", actor=SHARED).plan
    assert (revised.version, revised.inputs.hours_per_week) == (2, 20)
    # a test channel the hours now allow; the situation names channels by role, so it is redone
    assert revised.missing == ["situation", "channel:youtube"]
    completed = complete_plan(services, str(first.id), actor=SHARED)
    assert completed is not None
    assert (completed.plan.version, completed.plan.missing) == (3, [])
    assert complete_plan(services, str(first.id), actor=SHARED) is None  # nothing left to write
    assert [v.version for v in services.store.list_versions(str(first.id), owner=None)] == [1, 2, 3]


def test_revision_with_writing_fills_the_gaps_in_one_version(
    services: Services, template: StatsResult
) -> None:
    first = generate_plan(services, INPUTS, template, actor=SHARED).plan
    outcome = revise_plan(services, str(first.id), "mit TikTok", write_missing=True, actor=SHARED)
    assert (outcome.plan.version, outcome.plan.missing) == (2, [])
    tiktok = outcome.plan.section("channel:tiktok")
    assert tiktok is not None and tiktok.status == "written"


def test_completing_without_a_model_writes_from_the_sources_and_says_why(
    without_model: Services, template: StatsResult
) -> None:
    plan = generate_plan(without_model, INPUTS, template, use_model=False, actor=SHARED).plan
    assert plan.sections == () and plan.missing[0] == "situation"
    outcome = complete_plan(without_model, str(plan.id), actor=SHARED)
    assert outcome is not None and isinstance(outcome.model_error, ModelError)
    assert (outcome.plan.version, outcome.plan.missing) == (2, [])
    assert {s.key: s.mode for s in outcome.plan.sections} == MODES
    assert [v.version for v in without_model.store.list_versions(str(plan.id), owner=None)] == [
        1,
        2,
    ]


def test_an_older_version_can_be_revised(services: Services, template: StatsResult) -> None:
    first = generate_plan(services, INPUTS, template, use_model=False, actor=SHARED).plan
    revise_plan(services, str(first.id), "nur 5 Stunden pro Woche", actor=SHARED)
    again = revise_plan(services, str(first.id), "ehrgeiziger", version=1, actor=SHARED).plan
    assert (again.version, again.inputs.hours_per_week, again.inputs.ambition) == (
        3,
        10,
        "ambitious",
    )
    assert fake(services).received == []  # use_model=False and revisions ask no model


def test_actuals_compare_the_saved_plan_with_newer_exports(
    services: Services, template: StatsResult
) -> None:
    plan = generate_plan(services, INPUTS, template, use_model=False, actor=SHARED).plan
    saved, report = compare_with_actuals(services, str(plan.id), template, actor=SHARED)
    assert saved == plan
    meta = next(i for i in report.items if i.kpi.key == "meta_reach_share")
    assert meta.current == pytest.approx(48_000 / 60_500)
    assert meta.progress == 0.0  # the same exports: no progress yet
