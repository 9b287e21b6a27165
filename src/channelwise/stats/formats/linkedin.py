"""LinkedIn exports: company-page workbooks (.xls/.xlsx) and creator analytics (.xlsx).

Company page: the content export (sheet "Metrics" or "Update metrics (aggregated)", header
on the second row, organic / sponsored / total columns, plus "All posts"), the followers
export (sheet "New followers": new followers per day, sponsored / organic / auto-invited /
total) and the visitors export ("Visitor metrics"). The organic columns are used; sponsored
figures are reported in a note.

Creator analytics: sheets DISCOVERY (period, impressions, members reached), ENGAGEMENT
(daily impressions and engagements), TOP POSTS (two side-by-side top-50 tables), FOLLOWERS
("Total followers on M/D/YYYY" line above a daily new-followers table) and DEMOGRAPHICS.
Numbers are stored as text.
"""

from __future__ import annotations

import re

import pandas as pd

from channelwise.stats.dates import parse_dates, span
from channelwise.stats.formats.base import (
    Detection,
    FormatSpec,
    ParseContext,
    Parsed,
    daily_series,
    header_detector,
    metric,
    posts_frame,
    source,
    sum_metric,
    where,
)
from channelwise.stats.model import Granularity, Metric, MetricValue, Period, PeriodSource, Platform
from channelwise.stats.numbers import parse_number
from channelwise.stats.readers import Document, Sheet
from channelwise.stats.tables import Aliases, Located, aliases, extract, locate, norm, numbers, require_rows

