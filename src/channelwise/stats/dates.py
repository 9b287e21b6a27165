"""Dates as exports write them, in English and German, with or without a year."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd

from channelwise.stats.errors import CorruptFileError
from channelwise.stats.numbers import MISSING_TOKENS, inert
from channelwise.stats.records import Period

#: Tried in order; the first that reads every non-empty value of a column wins.
DATE_FORMATS: tuple[str, ...] = (
    "ISO8601",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d. %B %Y",
    "%d. %b %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%Y%m%d",
)
MIN_YEAR, MAX_YEAR = 1990, 2100
YEARLESS_FORMATS: tuple[str, ...] = ("%B %d", "%b %d", "%d. %B", "%d %B", "%d. %b", "%d %b")

_GERMAN_MONTHS = {
    "januar": "January",
    "jänner": "January",
    "jan.": "Jan",
    "februar": "February",
    "feb.": "Feb",
    "märz": "March",
    "mär.": "Mar",
    "mär": "Mar",
    "mrz": "Mar",
    "april": "April",
    "apr.": "Apr",
    "mai": "May",
    "juni": "June",
    "jun.": "Jun",
    "juli": "July",
    "jul.": "Jul",
    "august": "August",
    "aug.": "Aug",
    "september": "September",
    "sep.": "Sep",
    "sept.": "Sep",
    "oktober": "October",
    "okt.": "Oct",
    "okt": "Oct",
    "november": "November",
    "nov.": "Nov",
    "dezember": "December",
    "dez.": "Dec",
    "dez": "Dec",
}
_GERMAN_RE = re.compile(
    r"(?<![A-Za-zÄÖÜäöü])("
    + "|".join(re.escape(k) for k in sorted(_GERMAN_MONTHS, key=len, reverse=True))
    + r")(?![A-Za-zÄÖÜäöü])",
    re.IGNORECASE,
)


def _englishify(values: pd.Series) -> pd.Series:
    s = values.astype(str).str.strip()
    if bool(s.str.contains(r"[A-Za-zä]", regex=True).any()):
        s = s.str.replace(_GERMAN_RE, lambda m: _GERMAN_MONTHS[m.group(0).lower()], regex=True)
        s = s.str.replace(r"\s+", " ", regex=True)
    return s


def parse_dates(
    values: pd.Series, *, where: str, formats: Sequence[str] = DATE_FORMATS
) -> pd.Series:
    """Datetimes (NaT for placeholders); raise if a value fits none of ``formats``."""
    s = _englishify(values)
    missing = s.str.lower().isin(MISSING_TOKENS)
    present = s[~missing]
    if present.empty:
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    probe = present.iloc[:: max(1, len(present) // 50)]
    for fmt in formats:
        # Try each format on a spread-out sample first: a full pass per format is slow.
        if not _plausible(pd.to_datetime(probe, format=fmt, errors="coerce", utc=True)):
            continue
        parsed = pd.to_datetime(present, format=fmt, errors="coerce", utc=True)
        if _plausible(parsed):
            parsed = parsed.dt.tz_convert(None)
            out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
            out[~missing] = parsed.astype("datetime64[ns]")
            return out
    raise _bad_dates(where, present, formats)


def _plausible(parsed: pd.Series) -> bool:
    """Every value parsed, and within years an analytics export can be about."""
    if bool(parsed.isna().any()):
        return False
    years = parsed.dt.year
    return bool(((years >= MIN_YEAR) & (years <= MAX_YEAR)).all())


def parse_yearless(values: pd.Series, *, where: str) -> list[tuple[int, int] | None]:
    """(month, day) pairs from dates such as 'March 1' or '1. März'."""
    s = _englishify(values)
    missing = s.str.lower().isin(MISSING_TOKENS)
    present = s[~missing]
    for fmt in YEARLESS_FORMATS:
        # 2000 is a leap year, so 'February 29' parses.
        parsed = pd.to_datetime("2000 " + present, format="%Y " + fmt, errors="coerce")
        if not bool(parsed.isna().any()):
            out: list[tuple[int, int] | None] = []
            it = iter(parsed)
            for is_missing in missing:
                if is_missing:
                    out.append(None)
                else:
                    ts = next(it)
                    out.append((ts.month, ts.day))
            return out
    raise _bad_dates(where, present, YEARLESS_FORMATS)


def assign_years(
    pairs: Sequence[tuple[int, int] | None], last_day_on_or_before: date
) -> list[date | None]:
    """Give yearless, ascending (month, day) rows a year so the last row is not after the anchor.

    Walks backwards from the last row; each step back past a year boundary (the month/day
    going up) takes one year off.
    """
    out: list[date | None] = [None] * len(pairs)
    anchor = last_day_on_or_before
    year: int | None = None
    following: tuple[int, int] | None = None
    for pos in range(len(pairs) - 1, -1, -1):
        pair = pairs[pos]
        if pair is None:
            continue
        if year is None:
            year = anchor.year if pair <= (anchor.month, anchor.day) else anchor.year - 1
        elif following is not None and pair > following:
            year -= 1
        following = pair
        month, day = pair
        if year < MIN_YEAR:
            raise CorruptFileError(
                "The dates in the file jump back and forth and cannot be put in order. Export "
                "the file again and upload it unchanged.",
                "Die Daten in der Datei springen hin und her und lassen sich nicht ordnen. "
                "Exportieren Sie erneut und laden Sie die Datei unverändert hoch.",
            )
        if month == 2 and day == 29 and not _leap(year):
            day = 28
        out[pos] = date(year, month, day)
    return out


def years_from_references(
    pairs: Sequence[tuple[int, int] | None], references: Sequence[Period]
) -> tuple[list[date | None], Period] | None:
    """Yearless rows placed in the year(s) of another file's period, where the days fit.

    Each reference period proposes the years it touches (and the next, for rows that run
    past New Year); a placement fits when its days overlap the reference period. The best
    overlap wins; None when nothing fits or two different placements fit equally well.
    """
    best: tuple[int, list[date | None], Period] | None = None
    tie = False
    for ref in references:
        if ref.start is None or ref.end is None:
            continue
        for year in range(ref.start.year, ref.end.year + 2):
            try:
                placed = assign_years(pairs, date(year, 12, 31))
            except CorruptFileError:
                continue
            days = [d for d in placed if d is not None]
            if not days:
                return None
            overlap = (min(max(days), ref.end) - max(min(days), ref.start)).days + 1
            if overlap <= 0:
                continue
            if best is None or overlap > best[0]:
                best, tie = (overlap, placed, ref), False
            elif overlap == best[0] and placed != best[1]:
                tie = True
    if best is None or tie:
        return None
    return best[1], best[2]


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _bad_dates(where: str, present: pd.Series, formats: Sequence[str]) -> CorruptFileError:
    del formats
    sample = present.iloc[0] if not present.empty else ""
    for fmt in DATE_FORMATS:
        bad = pd.to_datetime(present, format=fmt, errors="coerce", utc=True).isna()
        if not bool(bad.all()):
            sample = present[bad].iloc[0]
            break
    shown = repr(inert(str(sample))[:40])
    return CorruptFileError(
        f"{where}: the date {shown} cannot be read. The file may be damaged or edited by "
        "hand. Export it again and upload it unchanged.",
        f"{where}: das Datum {shown} ist nicht lesbar. Die Datei ist vielleicht beschädigt "
        "oder von Hand geändert. Exportieren Sie erneut und laden Sie sie unverändert hoch.",
    )


def to_date(value: object) -> date | None:
    """A pandas/py datetime as a date (None for NaT)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def span(dates: pd.Series) -> tuple[date | None, date | None]:
    """First and last date of a datetime series (ignoring NaT)."""
    valid = dates.dropna()
    if valid.empty:
        return None, None
    return to_date(valid.min()), to_date(valid.max())
