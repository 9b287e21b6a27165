"""What every export format provides: a detector, a parser, and helpers they share."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from channelwise.stats.readers import Document
from channelwise.stats.records import (
    POST_COLUMNS,
    Granularity,
    Metric,
    MetricValue,
    Period,
    Platform,
    SourceStats,
    StatsWarning,
)
from channelwise.stats.tables import Aliases, Numbers, Signature, best_match


@dataclass(frozen=True)
class Detection:
    score: float  # 0..1: share of the format's signature columns found
    found: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParseContext:
    today: date
    #: Periods the other uploads cover (known from their data or names): dates without a
    #: year take theirs where the days fit.
    references: tuple[Period, ...] = ()


@dataclass(frozen=True)
class Parsed:
    sources: tuple[SourceStats, ...]
    rows: int
    columns: tuple[str, ...]
    decimal: str | None = None
    note: str = ""


@dataclass(frozen=True)
class FormatSpec:
    id: str
    label: str
    platform: Platform | None
    detect: Callable[[Document], Detection]
    parse: Callable[[Document, ParseContext], Parsed] | None
    #: A file that is recognized but carries nothing for the figures (demographics ...).
    ignored_note: str = ""
    signature_labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def ignored(self) -> bool:
        return self.parse is None


#: Every signature column must be present for a match (a file-name hint adds a bonus).
MIN_SCORE = 1.0
HINT_BONUS = 0.05


def header_detector(
    names: Aliases, signature: Signature, *, file_hint: Callable[[str], bool] | None = None
) -> Callable[[Document], Detection]:
    """Detect by the share of ``signature`` columns in the best header row.

    A tuple in the signature is a set of alternatives (any one of them will do), so a file
    is recognized by the columns it has, whatever else is missing or renamed. ``file_hint``
    (on the file's base name) breaks ties between formats with the same columns; a hint
    alone never makes a match.
    """

    def detect(doc: Document) -> Detection:
        score, found, missing = best_match(doc.sheets, names, signature)
        if file_hint is not None and score >= MIN_SCORE and file_hint(doc.filename):
            score += HINT_BONUS
        return Detection(score, found, missing)

    return detect


def metric(values: dict[Metric, MetricValue], key: Metric, value: float | None, how: str) -> None:
    """Add a metric unless its value is unknown."""
    if value is None or pd.isna(value):
        return
    values[key] = MetricValue(float(value), how)


def sum_metric(
    values: dict[Metric, MetricValue],
    key: Metric,
    nums: Numbers,
    column: str,
    how_rows: str,
    header: str,
) -> None:
    if column in nums:
        series = nums[column]
        if bool(series.notna().any()):
            metric(values, key, nums.total(column), f"sum of '{header}' over {how_rows}")


def posts_frame(**columns: object) -> pd.DataFrame:
    """A per-post table with exactly :data:`POST_COLUMNS` (absent ones filled with NaN)."""
    length = max((len(v) for v in columns.values() if isinstance(v, pd.Series | list)), default=0)
    data: dict[str, object] = {}
    for name in POST_COLUMNS:
        value = columns.get(name)
        if value is None:
            data[name] = [None] * length
        elif isinstance(value, pd.Series):
            data[name] = value.reset_index(drop=True)
        else:
            data[name] = value
    return pd.DataFrame(data, columns=list(POST_COLUMNS))


def daily_series(dates: pd.Series, columns: Mapping[Metric, pd.Series]) -> pd.DataFrame:
    """Metric columns indexed by day (rows of the same day are added up)."""
    frame = pd.DataFrame({m.value: s.reset_index(drop=True) for m, s in columns.items()})
    frame.index = pd.DatetimeIndex(dates.reset_index(drop=True)).normalize()
    frame = frame[frame.index.notna()]
    return frame.groupby(level=0).sum(min_count=1).sort_index()


def source(
    doc: Document,
    spec_id: str,
    label: str,
    platform: Platform,
    *,
    account: str | None,
    period: Period,
    granularity: Granularity,
    metrics: dict[Metric, MetricValue],
    posts: pd.DataFrame | None = None,
    series: pd.DataFrame | None = None,
    notes: Sequence[str] = (),
    warnings: Sequence[StatsWarning] = (),
) -> SourceStats:
    return SourceStats(
        source=doc.name,
        format_id=spec_id,
        format_label=label,
        platform=platform,
        account=account or None,
        period=period,
        granularity=granularity,
        metrics=dict(metrics),
        posts=posts,
        series=series,
        notes=tuple(notes),
        warnings=tuple(warnings),
    )


def missing_figures(
    doc: Document, label: str, values: Mapping[Metric, MetricValue], expected: Sequence[Metric]
) -> list[StatsWarning]:
    """A warning naming the figures this kind of export usually has but this file lacks."""
    missing = [m for m in expected if m not in values]
    if not missing:
        return []
    en = ", ".join(m.label("en").lower() for m in missing)
    de = ", ".join(m.label("de") for m in missing)
    return [
        StatsWarning(
            "missing_figures",
            f"'{doc.name}' ({label}) has no column for {en}: those figures are missing; "
            "everything else was computed from the columns it has. Export the report with "
            "those columns to get them.",
            f"'{doc.name}' ({label}) hat keine Spalte für {de}: diese Zahlen fehlen; alles "
            "andere wurde aus den vorhandenen Spalten berechnet. Exportieren Sie den Bericht "
            "mit diesen Spalten, um sie zu erhalten.",
        )
    ]


def where(doc: Document, sheet: str | None = None) -> str:
    if sheet and doc.kind != "csv":
        return f"'{doc.name}' (sheet '{sheet}')"
    return f"'{doc.name}'"
