"""Read one file (CSV/TSV text, .xlsx, .xls) into sheets of text cells.

Cells stay text: numbers are converted later, column by column, once the format (and so the
meaning of each column) is known. Formulas are never evaluated: .xlsx files are opened with
cached values only, and a cell such as ``=HYPERLINK(...)`` in a CSV is just text.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal

from channelwise.stats.archive import OLE2_MAGIC, Entry, is_xlsx
from channelwise.stats.csvrows import CsvRows
from channelwise.stats.encoding import decode_text
from channelwise.stats.errors import CorruptFileError, UploadTooLargeError

DocumentKind = Literal["csv", "xlsx", "xls"]

_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_CHARS = 64 * 1024
#: Cells read from one workbook at most (a 50 MB xlsx can hold far more than any export).
MAX_CELLS = 3_000_000
#: Longest single CSV field accepted (a caption is far shorter).
_FIELD_LIMIT = 1024 * 1024


@dataclass(frozen=True)
class Sheet:
    name: str
    #: A list for workbooks; for text, a :class:`CsvRows` that parses rows as they are read.
    rows: Sequence[list[str]]
    #: Read from text (CSV/TSV): a short row there means the file was cut off.
    text: bool = False


@dataclass(frozen=True)
class Document:
    """One file's content as sheets of text cells, plus how it was read."""

    name: str
    filename: str
    kind: DocumentKind
    sheets: tuple[Sheet, ...]
    encoding: str | None = None
    delimiter: str | None = None
    containers: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def read_document(entry: Entry) -> Document:
    data = entry.data
    if data.startswith(OLE2_MAGIC):
        return _read_xls(entry)
    if is_xlsx(data):
        return _read_xlsx(entry)
    return read_csv(entry)


# --- CSV / TSV ---------------------------------------------------------------------------


def read_csv(entry: Entry) -> Document:
    decoded = decode_text(entry.data, entry.name)
    text = decoded.text
    notes: list[str] = []
    if decoded.removed_nuls:
        notes.append(f"removed {decoded.removed_nuls} NUL character(s)")
    delimiter: str | None = None
    begin = 0
    first_end = text.find("\n")
    first = (text if first_end < 0 else text[:first_end]).strip().strip('"').strip()
    if first.lower().startswith("sep=") and len(first) == 5:
        delimiter = first[4]
        begin = len(text) if first_end < 0 else first_end + 1
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    try:
        rows = CsvRows.parse(text, delimiter, begin)
    except csv.Error as exc:
        raise CorruptFileError(
            f"'{entry.name}' cannot be read as CSV ({exc}); it is cut off or damaged, often "
            "inside a quoted text. Export it again and upload it unchanged.",
            f"'{entry.name}' lässt sich nicht als CSV lesen ({exc}); die Datei ist "
            "abgeschnitten oder beschädigt, oft in einem Text in Anführungszeichen. "
            "Exportieren Sie erneut und laden Sie die Datei unverändert hoch.",
        ) from None
    return Document(
        name=entry.name,
        filename=entry.filename,
        kind="csv",
        sheets=(Sheet(entry.filename, rows, text=True),),
        encoding=decoded.encoding,
        delimiter=delimiter,
        containers=entry.containers,
        notes=tuple(notes),
    )


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most consistent number of fields."""
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    lines = [ln for ln in sample.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    body = "\n".join(lines[:60])
    best, best_score = ",", (False, 0.0, 0)
    for delimiter in _DELIMITERS:
        try:
            counts = [
                len(r)
                for r in csv.reader(io.StringIO(body), delimiter=delimiter)
                if any(c.strip() for c in r)
            ]
        except csv.Error:
            continue
        if not counts:
            continue
        mode, hits = Counter(counts).most_common(1)[0]
        score = (mode > 1, hits / len(counts), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --- Excel -------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A workbook cell as text; numbers in plain decimal notation with a '.' decimal point."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.10f}".rstrip("0").rstrip(".")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _too_many_cells(name: str) -> UploadTooLargeError:
    return UploadTooLargeError(
        f"'{name}' has more than {MAX_CELLS:,} cells. Export a shorter period.",
        f"'{name}' hat mehr als {MAX_CELLS:,} Zellen. Exportieren Sie einen kürzeren Zeitraum.",
    )


def _corrupt_workbook(name: str, what: str) -> CorruptFileError:
    return CorruptFileError(
        f"'{name}' is not a readable {what} workbook: it is cut off, damaged or password-"
        "protected. Export it again and upload it unchanged.",
        f"'{name}' ist keine lesbare {what}-Arbeitsmappe: abgeschnitten, beschädigt oder "
        "passwortgeschützt. Exportieren Sie erneut und laden Sie die Datei unverändert hoch.",
    )


def _read_xlsx(entry: Entry) -> Document:
    import openpyxl

    sheets: list[Sheet] = []
    cells = 0
    try:
        wb = openpyxl.load_workbook(io.BytesIO(entry.data), read_only=True, data_only=True)
        try:
            for ws in wb.worksheets:
                rows: list[list[str]] = []
                for row in ws.iter_rows(values_only=True):
                    cells += len(row)
                    if cells > MAX_CELLS:
                        raise _too_many_cells(entry.name)
                    rows.append([cell_text(v) for v in row])
                sheets.append(Sheet(str(ws.title), _trim(rows)))
        finally:
            wb.close()
    except UploadTooLargeError:
        raise
    except Exception:  # openpyxl raises many types on damaged input; all mean the same
        raise _corrupt_workbook(entry.name, "Excel (.xlsx)") from None
    return Document(entry.name, entry.filename, "xlsx", tuple(sheets), containers=entry.containers)


def _read_xls(entry: Entry) -> Document:
    import xlrd

    sheets: list[Sheet] = []
    cells = 0
    try:
        book = xlrd.open_workbook(
            file_contents=entry.data, on_demand=True, logfile=io.StringIO(), verbosity=0
        )
        try:
            for index in range(book.nsheets):
                sh = book.sheet_by_index(index)
                cells += sh.nrows * sh.ncols
                if cells > MAX_CELLS:
                    raise _too_many_cells(entry.name)
                rows = [
                    [_xls_cell(book, sh.cell(r, c)) for c in range(sh.ncols)]
                    for r in range(sh.nrows)
                ]
                sheets.append(Sheet(str(sh.name), _trim(rows)))
                book.unload_sheet(index)
        finally:
            book.release_resources()
    except UploadTooLargeError:
        raise
    except Exception:  # xlrd raises XLRDError, struct.error, IndexError ... on damage
        raise _corrupt_workbook(entry.name, "Excel 97-2003 (.xls)") from None
    return Document(entry.name, entry.filename, "xls", tuple(sheets), containers=entry.containers)


def _xls_cell(book: object, cell: object) -> str:
    import xlrd

    ctype = getattr(cell, "ctype", xlrd.XL_CELL_EMPTY)
    value = getattr(cell, "value", None)
    if ctype == xlrd.XL_CELL_DATE and isinstance(value, float):
        return cell_text(xlrd.xldate_as_datetime(value, getattr(book, "datemode", 0)))
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(value))
    if ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return cell_text(value)


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop trailing empty rows (worksheets often report a larger range than used)."""
    end = len(rows)
    while end and not any(c.strip() for c in rows[end - 1]):
        end -= 1
    return rows[:end]
