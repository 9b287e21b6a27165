"""KPIs with baselines from the situation and targets from the target mix.

Every baseline is a figure from the exports (or the manager's answers); every share and
index target comes from :mod:`channelwise.stats` functions applied to the target mix, on the
skeleton's share basis (:mod:`channelwise.plans.mix`):

* **reach**: Meta share, concentration (HHI) and owned share of reach; total reach such that
  the held channels keep their reach at their target share (``held reach / target share``;
  held = the maintained channels, else every measured channel); each growing channel's
  reach = total target x its target share.
* **followers**: Meta share, concentration and owned share of followers.
* **hours**: no share KPIs (no figure compares every channel).

On every basis: audiences of growing and owned channels grow by
``AUDIENCE_GROWTH[ambition][role]``; engagement rates (community goal) by ``ER_GAIN``.
"""

from __future__ import annotations

from typing import Any, Literal

from channelwise.plans.mix import RECEIVING
from channelwise.plans.model import (
    KPI,
    Ambition,
    ChannelFigures,
    KpiKind,
    PlanInputs,
    ShareBasis,
    Situation,
    TargetChannel,
)
from channelwise.stats import Platform, hhi, meta_share, owned_share

Direction = Literal["up", "down"]
#: Audience growth over 90 days, by role (reach too, when no share basis covers every channel).
AUDIENCE_GROWTH: dict[Ambition, dict[str, float]] = {
    "cautious": {"owned": 0.15, "grow": 0.05},
    "balanced": {"owned": 0.25, "grow": 0.10},
    "ambitious": {"owned": 0.40, "grow": 0.20},
}
#: Engagement-rate factor over 90 days (community goal).
ER_GAIN: dict[Ambition, float] = {"cautious": 1.05, "balanced": 1.10, "ambitious": 1.20}


