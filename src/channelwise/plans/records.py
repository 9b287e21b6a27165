"""The typed plan: the manager's inputs, the computed skeleton and the written narrative.

Every figure lives in the skeleton parts (:class:`Situation`, :class:`TargetChannel`,
:class:`KPI`, :class:`TimelineTask`) and is computed by :mod:`channelwise.plans.skeleton`.
The narrative parts (``Plan.sections``) hold words: fixed texts from code, evidence quoted
from the knowledge base, and sentences a language model wrote that passed the check against
that evidence (:mod:`channelwise.plans.narrative`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from channelwise.i18n import Language
from channelwise.plans.errors import PlanInputError
from channelwise.plans.platform_profiles import (
    GOALS,
    PLANNABLE,
    Goal,
    parse_platform,
    platform_names,
)
from channelwise.sanitize import mask_urls, strip_control
from channelwise.stats import Band, Platform

Ambition = Literal["cautious", "balanced", "ambitious"]
AMBITIONS: tuple[Ambition, ...] = ("cautious", "balanced", "ambitious")
Role = Literal["maintain", "grow", "owned", "test", "phase_out"]
KpiKind = Literal[
    "meta_reach_share", "reach_hhi", "owned_reach_share", "total_reach", "reach", "audience",
    "engagement_rate", "meta_audience_share", "audience_hhi", "owned_audience_share",
]  # fmt: skip
#: What the current and target shares of the channel mix are shares of: reach when every
#: channel has a reach figure, else followers when every channel has a follower count,
#: else the planned weekly hours (no figure compares all channels).
ShareBasis = Literal["reach", "audience", "hours"]

#: Free text (from a user or a model): control characters are dropped when a plan is made and
#: when a stored one is read, so no export (python-docx refuses them) fails on it.
Text = Annotated[str, AfterValidator(strip_control)]

MIN_HOURS = 1.0
MAX_HOURS = 80.0
MIN_CHANNEL_HOURS = 1.0


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlanInputs(_Frozen):
    """What a manager tells us. Build it with :func:`make_inputs` for friendly errors."""

    goals: tuple[Goal, ...] = ("resilience",)
    hours_per_week: float = 10.0
    budget_per_month: float = 0.0
    """Euros a month for tools, ads or freelancers (0 = none)."""
    audience: Text = ""
    markets: tuple[Text, ...] = ()
    industry: Text = ""
    languages: tuple[Language, ...] = ("de",)
    """Languages the content is published in."""
    avoid: tuple[Platform, ...] = ()
    keep: tuple[Platform, ...] = ()
    ambition: Ambition = "balanced"
    language: Language = "en"
    """Language the plan is written in."""
    start: date | None = None
    """First day of the 90 days (default: the next Monday when the plan is made)."""
    current_audience: dict[Platform, float] = Field(default_factory=dict)
    """Followers per channel as the manager states them, used when no exports are given."""

    @model_validator(mode="after")
    def _check(self) -> PlanInputs:
        check_inputs(self)
        return self


def check_inputs(inputs: PlanInputs) -> None:
    """Raise :class:`PlanInputError` for missing, out-of-range or contradictory answers."""
    if not inputs.goals:
        raise PlanInputError(
            "Choose at least one goal: reach, revenue, community or resilience.",
            "Wählen Sie mindestens ein Ziel: Reichweite, Umsatz, Community oder Resilienz.",
        )
    hours = inputs.hours_per_week
    if hours <= 0:
        raise PlanInputError(
            "0 hours a week leaves no time to run any channel. Enter the hours your team can "
            f"really spend each week (at least {MIN_HOURS:g}).",
            "Mit 0 Stunden pro Woche lässt sich kein Kanal betreuen. Geben Sie die Stunden an, "
            f"die Ihr Team pro Woche wirklich aufwenden kann (mindestens {MIN_HOURS:g}).",
        )
    if hours < MIN_HOURS:
        raise PlanInputError(
            f"{hours:g} hours a week is too little for a plan: enter at least {MIN_HOURS:g}.",
            f"{hours:g} Stunden pro Woche reichen für keinen Plan: mindestens {MIN_HOURS:g}.",
        )
    if hours > MAX_HOURS:
        raise PlanInputError(
            f"{hours:g} hours a week is more than two full-time jobs: enter the team's weekly "
            f"hours for social media (at most {MAX_HOURS:g}).",
            f"{hours:g} Stunden pro Woche sind mehr als zwei Vollzeitstellen: Geben Sie die "
            f"wöchentlichen Social-Media-Stunden des Teams an (höchstens {MAX_HOURS:g}).",
        )
    if inputs.budget_per_month < 0:
        raise PlanInputError(
            "The budget cannot be negative: enter 0 if there is none.",
            "Das Budget kann nicht negativ sein: Geben Sie 0 ein, wenn es keines gibt.",
        )
    both = sorted(set(inputs.avoid) & set(inputs.keep), key=lambda p: p.value)
    if both:
        names = ", ".join(p.label for p in both)
        raise PlanInputError(
            f"{names} is both to avoid and to keep. Decide for each platform: remove it from "
            "one of the two lists.",
            f"{names} steht sowohl bei „vermeiden“ als auch bei „behalten“. Entscheiden Sie "
            "sich je Plattform und streichen Sie sie aus einer der beiden Listen.",
        )
    if set(inputs.avoid) >= PLANNABLE:
        raise PlanInputError(
            "Every platform is excluded, including newsletter and website, so there is nothing "
            "left to plan. Remove at least one platform from the avoid list.",
            "Alle Plattformen sind ausgeschlossen, auch Newsletter und Website: Es bleibt "
            "nichts zu planen. Nehmen Sie mindestens eine Plattform von der Ausschlussliste.",
        )
    needed = MIN_CHANNEL_HOURS * len(set(inputs.keep))
    if needed > hours:
        raise PlanInputError(
            f"You keep {len(set(inputs.keep))} channels but plan {hours:g} hours a week; each "
            f"channel needs at least {MIN_CHANNEL_HOURS:g} hour. Raise the hours or keep fewer "
            "channels.",
            f"Sie behalten {len(set(inputs.keep))} Kanäle, planen aber {hours:g} Stunden pro "
            f"Woche; jeder Kanal braucht mindestens {MIN_CHANNEL_HOURS:g} Stunde. Erhöhen Sie "
            "die Stunden oder behalten Sie weniger Kanäle.",
        )
    negative = [p.label for p, v in inputs.current_audience.items() if v < 0]
    if negative:
        raise PlanInputError(
            f"Follower numbers cannot be negative ({', '.join(negative)}).",
            f"Follower-Zahlen können nicht negativ sein ({', '.join(negative)}).",
        )


_GOAL_WORDS: dict[str, Goal] = {
    "reach": "reach",
    "reichweite": "reach",
    "awareness": "reach",
    "revenue": "revenue",
    "sales": "revenue",
    "umsatz": "revenue",
    "verkauf": "revenue",
    "community": "community",
    "gemeinschaft": "community",
    "resilience": "resilience",
    "resilienz": "resilience",
    "unabhängigkeit": "resilience",
    "independence": "resilience",
}


def parse_goal(text: str) -> Goal:
    goal = _GOAL_WORDS.get(text.strip().lower())
    if goal is None:
        raise PlanInputError(
            f"Unknown goal '{text}': choose one of {', '.join(GOALS)}.",
            f"Unbekanntes Ziel „{text}“: wählen Sie reach (Reichweite), revenue (Umsatz), "
            "community oder resilience (Resilienz).",
        )
    return goal


def parse_platforms(names: Iterable[str | Platform]) -> tuple[Platform, ...]:
    out: list[Platform] = []
    for name in names:
        platform = name if isinstance(name, Platform) else parse_platform(name)
        if platform is None:
            known = ", ".join(platform_names())
            raise PlanInputError(
                f"Unknown platform '{name}'. Known platforms: {known}.",
                f"Unbekannte Plattform „{name}“. Bekannte Plattformen: {known}.",
            )
        if platform not in out:
            out.append(platform)
    return tuple(out)


def make_inputs(
    *,
    goals: Iterable[str] = ("resilience",),
    hours_per_week: float = 10.0,
    avoid: Iterable[str | Platform] = (),
    keep: Iterable[str | Platform] = (),
    **rest: Any,
) -> PlanInputs:
    """Build :class:`PlanInputs` from loose values (CLI, UI form); every error is a
    :class:`PlanInputError` with a message that says what to change."""
    parsed_goals = tuple(dict.fromkeys(parse_goal(g) for g in goals))
    try:
        return PlanInputs(
            goals=parsed_goals,
            hours_per_week=hours_per_week,
            avoid=parse_platforms(avoid),
            keep=parse_platforms(keep),
            **rest,
        )
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e['loc']) or 'input'}: {e['msg']}" for e in err.errors()
        )
        raise PlanInputError(
            f"Some plan inputs are invalid ({problems}). Correct them and try again.",
            f"Einige Angaben sind ungültig ({problems}). Bitte korrigieren und erneut versuchen.",
        ) from None


# --- skeleton: figures computed by code ------------------------------------------------


class ChannelFigures(_Frozen):
    """One platform's figures, taken from the stats module's results."""

    platform: Platform
    reach: float | None = None
    reach_basis: str | None = None
    reach_share: float | None = None
    audience: float | None = None
    audience_share: float | None = None
    growth_relative: float | None = None
    engagement_rate: float | None = None
    posts: float | None = None
    period_days: int | None = None


class Situation(_Frozen):
    """Where the manager stands: from uploaded exports, or from their answers."""

    source: Literal["stats", "answers"]
    channels: tuple[ChannelFigures, ...] = ()
    meta_reach_share: float | None = None
    meta_audience_share: float | None = None
    owned_reach_share: float | None = None
    owned_audience_share: float | None = None
    audience_hhi: float | None = None
    total_reach: float | None = None
    hhi: float | None = None
    band: Band | None = None
    effective_platforms: float | None = None
    what_if_drop: float = 0.5
    what_if_lost_share: float | None = None
    period_start: date | None = None
    period_end: date | None = None
    period_days: int | None = None
    warnings: tuple[str, ...] = ()

    def channel(self, platform: Platform) -> ChannelFigures | None:
        return next((c for c in self.channels if c.platform == platform), None)

    def reach(self) -> dict[Platform, float]:
        return {c.platform: c.reach for c in self.channels if c.reach is not None}


class TargetChannel(_Frozen):
    platform: Platform
    role: Role
    current_share: float | None
    """Share now on the skeleton's share basis (None when not measured)."""
    target_share: float
    """Share on the same basis the plan aims for after 90 days."""
    hours_per_week: float
    posts_per_week: float
    reasons: tuple[str, ...]
    """Reason codes (see :mod:`channelwise.plans.texts`), rendered in the plan's language."""


