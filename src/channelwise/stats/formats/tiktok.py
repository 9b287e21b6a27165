"""TikTok Studio exports: one zip per section, e.g. ``Overview_2024-03-01_1711929600_handle.zip``.

``Overview.csv`` (Date, Video Views, Profile Views, Likes, Comments, Shares),
``FollowerHistory.csv`` (Date, Followers, Difference in followers from previous day),
``Viewers.csv`` (Date, Total Viewers, New Viewers, Returning Viewers) and ``Content.csv``
(one row per video, lifetime totals, only a selection of videos). Every field is quoted;
dates have no year ("March 1", month names in the UI language) and ``undefined`` marks days
without data. The year and the handle are only in the zip's name: the number in it is the
export time (Unix seconds), the date before it is not reliable.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pandas as pd

from channelwise.stats.dates import (
    assign_years,
    parse_dates,
    parse_yearless,
    span,
    years_from_references,
)
from channelwise.stats.formats.base import (
    FormatSpec,
    ParseContext,
    Parsed,
    daily_series,
    header_detector,
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
    StatsWarning,
)
from channelwise.stats.tables import aliases, extract, locate, numbers, require_rows

COLUMNS = aliases(
    date=("Date", "Datum"),
    video_views=("Video Views", "Videoaufrufe", "Video-Aufrufe"),
    profile_views=("Profile Views", "Profilaufrufe"),
    likes=("Likes", "„Gefällt mir“-Angaben", "Gefällt mir"),
    comments=("Comments", "Kommentare"),
    shares=("Shares", "Geteilte Inhalte", "Teilen"),
    followers=("Followers", "Follower"),
    difference=(
        "Difference in followers from previous day",
        "Unterschied bei Followern im Vergleich zum Vortag",
    ),
    viewers=("Total Viewers", "Zuschauer insgesamt"),
    new_viewers=("New Viewers", "Neue Zuschauer"),
    time=("Time", "Zeit"),
    video_title=("Video title", "Videotitel"),
    video_link=("Video link", "Videolink"),
    post_time=("Post time", "Veröffentlichungszeit"),
    total_likes=("Total likes", "Likes insgesamt"),
    total_comments=("Total comments", "Kommentare insgesamt"),
    total_shares=("Total shares", "Geteilte Inhalte insgesamt"),
    total_views=("Total views", "Aufrufe insgesamt"),
    hour=("Hour", "Stunde"),
    active=("Active followers", "Aktive Follower"),
    gender=("Gender", "Geschlecht"),
    distribution=("Distribution", "Verteilung"),
    territories=("Top territories", "Top-Regionen", "Top-Gebiete"),
)
_ZIP = re.compile(
    r"^(?P<section>[A-Za-z]+)_(?P<day>\d{4}-\d{2}-\d{2})_(?P<epoch>\d{9,11})_(?P<handle>.+?)(\.zip)?$",
    re.IGNORECASE,
)
LABEL_OVERVIEW = "TikTok Studio overview (daily)"
LABEL_FOLLOWERS = "TikTok Studio follower history (daily)"
LABEL_VIEWERS = "TikTok Studio viewers (daily)"
LABEL_CONTENT = "TikTok Studio content (selected videos)"


def zip_info(names: tuple[str, ...]) -> tuple[date | None, str | None, str]:
    """(export date, handle, how the date was found) from the section zip's name."""
    for name in reversed(names):
        found = _ZIP.match(name.strip())
        if not found:
            continue
        handle = found.group("handle").lstrip("@") or None
        epoch = int(found.group("epoch"))
        if 1_400_000_000 <= epoch <= 4_100_000_000:
            return (
                datetime.fromtimestamp(epoch, tz=UTC).date(),
                handle,
                "export time in the zip name",
            )
        try:
            return date.fromisoformat(found.group("day")), handle, "date in the zip name"
        except ValueError:
            return None, handle, ""
    return None, None, ""


