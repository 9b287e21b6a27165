"""YouTube Studio exports: the zip, or its Table data / Chart data / Totals CSVs (EN and DE).

* ``Table data.csv`` / ``Tabellendaten.csv``: one row per video (``Content`` holds the video
  id, which can start with ``-`` or a space), the first data row is the total
  (``Total`` / ``Gesamt``). When the table is by date instead, it is a daily table.
* ``Totals.csv`` / ``Gesamtwerte.csv``: the chart metric per day, all videos together.
* ``Chart data.csv`` / ``Diagrammdaten.csv``: the chart lines per video (top videos only,
  so never used for totals) or, without a ``Content`` column, the daily total.
* The period is only in the zip's name (``Content 2024-01-01_2024-03-31 Channel.zip``).
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from channelwise.stats.dates import parse_dates, span
from channelwise.stats.formats.base import (
    MIN_SCORE,
    Detection,
    FormatSpec,
    ParseContext,
    Parsed,
    daily_series,
    metric,
    posts_frame,
    source,
    where,
)
from channelwise.stats.model import (
    Granularity,
    Metric,
    MetricValue,
    Period,
    PeriodSource,
    Platform,
    SourceStats,
)
from channelwise.stats.readers import Document
from channelwise.stats.tables import (
    aliases,
    best_match,
    extract,
    is_total,
    locate,
    numbers,
    require_rows,
)

COLUMNS = aliases(
    content=("Content", "Inhalt", "Video"),
    title=("Video title", "Videotitel"),
    published=(
        "Video publish time",
        "Veröffentlichungszeitpunkt des Videos",
        "Veröffentlichungszeit des Videos",
        "Video-Veröffentlichungszeitpunkt",
    ),
    date=("Date", "Datum"),
    views=("Views", "Aufrufe"),
    watch=("Watch time (hours)", "Wiedergabezeit (Stunden)"),
    subscribers=("Subscribers", "Abonnenten"),
    gained=("Subscribers gained", "Gewonnene Abonnenten"),
    lost=("Subscribers lost", "Verlorene Abonnenten"),
    impressions=("Impressions", "Impressionen"),
    unique=("Unique viewers", "Einzelne Zuschauer"),
    likes=("Likes", "Mag ich", "„Mag ich“-Bewertungen", '"Mag ich"-Bewertungen'),
    comments=("Comments added", "Hinzugefügte Kommentare", "Kommentare"),
    shares=("Shares", "Geteilte Inhalte", "Mal geteilt"),
)
_NUMERIC = (
    "views",
    "watch",
    "subscribers",
    "gained",
    "lost",
    "impressions",
    "unique",
    "likes",
    "comments",
    "shares",
)
_METRIC_OF = {
    "views": Metric.VIEWS,
    "watch": Metric.WATCH_TIME_HOURS,
    "subscribers": Metric.FOLLOWER_CHANGE,
    "impressions": Metric.IMPRESSIONS,
    "unique": Metric.REACH,
    "likes": Metric.LIKES,
    "comments": Metric.COMMENTS,
    "shares": Metric.SHARES,
}
_FILE_NAMES = {
    "table data.csv",
    "tabellendaten.csv",
    "totals.csv",
    "gesamtwerte.csv",
    "chart data.csv",
    "diagrammdaten.csv",
}
_CHART_NAMES = {"chart data.csv", "diagrammdaten.csv"}
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})")
LABEL_TABLE = "YouTube Studio table (per video)"
LABEL_DAILY = "YouTube Studio daily totals"


def zip_period_and_channel(names: tuple[str, ...]) -> tuple[Period | None, str | None]:
    """Period and channel name from 'Content 2024-01-01_2024-03-31 Channel.zip'."""
    for name in reversed(names):
        found = _RANGE.search(name)
        if not found:
            continue
        try:
            start, end = date.fromisoformat(found.group(1)), date.fromisoformat(found.group(2))
        except ValueError:
            continue
        rest = re.sub(r"\.zip$", "", name[found.end() :], flags=re.IGNORECASE).strip(" _-")
        return Period(start, end, PeriodSource.FILE_NAME), rest or None
    return None, None


def _youtube_context(doc: Document) -> bool:
    if doc.filename.lower() in _FILE_NAMES:
        return True
    return zip_period_and_channel(doc.containers)[0] is not None


def _detect_table(doc: Document) -> Detection:
    score, found, missing = best_match(doc.sheets, COLUMNS, ("content", "title", "views"))
    return Detection(score, found, missing)


def _detect_daily(doc: Document) -> Detection:
    score, found, missing = best_match(doc.sheets, COLUMNS, ("date", "views"))
    if score >= MIN_SCORE and not _youtube_context(doc):
        score = 0.9  # 'Date, Views' alone is too generic without a YouTube file name
    elif score >= MIN_SCORE and doc.filename.lower() in _CHART_NAMES:
        per_video = best_match(doc.sheets, COLUMNS, ("date", "content", "views"))[0]
        if per_video >= MIN_SCORE:
            score = 0.0  # handled by the chart-lines spec
    return Detection(score, found, missing)


def _detect_chart_lines(doc: Document) -> Detection:
    if doc.filename.lower() not in _CHART_NAMES:
        return Detection(0.0)
    score, found, missing = best_match(doc.sheets, COLUMNS, ("date", "content", "views"))
    return Detection(score + 0.05 if score >= MIN_SCORE else score, found, missing)


def _parse_table(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    sheet = doc.sheets[0]
    located = locate(sheet, COLUMNS, ("content", "views"))
    assert located is not None
    w = where(doc)
    frame = extract(located, where=w)
    has_total = not frame.empty and is_total(str(frame["content"].iloc[0]))
    data = frame.iloc[1:] if has_total else frame
    if not has_total:
        require_rows(data, w)
    nums = numbers(frame, _NUMERIC, delimiter=doc.delimiter, where=w)
    period, channel = zip_period_and_channel((*doc.containers, doc.filename))
    headers: dict[str, str] = frame.attrs["headers"]
    values: dict[Metric, MetricValue] = {}
    for key, target in _METRIC_OF.items():
        if key not in nums:
            continue
        if has_total:
            total = nums[key].iloc[0]
            metric(
                values, target, total, f"'{headers[key]}' in the '{frame['content'].iloc[0]}' row"
            )
        else:
            metric(
                values,
                target,
                nums.total(key),
                f"sum of '{headers[key]}' over {len(data)} video rows (no total row)",
            )
    if Metric.FOLLOWER_CHANGE not in values and "gained" in nums and "lost" in nums:
        if has_total:
            gained, lost = float(nums["gained"].iloc[0]), float(nums["lost"].iloc[0])
        else:
            gained, lost = nums.total("gained"), nums.total("lost")
        metric(values, Metric.FOLLOWER_CHANGE, gained - lost, "subscribers gained minus lost")
    parts = [values[m].value for m in (Metric.LIKES, Metric.COMMENTS, Metric.SHARES) if m in values]
    if parts:
        metric(values, Metric.ENGAGEMENTS, sum(parts), "likes + comments + shares")
    start = 1 if has_total else 0
    published = (
        parse_dates(frame["published"].iloc[start:], where=f"{w}, column '{headers['published']}'")
        if "published" in frame.columns
        else pd.Series(pd.NaT, index=data.index, dtype="datetime64[ns]")
    )
    if period is not None and "published" in frame.columns:
        assert period.start is not None and period.end is not None
        days = published.dt.date
        count = int(((days >= period.start) & (days <= period.end)).sum())
        metric(values, Metric.POSTS, count, "videos in the table published within the period")

    def col(key: str) -> pd.Series | None:
        return nums[key].iloc[start:] if key in nums else None

    posts = posts_frame(
        post_id=data["content"].astype(str).str.strip(),
        title=data["title"] if "title" in data.columns else None,
        published=published,
        views=col("views"),
        reach=col("unique"),
        impressions=col("impressions"),
        likes=col("likes"),
        comments=col("comments"),
        shares=col("shares"),
    )
    notes = [] if has_total else ["no total row: totals are the sum of the listed videos"]
    if period is None:
        notes.append("period unknown: it is only in the zip name; upload the zip to know it")
    stats = source(
        doc,
        "youtube_table",
        LABEL_TABLE,
        Platform.YOUTUBE,
        account=channel,
        period=period or Period(None, None),
        granularity=Granularity.PERIOD_TOTAL,
        metrics=values,
        posts=posts,
        notes=notes,
    )
    return Parsed((stats,), len(data), tuple(headers.values()), nums.decimal)


def _parse_daily(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    located = locate(doc.sheets[0], COLUMNS, ("date",))
    assert located is not None
    w = where(doc)
    frame = extract(located, where=w)
    if not frame.empty and is_total(str(frame["date"].iloc[0])):
        frame = frame.iloc[1:]
    require_rows(frame, w)
    headers: dict[str, str] = frame.attrs["headers"]
    dates = parse_dates(frame["date"], where=f"{w}, column '{headers['date']}'")
    nums = numbers(frame, _NUMERIC, delimiter=doc.delimiter, where=w)
    values: dict[Metric, MetricValue] = {}
    series_cols: dict[Metric, pd.Series] = {}
    for key, target in _METRIC_OF.items():
        if key in nums:
            metric(
                values,
                target,
                nums.total(key),
                f"sum of daily '{headers[key]}' over {len(frame)} days",
            )
            series_cols[target] = nums[key]
    zip_period, channel = zip_period_and_channel(doc.containers)
    first, last = span(dates)
    period = zip_period or Period(first, last, PeriodSource.DATA)
    stats = source(
        doc,
        "youtube_daily",
        LABEL_DAILY,
        Platform.YOUTUBE,
        account=channel,
        period=period,
        granularity=Granularity.DAILY,
        metrics=values,
        series=daily_series(dates, series_cols),
    )
    return Parsed((stats,), len(frame), tuple(headers.values()), nums.decimal)


def merge_zip(sources: list[SourceStats]) -> list[SourceStats]:
    """One YouTube zip = one source: the table's totals plus the daily series."""
    tables = [s for s in sources if s.format_id == "youtube_table"]
    daily = [s for s in sources if s.format_id == "youtube_daily"]
    if len(tables) != 1 or not daily:
        return sources
    table, day = tables[0], daily[0]
    period = table.period if table.period.known else day.period
    merged = SourceStats(
        source=table.source,
        format_id=table.format_id,
        format_label=table.format_label,
        platform=table.platform,
        account=table.account or day.account,
        period=period,
        granularity=Granularity.MIXED,
        metrics=table.metrics,
        posts=table.posts,
        series=day.series,
        notes=(*table.notes, f"daily series from {day.source}"),
    )
    rest = [s for s in sources if s is not table and s is not day]
    return [merged, *rest]


FORMATS = (
    FormatSpec(
        "youtube_table",
        LABEL_TABLE,
        Platform.YOUTUBE,
        _detect_table,
        _parse_table,
        signature_labels=COLUMNS.labels,
    ),
    FormatSpec(
        "youtube_daily",
        LABEL_DAILY,
        Platform.YOUTUBE,
        _detect_daily,
        _parse_daily,
        signature_labels=COLUMNS.labels,
    ),
    FormatSpec(
        "youtube_chart_lines",
        "YouTube Studio chart lines (top videos per day)",
        Platform.YOUTUBE,
        _detect_chart_lines,
        None,
        ignored_note="chart lines of the top videos only; totals come from Table data and Totals",
        signature_labels=COLUMNS.labels,
    ),
)