class KPI(_Frozen):
    key: str
    """Unique, e.g. ``meta_reach_share`` or ``audience:newsletter``."""
    kind: KpiKind
    platform: Platform | None = None
    baseline: float | None
    target: float
    direction: Literal["up", "down"]
    unit: Literal["share", "count", "index", "rate"]
    basis: str
    """Where the baseline comes from and how the target was computed, in the plan's language."""


class TimelineTask(_Frozen):
    phase: Literal[30, 60, 90]
    week: int
    """1-13, counted from the plan's start."""
    start: date
    end: date
    task: str
    """Text in the plan's language."""
    platform: Platform | None = None
    hours: float | None = None
    source: Literal["skeleton", "model"] = "skeleton"


class Risk(_Frozen):
    code: str
    risk: str
    mitigation: str


class Skeleton(_Frozen):
    situation: Situation
    channels: tuple[TargetChannel, ...]
    kpis: tuple[KPI, ...]
    timeline: tuple[TimelineTask, ...]
    risks: tuple[Risk, ...]
    hours_used: float
    total_reach_target: float | None = None
    start: date
    """First day of the 90 days."""
    share_basis: ShareBasis = "reach"
    share_basis_note: str = ""
    """Which figure the shares compare and why, in the plan's language."""

    def channel(self, platform: Platform) -> TargetChannel | None:
        return next((c for c in self.channels if c.platform == platform), None)

    def kpi(self, key: str) -> KPI | None:
        return next((k for k in self.kpis if k.key == key), None)


