"""LinkedIn company-page exports (.xls/.xlsx).

Company page: the content export (sheet "Metrics" or "Update metrics (aggregated)", header
on the second row, organic / sponsored / total columns, plus "All posts"), the followers
export (sheet "New followers": new followers per day, sponsored / organic / auto-invited /
total) and the visitors export ("Visitor metrics"). The organic columns are used; sponsored
figures are reported in a note.

Creator analytics workbooks are read by :mod:`channelwise.stats.formats.linkedin_creator`.
"""

from __future__ import annotations

import re

import pandas as pd

from channelwise.stats.dates import parse_dates, span
from channelwise.stats.formats.base import (
    FormatSpec,
    ParseContext,
    Parsed,
    daily_series,
    header_detector,
    metric,
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
)
from channelwise.stats.tables import (
    Aliases,
    Located,
    aliases,
    extract,
    locate,
    numbers,
    require_rows,
)

COMPANY = aliases(
    date=("Date", "Datum"),
    impressions=("Impressions (organic)", "Impressionen (organisch)"),
    sponsored=("Impressions (sponsored)", "Impressionen (gesponsert)"),
    unique=("Unique impressions (organic)", "Eindeutige Impressionen (organisch)"),
    clicks=("Clicks (organic)", "Klicks (organisch)"),
    reactions=("Reactions (organic)", "Reaktionen (organisch)"),
    comments=("Comments (organic)", "Kommentare (organisch)"),
    reposts=(
        "Reposts (organic)",
        "Shares (organic)",
        "Reposts (organisch)",
        "Geteilte Inhalte (organisch)",
    ),
    total_new=("Total followers", "Follower insgesamt"),
    organic_new=("Organic followers", "Organische Follower"),
    sponsored_new=("Sponsored followers", "Gesponserte Follower"),
    page_views=("Total page views (total)", "Seitenaufrufe insgesamt (gesamt)"),
    visitors=("Total unique visitors (total)", "Einzelne Besucher insgesamt (gesamt)"),
)
POSTS = aliases(
    title=("Post title", "Update title", "Beitragstitel"),
    link=("Post link", "Update link", "Beitragslink"),
    created=("Created date", "Erstellungsdatum"),
    impressions=("Impressions", "Impressionen"),
    clicks=("Clicks", "Klicks"),
    likes=("Likes", "Reactions", "Reaktionen"),
    comments=("Comments", "Kommentare"),
    reposts=("Reposts", "Shares", "Geteilte Inhalte"),
)
LABEL_CONTENT = "LinkedIn page content (daily)"
LABEL_FOLLOWERS = "LinkedIn page followers (daily)"
LABEL_VISITORS = "LinkedIn page visitors (daily)"


def _company_name(filename: str) -> str | None:
    stem = re.sub(r"\.(xlsx?|csv)$", "", filename, flags=re.IGNORECASE)
    found = re.match(r"(?P<name>.+?)_(content|updates|followers|visitors)(_|$)", stem, re.I)
    return found.group("name").replace("_", " ").strip() if found else None


def _find(doc: Document, names: Aliases, required: tuple[str, ...]) -> Located:
    for sheet in doc.sheets:
        located = locate(sheet, names, required)
        if located is not None:
            return located
    raise AssertionError("detected format without its columns")


Daily = tuple[pd.DataFrame, pd.Series, dict[str, pd.Series], str | None, dict[str, str], str]


def daily_table(doc: Document, located: Located, keys: tuple[str, ...]) -> Daily:
    w = where(doc, located.sheet.name)
    frame = extract(located, where=w)
    require_rows(frame, w)
    headers: dict[str, str] = frame.attrs["headers"]
    dates = parse_dates(frame["date"], where=f"{w}, column '{headers['date']}'")
    nums = numbers(frame, keys, delimiter=doc.delimiter, where=w)
    return frame, dates, nums.columns, nums.decimal, headers, w


