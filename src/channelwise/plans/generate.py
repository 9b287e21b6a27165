"""High-level plan operations the UI and CLI call: skeleton, full plan, fill missing parts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from channelwise.i18n import register, t
from channelwise.plans.narrative import ProgressCallback, write_narrative
from channelwise.plans.records import Plan, PlanInputs
from channelwise.plans.skeleton import build_skeleton, situation_from_answers, situation_from_stats
from channelwise.providers.factory import ChatBackend
from channelwise.stats import StatsResult

if TYPE_CHECKING:
    from channelwise.grounding.grounder import Grounder

register(
    {
        "plan.title": {
            "en": "Platform diversification plan",
            "de": "Plan zur Plattform-Diversifizierung",
        }
    }
)


def skeleton_plan(
    inputs: PlanInputs,
    stats: StatsResult | None = None,
    *,
    today: date | None = None,
    title: str | None = None,
) -> Plan:
    """A plan with every figure, target and timeline slot, and no narrative yet (instant)."""
    lang = inputs.language
    situation = (
        situation_from_stats(stats, lang) if stats is not None else (situation_from_answers(inputs))
    )
    return Plan(
        created_at=datetime.now(UTC),
        title=title or t("plan.title", lang),
        inputs=inputs,
        skeleton=build_skeleton(inputs, situation, today=today),
    )


def make_plan(
    inputs: PlanInputs,
    stats: StatsResult | None,
    backend: ChatBackend | None,
    grounder: Grounder | None = None,
    *,
    on_section: ProgressCallback | None = None,
    today: date | None = None,
    title: str | None = None,
) -> Plan:
    """Skeleton plus narrative (the playbook and evidence from ``grounder``'s index, checked
    model sentences); ``on_section`` streams the sections in."""
    plan = skeleton_plan(inputs, stats, today=today, title=title)
    return write_narrative(plan, backend, grounder, on_section=on_section)


def complete_plan(
    plan: Plan,
    backend: ChatBackend | None,
    grounder: Grounder | None = None,
    *,
    on_section: ProgressCallback | None = None,
) -> Plan:
    """Write only the parts that are missing (after a model failure, or after a revision)."""
    from channelwise.plans.records import section_keys

    have = {s.key for s in plan.sections if s.status != "missing"}
    todo = [k for k in section_keys(plan.skeleton) if k not in have]
    if not todo:
        return plan
    return write_narrative(plan, backend, grounder, only=todo, on_section=on_section)