def _dated(
    doc: Document, column: pd.Series, label: str, ctx: ParseContext, w: str
) -> tuple[pd.Series, Period, str | None, list[str], list[StatsWarning]]:
    """Dates (with a year worked out if the rows have none), period, handle, notes, warnings.

    Without a year in the rows the zip's name says it; else the other uploads do, where
    these days fall into their period; else the most recent possible year is assumed.
    """
    where_col = f"{w}, column '{label}'"
    raw = column.astype(str)
    notes: list[str] = []
    warnings: list[StatsWarning] = []
    export_day, handle, how = zip_info(doc.containers)
    if raw.str.contains(r"\d{4}", regex=True).all():
        dates = parse_dates(column, where=where_col)
        first, last = span(dates)
        return dates, Period(first, last, PeriodSource.DATA), handle, notes, warnings
    pairs = parse_yearless(column, where=where_col)
    fitted = years_from_references(pairs, ctx.references) if export_day is None else None
    if export_day is not None:
        assigned = assign_years(pairs, export_day)
        source_kind = PeriodSource.FILE_NAME
        notes.append(f"year taken from the {how}")
    elif fitted is not None:
        assigned, ref = fitted
        source_kind = PeriodSource.OTHER_FILES
        notes.append(f"year taken from the other uploads ({ref})")
        years = "/".join(sorted({str(d.year) for d in assigned if d is not None}))
        warnings.append(
            StatsWarning(
                "year_from_other_files",
                f"'{doc.name}': the dates have no year; {years} was taken from the other "
                f"uploads, whose period ({ref}) covers the same days.",
                f"'{doc.name}': Die Daten haben keine Jahreszahl; {years} wurde aus den "
                f"anderen Dateien übernommen, deren Zeitraum ({_de(ref)}) dieselben Tage "
                "umfasst.",
            )
        )
    else:
        assigned = assign_years(pairs, ctx.today)
        source_kind = PeriodSource.ASSUMED
        notes.append(
            "the dates have no year and no TikTok zip name says it; the most recent "
            "possible year was assumed (upload the zip to be sure)"
        )
        years = "/".join(sorted({str(d.year) for d in assigned if d is not None}))
        warnings.append(
            StatsWarning(
                "year_assumed",
                f"'{doc.name}': the dates have no year and nothing else says it; {years} was "
                "assumed (the most recent possible). Upload the TikTok zip as exported (its "
                "name holds the date), or together with other exports of the same period.",
                f"'{doc.name}': Die Daten haben keine Jahreszahl, und nichts anderes nennt "
                f"sie; {years} wurde angenommen (das letztmögliche Jahr). Laden Sie das "
                "TikTok-Zip so hoch, wie es exportiert wurde (sein Name enthält das Datum), "
                "oder zusammen mit anderen Exporten desselben Zeitraums.",
            )
        )
    dates = pd.Series(
        pd.to_datetime(pd.Series(assigned, dtype=object)).to_numpy(), index=column.index
    )
    first, last = span(dates)
    return dates, Period(first, last, source_kind), handle, notes, warnings


def _de(period: Period) -> str:
    assert period.start is not None and period.end is not None
    return f"{period.start:%d.%m.%Y} bis {period.end:%d.%m.%Y}"


def _parse_overview(doc: Document, ctx: ParseContext) -> Parsed:
    return _parse_daily(
        doc,
        ctx,
        "tiktok_overview",
        LABEL_OVERVIEW,
        {
            "video_views": Metric.VIEWS,
            "profile_views": Metric.VISITS,
            "likes": Metric.LIKES,
            "comments": Metric.COMMENTS,
            "shares": Metric.SHARES,
        },
        expected=(Metric.VIEWS, Metric.VISITS, Metric.LIKES, Metric.COMMENTS, Metric.SHARES),
    )


def _parse_viewers(doc: Document, ctx: ParseContext) -> Parsed:
    return _parse_daily(doc, ctx, "tiktok_viewers", LABEL_VIEWERS, {"viewers": Metric.REACH})


def _parse_daily(
    doc: Document,
    ctx: ParseContext,
    spec_id: str,
    label: str,
    wanted: dict[str, Metric],
    expected: tuple[Metric, ...] = (),
) -> Parsed:
    located = locate(doc.sheets[0], COLUMNS, ("date", *list(wanted)[:1]))
    assert located is not None
    w = where(doc)
    frame = extract(located, where=w)
    require_rows(frame, w)
    headers: dict[str, str] = frame.attrs["headers"]
    dates, period, handle, notes, warnings = _dated(doc, frame["date"], headers["date"], ctx, w)
    nums = numbers(frame, list(wanted), delimiter=doc.delimiter, where=w)
    values: dict[Metric, MetricValue] = {}
    series: dict[Metric, pd.Series] = {}
    for key, target in wanted.items():
        if key in nums:
            how = f"sum of daily '{headers[key]}' over {len(frame)} days"
            if target is Metric.REACH:
                how += " (a viewer on several days counts several times)"
            metric(values, target, nums.total(key), how)
            series[target] = nums[key]
    parts = [values[m].value for m in (Metric.LIKES, Metric.COMMENTS, Metric.SHARES) if m in values]
    if parts:
        metric(values, Metric.ENGAGEMENTS, sum(parts), "likes + comments + shares")
    stats = source(
        doc,
        spec_id,
        label,
        Platform.TIKTOK,
        account=handle,
        period=period,
        granularity=Granularity.DAILY,
        metrics=values,
        series=daily_series(dates, series),
        notes=notes,
        warnings=[*missing_figures(doc, "TikTok Studio", values, expected), *warnings],
    )
    return Parsed((stats,), len(frame), tuple(headers.values()), nums.decimal)


