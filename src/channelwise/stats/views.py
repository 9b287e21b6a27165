"""Tables the UI draws: platform shares, daily trends, the what-if curve (no Streamlit here)."""

from __future__ import annotations

import pandas as pd

from channelwise.i18n import Language, pick
from channelwise.stats.metrics import reach_shares, what_if_meta_drop
from channelwise.stats.records import META_PLATFORMS, OWNED_PLATFORMS, Metric, StatsResult


def _group(platform: object, language: Language) -> str:
    if platform in META_PLATFORMS:
        return "Meta"
    if platform in OWNED_PLATFORMS:
        return pick(language, "owned", "eigene Kanäle")
    return pick(language, "other platforms", "andere Plattformen")


def share_table(result: StatsResult, language: Language = "en") -> pd.DataFrame:
    """One row per platform: reach (on each platform's basis), its share, and its group."""
    mix = result.mix
    fractions = reach_shares(mix)
    rows = [
        {
            "platform": p.platform.label,
            "reach": p.reach,
            "basis": p.reach_basis.label(language) if p.reach_basis else "",
            "share": fractions[p.platform],
            "group": _group(p.platform, language),
        }
        for p in mix.platforms
        if p.platform in fractions
    ]
    frame = pd.DataFrame(rows, columns=["platform", "reach", "basis", "share", "group"])
    return frame.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)


def trend_table(result: StatsResult, metric: Metric) -> pd.DataFrame:
    """Daily values of ``metric`` per platform (long format: date, platform, value)."""
    frames = []
    for source in result.sources:
        if source.series is None or metric.value not in source.series.columns:
            continue
        column = source.series[metric.value].dropna()
        frames.append(
            pd.DataFrame(
                {"date": column.index, "platform": source.platform.label, "value": column.values}
            )
        )
    if not frames:
        return pd.DataFrame(columns=["date", "platform", "value"])
    long = pd.concat(frames, ignore_index=True)
    summed = long.groupby(["date", "platform"])["value"].sum()
    return summed.reset_index()


def trend_metrics(result: StatsResult) -> list[Metric]:
    """Metrics that at least one file has as a daily series, in the model's order."""
    present = {
        column
        for source in result.sources
        if source.series is not None
        for column in source.series.columns
    }
    return [m for m in Metric if m.value in present]


def what_if_table(result: StatsResult, drop: float) -> pd.DataFrame:
    """Reach per platform now and if Meta's organic reach fell by ``drop`` (0..1)."""
    reach = result.mix.reach()
    scenario = what_if_meta_drop(reach, drop)
    return pd.DataFrame(
        [{"platform": p.label, "now": reach[p], "after": scenario.per_platform[p]} for p in reach],
        columns=["platform", "now", "after"],
    )
