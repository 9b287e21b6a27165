"""LinkedIn creator analytics (.xlsx): the export every member can download.

Sheets DISCOVERY (period, impressions, members reached), ENGAGEMENT (daily impressions and
engagements), TOP POSTS (two side-by-side top-50 tables keyed by post URL), FOLLOWERS (a
"Total followers on M/D/YYYY" line above a daily new-followers table) and DEMOGRAPHICS.
Numbers are stored as text, in the UI's number format.
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
    metric,
    posts_frame,
    source,
    where,
)
from channelwise.stats.formats.linkedin import daily_table
from channelwise.stats.numbers import parse_number
from channelwise.stats.readers import Document, Sheet
from channelwise.stats.records import (
    Granularity,
    Metric,
    MetricValue,
    Period,
    PeriodSource,
    Platform,
)
from channelwise.stats.tables import aliases, locate, norm

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
LABEL_CREATOR = "LinkedIn creator analytics"


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
        for labels, target in (
            (("impressions", "impressionen"), Metric.IMPRESSIONS),
            (("members reached", "erreichte mitglieder"), Metric.REACH),
        ):
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
            frame, dates, nums, decimal, headers, _ = daily_table(
                doc, located, ("impressions", "engagements")
            )
            rows += len(frame)
            columns.extend(headers.values())
            if "engagements" in nums:
                metric(
                    values,
                    Metric.ENGAGEMENTS,
                    float(nums["engagements"].sum()),
                    f"sum of daily '{headers['engagements']}' over {len(frame)} days",
                )
                series[Metric.ENGAGEMENTS] = nums["engagements"]
            daily_impressions = float(nums["impressions"].sum())
            series[Metric.IMPRESSIONS] = nums["impressions"]
            if Metric.IMPRESSIONS not in values:
                metric(
                    values,
                    Metric.IMPRESSIONS,
                    daily_impressions,
                    f"sum of daily '{headers['impressions']}'",
                )
            elif abs(values[Metric.IMPRESSIONS].value - daily_impressions) > max(
                1.0, 0.01 * daily_impressions
            ):
                notes.append(
                    f"daily impressions add up to {daily_impressions:,.0f}, the "
                    "DISCOVERY total says otherwise; the total was used"
                )
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
            frame, _, nums, _, headers, _ = daily_table(doc, located, ("new_followers",))
            rows += len(frame)
            metric(
                values,
                Metric.FOLLOWS,
                float(nums["new_followers"].sum()),
                f"sum of daily '{headers['new_followers']}' over {len(frame)} days",
            )
    posts = _creator_posts(doc, sheets["top posts"]) if "top posts" in sheets else None
    stats = source(
        doc,
        "linkedin_creator",
        LABEL_CREATOR,
        Platform.LINKEDIN,
        account=_creator_name(doc.filename),
        period=period,
        granularity=Granularity.PERIOD_TOTAL,
        metrics=values,
        posts=posts,
        series=daily_series(dates, series) if series else None,
        notes=notes,
    )
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
    for row in sheet.rows[located.header_row + 1 :]:
        for start in url_cols:
            cells = row[start : start + 3]
            if len(cells) < 3 or not cells[0].strip():
                continue
            kind = header[start + 2] if start + 2 < len(header) else ""
            entry = by_url.setdefault(cells[0].strip(), {"published": cells[1]})
            target = "impressions" if kind in CREATOR.names["impressions"] else "engagements"
            entry[target] = _text_number(cells[2], where(doc, sheet.name))
    if not by_url:
        return None
    urls = list(by_url)
    published = parse_dates(
        pd.Series([str(by_url[u]["published"]) for u in urls]), where=where(doc, sheet.name)
    )
    return posts_frame(
        post_id=urls,
        url=urls,
        published=published,
        impressions=[by_url[u].get("impressions") for u in urls],
        engagements=[by_url[u].get("engagements") for u in urls],
    )


def _creator_name(filename: str) -> str | None:
    stem = re.sub(r"\.xlsx?$", "", filename, flags=re.IGNORECASE)
    parts = [p for p in stem.split("_") if p and not re.fullmatch(r"[\d-]+", p)]
    parts = [p for p in parts if p.lower() not in {"content", "aggregateanalytics", "analytics"}]
    return " ".join(parts) or None


FORMATS = (
    FormatSpec(
        "linkedin_creator",
        LABEL_CREATOR,
        Platform.LINKEDIN,
        _detect_creator,
        _parse_creator,
        signature_labels={k: k.upper() for k in _CREATOR_SHEETS},
    ),
)
