"""YouTube Studio exports: the zip, or its Table data / Chart data / Totals CSVs (EN and DE).

* ``Table data.csv`` / ``Tabellendaten.csv``: one row per video (``Content`` holds the video
  id, which can start with ``-`` or a space; German ``Videos``), with a totals row (``Total``
  / ``Gesamt``), first in the export, anywhere after an Excel re-save. Its figures are the
  totals row's; the rows are checked against it (the table may list only the top videos, so
  the totals row may count more: the user is told how much). The table is recognized by the
  columns it has: a video id or title, views and one more YouTube figure (watch time,
  subscribers, impressions ...), so a table without the id column, with fewer columns, or
  with the older ``Watch time (minutes)`` still reads. Grouped by date it is a daily table;
  grouped by another dimension (traffic source, geography ...) only its totals are used.
* ``Totals.csv`` / ``Gesamtwerte.csv``: the chart metric per day, all videos together.
* ``Chart data.csv`` / ``Diagrammdaten.csv``: the chart lines per video (top videos only,
  so never used for totals) or, without a ``Content`` column, the daily total.
* The period is only in the zip's name (``Content 2024-01-01_2024-03-31 Channel.zip``).
* Excel re-saves (German Excel: cp1252, ``;``, ``1.234,5``, dates ``05.01.2024``; "Unicode
  text": UTF-16 with tabs) read like the original.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from channelwise.i18n import Bilingual
from channelwise.stats.dates import parse_dates, span
from channelwise.stats.formats.base import (
    MIN_SCORE,
    Detection,
    FormatSpec,
    ParseContext,
    Parsed,
    daily_series,
    metric,
    missing_figures,
    posts_frame,
    source,
    where,
)
from channelwise.stats.readers import Document
from channelwise.stats.records import (
    Granularity,
    Metric,
    MetricValue,
    Period,
    PeriodSource,
    Platform,
    SourceStats,
    StatsWarning,
)
from channelwise.stats.tables import (
    Located,
    Numbers,
    aliases,
    best_match,
    extract,
    locate,
    numbers,
    require_rows,
)
from channelwise.stats.totals import Rows, check_totals, totals_mask

COLUMNS = aliases(
    content=("Content", "Videos", "Inhalt", "Video"),
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
    watch_minutes=("Watch time (minutes)", "Wiedergabezeit (Minuten)"),
    subscribers=("Subscribers", "Abonnenten"),
    gained=("Subscribers gained", "Gewonnene Abonnenten"),
    lost=("Subscribers lost", "Verlorene Abonnenten"),
    impressions=(
        "Impressions",
        "Impressionen",
        "Thumbnail impressions",
        "Thumbnail-Impressionen",
    ),
    ctr=(
        "Impressions click-through rate (%)",
        "Klickrate der Impressionen (%)",
        "Thumbnail click-through rate (%)",
        "Thumbnail-Klickrate (%)",
    ),
    duration=("Average view duration", "Durchschnittliche Wiedergabedauer"),
    unique=("Unique viewers", "Einzelne Zuschauer"),
    likes=("Likes", "Mag ich", "„Mag ich“-Bewertungen", '"Mag ich"-Bewertungen', "Mag-ich-Angaben"),
    comments=("Comments added", "Hinzugefügte Kommentare", "Kommentare"),
    shares=("Shares", "Geteilte Inhalte", "Mal geteilt"),
)
#: Figures only YouTube's tables have: with views they identify a YouTube export.
_YOUTUBE_ONLY = ("watch", "watch_minutes", "ctr", "duration", "gained", "lost", "unique")
#: A per-video table: an id or title, views and one more YouTube figure.
_TABLE = (
    ("content", "title"),
    "views",
    ("subscribers", "impressions", "likes", "comments", "shares", *_YOUTUBE_ONLY),
)
_NUMERIC = (
    "views",
    "watch",
    "watch_minutes",
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
#: What the default table of the Content tab has; a re-saved or trimmed table may not.
_EXPECTED = (Metric.VIEWS, Metric.WATCH_TIME_HOURS, Metric.FOLLOWER_CHANGE, Metric.IMPRESSIONS)
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


def _has_date_column(doc: Document) -> bool:
    return best_match(doc.sheets, COLUMNS, ("date", "views"))[0] >= MIN_SCORE


def _dimension_table(doc: Document) -> Located | None:
    """A table grouped by something else than video or date, with YouTube's figures."""
    located = locate(doc.sheets[0], COLUMNS, ("views", ("watch", "watch_minutes")))
    if located is None or located.columns["views"] == 0 or "date" in located.columns:
        return None
    if any(k in located.columns for k in ("content", "title")):
        return None
    located.columns["dimension"] = 0
    return located