def _parse_followers(doc: Document, ctx: ParseContext) -> Parsed:
    located = locate(doc.sheets[0], COLUMNS, ("date", "followers"))
    assert located is not None
    w = where(doc)
    frame = extract(located, where=w)
    require_rows(frame, w)
    headers: dict[str, str] = frame.attrs["headers"]
    dates, period, handle, notes, warnings = _dated(doc, frame["date"], headers["date"], ctx, w)
    nums = numbers(frame, ("followers",), delimiter=doc.delimiter, where=w)
    followers = nums["followers"]
    known = followers.dropna()
    values: dict[Metric, MetricValue] = {}
    if not known.empty:
        metric(
            values,
            Metric.FOLLOWERS,
            known.iloc[-1],
            f"'{headers['followers']}' on the last day with a value",
        )
        metric(
            values,
            Metric.FOLLOWER_CHANGE,
            known.iloc[-1] - known.iloc[0],
            f"'{headers['followers']}' on the last day minus the first day",
        )
    notes.append(
        "follower change is computed from the follower counts; the 'difference' "
        "column is not used (it does not match the counts day by day)"
    )
    stats = source(
        doc,
        "tiktok_followers",
        LABEL_FOLLOWERS,
        Platform.TIKTOK,
        account=handle,
        period=period,
        granularity=Granularity.DAILY,
        metrics=values,
        series=daily_series(dates, {Metric.FOLLOWERS: followers}),
        notes=notes,
        warnings=warnings,
    )
    return Parsed((stats,), len(frame), tuple(headers.values()), nums.decimal)


def _parse_content(doc: Document, ctx: ParseContext) -> Parsed:
    located = locate(doc.sheets[0], COLUMNS, ("video_link", "total_views"))
    assert located is not None
    w = where(doc)
    frame = extract(located, where=w)
    require_rows(frame, w)
    headers: dict[str, str] = frame.attrs["headers"]
    keys = ("total_views", "total_likes", "total_comments", "total_shares")
    nums = numbers(frame, keys, delimiter=doc.delimiter, where=w)
    published = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    export_day, handle, _ = zip_info(doc.containers)
    if "post_time" in frame.columns:
        published = _dated(doc, frame["post_time"], headers["post_time"], ctx, w)[0]
    engagements = sum(nums[k].fillna(0) for k in keys[1:] if k in nums)

    def col(key: str) -> pd.Series | None:
        return nums.get(key)

    posts = posts_frame(
        post_id=frame["video_link"].astype(str).str.rstrip("/").str.rsplit("/", n=1).str[-1],
        title=frame["video_title"] if "video_title" in frame.columns else None,
        published=published,
        url=frame["video_link"],
        views=col("total_views"),
        engagements=engagements if isinstance(engagements, pd.Series) else None,
        likes=col("total_likes"),
        comments=col("total_comments"),
        shares=col("total_shares"),
    )
    first, last = span(published)
    stats = source(
        doc,
        "tiktok_content",
        LABEL_CONTENT,
        Platform.TIKTOK,
        account=handle,
        period=Period(export_day, export_day, PeriodSource.FILE_NAME)
        if export_day
        else Period(first, last, PeriodSource.DATA),
        granularity=Granularity.PER_POST,
        metrics={},
        posts=posts,
        notes=[
            "Content.csv lists only some videos (about 15) with lifetime totals; it is kept "
            "as a post table and not used for totals"
        ],
    )
    return Parsed((stats,), len(frame), tuple(headers.values()), nums.decimal)


FORMATS = (
    FormatSpec(
        "tiktok_overview",
        LABEL_OVERVIEW,
        Platform.TIKTOK,
        header_detector(
            COLUMNS, ("date", "video_views", ("profile_views", "likes", "comments", "shares"))
        ),
        _parse_overview,
        signature_labels=COLUMNS.labels,
    ),
    FormatSpec(
        "tiktok_followers",
        LABEL_FOLLOWERS,
        Platform.TIKTOK,
        header_detector(COLUMNS, ("date", "followers", "difference")),
        _parse_followers,
        signature_labels=COLUMNS.labels,
    ),
    FormatSpec(
        "tiktok_viewers",
        LABEL_VIEWERS,
        Platform.TIKTOK,
        header_detector(COLUMNS, ("date", "viewers", "new_viewers")),
        _parse_viewers,
        signature_labels=COLUMNS.labels,
    ),
    FormatSpec(
        "tiktok_content",
        LABEL_CONTENT,
        Platform.TIKTOK,
        header_detector(COLUMNS, ("video_link", "post_time", "total_views")),
        _parse_content,
        signature_labels=COLUMNS.labels,
    ),
    FormatSpec(
        "tiktok_follower_activity",
        "TikTok Studio follower activity",
        Platform.TIKTOK,
        header_detector(COLUMNS, ("date", "hour", "active")),
        None,
        ignored_note="hourly activity; not needed for the figures",
        signature_labels=COLUMNS.labels,
    ),
    FormatSpec(
        "tiktok_follower_gender",
        "TikTok Studio follower gender",
        Platform.TIKTOK,
        header_detector(COLUMNS, ("gender", "distribution")),
        None,
        ignored_note="audience breakdown; not needed for the figures",
        signature_labels=COLUMNS.labels,
    ),
    FormatSpec(
        "tiktok_follower_territories",
        "TikTok Studio follower territories",
        Platform.TIKTOK,
        header_detector(COLUMNS, ("territories", "distribution")),
        None,
        ignored_note="audience breakdown; not needed for the figures",
        signature_labels=COLUMNS.labels,
    ),
)
