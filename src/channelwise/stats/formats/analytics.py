"""Web analytics exports: Google Analytics 4 CSV and the Universal Analytics TSV for Excel.

Both start with ``#`` comment lines (report name, property, period such as
``# Start date: 20240101`` or ``# 20240101-20240131``), then one table whose first column is
a dimension (channel group, page, date ...) and whose other columns are metrics. A totals
row (empty dimension cell, or "Grand total"/"Gesamtsumme") is used when present, and the
rows are checked against it (users are not: one person visits through several channels);
the UA variant is UTF-16 and tab-separated, with thousands separators.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from channelwise.i18n import Bilingual
from channelwise.stats.dates import parse_dates, span
from channelwise.stats.formats.base import (
    Detection,
    FormatSpec,
    ParseContext,
    Parsed,
    daily_series,
    metric,
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
    MAX_HEADER_SCAN,
    Located,
    aliases,
    extract,
    match_row,
    norm,
    numbers,
    require_rows,
)
from channelwise.stats.totals import Rows, check_totals, is_total

COLUMNS = aliases(
    total_users=("Total users", "Gesamtzahl der Nutzer"),
    active_users=("Active users", "Aktive Nutzer"),
    users=("Users", "Nutzer", "Benutzer"),
    sessions=("Sessions", "Sitzungen"),
    engaged=("Engaged sessions", "Sitzungen mit Interaktionen"),
    views=("Views", "Pageviews", "Seitenaufrufe", "Aufrufe"),
    new_users=("New users", "Neue Nutzer"),
    events=("Event count", "Ereignisanzahl"),
    engagement_rate=("Engagement rate", "Interaktionsrate"),
    bounce=("Bounce rate", "Absprungrate"),
)
_REACH_KEYS = ("total_users", "active_users", "users")
_NUMERIC = (*_REACH_KEYS, "sessions", "engaged", "views")
_GERMAN = frozenset(
    norm(n)
    for n in (
        "Nutzer",
        "Sitzungen",
        "Aufrufe",
        "Seitenaufrufe",
        "Gesamtzahl der Nutzer",
        "Aktive Nutzer",
        "Benutzer",
    )
)
_DATE_DIMENSIONS = frozenset(
    norm(n) for n in ("Date", "Datum", "Day Index", "Day", "Tag", "Tagesindex")
)
_START = re.compile(r"(start date|startdatum)\s*:\s*(\d{8})", re.IGNORECASE)
_END = re.compile(r"(end date|enddatum)\s*:\s*(\d{8})", re.IGNORECASE)
_UA_RANGE = re.compile(r"^#\s*(\d{8})\s*-\s*(\d{8})\s*$")
_PROPERTY = re.compile(r"^#\s*(property|eigenschaft|account|konto)\s*:\s*(.+)$", re.IGNORECASE)
LABEL = "Google Analytics report"


def _header(doc: Document) -> Located | None:
    sheet = doc.sheets[0]
    for index, row in enumerate(sheet.rows[: MAX_HEADER_SCAN * 2]):
        if not row or row[0].lstrip().startswith("#"):
            continue
        found = match_row(row, COLUMNS)
        if any(k in found for k in (*_REACH_KEYS, "sessions")) and len(found) >= 2:
            found["dimension"] = 0
            return Located(sheet, index, found)
    return None


def _detect(doc: Document) -> Detection:
    if doc.kind != "csv":
        return Detection(0.0)
    located = _header(doc)
    if located is None:
        return Detection(0.0, missing=("users", "sessions"))
    comments = any(r and r[0].lstrip().startswith("#") for r in doc.sheets[0].rows[:5])
    return Detection(1.0 + (0.05 if comments else 0.0), tuple(located.columns))


def _ymd(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _comments(doc: Document, located: Located) -> tuple[Period | None, str | None]:
    delimiter = doc.delimiter or ","
    start = end = None
    account = None
    for row in doc.sheets[0].rows[: located.header_row]:
        line = delimiter.join(row).strip()
        if not line.startswith("#"):
            continue
        if m := _START.search(line):
            start = _ymd(m.group(2))
        if m := _END.search(line):
            end = _ymd(m.group(2))
        if m := _UA_RANGE.match(line):
            start, end = _ymd(m.group(1)), _ymd(m.group(2))
        if (m := _PROPERTY.match(line)) and (
            account is None or m.group(1).lower() in ("property", "eigenschaft")
        ):
            account = m.group(2).strip()
    if start and end:
        return Period(start, end, PeriodSource.HEADER), account
    return None, account


def _parse(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    located = _header(doc)
    assert located is not None
    w = where(doc)
    frame = extract(located, where=w, stop_at_blank=True, skip_comments=True)
    headers: dict[str, str] = frame.attrs["headers"]
    headers["dimension"] = located.header[0].strip()
    dimension = frame["dimension"].astype(str)
    total_mask = dimension.str.strip().eq("") | dimension.map(is_total)
    data = frame[~total_mask]
    require_rows(frame, w)
    german = any(norm(headers[k]) in _GERMAN for k in headers if k != "dimension")
    nums = numbers(
        frame, _NUMERIC, delimiter=doc.delimiter, where=w, prefer="," if german else None
    )
    has_total = bool(total_mask.any())
    total_pos = int(total_mask.to_numpy().nonzero()[0][0]) if has_total else -1
    label = str(dimension.iloc[total_pos]).strip() if has_total else ""
    period, account = _comments(doc, located)
    daily = norm(headers["dimension"]) in _DATE_DIMENSIONS
    dates = pd.Series(dtype="datetime64[ns]")
    if daily and not data.empty:
        formats = ("%Y%m%d", "ISO8601", "%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y", "%d.%m.%y")
        dates = parse_dates(
            data["dimension"], where=f"{w}, column '{headers['dimension']}'", formats=formats
        )
        if period is None:
            first, last = span(dates)
            period = Period(first, last, PeriodSource.DATA)
    values: dict[Metric, MetricValue] = {}
    reach_key = next((k for k in _REACH_KEYS if k in nums), None)
    targets = {
        "sessions": Metric.SESSIONS,
        "engaged": Metric.ENGAGED_SESSIONS,
        "views": Metric.VIEWS,
    }
    if reach_key:
        targets = {reach_key: Metric.REACH, **targets}
    series: dict[Metric, pd.Series] = {}
    notes: list[str] = []
    for key, target in targets.items():
        if key not in nums:
            continue
        column = nums[key]
        if has_total:
            where_total = f"the '{label}' row" if label else "the totals row"
            metric(values, target, column.iloc[total_pos], f"'{headers[key]}' in {where_total}")
        else:
            metric(
                values,
                target,
                float(column[~total_mask.to_numpy()].sum()),
                f"sum of '{headers[key]}' over {len(data)} rows",
            )
            if target is Metric.REACH:
                notes.append(
                    "no totals row: users were summed over rows, so a person can "
                    "count more than once"
                )
        if daily:
            series[target] = column[~total_mask.to_numpy()]
    additive = {k: headers[k] for k in ("sessions", "engaged", "views") if k in nums}
    checked = check_totals(
        nums,
        total_mask,
        additive,
        source=doc.name,
        label=label,
        rows=Rows(len(data), Bilingual("rows", "Zeilen")),
    )
    stats = source(
        doc,
        "google_analytics",
        LABEL,
        Platform.WEBSITE,
        account=account,
        period=period or Period(None, None),
        granularity=Granularity.DAILY if daily else Granularity.PERIOD_TOTAL,
        metrics=values,
        series=daily_series(dates, series) if daily and series else None,
        notes=notes,
        warnings=checked,
    )
    return Parsed((stats,), len(data), tuple(headers.values()), nums.decimal)


FORMATS = (
    FormatSpec(
        "google_analytics",
        LABEL,
        Platform.WEBSITE,
        _detect,
        _parse,
        signature_labels=COLUMNS.labels,
    ),
)