def _detect_table(doc: Document) -> Detection:
    score, found, missing = best_match(doc.sheets, COLUMNS, _TABLE)
    if score >= MIN_SCORE and _has_date_column(doc):
        return Detection(0.0)  # a table by date: the daily spec reads it
    if score < MIN_SCORE and _dimension_table(doc) is not None:
        return Detection(MIN_SCORE, ("views", "watch"))
    return Detection(score, found, missing)


def _detect_daily(doc: Document) -> Detection:
    score, found, missing = best_match(doc.sheets, COLUMNS, ("date", "views"))
    if score < MIN_SCORE:
        return Detection(score, found, missing)
    if doc.filename.lower() in _CHART_NAMES:
        per_video = best_match(doc.sheets, COLUMNS, ("date", "content", "views"))[0]
        if per_video >= MIN_SCORE:
            return Detection(0.0)  # handled by the chart-lines spec
    distinctive = best_match(doc.sheets, COLUMNS, ("date", "views", _YOUTUBE_ONLY))[0]
    if distinctive < MIN_SCORE and not _youtube_context(doc):
        score = 0.9  # 'Date, Views' alone is too generic without a YouTube file name
    return Detection(score, found, missing)


def _detect_chart_lines(doc: Document) -> Detection:
    if doc.filename.lower() not in _CHART_NAMES:
        return Detection(0.0)
    score, found, missing = best_match(doc.sheets, COLUMNS, ("date", "content", "views"))
    return Detection(score + 0.05 if score >= MIN_SCORE else score, found, missing)


#: Figures that add up over videos, days or dimension rows (not reach, rates or averages),
#: so the rows can be checked against the totals row.
_ADDITIVE = (
    "views",
    "watch",
    "watch_minutes",
    "subscribers",
    "gained",
    "lost",
    "impressions",
    "likes",
    "comments",
    "shares",
)
#: Net subscribers: the channel page and unsubscribes without a video move the total either way.
_SIGNED = ("subscribers",)


def _label_keys(frame: pd.DataFrame) -> tuple[str, ...]:
    """Where the totals row is marked: the id column (a video may be titled "Total"), else
    the title or dimension column; and the first column when no known one stands there."""
    label = next(k for k in ("content", "title", "dimension") if k in frame.columns)
    return (label, "first") if "first" in frame.columns else (label,)


def _with_first_column(located: Located) -> Located:
    """The first column as a label column too when it is not a known one (a renamed id
    column still marks the totals row)."""
    if 0 in located.columns.values():
        return located
    return Located(located.sheet, located.header_row, {**located.columns, "first": 0})


def _check(
    doc: Document,
    nums: Numbers,
    mask: pd.Series,
    headers: dict[str, str],
    label: str,
    rows: Rows,
    *,
    partial: bool,
) -> list[StatsWarning]:
    columns = {k: headers[k] for k in _ADDITIVE if k in nums}
    return check_totals(
        nums,
        mask,
        columns,
        source=doc.name,
        label=label,
        rows=rows,
        partial=partial,
        signed=_SIGNED,
    )


def _totals(
    nums: Numbers,
    headers: dict[str, str],
    total_mask: pd.Series,
    rows: str,
    label: str,
) -> dict[Metric, MetricValue]:
    """Each figure from the total row if there is one, else summed over the rows."""
    has_total = bool(total_mask.any())
    total_pos = int(total_mask.to_numpy().nonzero()[0][0]) if has_total else -1
    data = ~total_mask.to_numpy()
    values: dict[Metric, MetricValue] = {}

    def value(key: str) -> float:
        column = nums[key]
        return float(column.iloc[total_pos]) if has_total else float(column[data].sum())

    def how(key: str) -> str:
        if has_total:
            return f"'{headers[key]}' in the '{label}' row"
        return f"sum of '{headers[key]}' over {rows}"

    for key, target in _METRIC_OF.items():
        if key in nums and bool(nums[key].notna().any()):
            metric(values, target, value(key), how(key))
    if Metric.WATCH_TIME_HOURS not in values and "watch_minutes" in nums:
        hours = value("watch_minutes") / 60
        metric(values, Metric.WATCH_TIME_HOURS, hours, how("watch_minutes") + " ÷ 60")
    if Metric.FOLLOWER_CHANGE not in values and "gained" in nums and "lost" in nums:
        change = value("gained") - value("lost")
        metric(values, Metric.FOLLOWER_CHANGE, change, "subscribers gained minus lost")
    parts = [values[m].value for m in (Metric.LIKES, Metric.COMMENTS, Metric.SHARES) if m in values]
    if parts:
        metric(values, Metric.ENGAGEMENTS, sum(parts), "likes + comments + shares")
    return values


