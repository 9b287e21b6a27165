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

from channelwise.i18n import Language, register, t
from channelwise.plans.mix import RECEIVING
from channelwise.plans.records import (
    KPI,
    Ambition,
    ChannelFigures,
    KpiKind,
    PlanInputs,
    ShareBasis,
    Situation,
    TargetChannel,
)
from channelwise.plans.texts import short_number
from channelwise.stats import Platform, format_percent, hhi, meta_share, owned_share

register(
    {
        "kpi.basis.audience": {
            "en": "baseline: followers/subscribers {where}; target: +{growth} in 90 days "
            "({ambition})",
            "de": "Ausgangswert: Follower/Abonnenten {where}; Ziel: +{growth} in 90 Tagen "
            "({ambition})",
        },
        "kpi.where.stats": {"en": "in the exports", "de": "in den Exporten"},
        "kpi.where.answers": {"en": "in your answers", "de": "laut Ihren Angaben"},
        "kpi.basis.engagement_rate": {
            "en": "baseline: engagement rate by the platform's definition in the exports; "
            "target: ×{gain} ({ambition})",
            "de": "Ausgangswert: Interaktionsrate nach der Definition der Plattform in den "
            "Exporten; Ziel: ×{gain} ({ambition})",
        },
        "kpi.of.reach": {"en": "reach", "de": "der Reichweite"},
        "kpi.of.followers": {"en": "followers", "de": "den Followern"},
        "kpi.basis.meta_share": {
            "en": "baseline: Meta platforms' share of {what} in the exports; target: their "
            "share in the target mix",
            "de": "Ausgangswert: Anteil der Meta-Plattformen an {what} in den Exporten; Ziel: "
            "ihr Anteil im Ziel-Kanalmix",
        },
        "kpi.basis.hhi": {
            "en": "baseline: HHI of the shares of {what} in the exports; target: HHI of the "
            "target mix",
            "de": "Ausgangswert: HHI der Anteile an {what} in den Exporten; Ziel: HHI des "
            "Ziel-Kanalmix",
        },
        "kpi.basis.owned_share": {
            "en": "baseline: newsletter and website share of {what} in the exports; target: "
            "their share in the target mix",
            "de": "Ausgangswert: Anteil von Newsletter und Website an {what} in den Exporten; "
            "Ziel: ihr Anteil im Ziel-Kanalmix",
        },
        "kpi.basis.total_reach": {
            "en": "baseline: sum of reach over all exports; target: the held channels keep "
            "their reach at their target share (held reach / target share)",
            "de": "Ausgangswert: Summe der Reichweite aller Exporte; Ziel: Die gehaltenen "
            "Kanäle behalten ihre Reichweite bei ihrem Zielanteil (gehaltene Reichweite / "
            "Zielanteil)",
        },
        "kpi.basis.reach": {
            "en": "baseline: reach in the exports; target: total reach target × target share",
            "de": "Ausgangswert: Reichweite in den Exporten; Ziel: Gesamtreichweiten-Ziel × "
            "Zielanteil",
        },
        "kpi.basis.reach_new": {
            "en": "baseline: 0 (not in the exports, new channel); target: total reach target × "
            "target share",
            "de": "Ausgangswert: 0 (nicht in den Exporten, neuer Kanal); Ziel: "
            "Gesamtreichweiten-Ziel × Zielanteil",
        },
        "kpi.basis.reach_growth": {
            "en": "baseline: reach in the exports; target: +{growth} in 90 days ({ambition}); "
            "no share targets: no figure in the exports covers every channel",
            "de": "Ausgangswert: Reichweite in den Exporten; Ziel: +{growth} in 90 Tagen "
            "({ambition}); keine Anteilsziele: Keine Zahl in den Exporten deckt alle Kanäle ab",
        },
    }
)

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
    lang = inputs.language
    ambition = t(f"ambition.{inputs.ambition}", lang)
    target = {c.platform: c.target_share for c in channels}
    kpis: list[KPI] = []
    if basis == "audience":
        kpis += _share_kpis(
            target,
            meta=situation.meta_audience_share,
            concentration=situation.audience_hhi,
            owned=situation.owned_audience_share,
            kinds=("meta_audience_share", "audience_hhi", "owned_audience_share"),
            what=t("kpi.of.followers", lang),
            lang=lang,
        )
    total_target = None
    if basis == "reach":
        kpis += _share_kpis(
            target,
            meta=situation.meta_reach_share,
            concentration=situation.hhi,
            owned=situation.owned_reach_share,
            kinds=("meta_reach_share", "reach_hhi", "owned_reach_share"),
            what=t("kpi.of.reach", lang),
            lang=lang,
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
        where = t(f"kpi.where.{situation.source}", lang)
        kpis.append(
            _kpi(
                key=f"audience:{c.platform.value}",
                kind="audience",
                platform=c.platform,
                baseline=figures.audience,
                target=round(figures.audience * (1 + growth)),
                direction="up",
                unit="count",
                basis=t(
                    "kpi.basis.audience",
                    lang,
                    where=where,
                    growth=format_percent(growth, lang, 0),
                    ambition=ambition,
                ),
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
                    basis=t(
                        "kpi.basis.engagement_rate",
                        lang,
                        gain=short_number(gain, lang),
                        ambition=ambition,
                    ),
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
    lang: Language,
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
                basis=t("kpi.basis.meta_share", lang, what=what),
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
                basis=t("kpi.basis.hhi", lang, what=what),
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
                basis=t("kpi.basis.owned_share", lang, what=what),
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
            basis=t("kpi.basis.total_reach", inputs.language),
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
                basis=t(
                    "kpi.basis.reach" if figures is not None else "kpi.basis.reach_new",
                    inputs.language,
                ),
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
                basis=t(
                    "kpi.basis.reach_growth",
                    inputs.language,
                    growth=format_percent(growth, inputs.language, 0),
                    ambition=t(f"ambition.{inputs.ambition}", inputs.language),
                ),
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
