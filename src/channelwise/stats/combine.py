"""Combine the figures of several files into one channel mix, without double counting.

For each platform and metric, a file's value is used unless a file already used reports the
same metric for the same account (or an unnamed one) over an overlapping period; such
overlaps are reported as warnings. Files covering longer periods are used first. Levels
(followers, subscribers) take the latest value per account; everything else is added up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from channelwise.stats.records import (
    METRIC_INFO,
    ChannelMix,
    Granularity,
    Metric,
    Period,
    PeriodSource,
    Platform,
    PlatformTotals,
    SourceStats,
    StatsWarning,
)

#: Tie-break when two overlapping files cover equally long periods.
_GRANULARITY_RANK = {
    Granularity.PERIOD_TOTAL: 0,
    Granularity.MIXED: 0,
    Granularity.DAILY: 1,
    Granularity.SNAPSHOT: 1,
    Granularity.PER_POST: 2,
}


def _same_account(a: SourceStats, b: SourceStats) -> bool:
    if a.account is None or b.account is None:
        return True
    return a.account.strip().lower() == b.account.strip().lower()


def _preference(item: tuple[int, SourceStats]) -> tuple[int, int, int]:
    """Keep the file covering the longest period; then totals over daily over per-post sums."""
    order, src = item
    return (-(src.period.days or 0), _GRANULARITY_RANK.get(src.granularity, 1), order)


def combine(sources: Sequence[SourceStats]) -> tuple[ChannelMix, tuple[StatsWarning, ...]]:
    warnings: list[StatsWarning] = []
    clashes: dict[tuple[Platform, int, int], list[Metric]] = {}
    platforms = list(dict.fromkeys(s.platform for s in sources))
    totals: list[PlatformTotals] = []
    for platform in platforms:
        mine = [(i, s) for i, s in enumerate(sources) if s.platform == platform]
        values: dict[Metric, float] = {}
        origin: dict[Metric, tuple[str, ...]] = {}
        used: list[SourceStats] = []
        for metric_ in Metric:
            providers = sorted(((i, s) for i, s in mine if metric_ in s.metrics), key=_preference)
            accepted: list[tuple[int, SourceStats]] = []
            for index, candidate in providers:
                clash = next(
                    (
                        i
                        for i, a in accepted
                        if _same_account(a, candidate) and a.period.overlaps(candidate.period)
                    ),
                    None,
                )
                if clash is None:
                    accepted.append((index, candidate))
                else:
                    clashes.setdefault((platform, clash, index), []).append(metric_)
            if not accepted:
                continue
            kept = [s for _, s in accepted]
            values[metric_] = _combine_values(metric_, kept)
            origin[metric_] = tuple(s.source for s in kept)
            used.extend(s for s in kept if s not in used)
        if not values:
            continue  # e.g. only a post list without totals: nothing to put in the mix
        accounts = tuple(dict.fromkeys(s.account for s in used if s.account))
        totals.append(
            PlatformTotals(
                platform,
                accounts,
                values,
                _span(used),
                tuple(dict.fromkeys(s.source for s in used)),
                origin,
            )
        )
    for (platform, first, second), metrics in clashes.items():
        warnings.append(_overlap_warning(platform, metrics, sources[first], sources[second]))
    warnings.extend(_period_warnings(totals))
    return ChannelMix(tuple(totals)), tuple(dict.fromkeys(warnings))


def _combine_values(metric_: Metric, accepted: list[SourceStats]) -> float:
    if not METRIC_INFO[metric_].stock:
        return sum(s.metrics[metric_].value for s in accepted)
    latest: dict[str, tuple[date, float]] = {}
    for src in accepted:
        key = (src.account or "").strip().lower()
        when = src.period.end or date.min
        if key not in latest or when >= latest[key][0]:
            latest[key] = (when, src.metrics[metric_].value)
    return sum(v for _, v in latest.values())


def _span(used: list[SourceStats]) -> Period:
    if not used or not all(s.period.known for s in used):
        return Period(None, None, PeriodSource.UNKNOWN)
    starts = [s.period.start for s in used if s.period.start]
    ends = [s.period.end for s in used if s.period.end]
    sources = {s.period.source for s in used}
    return Period(min(starts), max(ends), sources.pop() if len(sources) == 1 else PeriodSource.DATA)


def _periods_differ(periods: list[Period]) -> bool:
    """True if the lengths differ by more than half, or less than half of them is shared."""
    days = [p.days or 0 for p in periods]
    starts = [p.start for p in periods if p.start]
    ends = [p.end for p in periods if p.end]
    shared = (min(ends) - max(starts)).days + 1
    return max(days) > 1.5 * min(days) or shared < 0.5 * max(days)


def _overlap_warning(
    platform: Platform, metrics: list[Metric], kept: SourceStats, dropped: SourceStats
) -> StatsWarning:
    names_en = ", ".join(m.label("en").lower() for m in metrics)
    names_de = ", ".join(m.label("de") for m in metrics)
    if kept.source == dropped.source:
        return StatsWarning(
            "duplicate",
            f"{platform.label}: '{kept.source}' was uploaded twice; its figures are counted once.",
            f"{platform.label}: '{kept.source}' wurde zweimal hochgeladen; die Zahlen zählen "
            "nur einmal.",
        )
    return StatsWarning(
        "overlap",
        f"{platform.label}: '{kept.source}' and '{dropped.source}' both report {names_en} "
        f"for overlapping periods ({kept.period} / {dropped.period}); counted once, from "
        f"'{kept.source}'.",
        f"{platform.label}: '{kept.source}' und '{dropped.source}' enthalten beide "
        f"{names_de} für sich überschneidende Zeiträume ({_de(kept.period)} / "
        f"{_de(dropped.period)}); einmal gezählt, aus '{kept.source}'.",
    )


def _de(period: Period) -> str:
    if not period.known:
        return "Zeitraum unbekannt"
    assert period.start and period.end
    return f"{period.start:%d.%m.%Y} bis {period.end:%d.%m.%Y}"


def _period_warnings(totals: list[PlatformTotals]) -> list[StatsWarning]:
    out: list[StatsWarning] = []
    unknown = [t.platform.label for t in totals if not t.period.known]
    if unknown:
        names = ", ".join(unknown)
        out.append(
            StatsWarning(
                "unknown_period",
                f"The period is unknown for {names}; its figures may cover a different time span "
                "than the others (for YouTube, upload the zip: the period is in its name).",
                f"Der Zeitraum ist unbekannt für {names}; die Zahlen können einen anderen Zeitraum "
                "abdecken als die übrigen (bei YouTube das Zip hochladen: der Zeitraum steht im "
                "Namen).",
            )
        )
    flows = [t for t in totals if t.period.known and t.period.days and t.period.days > 1]
    if len(flows) >= 2 and _periods_differ([t.period for t in flows]):
        detail = ", ".join(f"{t.platform.label} {t.period}" for t in flows)
        detail_de = ", ".join(f"{t.platform.label} {_de(t.period)}" for t in flows)
        out.append(
            StatsWarning(
                "period_mismatch",
                f"The files cover different periods ({detail}); shares compare different "
                "time spans. Export the same period from every platform.",
                f"Die Dateien decken verschiedene Zeiträume ab ({detail_de}); Anteile "
                "vergleichen verschiedene Zeitspannen. Exportieren Sie überall denselben "
                "Zeitraum.",
            )
        )
    return out
