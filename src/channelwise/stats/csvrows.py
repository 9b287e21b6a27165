"""The records of a CSV text as a sequence that parses a row when it is read.

Holding every row as a list of cell strings costs 10-20 bytes of memory per byte of input
(a 50 MB export peaked at 0.7-1.05 GB). :class:`CsvRows` keeps the decoded text, the offset where
each record starts (8 bytes per row) and the first rows, which format detection reads
again and again; a format's parser walks the data rows once, parsing as it goes.
"""

from __future__ import annotations

import csv
import re
from array import array
from collections.abc import Iterator, Sequence
from typing import overload

#: One line with its end (``\r\n``, ``\r`` or ``\n``, kept), or a last line without one:
#: what ``io.StringIO(text, newline="")`` yields, without its copy of the text.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")
#: Rows kept parsed: every header scan looks at the first 30-60.
HEAD_ROWS = 64


class CsvRows(Sequence[list[str]]):
    """Rows of cells, parsed from ``text`` on access; slices of many rows are views."""

    def __init__(
        self,
        text: str,
        delimiter: str,
        starts: array[int],
        head: list[list[str]],
        first: int = 0,
        stop: int | None = None,
    ) -> None:
        self._text = text
        self._delimiter = delimiter
        self._starts = starts  # record i is text[starts[i]:starts[i + 1]]
        self._head = head
        self._first = first
        self._stop = len(starts) - 1 if stop is None else stop

    @classmethod
    def parse(cls, text: str, delimiter: str, begin: int = 0) -> CsvRows:
        """Read ``text`` from ``begin`` once, keeping where each record starts.

        Raises :class:`csv.Error` (strict parsing) where the text is damaged.
        """
        starts = array("q", [begin])
        head: list[list[str]] = []
        for row, end in _records(text, delimiter, begin, len(text)):
            if len(head) < HEAD_ROWS:
                head.append(row)
            starts.append(end)
        return cls(text, delimiter, starts, head)

    def __len__(self) -> int:
        return self._stop - self._first

    @overload
    def __getitem__(self, index: int) -> list[str]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[list[str]]: ...

    def __getitem__(self, index: int | slice) -> list[str] | Sequence[list[str]]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1 or stop - start <= HEAD_ROWS:
                return [self[i] for i in range(start, stop, step)]
            first, last = self._first + start, self._first + max(start, stop)
            return CsvRows(self._text, self._delimiter, self._starts, self._head, first, last)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("row index out of range")
        at = self._first + index
        if at < len(self._head):
            return self._head[at]
        begin, end = self._starts[at], self._starts[at + 1]
        row, _ = next(_records(self._text, self._delimiter, begin, end))
        return row

    def __iter__(self) -> Iterator[list[str]]:
        at = self._first
        while at < min(self._stop, len(self._head)):
            yield self._head[at]
            at += 1
        if at < self._stop:
            begin, end = self._starts[at], self._starts[self._stop]
            for row, _ in _records(self._text, self._delimiter, begin, end):
                yield row


def _records(text: str, delimiter: str, begin: int, end: int) -> Iterator[tuple[list[str], int]]:
    """Each record of ``text[begin:end]`` and the offset just after it."""
    position = begin

    def lines() -> Iterator[str]:
        nonlocal position
        for match in _LINE.finditer(text, begin, end):
            position = match.end()
            yield match.group()

    # The reader asks for a line only when its record needs one: after a row, `position`
    # is where the next record starts.
    for row in csv.reader(lines(), delimiter=delimiter, strict=True):
        yield row, position
