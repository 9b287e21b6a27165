"""Numbers as exports write them: ``1,234.5``, ``1.234,5``, ``12,5 %``, ``−3``, ``undefined``.

The decimal separator is decided per column from values that can only be read one way
(``1.234,5``, ``0,5``, ``12.75``), then per file, then from the delimiter (``;`` files come
from German Excel). Conversion is vectorized with pandas; a value that is not a number and
not a known placeholder is an error, never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

from channelwise.stats.errors import CorruptFileError

Decimal = Literal[",", "."]

#: Cells that mean "no value" in one export or another.
MISSING_TOKENS: frozenset[str] = frozenset(
    {"", "-", "--", "–", "—", "n/a", "na", "null", "none", "undefined", "nan", "(not set)"}
)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']")
_COMMA_DECIMAL = (
    re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$"),  # 1.234,5
    re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$"),  # 1.234.567
    re.compile(r"^[+-]?\d*,(\d{1,2}|\d{4,})$"),  # 12,5  0,1234
    re.compile(r"^[+-]?0,\d+$"),  # 0,123
)
_DOT_DECIMAL = (
    re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d+$"),  # 1,234.5
    re.compile(r"^[+-]?\d{1,3}(,\d{3}){2,}$"),  # 1,234,567
    re.compile(r"^[+-]?\d*\.(\d{1,2}|\d{4,})$"),  # 12.5  0.1234
    re.compile(r"^[+-]?0\.\d+$"),  # 0.123
)
_SAMPLE = 3000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _clean(values: pd.Series) -> pd.Series:
    """Strip spaces, thousands apostrophes, percent signs and unicode minus."""
    s = values.astype(str).str.strip()
    s = s.str.replace(_SPACES.pattern, "", regex=True)
    s = s.str.replace("\u2212", "-", regex=False).str.rstrip("%")
    return s


def decimal_evidence(values: Iterable[str]) -> tuple[int, int]:
    """(comma votes, dot votes) from values that can only be read one way."""
    comma = dot = 0
    for raw in values:
        if "," not in raw and "." not in raw:
            continue  # plain integers say nothing about the decimal mark
        v = _SPACES.sub("", raw).replace("\u2212", "-").rstrip("%")
        if not v or not (v[0].isdigit() or v[0] in "+-,."):
            continue
        if any(p.match(v) for p in _COMMA_DECIMAL):
            comma += 1
        elif any(p.match(v) for p in _DOT_DECIMAL):
            dot += 1
    return comma, dot


def sample_values(column: pd.Series) -> list[str]:
    """Up to a few thousand non-empty values from the start of the column."""
    out: list[str] = []
    for value in column.iloc[: _SAMPLE * 4]:
        text = str(value)
        if text:
            out.append(text)
            if len(out) >= _SAMPLE:
                break
    return out


def choose_decimal(
    columns: Iterable[pd.Series], delimiter: str | None, prefer: Decimal | None = None
) -> dict[int, Decimal]:
    """A decimal separator for each column (by position), with file-level fallback.

    Without evidence either way, ``prefer`` (e.g. German headers) decides, else the
    delimiter: ``;`` comes from German Excel, so ``,`` is the decimal mark there.
    """
    per_column: list[tuple[int, int]] = [decimal_evidence(sample_values(c)) for c in columns]
    file_comma = sum(c for c, _ in per_column)
    file_dot = sum(d for _, d in per_column)
    if file_comma != file_dot:
        fallback: Decimal = "," if file_comma > file_dot else "."
    else:
        fallback = prefer or ("," if delimiter == ";" else ".")
    chosen: dict[int, Decimal] = {}
    for index, (comma, dot) in enumerate(per_column):
        chosen[index] = ("," if comma > dot else ".") if comma != dot else fallback
    return chosen


def to_numbers(column: pd.Series, decimal: Decimal, *, where: str) -> pd.Series:
    """Convert text cells to floats (NaN for placeholders); raise on anything else."""
    raw = column if column.dtype == object else column.astype(str)
    if decimal == "." or "." not in "\x00".join(map(str, raw.tolist())):
        # Fast path (plain numbers, the common case for large exports): one C-level pass.
        fast = pd.to_numeric(raw, errors="coerce").astype("float64")
        nan = fast.isna()
        if bool(np.isfinite(fast[~nan]).all()) and (
            not bool(nan.any()) or bool(raw[nan].str.strip().str.lower().isin(MISSING_TOKENS).all())
        ):
            return fast
    s = raw.astype(str)
    missing = s.str.strip().str.lower().isin(MISSING_TOKENS)
    if not bool(s.str.fullmatch(r"[0-9.,+-]*").all()):
        s = _clean(s)  # spaces, apostrophes, percent signs, unicode minus: rare, so only then
    if decimal == ",":
        s = s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        s = s.str.replace(",", "", regex=False)
    # Only plain decimal notation: no hex, no 'inf', no exponent surprises from text.
    ok = s.str.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)")
    bad = ~(ok.fillna(False).astype(bool) | missing)
    if bool(bad.any()):
        positions = np.flatnonzero(bad.to_numpy())
        examples = ", ".join(repr(inert(str(column.iloc[i]))[:40]) for i in positions[:3])
        raise CorruptFileError(
            f"{where}: {len(positions)} value(s) are not numbers ({examples}). The file may be "
            "damaged or edited by hand. Export it again, or fix those cells.",
            f"{where}: {len(positions)} Wert(e) sind keine Zahlen ({examples}). Die Datei ist "
            "vielleicht beschädigt oder von Hand geändert. Exportieren Sie erneut oder "
            "korrigieren Sie diese Zellen.",
        )
    out = pd.to_numeric(s.where(~missing, None), errors="coerce")
    return out.astype("float64")


def parse_number(text: str, decimal: Decimal = ".", *, where: str = "value") -> float | None:
    """One value (for header lines such as 'Total followers on ...: 1.234')."""
    series = to_numbers(pd.Series([text], dtype=object), decimal, where=where)
    value = float(series.iloc[0])
    return None if np.isnan(value) else value


def inert(text: str) -> str:
    """Text safe to show or write to a spreadsheet: a formula-like start is quoted."""
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text