def _parse_table(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    sheet = doc.sheets[0]
    located = locate(sheet, COLUMNS, _TABLE[:2]) or _dimension_table(doc)
    assert located is not None
    w = where(doc)
    frame = extract(_with_first_column(located), where=w)
    labels = _label_keys(frame)
    total_mask = totals_mask(frame, labels)
    data = frame[~total_mask]
    if not bool(total_mask.any()):
        require_rows(data, w)
    nums = numbers(frame, _NUMERIC, delimiter=doc.delimiter, where=w)
    period, channel = zip_period_and_channel((*doc.containers, doc.filename))
    headers: dict[str, str] = frame.attrs["headers"]
    total_label = _label_of(frame, labels, total_mask)
    per_video = "dimension" not in frame.columns
    rows = f"{len(data)} {'video' if per_video else 'table'} rows (no total row)"
    values = _totals(nums, headers, total_mask, rows, total_label)
    notes = [] if total_mask.any() else ["no total row: totals are the sum of the listed rows"]
    listed = (
        Rows(len(data), Bilingual("videos", "Videos"))
        if per_video
        else Rows(len(data), Bilingual("rows", "Zeilen"))
    )
    checked = _check(doc, nums, total_mask, headers, total_label, listed, partial=True)
    posts = None
    if per_video:
        published = (
            parse_dates(data["published"], where=f"{w}, column '{headers['published']}'")
            if "published" in data.columns
            else pd.Series(pd.NaT, index=data.index, dtype="datetime64[ns]")
        )
        if period is not None and "published" in data.columns:
            assert period.start is not None and period.end is not None
            days = published.dt.date
            count = int(((days >= period.start) & (days <= period.end)).sum())
            metric(values, Metric.POSTS, count, "videos in the table published within the period")
        keep = ~total_mask.to_numpy()

        def col(key: str) -> pd.Series | None:
            return nums[key][keep] if key in nums else None

        ids = data["content"] if "content" in data.columns else data["title"]
        posts = posts_frame(
            post_id=ids.astype(str).str.strip(),
            title=data["title"] if "title" in data.columns else None,
            published=published,
            views=col("views"),
            reach=col("unique"),
            impressions=col("impressions"),
            likes=col("likes"),
            comments=col("comments"),
            shares=col("shares"),
        )
    else:
        notes.append(f"table by '{headers['dimension']}': only its totals are used")
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
        warnings=[*checked, *missing_figures(doc, "YouTube Studio", values, _EXPECTED)],
    )
    return Parsed((stats,), len(data), tuple(headers.values()), nums.decimal)


def _label_of(frame: pd.DataFrame, keys: tuple[str, ...], mask: pd.Series) -> str:
    """The totals row's label as the file writes it (``Gesamt``, ``Total``)."""
    if not bool(mask.any()):
        return ""
    row = frame[mask].iloc[0]
    return next(str(row[k]).strip() for k in keys if k in frame.columns and str(row[k]).strip())


def _parse_daily(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    located = locate(doc.sheets[0], COLUMNS, ("date",))
    assert located is not None
    w = where(doc)
    frame = extract(located, where=w)
    total_mask = totals_mask(frame, ("date",))
    days = frame[~total_mask]
    require_rows(days, w)
    headers: dict[str, str] = frame.attrs["headers"]
    dates = parse_dates(days["date"], where=f"{w}, column '{headers['date']}'")
    nums = numbers(frame, _NUMERIC, delimiter=doc.delimiter, where=w)
    label = _label_of(frame, ("date",), total_mask)
    values = _totals(nums, headers, total_mask, f"{len(days)} days", label)
    checked = _check(
        doc,
        nums,
        total_mask,
        headers,
        label,
        Rows(len(days), Bilingual("days", "Tage")),
        partial=False,
    )
    keep = ~total_mask.to_numpy()
    series_cols = {
        target: nums[key][keep] for key, target in _METRIC_OF.items() if target in values
    }
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
        warnings=checked,
    )
    return Parsed((stats,), len(days), tuple(headers.values()), nums.decimal)


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
        warnings=(*table.warnings, *day.warnings),
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
