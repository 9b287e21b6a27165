"""The deterministic skeleton: situation figures, target mix, KPIs, timeline, risks.

Every figure comes from :mod:`channelwise.stats` (shares, HHI, what-if) or from the
arithmetic below, documented where it happens:

* **Hours.** Each channel gets the planning hours of its kind (``catalog.PROFILES``); a
  channel to *maintain* gets half (at least 1 h). If that needs more than the team has,
  new test channels are dropped (weakest first), then every channel is scaled down to fit
  (at least 1 h). Spare hours go to the growing channels in proportion to their hours.
  Hours are rounded down to quarter hours.
* **Target mix (shares of reach).** Channels to maintain (Meta platforms and any platform
  above half the reach) keep ``1 - SHIFT[ambition]`` of their share; channels to phase out
  go to 0. The freed share goes to the growing, owned and test channels in proportion to
  their planned hours. Without reach figures the target mix is proportional to the hours.
* **KPI targets.** Meta share, concentration (HHI) and owned share of the target mix; total
  reach such that the maintained channels hold their reach at their smaller target share
  (``held reach / target share``); each growing channel's reach = total target x its
  target share; audiences grow by ``AUDIENCE_GROWTH[ambition][role]``; engagement rates
  (community goal) by ``ER_GAIN[ambition]``.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from channelwise.i18n import Language, t
from channelwise.plans.catalog import NEW_CHANNEL_CANDIDATES, PROFILES, Goal
from channelwise.plans.kpis import build_kpis
from channelwise.plans.model import (
    MIN_CHANNEL_HOURS,
    Ambition,
    ChannelFigures,
    PlanInputs,
    Role,
    Situation,
    Skeleton,
    TargetChannel,
)
from channelwise.plans.texts import short_number
from channelwise.plans.timeline import build_risks, build_timeline
from channelwise.stats import (
    META_PLATFORMS,
    OWNED_PLATFORMS,
    Metric,
    Platform,
    StatsResult,
    concentration,
    engagement_rate,
    follower_growth,
    follower_shares,
    format_percent,
    meta_share,
    owned_share,
    reach_shares,
    shares,
    what_if_meta_drop,
)

#: Fraction of their share the maintained channels hand over within 90 days.
SHIFT: dict[Ambition, float] = {"cautious": 0.10, "balanced": 0.20, "ambitious": 0.30}
#: Number of new channels to test.
TESTS: dict[Ambition, int] = {"cautious": 1, "balanced": 1, "ambitious": 2}
DOMINANT_SHARE = 0.5

_B2B_WORDS = (
    "b2b",
    "software",
    "saas",
    "consult",
    "beratung",
    "agentur",
    "agency",
    "industrie",
    "industry",
    "maschinenbau",
    "dienstleist",
    "recruit",
    "kanzlei",
    "law firm",
    "it-",
)
_YOUNG_WORDS = ("young", "jung", "gen z", "teen", "student", "schüler", "azubi")
_VISUAL_WORDS = (
    "diy",
    "food",
    "rezept",
    "recipe",
    "interior",
    "wohnen",
    "wedding",
    "hochzeit",
    "fashion",
    "mode",
    "garden",
    "garten",
    "travel",
    "reise",
    "craft",
    "basteln",
)


# --- situation ---------------------------------------------------------------------------


def situation_from_stats(
    result: StatsResult, lang: Language = "en", *, what_if_drop: float = 0.5
) -> Situation:
    """The figures of a stats result, all computed by :mod:`channelwise.stats`."""
    mix = result.mix
    r_shares = reach_shares(mix)
    a_shares = follower_shares(mix)
    channels = []
    for p in mix.platforms:
        growth = follower_growth(p)
        er = engagement_rate(p)
        basis = p.reach_basis
        channels.append(
            ChannelFigures(
                platform=p.platform,
                reach=p.reach,
                reach_basis=basis.value if basis else None,
                reach_share=r_shares.get(p.platform),
                audience=p.audience,
                audience_share=a_shares.get(p.platform),
                growth_relative=growth.relative if growth else None,
                engagement_rate=er.rate if er else None,
                posts=p.value(Metric.POSTS),
                period_days=p.period.days,
            )
        )
    reach = mix.reach()
    conc = concentration(reach)
    scenario = what_if_meta_drop(reach, what_if_drop) if reach else None
    starts = [p.period.start for p in mix.platforms if p.period.start]
    ends = [p.period.end for p in mix.platforms if p.period.end]
    start, end = (min(starts), max(ends)) if starts and ends else (None, None)
    return Situation(
        source="stats",
        channels=tuple(channels),
        meta_reach_share=meta_share(r_shares) if r_shares else None,
        meta_audience_share=meta_share(a_shares) if a_shares else None,
        owned_reach_share=owned_share(r_shares) if r_shares else None,
        total_reach=scenario.before if scenario else None,
        hhi=conc.hhi if conc else None,
        band=conc.band if conc else None,
        effective_platforms=conc.effective_platforms if conc else None,
        what_if_drop=what_if_drop,
        what_if_lost_share=scenario.lost_share if scenario else None,
        period_start=start,
        period_end=end,
        period_days=(end - start).days + 1 if start and end else None,
        warnings=tuple(w.text(lang) for w in result.warnings),
    )


def situation_from_answers(inputs: PlanInputs) -> Situation:
    """Without exports: the channels the manager keeps, with the followers they state."""
    platforms = list(dict.fromkeys([*inputs.keep, *inputs.current_audience]))
    a_shares = shares({p: v for p, v in inputs.current_audience.items()})
    channels = tuple(
        ChannelFigures(
            platform=p,
            audience=inputs.current_audience.get(p),
            audience_share=a_shares.get(p),
        )
        for p in platforms
    )
    return Situation(
        source="answers",
        channels=channels,
        meta_audience_share=meta_share(a_shares) if a_shares else None,
    )


# --- skeleton ----------------------------------------------------------------------------


def next_monday(today: date) -> date:
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def build_skeleton(
    inputs: PlanInputs,
    situation: Situation,
    *,
    today: date | None = None,
    start: date | None = None,
) -> Skeleton:
    """Everything with a number in it; ``start`` overrides ``inputs.start`` (revisions)."""
    lang = inputs.language
    roles, scores = _roles(inputs, situation)
    hours, needed = _allocate_hours(inputs, situation, roles, scores)
    roles = {p: r for p, r in roles.items() if p in hours}
    current = {c.platform: c.reach_share for c in situation.channels}
    targets = target_shares(
        roles, hours, {p: s for p, s in current.items() if s is not None}, SHIFT[inputs.ambition]
    )
    channels = tuple(
        TargetChannel(
            platform=p,
            role=role,
            current_share=current.get(p),
            target_share=targets.get(p, 0.0),
            hours_per_week=hours[p],
            posts_per_week=posts_per_week(p, hours[p]) if role != "phase_out" else 0.0,
            reasons=tuple(_reasons(p, role, inputs, situation, hours[p], lang)),
        )
        for p, role in _ordered(roles, targets)
    )
    kpis, total_target = build_kpis(inputs, situation, channels)
    start = start or inputs.start or next_monday(today or date.today())
    return Skeleton(
        situation=situation,
        channels=channels,
        kpis=tuple(kpis),
        timeline=tuple(build_timeline(channels, start, lang)),
        risks=tuple(build_risks(inputs, situation, channels, needed)),
        hours_used=sum(hours.values()),
        total_reach_target=total_target,
        start=start,
    )


def _is_b2b(inputs: PlanInputs) -> bool:
    text = f"{inputs.industry} {inputs.audience}".lower()
    return any(w in text for w in _B2B_WORDS)


def candidate_score(platform: Platform, inputs: PlanInputs) -> int:
    profile = PROFILES[platform]
    score = sum(profile.fit[g] for g in inputs.goals)
    text = f"{inputs.industry} {inputs.audience}".lower()
    if profile.b2b and _is_b2b(inputs):
        score += 3
    if platform is Platform.TIKTOK and any(w in text for w in _YOUNG_WORDS):
        score += 2
    if platform is Platform.PINTEREST and any(w in text for w in _VISUAL_WORDS):
        score += 2
    return score


def _roles(
    inputs: PlanInputs, situation: Situation
) -> tuple[dict[Platform, Role], dict[Platform, int]]:
    avoid = set(inputs.avoid)
    roles: dict[Platform, Role] = {}
    for c in situation.channels:
        share = max(c.reach_share or 0.0, c.audience_share or 0.0)
        if c.platform in avoid:
            roles[c.platform] = "phase_out"
        elif c.platform in OWNED_PLATFORMS:
            roles[c.platform] = "owned"
        elif c.platform in META_PLATFORMS or share > DOMINANT_SHARE:
            roles[c.platform] = "maintain"
        else:
            roles[c.platform] = "grow"
    for p in inputs.keep:
        if p not in roles:
            roles[p] = (
                "owned" if p in OWNED_PLATFORMS else ("maintain" if p in META_PLATFORMS else "grow")
            )
    if not any(r == "owned" for r in roles.values()):
        for owned in (Platform.NEWSLETTER, Platform.WEBSITE):
            if owned not in avoid:
                roles[owned] = "owned"
                break
    scores = {
        p: candidate_score(p, inputs)
        for p in NEW_CHANNEL_CANDIDATES
        if p not in roles and p not in avoid
    }
    ranked = sorted(scores, key=lambda p: (-scores[p], NEW_CHANNEL_CANDIDATES.index(p)))
    for p in ranked[: TESTS[inputs.ambition]]:
        roles[p] = "test"
    return roles, scores


def _base_hours(platform: Platform, role: Role) -> float:
    base = PROFILES[platform].base_hours
    if role == "phase_out":
        return 0.0
    if role == "maintain":
        return max(MIN_CHANNEL_HOURS, base / 2)
    return base


def _floor_quarter(value: float) -> float:
    return math.floor(value * 4 + 1e-9) / 4


def _allocate_hours(
    inputs: PlanInputs,
    situation: Situation,
    roles: dict[Platform, Role],
    scores: dict[Platform, int],
) -> tuple[dict[Platform, float], float]:
    """Hours per channel (see the module docstring) and the hours all channels would need."""
    budget = inputs.hours_per_week
    base = {p: _base_hours(p, r) for p, r in roles.items()}
    tests = sorted((p for p, r in roles.items() if r == "test"), key=lambda p: scores.get(p, 0))
    while sum(base.values()) > budget and tests:
        del base[tests.pop(0)]  # weakest test first
    total = needed = sum(base.values())
    hours: dict[Platform, float]
    if total > budget:
        factor = budget / total
        hours = {p: 0.0 if h == 0 else max(MIN_CHANNEL_HOURS, h * factor) for p, h in base.items()}
    else:
        hours = dict(base)
        growing = {p: h for p, h in base.items() if roles[p] in ("grow", "owned", "test")}
        receivers = growing or {p: h for p, h in base.items() if h > 0}
        weight = sum(receivers.values())
        spare = budget - total
        for p, h in receivers.items():
            hours[p] += spare * h / weight if weight else 0.0
    return {p: _floor_quarter(h) for p, h in hours.items()}, needed


def posts_per_week(platform: Platform, hours: float) -> float:
    """Posts a week the hours pay for, to the nearest half (at least one every 2 weeks)."""
    return max(0.5, round(hours * PROFILES[platform].posts_per_hour * 2) / 2)


def target_shares(
    roles: dict[Platform, Role],
    hours: dict[Platform, float],
    current: dict[Platform, float],
    shift: float,
) -> dict[Platform, float]:
    """Share of reach per channel after 90 days (see the module docstring)."""
    receivers = {p: hours[p] for p, r in roles.items() if r in ("grow", "owned", "test")}
    if not current:
        active = {p: h for p, h in hours.items() if roles[p] != "phase_out" and h > 0}
        return shares(active)
    targets: dict[Platform, float] = {}
    freed = 0.0
    for p, role in roles.items():
        now = current.get(p, 0.0)
        if role == "maintain":
            targets[p] = now * (1 - shift) if receivers else now
        elif role == "phase_out":
            targets[p] = 0.0
        else:
            targets[p] = now
        freed += now - targets[p]
    weight = sum(receivers.values())
    for p, h in receivers.items():
        targets[p] += freed * h / weight if weight else 0.0
    return targets


_ROLE_ORDER: dict[Role, int] = {"maintain": 0, "grow": 1, "owned": 2, "test": 3, "phase_out": 4}


def _ordered(
    roles: dict[Platform, Role], targets: dict[Platform, float]
) -> list[tuple[Platform, Role]]:
    return sorted(roles.items(), key=lambda kv: (_ROLE_ORDER[kv[1]], -targets.get(kv[0], 0.0)))


def _reasons(
    platform: Platform,
    role: Role,
    inputs: PlanInputs,
    situation: Situation,
    hours: float,
    lang: Language,
) -> list[str]:
    figures = situation.channel(platform)
    share = figures.reach_share if figures else None
    out: list[str] = []
    if role == "phase_out":
        return [t("reason.avoided", lang)]
    if platform in inputs.keep:
        out.append(t("reason.kept", lang))
    if role == "maintain":
        if share is not None and share > DOMINANT_SHARE:
            out.append(t("reason.concentrated", lang, share=format_percent(share, lang)))
        if platform in META_PLATFORMS:
            out.append(t("reason.meta", lang))
    elif role == "owned":
        out.append(t("reason.owned", lang))
    elif role == "grow" and share is not None:
        out.append(t("reason.existing", lang, share=format_percent(share, lang)))
    if role in ("test", "grow", "owned"):
        good = [g for g in inputs.goals if PROFILES[platform].fit[g] >= 2]
        if good:
            out.append(t("reason.goal_fit", lang, goals=_goal_list(good, lang)))
        if PROFILES[platform].b2b and _is_b2b(inputs):
            out.append(t("reason.b2b", lang))
    out.append(t("reason.hours", lang, hours=short_number(hours, lang)))
    return out


def _goal_list(goals: list[Goal], lang: Language) -> str:
    return ", ".join(t(f"goal.{g}", lang) for g in goals)
