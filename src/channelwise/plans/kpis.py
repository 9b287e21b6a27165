"""KPIs with baselines from the situation and targets from the target mix.

See :mod:`channelwise.plans.skeleton` for the arithmetic; every share and index comes from
:mod:`channelwise.stats` functions applied to the target mix.
"""

from __future__ import annotations

from channelwise.plans.model import (
    KPI,
    Ambition,
    ChannelFigures,
    PlanInputs,
    Situation,
    TargetChannel,
)
from channelwise.stats import hhi, meta_share, owned_share

#: Audience growth over 90 days, by role.
AUDIENCE_GROWTH: dict[Ambition, dict[str, float]] = {
    "cautious": {"owned": 0.15, "grow": 0.05},
    "balanced": {"owned": 0.25, "grow": 0.10},
    "ambitious": {"owned": 0.40, "grow": 0.20},
}
#: Engagement-rate factor over 90 days (community goal).
ER_GAIN: dict[Ambition, float] = {"cautious": 1.05, "balanced": 1.10, "ambitious": 1.20}


def build_kpis(
    inputs: PlanInputs, situation: Situation, channels: tuple[TargetChannel, ...]
) -> tuple[list[KPI], float | None]:
    target = {c.platform: c.target_share for c in channels}
    kpis: list[KPI] = []
    has_reach = situation.meta_reach_share is not None
    src = "exports" if has_reach else "planned hours (no reach figures)"
    meta_target = meta_share(target)
    if situation.meta_reach_share or (not has_reach and meta_target > 0):
        kpis.append(
            KPI(
                key="meta_reach_share",
                kind="meta_reach_share",
                baseline=situation.meta_reach_share,
                target=meta_target,
                direction="down",
                unit="share",
                basis=f"baseline: Meta platforms' share of reach in the {src}; target: their share "
                "in the target mix",
            )
        )
    if has_reach and situation.hhi is not None:
        kpis.append(
            KPI(
                key="reach_hhi",
                kind="reach_hhi",
                baseline=situation.hhi,
                target=hhi(target),
                direction="down",
                unit="index",
                basis="baseline: HHI of reach shares in the exports; target: HHI of the target mix",
            )
        )
    owned_target = owned_share(target)
    if owned_target > 0:
        kpis.append(
            KPI(
                key="owned_reach_share",
                kind="owned_reach_share",
                baseline=situation.owned_reach_share,
                target=owned_target,
                direction="up",
                unit="share",
                basis=f"baseline: newsletter and website share of reach in the {src}; target: "
                "their share in the target mix",
            )
        )
    total_target = total_reach_target(situation, channels)
    if total_target is not None and situation.total_reach:
        kpis.append(
            KPI(
                key="total_reach",
                kind="total_reach",
                baseline=situation.total_reach,
                target=round(total_target),
                direction="up",
                unit="count",
                basis="baseline: sum of reach over all exports; target: the maintained channels "
                "hold their reach at their target share (held reach / target share)",
            )
        )
        for c in channels:
            if c.role not in ("grow", "owned", "test"):
                continue
            figures = situation.channel(c.platform)
            if figures is not None and figures.reach is None:
                continue  # in the exports, but without a reach figure: no honest baseline
            baseline = figures.reach if figures is not None else 0.0
            kpis.append(
                KPI(
                    key=f"reach:{c.platform.value}",
                    kind="reach",
                    platform=c.platform,
                    baseline=baseline,
                    target=round(total_target * c.target_share),
                    direction="up",
                    unit="count",
                    basis=(
                        "baseline: reach in the exports"
                        if figures is not None
                        else "baseline: 0 (not in the exports, new channel)"
                    )
                    + "; target: total reach target x target share",
                )
            )
    for c in channels:
        figures = situation.channel(c.platform)
        if c.role not in ("grow", "owned") or figures is None or figures.audience is None:
            continue
        growth = AUDIENCE_GROWTH[inputs.ambition][c.role]
        where = "exports" if situation.source == "stats" else "your answers"
        kpis.append(
            KPI(
                key=f"audience:{c.platform.value}",
                kind="audience",
                platform=c.platform,
                baseline=figures.audience,
                target=round(figures.audience * (1 + growth)),
                direction="up",
                unit="count",
                basis=f"baseline: followers/subscribers in the {where}; target: +"
                f"{growth * 100:g}% in 90 days ({inputs.ambition})",
            )
        )
    if "community" in inputs.goals:
        gain = ER_GAIN[inputs.ambition]
        for c in channels:
            figures = situation.channel(c.platform)
            if c.role == "phase_out" or figures is None or figures.engagement_rate is None:
                continue
            kpis.append(
                KPI(
                    key=f"engagement_rate:{c.platform.value}",
                    kind="engagement_rate",
                    platform=c.platform,
                    baseline=figures.engagement_rate,
                    target=figures.engagement_rate * gain,
                    direction="up",
                    unit="rate",
                    basis=f"baseline: engagement rate by the platform's definition in the exports; "
                    f"target: x{gain:g} ({inputs.ambition})",
                )
            )
    return kpis, total_target


def total_reach_target(situation: Situation, channels: tuple[TargetChannel, ...]) -> float | None:
    if situation.total_reach is None:
        return None
    held = [c for c in channels if c.role == "maintain"]
    held_reach = sum(
        (situation.channel(c.platform) or ChannelFigures(platform=c.platform)).reach or 0.0
        for c in held
    )
    held_share = sum(c.target_share for c in held)
    if held_reach > 0 and held_share > 0:
        return held_reach / held_share
    return situation.total_reach