COMPANY = aliases(
    date=("Date", "Datum"),
    impressions=("Impressions (organic)", "Impressionen (organisch)"),
    sponsored=("Impressions (sponsored)", "Impressionen (gesponsert)"),
    unique=("Unique impressions (organic)", "Eindeutige Impressionen (organisch)"),
    clicks=("Clicks (organic)", "Klicks (organisch)"),
    reactions=("Reactions (organic)", "Reaktionen (organisch)"),
    comments=("Comments (organic)", "Kommentare (organisch)"),
    reposts=("Reposts (organic)", "Shares (organic)", "Reposts (organisch)",
             "Geteilte Inhalte (organisch)"),
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
CREATOR = aliases(
    date=("Date", "Datum"),
    impressions=("Impressions", "Impressionen"),
    engagements=("Engagements", "Interaktionen"),
    new_followers=("New followers", "Neue Follower"),
    post_url=("Post URL", "Beitrags-URL"),
    post_date=("Post publish date", "Veröffentlichungsdatum des Beitrags"),
)
_CREATOR_SHEETS = {
    "discovery": ("discovery", "entdeckung"),
    "engagement": ("engagement", "interaktionen", "engagement-rate"),
    "top posts": ("top posts", "top-beiträge", "top beiträge"),
    "followers": ("followers", "follower"),
    "demographics": ("demographics", "demografie", "demografische daten"),
}
_RANGE = re.compile(r"(\d{1,2}[./]\d{1,2}[./]\d{4})\s*[-–]\s*(\d{1,2}[./]\d{1,2}[./]\d{4})")
LABEL_CONTENT = "LinkedIn page content (daily)"
LABEL_FOLLOWERS = "LinkedIn page followers (daily)"
LABEL_VISITORS = "LinkedIn page visitors (daily)"
LABEL_CREATOR = "LinkedIn creator analytics"


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


_Daily = tuple[pd.DataFrame, pd.Series, dict[str, pd.Series], str | None, dict[str, str], str]


def _daily(doc: Document, located: Located, keys: tuple[str, ...]) -> _Daily:
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
    frame, dates, nums, decimal, headers, _ = _daily(doc, located, keys)
    rows = f"{len(frame)} days"
    values: dict[Metric, MetricValue] = {}
    targets = {"impressions": Metric.IMPRESSIONS, "unique": Metric.REACH, "clicks": Metric.CLICKS,
               "reactions": Metric.LIKES, "comments": Metric.COMMENTS, "reposts": Metric.SHARES}
    series: dict[Metric, pd.Series] = {}
    for key, target in targets.items():
        if key in nums:
            metric(values, target, float(nums[key].sum()), f"sum of '{headers[key]}' over {rows}")
            series[target] = nums[key]
    parts = [m for m in (Metric.CLICKS, Metric.LIKES, Metric.COMMENTS, Metric.SHARES) if m in values]
    if parts:
        metric(values, Metric.ENGAGEMENTS, sum(values[m].value for m in parts),
               "organic clicks + reactions + comments + reposts (LinkedIn's definition)")
    notes = ["organic figures only"]
    if "sponsored" in nums:
        notes.append(f"sponsored impressions not counted: {float(nums['sponsored'].sum()):,.0f}")
    first, last = span(dates)
    period = Period(first, last, PeriodSource.DATA)
    posts = _company_posts(doc)
    if posts is not None and first and last:
        published = posts["published"].dt.date
        metric(values, Metric.POSTS, int(((published >= first) & (published <= last)).sum()),
               "posts in 'All posts' created within the period")
    stats = source(doc, "linkedin_content", LABEL_CONTENT, Platform.LINKEDIN,
                   account=_company_name(doc.filename), period=period,
                   granularity=Granularity.DAILY, metrics=values, posts=posts,
                   series=daily_series(dates, series), notes=notes)
    return Parsed((stats,), len(frame), tuple(headers.values()), decimal)


def _company_posts(doc: Document) -> pd.DataFrame | None:
    for sheet in doc.sheets:
        located = locate(sheet, POSTS, ("link", "created", "impressions"))
        if located is None:
            continue
        w = where(doc, sheet.name)
        frame = extract(located, where=w)
        headers: dict[str, str] = frame.attrs["headers"]
        nums = numbers(frame, ("impressions", "clicks", "likes", "comments", "reposts"),
                       delimiter=doc.delimiter, where=w)
        created = parse_dates(frame["created"], where=f"{w}, column '{headers['created']}'")
        eng = sum(nums[k].fillna(0) for k in ("clicks", "likes", "comments", "reposts") if k in nums)
        return posts_frame(
            post_id=frame["link"].astype(str), url=frame["link"],
            title=frame["title"] if "title" in frame.columns else None, published=created,
            impressions=nums["impressions"], clicks=nums.get("clicks"), likes=nums.get("likes"),
            comments=nums.get("comments"), shares=nums.get("reposts"),
            engagements=eng if isinstance(eng, pd.Series) else None,
        )
    return None


def _parse_followers(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    located = _find(doc, COMPANY, ("date", "total_new"))
    frame, dates, nums, decimal, headers, _ = _daily(doc, located, ("total_new", "organic_new"))
    values: dict[Metric, MetricValue] = {}
    metric(values, Metric.FOLLOWS, float(nums["total_new"].sum()),
           f"sum of daily '{headers['total_new']}' (new followers per day) over {len(frame)} days")
    first, last = span(dates)
    stats = source(doc, "linkedin_followers", LABEL_FOLLOWERS, Platform.LINKEDIN,
                   account=_company_name(doc.filename), period=Period(first, last, PeriodSource.DATA),
                   granularity=Granularity.DAILY, metrics=values,
                   series=daily_series(dates, {Metric.FOLLOWS: nums["total_new"]}),
                   notes=["this export counts new followers per day, not the total follower "
                          "count; add the total with the generic template if you need it"])
    return Parsed((stats,), len(frame), tuple(headers.values()), decimal)


def _parse_visitors(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    located = _find(doc, COMPANY, ("date", "page_views"))
    frame, dates, nums, decimal, headers, _ = _daily(doc, located, ("page_views",))
    values: dict[Metric, MetricValue] = {}
    metric(values, Metric.VISITS, float(nums["page_views"].sum()),
           f"sum of '{headers['page_views']}' over {len(frame)} days")
    first, last = span(dates)
    stats = source(doc, "linkedin_visitors", LABEL_VISITORS, Platform.LINKEDIN,
                   account=_company_name(doc.filename), period=Period(first, last, PeriodSource.DATA),
                   granularity=Granularity.DAILY, metrics=values,
                   series=daily_series(dates, {Metric.VISITS: nums["page_views"]}))
    return Parsed((stats,), len(frame), tuple(headers.values()), decimal)


# --- creator analytics -------------------------------------------------------------------


def _creator_sheets(doc: Document) -> dict[str, Sheet]:
    found: dict[str, Sheet] = {}
    for sheet in doc.sheets:
        name = norm(sheet.name)
        for key, accepted in _CREATOR_SHEETS.items():
            if name in accepted and key not in found:
                found[key] = sheet
    return found


def _detect_creator(doc: Document) -> Detection:
    if doc.kind == "csv":
        return Detection(0.0)
    found = _creator_sheets(doc)
    signature = ("discovery", "engagement", "followers")
    hits = tuple(k for k in signature if k in found)
    score = len(hits) / len(signature)
    if score < 1 and len(found) >= 2 and ("discovery" in found or "engagement" in found):
        score = 1.0  # a section export with fewer sheets
    return Detection(score, hits, tuple(k for k in signature if k not in found))


def _label_value(sheet: Sheet, labels: tuple[str, ...]) -> tuple[str, str] | None:
    for row in sheet.rows[:40]:
        cells = [c for c in row if c.strip()]
        if len(cells) >= 2 and any(norm(cells[0]).startswith(lbl) for lbl in labels):
            return cells[0], cells[1]
    return None


def _parse_creator(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    sheets = _creator_sheets(doc)
    values: dict[Metric, MetricValue] = {}
    notes: list[str] = []
    columns: list[str] = []
    rows = 0
    period = Period(None, None)
    decimal: str | None = None
    if "discovery" in sheets:
        sheet = sheets["discovery"]
        w = where(doc, sheet.name)
        found = _label_value(sheet, ("overall performance", "gesamtleistung"))
        if found and (match := _RANGE.search(found[1])):
            bounds = parse_dates(pd.Series([match.group(1), match.group(2)]), where=w)
            start, end = span(bounds)
            period = Period(start, end, PeriodSource.HEADER)
        for labels, target in ((("impressions", "impressionen"), Metric.IMPRESSIONS),
                               (("members reached", "erreichte mitglieder"), Metric.REACH)):
            pair = _label_value(sheet, labels)
            if pair is not None:
                value = _text_number(pair[1], w)
                metric(values, target, value, f"'{pair[0]}' on sheet {sheet.name}")
                columns.append(pair[0])
    series: dict[Metric, pd.Series] = {}
    dates = pd.Series(dtype="datetime64[ns]")
    if "engagement" in sheets:
        located = locate(sheets["engagement"], CREATOR, ("date", "impressions"))
        if located is not None:
            frame, dates, nums, decimal, headers, _ = _daily(
                doc, located, ("impressions", "engagements"))
            rows += len(frame)
            columns.extend(headers.values())
            if "engagements" in nums:
                metric(values, Metric.ENGAGEMENTS, float(nums["engagements"].sum()),
                       f"sum of daily '{headers['engagements']}' over {len(frame)} days")
                series[Metric.ENGAGEMENTS] = nums["engagements"]
            daily_impressions = float(nums["impressions"].sum())
            series[Metric.IMPRESSIONS] = nums["impressions"]
            if Metric.IMPRESSIONS not in values:
                metric(values, Metric.IMPRESSIONS, daily_impressions,
                       f"sum of daily '{headers['impressions']}'")
            elif abs(values[Metric.IMPRESSIONS].value - daily_impressions) > max(
                    1.0, 0.01 * daily_impressions):
                notes.append(f"daily impressions add up to {daily_impressions:,.0f}, the "
                             "DISCOVERY total says otherwise; the total was used")
            if not period.known:
                first, last = span(dates)
                period = Period(first, last, PeriodSource.DATA)
    if "followers" in sheets:
        sheet = sheets["followers"]
        w = where(doc, sheet.name)
        pair = _label_value(sheet, ("total followers", "follower insgesamt"))
        if pair is not None:
            metric(values, Metric.FOLLOWERS, _text_number(pair[1], w), f"'{pair[0]}'")
        located = locate(sheet, CREATOR, ("date", "new_followers"))
        if located is not None:
            frame, _, nums, _, headers, _ = _daily(doc, located, ("new_followers",))
            rows += len(frame)
            metric(values, Metric.FOLLOWS, float(nums["new_followers"].sum()),
                   f"sum of daily '{headers['new_followers']}' over {len(frame)} days")
    posts = _creator_posts(doc, sheets["top posts"]) if "top posts" in sheets else None
    stats = source(doc, "linkedin_creator", LABEL_CREATOR, Platform.LINKEDIN,
                   account=_creator_name(doc.filename), period=period,
                   granularity=Granularity.PERIOD_TOTAL, metrics=values, posts=posts,
                   series=daily_series(dates, series) if series else None, notes=notes)
    return Parsed((stats,), rows, tuple(columns), decimal)


def _text_number(text: str, w: str) -> float | None:
    """A number stored as text ('1,234', '1.234' in German, '12,5'); raises on non-numbers."""
    comma = re.fullmatch(r"[\d.]+,\d{1,2}|\d{1,3}(\.\d{3})+", text.strip())
    return parse_number(text, "," if comma else ".", where=w)


def _creator_posts(doc: Document, sheet: Sheet) -> pd.DataFrame | None:
    located = locate(sheet, CREATOR, ("post_url", "post_date"))
    if located is None:
        return None
    header = [norm(c) for c in located.header]
    url_cols = [i for i, h in enumerate(header) if h in CREATOR.names["post_url"]]
    by_url: dict[str, dict[str, object]] = {}
    for row in sheet.rows[located.header_row + 1:]:
        for start in url_cols:
            cells = row[start:start + 3]
            if len(cells) < 3 or not cells[0].strip():
                continue
            kind = header[start + 2] if start + 2 < len(header) else ""
            entry = by_url.setdefault(cells[0].strip(), {"published": cells[1]})
            target = "impressions" if kind in CREATOR.names["impressions"] else "engagements"
            entry[target] = _text_number(cells[2], where(doc, sheet.name))
    if not by_url:
        return None
    urls = list(by_url)
    published = parse_dates(pd.Series([str(by_url[u]["published"]) for u in urls]),
                            where=where(doc, sheet.name))
    return posts_frame(
        post_id=urls, url=urls, published=published,
        impressions=[by_url[u].get("impressions") for u in urls],
        engagements=[by_url[u].get("engagements") for u in urls],
    )


def _creator_name(filename: str) -> str | None:
    stem = re.sub(r"\.xlsx?$", "", filename, flags=re.IGNORECASE)
    parts = [p for p in stem.split("_") if p and not re.fullmatch(r"[\d-]+", p)]
    parts = [p for p in parts if p.lower() not in {"content", "aggregateanalytics", "analytics"}]
    return " ".join(parts) or None


FORMATS = (
    FormatSpec("linkedin_content", LABEL_CONTENT, Platform.LINKEDIN,
               header_detector(COMPANY, ("date", "impressions", "clicks", "reactions")),
               _parse_content, signature_labels=COMPANY.labels),
    FormatSpec("linkedin_followers", LABEL_FOLLOWERS, Platform.LINKEDIN,
               header_detector(COMPANY, ("date", "sponsored_new", "organic_new", "total_new")),
               _parse_followers, signature_labels=COMPANY.labels),
    FormatSpec("linkedin_visitors", LABEL_VISITORS, Platform.LINKEDIN,
               header_detector(COMPANY, ("date", "page_views")),
               _parse_visitors, signature_labels=COMPANY.labels),
    FormatSpec("linkedin_creator", LABEL_CREATOR, Platform.LINKEDIN, _detect_creator,
               _parse_creator, signature_labels={k: k.upper() for k in _CREATOR_SHEETS}),
)
