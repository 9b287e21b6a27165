"""The deterministic skeleton: situation figures, target mix, KPIs, timeline, risks.

Every figure comes from :mod:`channelwise.stats` (shares, HHI, what-if) or from the
arithmetic below and in the modules it uses, documented where it happens:

* **Roles.** Avoided platforms are phased out; newsletter and website are owned; Meta
  platforms and any channel above half the mix are maintained; the others grow. New
  channels to test are picked by goal fit (``platform_profiles.PROFILES``).
* **Hours.** See :mod:`channelwise.plans.hours`: planning hours per kind, fitted to the
  budget in quarter hours; they add up to the budget.
* **Target mix.** See :mod:`channelwise.plans.mix`: one stated basis for every share
  (reach, else followers, else hours); maintained channels hand over ``SHIFT[ambition]``
  of their share to the growing ones; every channel with hours gets a share above zero.
* **KPI targets.** See :mod:`channelwise.plans.kpis`.
"""

from __future__ import annotations

from datetime import date, timedelta

from channelwise.i18n import Language, t
from channelwise.plans.hours import allocate_hours
from channelwise.plans.kpis import build_kpis
from channelwise.plans.mix import basis_note, current_shares, share_basis, target_shares
from channelwise.plans.platform_profiles import NEW_CHANNEL_CANDIDATES, PROFILES, Goal
from channelwise.plans.records import (
    Ambition,
    ChannelFigures,
    PlanInputs,
    Role,
    ShareBasis,
    Situation,
    Skeleton,
    TargetChannel,
)
from channelwise.plans.texts import join_names, short_number
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
    hhi,
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
#: Two channels carrying at least this much of the mix are named together.
TWO_CHANNELS_SHARE = 2 / 3

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
        owned_audience_share=owned_share(a_shares) if a_shares else None,
        audience_hhi=hhi(a_shares) if a_shares else None,
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
        owned_audience_share=owned_share(a_shares) if a_shares else None,
        audience_hhi=hhi(a_shares) if a_shares else None,
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
    basis = share_basis(situation)
    current = current_shares(situation, basis)
    roles, scores = _roles(inputs, situation, current)
    existing = frozenset(c.platform for c in situation.channels)
    hours, needed, paused = allocate_hours(inputs, roles, scores, current, existing)
    for p in paused:
        if p in existing:
            roles[p], hours[p] = "phase_out", 0.0
    roles = {p: r for p, r in roles.items() if p in hours}
    targets = target_shares(roles, hours, current, SHIFT[inputs.ambition])
    shown = {c.platform: current.get(c.platform, 0.0) for c in situation.channels}
    channels = tuple(
        TargetChannel(
            platform=p,
            role=role,
            current_share=shown.get(p) if basis != "hours" else None,
            target_share=targets.get(p, 0.0),
            hours_per_week=hours[p],
            posts_per_week=posts_per_week(p, hours[p]) if role != "phase_out" else 0.0,
            reasons=tuple(_reasons(p, role, inputs, basis, current, hours[p], p in paused, lang)),
        )
        for p, role in _ordered(roles, targets)
    )
    kpis, total_target = build_kpis(inputs, situation, channels, basis)
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
        share_basis=basis,
        share_basis_note=basis_note(situation, basis, lang),
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
    inputs: PlanInputs, situation: Situation, current: dict[Platform, float]
) -> tuple[dict[Platform, Role], dict[Platform, int]]:
    """Roles by kind and by the share on the plan's basis (a channel without one grows)."""
    avoid = set(inputs.avoid)
    roles: dict[Platform, Role] = {}
    for c in situation.channels:
        if c.platform in avoid:
            roles[c.platform] = "phase_out"
        elif c.platform in OWNED_PLATFORMS:
            roles[c.platform] = "owned"
        elif c.platform in META_PLATFORMS or current.get(c.platform, 0.0) > DOMINANT_SHARE:
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


def posts_per_week(platform: Platform, hours: float) -> float:
    """Posts a week the hours pay for, to the nearest half (at least one every 2 weeks)."""
    return max(0.5, round(hours * PROFILES[platform].posts_per_hour * 2) / 2)


_ROLE_ORDER: dict[Role, int] = {"maintain": 0, "grow": 1, "owned": 2, "test": 3, "phase_out": 4}


def _ordered(
    roles: dict[Platform, Role], targets: dict[Platform, float]
) -> list[tuple[Platform, Role]]:
    return sorted(roles.items(), key=lambda kv: (_ROLE_ORDER[kv[1]], -targets.get(kv[0], 0.0)))


def _reasons(
    platform: Platform,
    role: Role,
    inputs: PlanInputs,
    basis: ShareBasis,
    current: dict[Platform, float],
    hours: float,
    paused: bool,
    lang: Language,
) -> list[str]:
    share = current.get(platform)
    out: list[str] = []
    if paused:
        return [t("reason.no_hours", lang)]
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
    elif role == "grow" and share is not None and basis == "reach":
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


# --- the situation in words ----------------------------------------------------------------


def situation_summary(skeleton: Skeleton, lang: Language) -> str:
    """One or two sentences on where the manager stands and what the plan does about it.

    Written for the real case: one channel carrying most of the mix, two carrying it
    together, or an even spread; on the plan's share basis; then what the plan does with
    each role. Figures are the skeleton's.
    """
    sit = skeleton.situation
    if sit.source == "answers" and skeleton.share_basis != "audience":
        return t("situation.answers", lang)
    if skeleton.share_basis == "hours":
        missing = [c.platform.label for c in sit.channels if c.reach is None]
        first = t("situation.hours", lang, no_reach=join_names(missing, lang))
    else:
        first = _where_it_stands(skeleton, lang)
    return f"{first} {_what_the_plan_does(skeleton, lang)}"


def _where_it_stands(skeleton: Skeleton, lang: Language) -> str:
    basis = skeleton.share_basis
    now = sorted(
        ((c.platform.label, c.current_share) for c in skeleton.channels if c.current_share),
        key=lambda item: -item[1],
    )
    word = t(f"basis.word.{basis}", lang)
    (a, top), rest = now[0], now[1:]
    if top > DOMINANT_SHARE or not rest:
        return t("situation.one", lang, a=a, share=format_percent(top, lang), basis=word)
    b, second = rest[0]
    if top + second >= TWO_CHANNELS_SHARE:
        share = format_percent(top + second, lang)
        return t("situation.two", lang, a=a, b=b, share=share, basis=word)
    spread = f"situation.spread.{basis}"
    return t(spread, lang, n=len(now), share=format_percent(top, lang))


def _what_the_plan_does(skeleton: Skeleton, lang: Language) -> str:
    parts: list[str] = []
    for role in ("maintain", "grow", "owned", "test", "phase_out"):
        names = [c.platform.label for c in skeleton.channels if c.role == role]
        if not names:
            continue
        key = "plan.owned_many" if role == "owned" and len(names) > 1 else f"plan.{role}"
        parts.append(t(key, lang, channels=join_names(names, lang)))
    return f"{t('plan.intro', lang)} {join_names(parts, lang)}."