def _parse_content(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    located = _find(doc, COMPANY, ("date", "impressions"))
    keys = ("impressions", "sponsored", "unique", "clicks", "reactions", "comments", "reposts")
    frame, dates, nums, decimal, headers, _ = daily_table(doc, located, keys)
    rows = f"{len(frame)} days"
    values: dict[Metric, MetricValue] = {}
    targets = {
        "impressions": Metric.IMPRESSIONS,
        "unique": Metric.REACH,
        "clicks": Metric.CLICKS,
        "reactions": Metric.LIKES,
        "comments": Metric.COMMENTS,
        "reposts": Metric.SHARES,
    }
    series: dict[Metric, pd.Series] = {}
    for key, target in targets.items():
        if key in nums:
            metric(values, target, float(nums[key].sum()), f"sum of '{headers[key]}' over {rows}")
            series[target] = nums[key]
    parts = [
        m for m in (Metric.CLICKS, Metric.LIKES, Metric.COMMENTS, Metric.SHARES) if m in values
    ]
    if parts:
        metric(
            values,
            Metric.ENGAGEMENTS,
            sum(values[m].value for m in parts),
            "organic clicks + reactions + comments + reposts (LinkedIn's definition)",
        )
    notes = ["organic figures only"]
    if "sponsored" in nums:
        notes.append(f"sponsored impressions not counted: {float(nums['sponsored'].sum()):,.0f}")
    first, last = span(dates)
    period = Period(first, last, PeriodSource.DATA)
    posts = _company_posts(doc)
    if posts is not None and first and last:
        published = posts["published"].dt.date
        metric(
            values,
            Metric.POSTS,
            int(((published >= first) & (published <= last)).sum()),
            "posts in 'All posts' created within the period",
        )
    stats = source(
        doc,
        "linkedin_content",
        LABEL_CONTENT,
        Platform.LINKEDIN,
        account=_company_name(doc.filename),
        period=period,
        granularity=Granularity.DAILY,
        metrics=values,
        posts=posts,
        series=daily_series(dates, series),
        notes=notes,
    )
    return Parsed((stats,), len(frame), tuple(headers.values()), decimal)


def _company_posts(doc: Document) -> pd.DataFrame | None:
    for sheet in doc.sheets:
        located = locate(sheet, POSTS, ("link", "created", "impressions"))
        if located is None:
            continue
        w = where(doc, sheet.name)
        frame = extract(located, where=w)
        headers: dict[str, str] = frame.attrs["headers"]
        nums = numbers(
            frame,
            ("impressions", "clicks", "likes", "comments", "reposts"),
            delimiter=doc.delimiter,
            where=w,
        )
        created = parse_dates(frame["created"], where=f"{w}, column '{headers['created']}'")
        eng = sum(
            nums[k].fillna(0) for k in ("clicks", "likes", "comments", "reposts") if k in nums
        )
        return posts_frame(
            post_id=frame["link"].astype(str),
            url=frame["link"],
            title=frame["title"] if "title" in frame.columns else None,
            published=created,
            impressions=nums["impressions"],
            clicks=nums.get("clicks"),
            likes=nums.get("likes"),
            comments=nums.get("comments"),
            shares=nums.get("reposts"),
            engagements=eng if isinstance(eng, pd.Series) else None,
        )
    return None


def _daily_sum(
    doc: Document, format_id: str, label: str, column: str, target: Metric, notes: list[str]
) -> Parsed:
    """A company-page export with one daily column that sums to one metric."""
    located = _find(doc, COMPANY, ("date", column))
    frame, dates, nums, decimal, headers, _ = daily_table(doc, located, (column,))
    values: dict[Metric, MetricValue] = {}
    metric(
        values,
        target,
        float(nums[column].sum()),
        f"sum of daily '{headers[column]}' over {len(frame)} days",
    )
    first, last = span(dates)
    stats = source(
        doc,
        format_id,
        label,
        Platform.LINKEDIN,
        account=_company_name(doc.filename),
        period=Period(first, last, PeriodSource.DATA),
        granularity=Granularity.DAILY,
        metrics=values,
        series=daily_series(dates, {target: nums[column]}),
        notes=notes,
    )
    return Parsed((stats,), len(frame), tuple(headers.values()), decimal)


def _parse_followers(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    note = (
        "this export counts new followers per day, not the total follower "
        "count; add the total with the generic template if you need it"
    )
    return _daily_sum(
        doc, "linkedin_followers", LABEL_FOLLOWERS, "total_new", Metric.FOLLOWS, [note]
    )


def _parse_visitors(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    return _daily_sum(doc, "linkedin_visitors", LABEL_VISITORS, "page_views", Metric.VISITS, [])


FORMATS = (
    FormatSpec(
        "linkedin_content",
        LABEL_CONTENT,
        Platform.LINKEDIN,
        header_detector(COMPANY, ("date", "impressions", "clicks", "reactions")),
        _parse_content,
        signature_labels=COMPANY.labels,
    ),
    FormatSpec(
        "linkedin_followers",
        LABEL_FOLLOWERS,
        Platform.LINKEDIN,
        header_detector(COMPANY, ("date", "sponsored_new", "organic_new", "total_new")),
        _parse_followers,
        signature_labels=COMPANY.labels,
    ),
    FormatSpec(
        "linkedin_visitors",
        LABEL_VISITORS,
        Platform.LINKEDIN,
        header_detector(COMPANY, ("date", "page_views")),
        _parse_visitors,
        signature_labels=COMPANY.labels,
    ),
)
