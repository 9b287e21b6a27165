"""Properties of the skeleton for arbitrary exports and answers: its figures agree.

Exports are generated as generic-template CSVs (any platform, with or without followers,
reach or views) and read by the real stats pipeline; answers are arbitrary goals, hours,
ambitions, platforms to avoid and keep, and stated followers.

    CHANNELWISE_PLAN_EXAMPLES=5000 uv run pytest tests/plans/test_skeleton_properties.py
"""

from __future__ import annotations

import math
import os
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from channelwise.plans import Plan, make_inputs, skeleton_plan
from channelwise.plans.errors import PlanInputError
from channelwise.plans.platform_profiles import GOALS, PLANNABLE
from channelwise.plans.records import MIN_CHANNEL_HOURS
from channelwise.plans.skeleton import situation_summary
from channelwise.stats import (
    Platform,
    StatsResult,
    Upload,
    analyze_uploads,
    concentration,
    engagement_rate,
    follower_shares,
    hhi,
    meta_share,
    owned_share,
    reach_shares,
    shares,
)
from tests.plans.conftest import START

EXAMPLES = int(os.environ.get("CHANNELWISE_PLAN_EXAMPLES", "150"))
WORKING = {"maintain", "grow", "owned", "test"}
_amount = st.one_of(st.none(), st.integers(0, 2_000_000))


@st.composite
def exports(draw: st.DrawFn) -> StatsResult | None:
    """A generic-template export with any platforms and any gaps, or no export at all."""
    if not draw(st.booleans()):
        return None
    platforms = draw(st.lists(st.sampled_from(list(Platform)), min_size=1, max_size=8))
    lines = ["platform,date,followers,reach,views,engagements"]
    for p in dict.fromkeys(platforms):
        cells = [draw(_amount) for _ in range(4)]
        lines.append(",".join([p.value, "2024-03", *("" if c is None else str(c) for c in cells)]))
    data = ("\n".join(lines) + "\n").encode()
    return analyze_uploads(
        [Upload("template.csv", data)], max_bytes=1_000_000, today=date(2024, 4, 10)
    )


@st.composite
def plans(draw: st.DrawFn) -> tuple[Plan, StatsResult | None]:
    stats = draw(exports())
    plannable = sorted(PLANNABLE, key=lambda p: p.value)
    avoid = draw(st.sets(st.sampled_from(plannable), max_size=6))
    keep = draw(st.sets(st.sampled_from([p for p in plannable if p not in avoid]), max_size=4))
    stated = {}
    if stats is None:
        stated = draw(
            st.dictionaries(st.sampled_from(plannable), st.integers(0, 500_000), max_size=4)
        )
    hours = draw(
        st.one_of(st.integers(4, 320).map(lambda q: q / 4), st.floats(1, 80, allow_nan=False))
    )
    try:
        inputs = make_inputs(
            goals=sorted(draw(st.sets(st.sampled_from(GOALS), min_size=1))),
            hours_per_week=hours,
            avoid=sorted(avoid, key=lambda p: p.value),
            keep=sorted(keep, key=lambda p: p.value),
            ambition=draw(st.sampled_from(["cautious", "balanced", "ambitious"])),
            language=draw(st.sampled_from(["de", "en"])),
            industry=draw(st.sampled_from(["", "B2B software", "Food blog"])),
            current_audience=stated,
            start=START,
        )
    except PlanInputError:
        assume(False)
        raise
    return skeleton_plan(inputs, stats), stats


def _expected_baseline(kind: str, platform: Platform | None, plan: Plan, stats: StatsResult | None):  # type: ignore[no-untyped-def]
    """The KPI's baseline as the stats module (or the answers) give it."""
    if stats is None:
        a_shares = shares(dict(plan.inputs.current_audience))
        return {
            "meta_audience_share": meta_share(a_shares),
            "audience_hhi": hhi(a_shares),
            "owned_audience_share": owned_share(a_shares),
            "audience": plan.inputs.current_audience.get(platform) if platform else None,
        }[kind]
    mix = stats.mix
    totals = mix.get(platform) if platform else None
    conc = concentration(mix.reach())
    er = engagement_rate(totals) if totals else None
    return {
        "meta_reach_share": meta_share(reach_shares(mix)),
        "reach_hhi": conc.hhi if conc else None,
        "owned_reach_share": owned_share(reach_shares(mix)),
        "total_reach": sum(mix.reach().values()),
        "reach": totals.reach if totals else 0.0,
        "audience": totals.audience if totals else None,
        "engagement_rate": er.rate if er else None,
        "meta_audience_share": meta_share(follower_shares(mix)),
        "audience_hhi": hhi(follower_shares(mix)),
        "owned_audience_share": owned_share(follower_shares(mix)),
    }[kind]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=EXAMPLES <= 150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(plans())
def test_skeleton_figures_agree(case: tuple[Plan, StatsResult | None]) -> None:
    plan, stats = case
    sk = plan.skeleton
    budget = plan.inputs.hours_per_week
    working = [c for c in sk.channels if c.hours_per_week > 0]
    assume(working)  # every platform avoided but an unplannable one: nothing to plan
    event(f"basis: {sk.share_basis}")
    event(f"phased out or paused: {any(c.role == 'phase_out' for c in sk.channels)}")
    event(f"KPIs: {min(len(sk.kpis), 3)}+")
    # hours add up to the budget (in quarter hours), none below the minimum
    assert sk.hours_used == math.floor(budget * 4 + 1e-9) / 4
    assert math.fsum(c.hours_per_week for c in sk.channels) == sk.hours_used
    assert all(c.hours_per_week >= MIN_CHANNEL_HOURS for c in working)
    # shares add up to 100 %; a channel with hours works on it and aims above zero
    assert math.fsum(c.target_share for c in sk.channels) == pytest.approx(1.0)
    for c in sk.channels:
        if c.hours_per_week > 0:
            assert c.role in WORKING and c.target_share > 0, c
        else:
            assert c.role == "phase_out" and c.target_share == 0 and c.posts_per_week == 0, c
    # one basis: current shares exist exactly on a measured basis, and add up to 100 %
    current = [c.current_share for c in sk.channels if c.current_share is not None]
    if sk.share_basis == "hours":
        assert current == []
    else:
        assert math.fsum(current) == pytest.approx(1.0)
    assert sk.share_basis_note
    # every KPI baseline is a figure from the stats (or the answers); targets lie the way
    # the KPI says
    for kpi in sk.kpis:
        expected = _expected_baseline(kpi.kind, kpi.platform, plan, stats)
        assert kpi.baseline == pytest.approx(expected), kpi
        if kpi.baseline is not None and kpi.target != kpi.baseline:
            assert (kpi.target > kpi.baseline) == (kpi.direction == "up"), kpi
    for lang in ("de", "en"):
        assert situation_summary(sk, lang).endswith(".")