def build_kpis(
    inputs: PlanInputs,
    situation: Situation,
    channels: tuple[TargetChannel, ...],
    basis: ShareBasis = "reach",
) -> tuple[list[KPI], float | None]:
    target = {c.platform: c.target_share for c in channels}
    kpis: list[KPI] = []
    if basis == "audience":
        kpis += _share_kpis(
            target,
            meta=situation.meta_audience_share,
            concentration=situation.audience_hhi,
            owned=situation.owned_audience_share,
            kinds=("meta_audience_share", "audience_hhi", "owned_audience_share"),
            what="followers",
        )
    total_target = None
    if basis == "reach":
        kpis += _share_kpis(
            target,
            meta=situation.meta_reach_share,
            concentration=situation.hhi,
            owned=situation.owned_reach_share,
            kinds=("meta_reach_share", "reach_hhi", "owned_reach_share"),
            what="reach",
        )
        total_target = total_reach_target(situation, channels)
        kpis += _reach_kpis(inputs, situation, channels, total_target)
    if basis == "hours":
        kpis += _reach_growth_kpis(inputs, situation, channels)
    for c in channels:
        figures = situation.channel(c.platform)
        if c.role not in ("grow", "owned") or figures is None or figures.audience is None:
            continue
        growth = AUDIENCE_GROWTH[inputs.ambition][c.role]
        where = "exports" if situation.source == "stats" else "your answers"
        kpis.append(
            _kpi(
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
                _kpi(
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


def _kpi(**fields: Any) -> KPI:
    """A KPI whose direction agrees with its baseline and target."""
    fields["direction"] = direction(fields["baseline"], fields["target"], fields["direction"])
    return KPI(**fields)


def direction(baseline: float | None, target: float, preferred: Direction) -> Direction:
    """The way the figure has to move from its baseline to reach the target.

    Usually the preferred one; but phasing a channel out, or handing a small Meta channel's
    share to the big ones, can move a figure the other way, and the KPI must say so.
    """
    if baseline is None or target == baseline:
        return preferred
    return "up" if target > baseline else "down"


def _share_kpis(
    target: dict[Platform, float],
    *,
    meta: float | None,
    concentration: float | None,
    owned: float | None,
    kinds: tuple[KpiKind, KpiKind, KpiKind],
    what: str,
) -> list[KPI]:
    """Meta share, HHI and owned share of the basis figure: exports now -> target mix."""
    out: list[KPI] = []
    if meta:
        out.append(
            _kpi(
                key=kinds[0],
                kind=kinds[0],
                baseline=meta,
                target=meta_share(target),
                direction="down",
                unit="share",
                basis=f"baseline: Meta platforms' share of {what} in the exports; target: their "
                "share in the target mix",
            )
        )
    if concentration is not None:
        out.append(
            _kpi(
                key=kinds[1],
                kind=kinds[1],
                baseline=concentration,
                target=hhi(target),
                direction="down",
                unit="index",
                basis=f"baseline: HHI of {what} shares in the exports; target: HHI of the target "
                "mix",
            )
        )
    owned_target = owned_share(target)
    if owned is not None and owned_target > 0:
        out.append(
            _kpi(
                key=kinds[2],
                kind=kinds[2],
                baseline=owned,
                target=owned_target,
                direction="up",
                unit="share",
                basis=f"baseline: newsletter and website share of {what} in the exports; target: "
                "their share in the target mix",
            )
        )
    return out


def _reach_kpis(
    inputs: PlanInputs,
    situation: Situation,
    channels: tuple[TargetChannel, ...],
    total_target: float | None,
) -> list[KPI]:
    if total_target is None or not situation.total_reach:
        return []
    out = [
        _kpi(
            key="total_reach",
            kind="total_reach",
            baseline=situation.total_reach,
            target=round(total_target),
            direction="up",
            unit="count",
            basis="baseline: sum of reach over all exports; target: the held channels keep "
            "their reach at their target share (held reach / target share)",
        )
    ]
    for c in channels:
        if c.role not in RECEIVING:
            continue
        figures = situation.channel(c.platform)
        if figures is None and c.platform in inputs.keep:
            continue  # kept, but no export: no honest baseline
        if figures is not None and figures.reach is None:
            continue
        baseline = figures.reach if figures is not None else 0.0
        out.append(
            _kpi(
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
    return out


def _reach_growth_kpis(
    inputs: PlanInputs, situation: Situation, channels: tuple[TargetChannel, ...]
) -> list[KPI]:
    """Without a common basis: each growing channel with reach grows like its audience."""
    out = []
    for c in channels:
        figures = situation.channel(c.platform)
        if c.role not in ("grow", "owned") or figures is None or not figures.reach:
            continue
        growth = AUDIENCE_GROWTH[inputs.ambition][c.role]
        out.append(
            _kpi(
                key=f"reach:{c.platform.value}",
                kind="reach",
                platform=c.platform,
                baseline=figures.reach,
                target=round(figures.reach * (1 + growth)),
                direction="up",
                unit="count",
                basis=f"baseline: reach in the exports; target: +{growth * 100:g}% in 90 days "
                f"({inputs.ambition}); no share targets: no figure in the exports covers every "
                "channel",
            )
        )
    return out


def total_reach_target(situation: Situation, channels: tuple[TargetChannel, ...]) -> float | None:
    """Total reach at which the held channels keep their reach at their target share.

    Held are the maintained channels; when none is maintained, every channel with reach in
    the exports (they all make room for the new ones and keep their reach).
    """
    if situation.total_reach is None:
        return None

    def reach(c: TargetChannel) -> float:
        return (situation.channel(c.platform) or ChannelFigures(platform=c.platform)).reach or 0.0

    held = [c for c in channels if c.role == "maintain" and reach(c) > 0]
    if not held:
        held = [c for c in channels if c.role != "phase_out" and reach(c) > 0]
    held_reach = sum(reach(c) for c in held)
    held_share = sum(c.target_share for c in held)
    if held_reach > 0 and held_share > 0:
        return held_reach / held_share
    return situation.total_reach
