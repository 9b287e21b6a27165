"""Find a header row by its column names (in any known language) and cut out the table."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from channelwise.stats.errors import CorruptFileError, EmptyExportError
from channelwise.stats.numbers import Decimal, choose_decimal, to_numbers
from channelwise.stats.readers import Sheet

_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_WS = re.compile(r"\s+")
MAX_HEADER_SCAN = 30
MAX_HEADER_CELLS = 256
#: Rows after which (and every as many) a column stops sharing equal cells if they differ.
_SHARE_CHECK = 4096

#: Columns a format needs: a key, or a tuple of keys of which any one will do.
Signature = Sequence[str | tuple[str, ...]]


def norm(text: str) -> str:
    """Header text for matching: no soft hyphens or zero-width marks, lower case, one space."""
    text = _INVISIBLE.sub("", text).replace("\u00a0", " ").strip().strip('"').strip()
    return _WS.sub(" ", text).lower().rstrip(":").strip()


@dataclass(frozen=True)
class Aliases:
    """Canonical column keys, the header names accepted for each, and a display label."""

    names: Mapping[str, frozenset[str]]
    labels: Mapping[str, str]

    def only(self, keys: Signature) -> Aliases:
        flat = [k for item in keys for k in ((item,) if isinstance(item, str) else item)]
        return Aliases({k: self.names[k] for k in flat}, {k: self.labels[k] for k in flat})

    def label(self, key: str) -> str:
        return self.labels.get(key, key)


def aliases(**names: Sequence[str]) -> Aliases:
    """``aliases(views=("Views", "Aufrufe"))``: the first name is the display label."""
    return Aliases(
        {key: frozenset(norm(n) for n in values) for key, values in names.items()},
        {key: values[0] for key, values in names.items()},
    )


@dataclass(frozen=True)
class Located:
    sheet: Sheet
    header_row: int
    columns: dict[str, int]  # canonical key -> column index

    @property
    def header(self) -> list[str]:
        return self.sheet.rows[self.header_row]


def match_row(row: Sequence[str], names: Aliases) -> dict[str, int]:
    normed = [norm(c) for c in row[:MAX_HEADER_CELLS]]
    found: dict[str, int] = {}
    for key, accepted in names.names.items():
        for index, header in enumerate(normed):
            if header in accepted and index not in found.values():
                found[key] = index
                break
    return found


def _has(found: Mapping[str, int], item: str | tuple[str, ...]) -> bool:
    return item in found if isinstance(item, str) else any(k in found for k in item)


def _key(item: str | tuple[str, ...]) -> str:
    """A signature item as one key; alternatives are joined with '|'."""
    return item if isinstance(item, str) else "|".join(item)


def locate(
    sheet: Sheet, names: Aliases, required: Signature, max_scan: int = MAX_HEADER_SCAN
) -> Located | None:
    """The first row (of the first ``max_scan``) that has every required column."""
    for index, row in enumerate(sheet.rows[:max_scan]):
        found = match_row(row, names)
        if all(_has(found, item) for item in required):
            return Located(sheet, index, found)
    return None


def best_match(
    sheets: Sequence[Sheet], names: Aliases, signature: Signature
) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """(share of ``signature`` found in the best header row, found keys, missing keys).

    A tuple in ``signature`` is satisfied by any one of its keys; a missing one is reported
    as its keys joined with '|' (``"content|title"``).
    """
    best: tuple[float, tuple[str, ...], tuple[str, ...]] = (
        0.0,
        (),
        tuple(_key(i) for i in signature),
    )
    subset = names.only(signature)
    for sheet in sheets:
        for row in sheet.rows[:MAX_HEADER_SCAN]:
            found = match_row(row, subset)
            hits = [item for item in signature if _has(found, item)]
            score = len(hits) / len(signature)
            if score > best[0]:
                missing = tuple(_key(i) for i in signature if i not in hits)
                present = tuple(k for i in hits for k in ((i,) if isinstance(i, str) else i))
                best = (score, tuple(k for k in present if k in found), missing)
    return best


def extract(
    located: Located, *, where: str, stop_at_blank: bool = False, skip_comments: bool = False
) -> pd.DataFrame:
    """The rows under the header as text, one column per located key.

    Fully empty rows are dropped (or end the table with ``stop_at_blank``). A row that is
    too short to hold a needed column, or longer than the header with content in the
    extra cells, means a cut-off or damaged file: that is an error, never a partial total.

    Equal cells of a column share one string while the column repeats itself (figures,
    dates, statuses do; ids and e-mail addresses do not): a string costs ~50 bytes, a
    shared one 8.
    """
    header = located.header
    width = max((i for i, c in enumerate(header) if c.strip()), default=-1) + 1
    keys = list(located.columns)
    indexes = [located.columns[k] for k in keys]
    need = max(indexes) + 1 if indexes else 0
    # In text files every row must be complete: a short one is where the file was cut off.
    minimum = max(need, width) if located.sheet.text else need
    columns: list[list[str]] = [[] for _ in keys]
    shared: list[dict[str, str] | None] = [{} for _ in keys]
    kept = 0
    first_line = located.header_row + 2  # 1-based line of the first data row
    for offset, row in enumerate(located.sheet.rows[located.header_row + 1 :]):
        if not (row and row[0].strip()) and not "".join(row).strip():
            if stop_at_blank and kept:
                break
            continue
        if skip_comments and row[0].lstrip().startswith("#"):
            if stop_at_blank and kept:
                break
            continue
        if len(row) < minimum or (len(row) > width and "".join(row[width:]).strip()):
            line = first_line + offset
            raise CorruptFileError(
                f"{where}: row {line} has {len(row)} cells but the header has {width}. The "
                "file is cut off or damaged. Export it again and upload it unchanged.",
                f"{where}: Zeile {line} hat {len(row)} Zellen, die Kopfzeile aber {width}. Die "
                "Datei ist abgeschnitten oder beschädigt. Exportieren Sie erneut und laden Sie "
                "sie unverändert hoch.",
            )
        for values, seen, index in zip(columns, shared, indexes, strict=True):
            cell = row[index]
            values.append(cell if seen is None else seen.setdefault(cell, cell))
        kept += 1
        if kept % _SHARE_CHECK == 0:  # mostly distinct so far: sharing would only cost
            shared = [None if s is None or 2 * len(s) > kept else s for s in shared]
    frame = pd.DataFrame(dict(zip(keys, columns, strict=True)), columns=keys, dtype=object)
    frame.attrs["headers"] = {
        k: located.header[i].strip() for k, i in zip(keys, indexes, strict=True)
    }
    return frame


def require_rows(frame: pd.DataFrame, where: str) -> None:
    if frame.empty:
        raise EmptyExportError(
            f"{where} has the expected columns but no data rows. Choose a period with "
            "activity and export again.",
            f"{where} hat die erwarteten Spalten, aber keine Datenzeilen. Wählen Sie einen "
            "Zeitraum mit Aktivität und exportieren Sie erneut.",
        )


@dataclass(frozen=True)
class Numbers:
    columns: dict[str, pd.Series]
    decimal: Decimal | None

    def __getitem__(self, key: str) -> pd.Series:
        return self.columns[key]

    def __contains__(self, key: object) -> bool:
        return key in self.columns

    def get(self, key: str) -> pd.Series | None:
        return self.columns.get(key)

    def total(self, key: str) -> float:
        return float(self.columns[key].sum(skipna=True))


def numbers(
    frame: pd.DataFrame,
    keys: Sequence[str],
    *,
    delimiter: str | None,
    where: str,
    prefer: Decimal | None = None,
) -> Numbers:
    """Convert the present ``keys`` of ``frame`` to floats with a per-column decimal choice."""
    present = [k for k in keys if k in frame.columns]
    cols = [frame[k] for k in present]
    chosen = choose_decimal(cols, delimiter, prefer)
    headers: dict[str, str] = frame.attrs.get("headers", {})
    out: dict[str, pd.Series] = {}
    for index, key in enumerate(present):
        label = headers.get(key, key)
        out[key] = to_numbers(frame[key], chosen[index], where=f"{where}, column '{label}'")
    decimals = list(chosen.values())
    main: Decimal | None = Counter(decimals).most_common(1)[0][0] if decimals else None
    return Numbers(out, main)
