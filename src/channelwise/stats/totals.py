"""Totals rows: recognised in the languages exports and spreadsheets write them, never summed.

YouTube Studio writes ``Total`` / ``Gesamt`` as the first row of its tables, Google
Analytics ``Gesamtsumme`` / ``Grand total`` (or an empty dimension cell), and a spreadsheet
re-save may add ``Summe``, ``Ergebnis``, ``Totale``, ``Totaal`` or ``Total general``. A
parser marks those rows (:func:`totals_mask`), takes its figures from the totals row and
checks the rows against it (:func:`check_totals`): when they disagree beyond rounding, the
user is told by how much and what that means.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from channelwise.i18n import Bilingual, Language, pick
from channelwise.stats.records import StatsWarning
from channelwise.stats.summary import format_number
from channelwise.stats.tables import Numbers, norm

#: Labels of a totals row: platform exports and spreadsheet tools (table total rows, pivot
#: tables) in English, German, French, Spanish, Portuguese, Italian, Dutch, the Nordic
#: languages, Polish, Czech and Turkish. Matched on the whole cell, in a label column only.
TOTAL_LABELS: frozenset[str] = frozenset(
    norm(label)
    for label in (
        # English
        "Total",
        "Totals",
        "Grand total",
        "Grand totals",
        "Sum",
        # German
        "Gesamt",
        "Gesamtwerte",
        "Insgesamt",
        "Summe",
        "Gesamtsumme",
        "Gesamtergebnis",
        "Ergebnis",
        # French, Spanish, Portuguese
        "Total général",
        "Total general",
        "Total geral",
        "Totaux",
        "Suma",
        "Soma",
        # Italian
        "Totale",
        "Totale complessivo",
        "Somma",
        # Dutch
        "Totaal",
        "Eindtotaal",
        "Som",
        # Swedish, Danish, Norwegian, Finnish
        "Totalt",
        "Summa",
        "Totalsumma",
        "I alt",
        "Hovedtotal",
        "Yhteensä",
        # Polish, Czech, Turkish
        "Razem",
        "Suma końcowa",
        "Łącznie",
        "Celkem",
        "Celkový součet",
        "Toplam",
        "Genel toplam",
    )
)


def is_total(text: str) -> bool:
    """True for a cell that labels a totals row (``Gesamt``, ``Grand total:`` ...)."""
    return norm(text) in TOTAL_LABELS


def totals_mask(frame: pd.DataFrame, keys: Sequence[str]) -> pd.Series:
    """Rows whose cell in one of the label columns ``keys`` is a totals label."""
    mask = pd.Series(False, index=frame.index)
    for key in keys:
        if key in frame.columns:
            mask |= frame[key].astype(str).map(is_total)
    return mask


@dataclass(frozen=True)
class Rows:
    """What the data rows of a table are, for the user:
    ``Rows(4, Bilingual("videos", "Videos"))``."""

    count: int
    what: Bilingual


@dataclass(frozen=True)
class Difference:
    """A column whose rows do not add up to its totals row."""

    header: str
    rows: float
    total: float

    @property
    def excess(self) -> float:
        """How much more the totals row counts than the rows together (negative: less)."""
        return self.total - self.rows


def _decimals(value: float) -> int:
    for places in range(7):
        if round(value, places) == value:
            return places
    return 7


def rounding_tolerance(values: pd.Series) -> float:
    """How far a sum of these (rounded) values may be from their rounded total.

    Counts written without decimals are exact. Figures written with decimals (watch time in
    hours) were each rounded to the coarsest precision seen, half a unit of it at most.
    """
    clean = [float(v) for v in values.dropna()]
    places = [p for p in (_decimals(v) for v in clean) if p > 0]
    scale = max((abs(v) for v in clean), default=0.0)
    exact = 1e-9 * max(1.0, scale) * len(clean)
    if not places:
        return exact
    return exact + len(clean) * 0.5 * 10.0 ** -min(places)


def differences(nums: Numbers, mask: pd.Series, columns: Mapping[str, str]) -> list[Difference]:
    """Columns (key -> header) whose rows and first totals row disagree beyond rounding."""
    flags = mask.to_numpy()
    if not flags.any():
        return []
    position = int(flags.nonzero()[0][0])
    found: list[Difference] = []
    for key, header in columns.items():
        if key not in nums:
            continue
        column = nums[key]
        total = column.iloc[position]
        rows = column[~flags]
        if pd.isna(total) or not bool(rows.notna().any()):
            continue
        summed = float(rows.sum())
        values = pd.concat([rows, column.iloc[[position]]])
        if abs(float(total) - summed) > rounding_tolerance(values):
            found.append(Difference(header, summed, float(total)))
    return found


def check_totals(
    nums: Numbers,
    mask: pd.Series,
    columns: Mapping[str, str],
    *,
    source: str,
    label: str,
    rows: Rows,
    partial: bool = False,
    signed: Collection[str] = (),
) -> list[StatsWarning]:
    """A warning when the rows of ``columns`` (key -> header) do not add up to the totals row.

    ``partial``: the export may list only part of the rows (YouTube's top videos, top
    countries), so a totals row above the rows' sum is expected; ``signed`` columns (a net
    follower change) may differ either way for the same reason. Otherwise any difference
    means an edited, cut or doubled file. Either way the figures are the totals row's.
    """
    found = differences(nums, mask, columns)
    if not found:
        return []
    names = {header: key for key, header in columns.items()}
    expected = partial and all(d.excess > 0 or names[d.header] in signed for d in found)
    en = "; ".join(_detail(d, label, "en") for d in found)
    de = "; ".join(_detail(d, label, "de") for d in found)
    n, what = rows.count, rows.what
    row_en = f"the '{label}' row" if label else "the totals row"
    row_de = f"Zeile „{label}“" if label else "Summenzeile"
    if expected:
        return [
            StatsWarning(
                "totals_partial",
                f"'{source}': {row_en} differs from the sum of the {n} listed {what.en} ({en}). "
                f"The export lists only part of the {what.en} (the strongest), or counts figures "
                "not tied to a listed row (such as subscribers from the channel page). The "
                f"figures use {row_en}: it covers everything.",
                f"'{source}': Die {row_de} weicht von der Summe der {n} aufgeführten {what.de} "
                f"ab ({de}). Der Export führt nur einen Teil der {what.de} auf (die stärksten) "
                "oder zählt Werte, die keiner aufgeführten Zeile zugeordnet sind (etwa "
                f"Abonnenten über die Kanalseite). Die Zahlen stammen aus der {row_de}: Sie "
                "umfasst alles.",
            )
        ]
    return [
        StatsWarning(
            "totals_mismatch",
            f"'{source}': the {n} {what.en} do not add up to {row_en} ({en}). The file may have "
            f"been edited, or rows are missing or doubled. The figures use {row_en}; export the "
            "report again to be sure.",
            f"'{source}': Die Summe der {n} {what.de} stimmt nicht mit der {row_de} überein "
            f"({de}). Die Datei wurde vielleicht bearbeitet, oder Zeilen fehlen oder sind "
            f"doppelt. Die Zahlen stammen aus der {row_de}; exportieren Sie den Bericht erneut, "
            "um sicherzugehen.",
        )
    ]


def _detail(d: Difference, label: str, lang: Language) -> str:
    decimals = min(2, max(_decimals(d.rows), _decimals(d.total)))
    rows, total, diff = (format_number(v, lang, decimals) for v in (d.rows, d.total, abs(d.excess)))
    more = pick(lang, "more", "mehr") if d.excess > 0 else pick(lang, "less", "weniger")
    row = pick(lang, f"the '{label}' row", f"der Zeile „{label}“") if label else ""
    row = row or pick(lang, "the totals row", "der Summenzeile")
    return pick(
        lang,
        f"{d.header}: {rows} in the rows, {total} in {row} ({diff} {more})",
        f"{d.header}: {rows} in den Zeilen, {total} in {row} ({diff} {more})",
    )