# --- narrative: words from code, evidence and the checked model -------------------------


class _Draft(BaseModel):
    """The words of one section. Unknown keys are ignored; text must not be empty."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)


NonEmpty = Annotated[Text, Field(min_length=3, max_length=1200)]
Items = Annotated[list[NonEmpty], Field(min_length=1, max_length=8)]


class SituationDraft(_Draft):
    kind: Literal["situation"] = "situation"
    summary: NonEmpty


class ChannelDraft(_Draft):
    kind: Literal["channel"] = "channel"
    why: NonEmpty
    formats: Items
    first_experiment: NonEmpty
    actions: Items


class OwnedDraft(_Draft):
    kind: Literal["owned"] = "owned"
    summary: NonEmpty
    steps: Items


class ContentDraft(_Draft):
    kind: Literal["content"] = "content"
    summary: NonEmpty
    ideas: Items


class AIDraft(_Draft):
    kind: Literal["ai"] = "ai"
    summary: NonEmpty
    rules: Items


class TimelineDraft(_Draft):
    kind: Literal["timeline"] = "timeline"
    d30: Items
    d60: Items
    d90: Items


class RiskItem(_Draft):
    risk: NonEmpty
    mitigation: NonEmpty


class RisksDraft(_Draft):
    kind: Literal["risks"] = "risks"
    risks: Annotated[list[RiskItem], Field(min_length=1, max_length=6)]


AnyDraft = (
    SituationDraft | ChannelDraft | OwnedDraft | ContentDraft | AIDraft | TimelineDraft | RisksDraft
)
Draft = Annotated[
    SituationDraft
    | ChannelDraft
    | OwnedDraft
    | ContentDraft
    | AIDraft
    | TimelineDraft
    | RisksDraft,
    Field(discriminator="kind"),
]


SectionMode = Literal["model", "playbook", "evidence", "code"]


class Section(_Frozen):
    """One narrative part: written, or missing with the reason."""

    key: str
    """``situation``, ``channel:<platform>``, ``owned``, ``content``, ``ai``, ``timeline``,
    ``risks``."""
    status: Literal["written", "repaired", "missing"]
    """``repaired`` only in plans saved before the narrative was checked sentence by sentence."""
    content: Draft | None = None
    error: str | None = None
    """Why the part is missing, or why the model's sentences were not used."""
    mode: SectionMode | None = None
    """Who wrote the prose: ``model`` (sentences that passed the check against the evidence),
    ``evidence`` (a quoted evidence sentence next to the fixed text), ``code`` (fixed text
    only: the part needs no prose, or no evidence was found). None in older plans."""


