"""The documented generic template: one row per platform and day (or month).

Columns: ``platform, date, followers, reach, impressions, engagements, posts, clicks``
(optional: ``account``, ``views``); German headers are accepted too. ``date`` is a day
(``2024-03-31``, ``31.03.2024``) or a month (``2024-03``). Followers are a level: the value
on the latest date counts. Everything else is added up. Lines starting with ``#`` are
comments. A totals row (``Summe``, ``Total`` in the platform column, as a spreadsheet
adds it) is not a platform: it is left out and the rows are checked against it. See
:mod:`channelwise.stats.template`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from channelwise.i18n import Bilingual
from channelwise.stats.dates import parse_dates, to_date
from channelwise.stats.errors import CorruptFileError
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
    SourceStats,
    StatsWarning,
)
from channelwise.stats.tables import (
    Numbers,
    aliases,
    best_match,
    extract,
    locate,
    norm,
    numbers,
    require_rows,
)
from channelwise.stats.totals import Rows, check_totals, totals_mask

COLUMNS = aliases(
    platform=("platform", "Plattform", "Kanal", "channel"),
    date=("date", "Datum", "month", "Monat"),
    account=("account", "Konto", "Account"),
    followers=("followers", "Follower", "Abonnenten", "subscribers"),
    reach=("reach", "Reichweite"),
    impressions=("impressions", "Impressionen"),
    views=("views", "Aufrufe"),
    engagements=("engagements", "Interaktionen"),
    posts=("posts", "Beiträge", "Beitraege"),
    clicks=("clicks", "Klicks"),
)
TARGETS: dict[str, Metric] = {
    "followers": Metric.FOLLOWERS,
    "reach": Metric.REACH,
    "impressions": Metric.IMPRESSIONS,
    "views": Metric.VIEWS,
    "engagements": Metric.ENGAGEMENTS,
    "posts": Metric.POSTS,
    "clicks": Metric.CLICKS,
}
_GERMAN = frozenset(
    norm(n)
    for n in (
        "Plattform",
        "Datum",
        "Reichweite",
        "Impressionen",
        "Interaktionen",
        "Beiträge",
        "Klicks",
        "Monat",
    )
)
PLATFORM_NAMES: dict[str, Platform] = {
    **{p.value: p for p in Platform},
    "yt": Platform.YOUTUBE,
    "fb": Platform.FACEBOOK,
    "ig": Platform.INSTAGRAM,
    "insta": Platform.INSTAGRAM,
    "whatsapp channel": Platform.WHATSAPP,
    "whatsapp-kanal": Platform.WHATSAPP,
    "twitter": Platform.X,
    "x (twitter)": Platform.X,
    "email": Platform.NEWSLETTER,
    "e-mail": Platform.NEWSLETTER,
    "e-mail-newsletter": Platform.NEWSLETTER,
    "substack": Platform.NEWSLETTER,
    "beehiiv": Platform.NEWSLETTER,
    "mailchimp": Platform.NEWSLETTER,
    "web": Platform.WEBSITE,
    "webseite": Platform.WEBSITE,
    "site": Platform.WEBSITE,
    "blog": Platform.WEBSITE,
    "homepage": Platform.WEBSITE,
    "sonstige": Platform.OTHER,
    "andere": Platform.OTHER,
}
_MONTH = re.compile(r"^\d{4}-\d{2}$")
LABEL = "channelwise generic template"


def _detect(doc: Document) -> Detection:
    score, found, missing = best_match(doc.sheets, COLUMNS, ("platform", "date"))
    if score >= 1.0:
        for sheet in doc.sheets:
            located = locate(sheet, COLUMNS, ("platform", "date"))
            if located and any(k in located.columns for k in TARGETS):
                return Detection(1.0, found, missing)
        return Detection(0.66, found, ("followers/reach/...",))
    return Detection(score * 0.66, found, missing)


def _periods(raw: pd.Series, w: str, label: str) -> tuple[pd.Series, pd.Series, bool]:
    """(start, end) per row; months span their whole month."""
    text = raw.astype(str).str.strip()
    if bool(text.str.fullmatch(_MONTH.pattern).all()):
        starts = pd.to_datetime(text + "-01", format="%Y-%m-%d", errors="coerce")
        if bool(starts.isna().any()):
            bad = text[starts.isna()].iloc[0]
            raise CorruptFileError(
                f"{w}: the month {bad[:20]!r} cannot be read.",
                f"{w}: der Monat {bad[:20]!r} ist nicht lesbar.",
            )
        ends = starts + pd.offsets.MonthEnd(0)
        return starts, ends, True
    dates = parse_dates(raw, where=f"{w}, column '{label}'")
    if bool(dates.isna().any()):
        raise CorruptFileError(
            f"{w}: every row needs a date (a day such as 2024-03-31, or a month such as 2024-03).",
            f"{w}: Jede Zeile braucht ein Datum (einen Tag wie 2024-03-31 oder einen Monat wie "
            "2024-03).",
        )
    return dates, dates, False


def _platform(value: str, line: int, w: str) -> Platform:
    found = PLATFORM_NAMES.get(norm(value))
    if found is None:
        known = ", ".join(p.value for p in Platform)
        raise CorruptFileError(
            f"{w}: row {line} names the platform {value[:30]!r}, which is not known. Use one "
            f"of: {known}.",
            f"{w}: Zeile {line} nennt die Plattform {value[:30]!r}, die nicht bekannt ist. "
            f"Erlaubt sind: {known}.",
        )
    return found


def _parse(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    located = next(
        (loc for s in doc.sheets if (loc := locate(s, COLUMNS, ("platform", "date")))), None
    )
    assert located is not None
    w = where(doc, located.sheet.name)
    frame = extract(located, where=w, skip_comments=True)
    headers: dict[str, str] = frame.attrs["headers"]
    german = any(norm(h) in _GERMAN for h in headers.values())
    total = totals_mask(frame, ("platform",))
    nums = numbers(
        frame, list(TARGETS), delimiter=doc.delimiter, where=w, prefer="," if german else None
    )
    label = str(frame["platform"][total].iloc[0]).strip() if bool(total.any()) else ""
    flows = {k: headers[k] for k in TARGETS if k in nums and k != "followers"}
    rows = Rows(int((~total).sum()), Bilingual("rows", "Zeilen"))
    checked = check_totals(nums, total, flows, source=doc.name, label=label, rows=rows)
    keep = ~total.to_numpy()
    frame = frame[keep].reset_index(drop=True)
    frame.attrs["headers"] = headers
    nums = Numbers(
        {k: v[keep].reset_index(drop=True) for k, v in nums.columns.items()}, nums.decimal
    )
    require_rows(frame, w)
    for key in TARGETS:
        if key in nums and bool((nums[key] < 0).any()):
            raise CorruptFileError(
                f"{w}: column '{headers[key]}' has a negative number; figures in the template "
                "cannot be below zero.",
                f"{w}: Spalte '{headers[key]}' enthält eine negative Zahl; Werte in der Vorlage "
                "können nicht unter null liegen.",
            )
    starts, ends, monthly = _periods(frame["date"], w, headers["date"])
    first_line = located.header_row + 2
    lines = [first_line + int(i) for i in np.flatnonzero(keep)]
    platforms = [_platform(str(v), n, w) for v, n in zip(frame["platform"], lines, strict=True)]
    accounts = (
        frame["account"].astype(str).str.strip()
        if "account" in frame.columns
        else pd.Series("", index=frame.index)
    )
    keys = pd.Series(
        [f"{p.value}\x00{a}" for p, a in zip(platforms, accounts, strict=True)], index=frame.index
    )
    sources: list[SourceStats] = []
    for group_key in dict.fromkeys(keys):
        mask = (keys == group_key).to_numpy()
        platform_value, account = group_key.split("\x00", 1)
        sources.append(
            _source(
                doc,
                Platform(platform_value),
                account,
                mask,
                nums.columns,
                headers,
                starts,
                ends,
                monthly,
                [] if sources else checked,
            )
        )
    return Parsed(tuple(sources), len(frame), tuple(headers.values()), nums.decimal)


def _source(
    doc: Document,
    platform: Platform,
    account: str,
    mask: npt.NDArray[np.bool_],
    nums: dict[str, pd.Series],
    headers: dict[str, str],
    starts: pd.Series,
    ends: pd.Series,
    monthly: bool,
    warnings: list[StatsWarning],
) -> SourceStats:
    rows = int(pd.Series(mask).sum())
    values: dict[Metric, MetricValue] = {}
    series: dict[Metric, pd.Series] = {}
    order = starts[mask].sort_values(kind="stable").index
    for key, target in TARGETS.items():
        if key not in nums:
            continue
        column = nums[key][mask].loc[order]
        known = column.dropna()
        if known.empty:
            continue
        if target is Metric.FOLLOWERS:
            metric(values, target, known.iloc[-1], f"'{headers[key]}' on the latest date")
        else:
            metric(
                values, target, float(known.sum()), f"sum of '{headers[key]}' over {rows} row(s)"
            )
        series[target] = column
    first = to_date(starts[mask].min())
    last = to_date(ends[mask].max())
    if monthly and last is not None:
        last = date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
    series_frame = daily_series(starts[mask].loc[order], series) if not monthly and series else None
    return source(
        doc,
        "generic_template",
        LABEL,
        platform,
        account=account or None,
        period=Period(first, last, PeriodSource.DATA),
        granularity=Granularity.DAILY if rows > 1 and not monthly else Granularity.PERIOD_TOTAL,
        metrics=values,
        series=series_frame,
        warnings=warnings,
    )


FORMATS = (
    FormatSpec("generic_template", LABEL, None, _detect, _parse, signature_labels=COLUMNS.labels),
)
