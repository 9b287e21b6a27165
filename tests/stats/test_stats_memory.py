"""Large CSV uploads: rows are parsed as they are read, not all held as lists of cells."""

from __future__ import annotations

import csv
import io
import tracemalloc

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stats_support import TODAY

from channelwise.stats import Metric, Upload, analyze_uploads
from channelwise.stats.csvrows import HEAD_ROWS, CsvRows

ROWS = 25_000


def mailchimp(rows: int) -> Upload:
    lines = [
        "E-Mail-Adresse;Vorname;Nachname;MEMBER_RATING;OPTIN_TIME;OPTIN_IP;CONFIRM_TIME;"
        "CONFIRM_IP;LAST_CHANGED;LEID;EUID;NOTES;TAGS"
    ]
    for i in range(rows):
        day = f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"
        lines.append(
            f"leser{i}@example.com;Jürgen;Müller;{1 + i % 5};{day} 10:00:00;;;;{day};{i};e{i:x};;"
        )
    return Upload("subscribed_members_export_de.csv", "\r\n".join(lines).encode("cp1252"))


def beehiiv(rows: int) -> Upload:
    lines = [
        "email,status,created_at,subscription_tier,subscription_premium_tier_names,"
        "stripe_customer_id,utm_source,utm_medium,utm_channel,utm_campaign,referring_site,"
        "referral_code"
    ]
    for i in range(rows):
        status = "inactive" if i % 4 == 0 else "active"
        lines.append(
            f"r{i}@example.com,{status},2024-0{1 + i % 9}-11T09:30:00Z,free,,,,,website,,,"
        )
    return Upload("beehiiv_subscribers.csv", "\n".join(lines).encode("utf-8"))


@pytest.mark.parametrize(
    ("make", "subscribers"),
    [(mailchimp, ROWS), (beehiiv, ROWS - ROWS // 4)],
    ids=["mailchimp-cp1252", "beehiiv-utf8"],
)
def test_a_large_subscriber_list_is_parsed_in_a_few_bytes_per_byte(
    make: object, subscribers: int
) -> None:
    upload = make(ROWS)  # type: ignore[operator]
    tracemalloc.start()
    try:
        result = analyze_uploads([upload], max_bytes=50 * 2**20, today=TODAY)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.sources[0].metrics[Metric.SUBSCRIBERS].value == subscribers
    # Lists of cell strings took 12 bytes per byte of these files; a 50 MB upload 0.8 GB.
    assert peak < 6 * len(upload.data), f"{peak / len(upload.data):.1f} bytes per byte"


TRICKY = [
    "a,b\r\n1,2\r\n",
    "a,b\n1,2",  # no newline at the end
    "a,b\r1,2\r3,4\r",  # old Mac line ends
    'a,b\n"two\nlines",2\n"x ""quoted""",3\n',
    'a,b\n"cr\rinside",2\r\n\r\n\n5,6\n',  # empty lines in between
    "",
    "\n\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_rows_are_the_csv_modules_rows(text: str) -> None:
    expected = list(csv.reader(io.StringIO(text, newline="")))
    rows = CsvRows.parse(text, ",")
    assert list(rows) == expected and len(rows) == len(expected)
    assert [rows[i] for i in range(-len(rows), len(rows))] == expected + expected


@given(st.lists(st.lists(st.text('ab,"\r\n é🎉', max_size=6), min_size=1, max_size=4)))
def test_any_csv_written_reads_back_alike(table: list[list[str]]) -> None:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(table)
    text = out.getvalue()
    assert list(CsvRows.parse(text, ",")) == list(csv.reader(io.StringIO(text, newline="")))


def test_rows_beyond_the_head_are_parsed_on_access_and_views_slice_them() -> None:
    text = "".join(f"{i},x{i}\n" for i in range(HEAD_ROWS * 3))
    rows = CsvRows.parse(text, ",")
    assert len(rows) == HEAD_ROWS * 3
    assert rows[-1] == [str(HEAD_ROWS * 3 - 1), f"x{HEAD_ROWS * 3 - 1}"]
    tail = rows[HEAD_ROWS - 2 :]
    assert not isinstance(tail, list)  # a view: nothing parsed yet
    assert len(tail) == 2 * HEAD_ROWS + 2
    assert [r[0] for r in tail] == [str(i) for i in range(HEAD_ROWS - 2, HEAD_ROWS * 3)]
    assert tail[3] == [str(HEAD_ROWS + 1), f"x{HEAD_ROWS + 1}"]
    assert list(tail[1:3]) == [rows[HEAD_ROWS - 1], rows[HEAD_ROWS]]
    with pytest.raises(IndexError):
        rows[HEAD_ROWS * 3]


def test_a_damaged_quote_is_still_an_error_at_read_time() -> None:
    with pytest.raises(csv.Error):
        CsvRows.parse('a,b\n"open,1\n' + "2,3\n" * 100 + '"x"y,2\n', ",")