class PlanSource(_Frozen):
    number: int
    title: str
    heading: str
    url: str
    chunk_id: str
    doc_id: str
    excerpt: str
    language: Language | None = None
    """The passage's language (None in plans saved before it was recorded)."""


class Plan(_Frozen):
    id: str | None = None
    version: int = 1
    created_at: datetime
    title: Text
    inputs: PlanInputs
    skeleton: Skeleton
    sections: tuple[Section, ...] = ()
    sources: tuple[PlanSource, ...] = ()
    """Passages the narrative cites; ``[n]`` in any section is ``sources[n-1]``."""
    model: Annotated[str, AfterValidator(mask_urls)] | None = None
    """Which model wrote the text; a server's URL without credentials (also in plans saved
    before the URL was masked)."""
    revision_request: Text | None = None

    @property
    def language(self) -> Language:
        return self.inputs.language

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def missing(self) -> list[str]:
        """Keys of narrative parts not written (yet, or because writing them failed)."""
        written = {s.key for s in self.sections if s.status != "missing"}
        return [k for k in section_keys(self.skeleton) if k not in written]

    @property
    def complete(self) -> bool:
        keys = {s.key for s in self.sections if s.status != "missing"}
        return set(section_keys(self.skeleton)) <= keys


def section_keys(skeleton: Skeleton) -> list[str]:
    """Narrative parts a plan with this skeleton needs, in the order they are written."""
    channels = [f"channel:{c.platform.value}" for c in skeleton.channels if c.role != "phase_out"]
    return ["situation", *channels, "owned", "content", "ai", "timeline", "risks"]
