"""Encodings, delimiters, German numbers, dates and header matching."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from channelwise.stats.archive import Entry
from channelwise.stats.dates import assign_years, parse_dates, parse_yearless
from channelwise.stats.errors import CorruptFileError
from channelwise.stats.numbers import choose_decimal, decimal_evidence, inert, to_numbers
from channelwise.stats.readers import read_csv, sniff_delimiter
from channelwise.stats.tables import norm

TEXT = "Datum;Aufrufe;Titel\n2024-03-01;1.234;Grüße\n2024-03-02;5;Straße\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_decode_to_the_same_cells(data: bytes, encoding: str) -> None:
    doc = read_csv(Entry("x.csv", "x.csv", data))
    assert doc.encoding == encoding
    assert doc.delimiter == ";"
    assert list(doc.sheets[0].rows) == [
        ["Datum", "Aufrufe", "Titel"],
        ["2024-03-01", "1.234", "Grüße"],
        ["2024-03-02", "5", "Straße"],
    ]


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1,5;2;3\n", ";"),
        ("a\tb\tc\n1,234\t2\t3\n", "\t"),
        ('"Reactions, Comments and Shares",b\n"1,2",3\n', ","),
        ("# comment, with, commas\n# more\nDate;Views\n2024-01-01;5\n", ";"),
    ],
)
def test_delimiter_sniffing(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


def test_excel_sep_line_sets_the_delimiter_and_is_dropped() -> None:
    doc = read_csv(Entry("x.csv", "x.csv", b'sep=;\n"Title"\na;b\n1;2\n'))
    assert doc.delimiter == ";"
    assert list(doc.sheets[0].rows) == [["Title"], ["a", "b"], ["1", "2"]]


def test_nul_bytes_are_removed_and_reported() -> None:
    doc = read_csv(Entry("x.csv", "x.csv", b"a,b\n1,2\x00\n" + b"3,4\n" * 200))
    assert doc.sheets[0].rows[1] == ["1", "2"]
    assert doc.notes == ("removed 1 NUL character(s)",)


@pytest.mark.parametrize(
    ("values", "decimal", "expected"),
    [
        (["1.234,5", "12"], ",", [1234.5, 12]),
        (["1,234.5", "12"], ".", [1234.5, 12]),
        (["1.234.567"], ",", [1234567]),
        (["1,234,567"], ".", [1234567]),
        (["12,5 %", "0,5%"], ",", [12.5, 0.5]),
        (["−3", "-4", "+5"], ".", [-3, -4, 5]),
        (["1 234", "12\u00a0000", "1'000"], ".", [1234, 12000, 1000]),
        (["", "undefined", "—", "n/a", "7"], ".", [None, None, None, None, 7]),
    ],
)
def test_numbers(values: list[str], decimal: str, expected: list[float | None]) -> None:
    got = to_numbers(pd.Series(values, dtype=object), decimal, where="t")  # type: ignore[arg-type]
    assert [None if pd.isna(v) else v for v in got] == expected


@pytest.mark.parametrize("bad", ["=1+2", "=cmd|' /C calc'!A0", "12abc", "inf", "0x1F", "1e5x"])
def test_non_numbers_in_a_numeric_column_are_an_error(bad: str) -> None:
    with pytest.raises(CorruptFileError, match="not numbers"):
        to_numbers(pd.Series(["1", bad], dtype=object), ".", where="'f.csv', column 'Views'")


@pytest.mark.parametrize(
    ("values", "votes"),
    [
        (["1.234,5", "0,5", "12,75"], (3, 0)),
        (["1,234.5", "0.5", "12.75"], (0, 3)),
        (["1,234", "1.234", "12", "2024"], (0, 0)),  # ambiguous or plain: no vote
        (["1.234.567", "1,234,567"], (1, 1)),
    ],
)
def test_decimal_evidence(values: list[str], votes: tuple[int, int]) -> None:
    assert decimal_evidence(values) == votes


def test_decimal_choice_falls_back_to_file_then_delimiter() -> None:
    ambiguous = pd.Series(["1.234", "5.000"], dtype=object)
    clear_german = pd.Series(["1,5"], dtype=object)
    assert choose_decimal([ambiguous], ";") == {0: ","}
    assert choose_decimal([ambiguous], ",") == {0: "."}
    assert choose_decimal([ambiguous, clear_german], ",") == {0: ",", 1: ","}
    assert choose_decimal([ambiguous], ",", prefer=",") == {0: ","}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["2024-03-01", "2024-03-02T00:00:00"], [date(2024, 3, 1), date(2024, 3, 2)]),
        (["03/04/2024 09:15", "03/28/2024 12:00"], [date(2024, 3, 4), date(2024, 3, 28)]),
        (["01.03.2024", "15.03.2024"], [date(2024, 3, 1), date(2024, 3, 15)]),
        (["Jan 5, 2024", "Dec 1, 2023"], [date(2024, 1, 5), date(2023, 12, 1)]),
        (["3. März 2024", "1. Dezember 2023"], [date(2024, 3, 3), date(2023, 12, 1)]),
        (["20240301", "20240331"], [date(2024, 3, 1), date(2024, 3, 31)]),
        (["2024-03-28T07:30:00.000Z"], [date(2024, 3, 28)]),
    ],
)
def test_dates(values: list[str], expected: list[date]) -> None:
    got = parse_dates(pd.Series(values, dtype=object), where="t")
    assert [t.date() for t in got] == expected


def test_unreadable_date_is_an_error() -> None:
    with pytest.raises(CorruptFileError, match="'Lifetime'"):
        parse_dates(pd.Series(["2024-03-01", "Lifetime"], dtype=object), where="t")


def test_yearless_dates_get_years_across_the_year_end() -> None:
    pairs = parse_yearless(
        pd.Series(["30. Dezember", "31. Dezember", "1. Januar", "undefined"], dtype=object),
        where="t",
    )
    assert pairs == [(12, 30), (12, 31), (1, 1), None]
    assert assign_years(pairs, date(2024, 1, 4)) == [
        date(2023, 12, 30),
        date(2023, 12, 31),
        date(2024, 1, 1),
        None,
    ]
    # An anchor before the last row's day means the rows are from the year before.
    assert assign_years([(3, 1), (3, 2)], date(2024, 2, 1)) == [date(2023, 3, 1), date(2023, 3, 2)]


def test_header_normalization_ignores_soft_hyphens_case_and_spacing() -> None:
    assert norm("Wieder\u00adgabe\u00adzeit  (Stunden)") == "wiedergabezeit (stunden)"
    assert norm("\ufeff Date:") == "date"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+49 221", "'+49 221"),
        ("@handle", "'@handle"),
        ("plain", "plain"),
    ],
)
def test_inert_text_for_spreadsheets(text: str, shown: str) -> None:
    assert inert(text) == shown
