"""Plans: the inputs as the form and the command line give them (:func:`plan_inputs`),
generate, revise and complete a plan, and compare it with newer exports.

The app and the CLI behave the same: when the chat model cannot be built (no key, no model
files, server down), the plan is saved with every figure, target and the timeline, and the
outcome names what is missing and why; the narrative can be written later
(:func:`complete_plan`). Without a knowledge index the narrative holds the fixed texts only
(the model writes only from evidence).

Every use case acts for an :class:`~channelwise.access.Actor`: a signed-in user only ever
reaches their own plans (also by link); someone else's is a plan that does not exist.
Plans reach the store as documents with a schema version and come back upgraded
(:mod:`channelwise.services.records`, :mod:`channelwise.plans.storage`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from channelwise.access import Actor
from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language
from channelwise.services.records import load_plan, save_plan

if TYPE_CHECKING:
    from channelwise.db import PlanSummary, VersionSummary
    from channelwise.grounding.grounder import Grounder
    from channelwise.plans import ActualsReport, Plan, PlanInputs
    from channelwise.plans.narrative import ProgressCallback
    from channelwise.plans.records import Ambition
    from channelwise.services.root import Services
    from channelwise.stats import Platform, StatsResult

_AMBITION_WORDS: dict[str, Ambition] = {
    "cautious": "cautious",
    "vorsichtig": "cautious",
    "balanced": "balanced",
    "ausgewogen": "balanced",
    "ambitious": "ambitious",
    "ehrgeizig": "ambitious",
}


def plan_inputs(
    *,
    language: Language,
    goals: Iterable[str] = (),
    hours_per_week: float = 10.0,
    budget_per_month: float = 0.0,
    audience: str = "",
    markets: str | Iterable[str] = (),
    industry: str = "",
    languages: Iterable[str] = (),
    avoid: Iterable[str | Platform] = (),
    keep: Iterable[str | Platform] = (),
    ambition: str = "balanced",
    start: str | date | None = None,
) -> PlanInputs:
    """The answers of the plans page's form and of ``channelwise plan``, checked, as the
    inputs of a plan in ``language``. Every problem is a PlanInputError that says what to
    change, the same in the app and the CLI.

    No goal means resilience; goals and ambition are English or German words in any case
    (``Reichweite``, ``ehrgeizig``); platforms are names or short names (``ig``); markets
    may be separated by commas (``"DE, AT"``) or given one by one; no content language
    means the plan's language; ``start`` is a date or ``YYYY-MM-DD`` (default: the next
    Monday when the plan is made). Hours, budget and the platform lists are checked by
    :func:`channelwise.plans.make_inputs`.
    """
    from channelwise.plans import make_inputs

    texts = [markets] if isinstance(markets, str) else markets
    return make_inputs(
        goals=list(goals) or ["resilience"],
        hours_per_week=hours_per_week,
        budget_per_month=budget_per_month,
        audience=audience,
        markets=tuple(m.strip() for text in texts for m in text.split(",") if m.strip()),
        industry=industry,
        languages=tuple(languages) or (language,),
        avoid=avoid,
        keep=keep,
        ambition=_ambition(ambition),
        language=language,
        start=_start(start),
    )


def _ambition(text: str) -> Ambition:
    from channelwise.plans import PlanInputError
    from channelwise.plans.records import AMBITIONS

    ambition = _AMBITION_WORDS.get(text.strip().lower())
    if ambition is None:
        raise PlanInputError(
            f"Unknown ambition '{text}': choose one of {', '.join(AMBITIONS)}.",
            f"Unbekannte Ambition „{text}“: wählen Sie cautious (vorsichtig), balanced "
            "(ausgewogen) oder ambitious (ehrgeizig).",
        )
    return ambition


def _start(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        from channelwise.plans import PlanInputError

        raise PlanInputError(
            f"The start date '{value}' is not a date: use YYYY-MM-DD.",
            f"Das Startdatum „{value}“ ist kein Datum: Format JJJJ-MM-TT.",
        ) from None


@dataclass(frozen=True)
class PlanOutcome:
    plan: Plan
    """The plan as saved (with its id and version)."""
    model_error: ChannelwiseError | None = None
    """Why the model wrote nothing: the plan holds the figures only."""
    index_error: ChannelwiseError | None = None
    """Why the narrative has no sources (no knowledge index)."""


def _grounder(services: Services) -> tuple[Grounder | None, ChannelwiseError | None]:
    """The grounding layer the narrative is written from, or why there is none."""
    try:
        services.retriever.info()  # fails now, not in the middle of the plan, when no index
    except ChannelwiseError as err:
        return None, err
    return services.grounder, None


def generate_plan(
    services: Services,
    inputs: PlanInputs,
    stats: StatsResult | None = None,
    *,
    actor: Actor,
    use_model: bool = True,
    conversation_id: str | None = None,
    on_section: ProgressCallback | None = None,
    on_skeleton: Callable[[Plan], None] | None = None,
) -> PlanOutcome:
    """Figures and timeline from code, the narrative from evidence and the checked model,
    saved as version 1. ``on_skeleton`` hears the plan with every figure at once, before
    any section is written; ``on_section`` then hears each section as it is finished."""
    from channelwise.plans import skeleton_plan

    plan = skeleton_plan(inputs, stats)
    if on_skeleton is not None:
        on_skeleton(plan)
    store = services.store
    if not use_model:
        return PlanOutcome(
            save_plan(store, plan, conversation_id=conversation_id, owner=actor.owner)
        )
    outcome = _write_missing(services, plan, on_section)
    saved = save_plan(store, outcome.plan, conversation_id=conversation_id, owner=actor.owner)
    return PlanOutcome(saved, outcome.model_error, outcome.index_error)


def _write_missing(
    services: Services, plan: Plan, on_section: ProgressCallback | None
) -> PlanOutcome:
    """The model writes the parts the plan still lacks (all of them for a new plan)."""
    from channelwise.plans import complete_plan as write_missing

    backend = None
    model_error: ChannelwiseError | None = None
    try:
        backend = services.backend()
    except ChannelwiseError as err:
        model_error = err  # the playbook and the sources still write most of it
    grounder, index_error = _grounder(services)
    written = write_missing(plan, backend, grounder, on_section=on_section)
    return PlanOutcome(written, model_error, index_error)


def revise_plan(
    services: Services,
    plan_id: str,
    request: str,
    *,
    actor: Actor,
    version: int | None = None,
    write_missing: bool = False,
    on_section: ProgressCallback | None = None,
) -> PlanOutcome:
    """A new version from a request ("only 5 hours a week", "kein TikTok") applied to
    ``version`` (default: the latest); parts that no longer fit are marked missing, and
    written by the model when ``write_missing``."""
    from channelwise.plans import revise

    revised = revise(open_plan(services, plan_id, version, actor=actor), request)
    outcome = _write_missing(services, revised, on_section) if write_missing else None
    plan = outcome.plan if outcome else revised
    saved = save_plan(services.store, plan, owner=actor.owner)
    if outcome is None:
        return PlanOutcome(saved)
    return PlanOutcome(saved, outcome.model_error, outcome.index_error)


def complete_plan(
    services: Services,
    plan_id: str,
    *,
    actor: Actor,
    version: int | None = None,
    on_section: ProgressCallback | None = None,
) -> PlanOutcome | None:
    """Write the missing parts into a new version; None when nothing is missing. Without a
    model they are written from the playbook and the sources, and ``model_error`` says why
    the model wrote nothing."""
    plan = open_plan(services, plan_id, version, actor=actor)
    if not plan.missing:
        return None
    outcome = _write_missing(services, plan, on_section)
    saved = save_plan(services.store, outcome.plan, owner=actor.owner)
    return PlanOutcome(saved, outcome.model_error, outcome.index_error)


def compare_with_actuals(
    services: Services,
    plan_id: str,
    stats: StatsResult,
    *,
    actor: Actor,
    version: int | None = None,
) -> tuple[Plan, ActualsReport]:
    """The saved plan, and each of its KPIs against the figures of newer exports."""
    from channelwise.plans import compare_actuals

    plan = open_plan(services, plan_id, version, actor=actor)
    return plan, compare_actuals(plan, stats)


def open_plan(
    services: Services, plan_id: str, version: int | None = None, *, actor: Actor
) -> Plan:
    """The latest version, or ``version``; a PlanNotFoundError when the actor has no such
    plan, a StoredPlanError when a newer channelwise saved it."""
    return load_plan(services.store, plan_id, version, owner=actor.owner)


def plan_versions(services: Services, plan_id: str, *, actor: Actor) -> list[VersionSummary]:
    """The plan's versions, oldest first; a PlanNotFoundError when the actor has no such
    plan."""
    versions = services.store.list_versions(plan_id, owner=actor.owner)
    if not versions:
        open_plan(services, plan_id, actor=actor)  # raises the message that says what to do
    return versions


def list_plans(services: Services, *, actor: Actor) -> list[PlanSummary]:
    """The actor's plans, the latest first."""
    return services.store.list_plans(owner=actor.owner)
