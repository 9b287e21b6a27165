"""Totals rows: recognised in every language, never summed, the rows checked against them.

The fixtures are the layouts the platforms write (and German Excel re-saves of them); the
sums are worked out in tests/fixtures/stats/make_fixtures.py.
"""

from __future__ import annotations

import pandas as pd
import pytest
from stats_support import FIXTURES, analyze

from channelwise.i18n import Bilingual
from channelwise.stats import Metric, Platform, StatsResult, Upload, analyze_uploads
from channelwise.stats.summary import figures_summary
from channelwise.stats.tables import Numbers
from channelwise.stats.totals import Rows, check_totals, is_total, rounding_tolerance

GERMAN_EXCEL = "youtube/Tabellendaten (Excel).csv"


@pytest.mark.parametrize(
    "label",
    [
        "Total",
        "TOTAL",
        "Totals",
        "Grand total",
        "Grand Total:",
        "Gesamt",
        " Gesamt ",
        "Insgesamt",
        "Summe",
        "Gesamtsumme",
        "Gesamtergebnis",
        "Ergebnis",
        "Gesamtwerte",
        "Total général",
        "Total general",
        "Total geral",
        "Totale",
        "Totale complessivo",
        "Totaal",
        "Eindtotaal",
        "Totalt",
        "Summa",
        "I alt",
        "Razem",
        "Celkem",
        "Toplam",
        "Yhteensä",
    ],
)
def test_totals_labels_in_every_language_are_recognised(label: str) -> None:
    assert is_total(label)


@pytest.mark.parametrize(
    "label", ["Totally new video", "Gesamtwerk", "Summer", "Ergebnisse 2024", "Video total", ""]
)
def test_other_labels_are_not_totals(label: str) -> None:
    assert not is_total(label)


def test_the_german_youtube_table_re_saved_by_excel_reads_as_the_export_says() -> None:
    """The issue's file: 'Videos;Videotitel;…', cp1252, ';', 'Gesamt' first. It used to be
    read as 199,438 views (the 'Gesamt' row added to the videos)."""
    data = (FIXTURES / GERMAN_EXCEL).read_bytes()
    assert data.splitlines()[1] == b"Gesamt;;;;99.719;6.841,07;518;1.236.856;4,31"
    result = analyze(GERMAN_EXCEL)
    (src,) = result.sources
    assert src.platform is Platform.YOUTUBE
    assert {m: v.value for m, v in src.metrics.items()} == pytest.approx(
        {
            Metric.VIEWS: 99_719,
            Metric.WATCH_TIME_HOURS: 6_841.07,
            Metric.FOLLOWER_CHANGE: 518,
            Metric.IMPRESSIONS: 1_236_856,
        }
    )
    assert src.metrics[Metric.VIEWS].how == "'Aufrufe' in the 'Gesamt' row"
    assert src.posts is not None and list(src.posts["post_id"])[:2] == [
        "kG7vXq2LmPw",
        "-Ab3dE5fG7h",
    ]
    assert len(src.posts) == 6
    assert [w.code for w in result.warnings] == ["unknown_period"]  # the rows add up
    de = figures_summary(result, "de")
    assert "| YouTube | – | 99.719 (Aufrufe) | – | – | Zeitraum unbekannt |" in de
    assert (
        "- Follower-Wachstum: YouTube +518 (Netto-Veränderung; der Export enthält keine "
        "Follower-Gesamtzahl)" in de
    )
    assert "199.438" not in de
    en = figures_summary(result, "en")
    assert "- Follower growth: YouTube +518 (net change; the export has no follower total)" in en


def test_the_export_as_youtube_writes_it_in_german_reads_the_same() -> None:
    result = analyze("youtube/Videos 2024-03-01_2024-03-31 Kanal Nord.zip")
    (src,) = result.sources
    assert src.account == "Kanal Nord"
    assert {m: v.value for m, v in src.metrics.items()} == pytest.approx(
        {
            Metric.VIEWS: 99_719,
            Metric.WATCH_TIME_HOURS: 6_841.07,
            Metric.FOLLOWER_CHANGE: 518,
            Metric.IMPRESSIONS: 1_236_856,
            Metric.POSTS: 4,  # published in March 2024
        }
    )
    assert result.warnings == ()


def _codes(result: StatsResult) -> list[str]:
    return [w.code for w in result.warnings if w.code.startswith("totals_")]


@pytest.mark.parametrize(
    "rel",
    [
        GERMAN_EXCEL,
        "youtube/Table data.csv",
        "youtube/YouTube Videos März (Excel).csv",
        "youtube/Table data (Unicode text).txt",
        "youtube/Kanal nach Datum.csv",
        "youtube/Traffic source.csv",
        "youtube/Content 2019-05-01_2019-05-31 Alter Kanal.zip",
        "analytics/Zugriffsakquisition (Excel).csv",
        "analytics/Traffic acquisition (Grand total).csv",
        "analytics/Analytics All Web Site Data Audience Overview 20240101-20240131.tsv",
        "generic/vorlage_mit_summe.csv",
    ],
)
def test_rows_that_add_up_to_the_totals_row_raise_no_warning(rel: str) -> None:
    """Users in Google Analytics are counted once per person in the totals row, so the rows
    add up to more: they are not checked."""
    assert _codes(analyze(rel)) == []


def test_a_table_of_the_top_videos_says_what_the_totals_row_adds() -> None:
    result = analyze("youtube/Table data (top videos).csv")
    (src,) = result.sources
    assert src.value(Metric.VIEWS) == 250_000  # the Total row, not the 230,000 listed
    assert src.value(Metric.FOLLOWER_CHANGE) == 900
    (warning,) = [w for w in result.warnings if w.code == "totals_partial"]
    assert warning.en == (
        "'Table data (top videos).csv': the 'Total' row differs from the sum of the 3 listed "
        "videos (Views: 230,000 in the rows, 250,000 in the 'Total' row (20,000 more); "
        "Watch time (hours): 14,000.25 in the rows, 15,000.50 in the 'Total' row (1,000.25 "
        "more); Subscribers: 850 in the rows, 900 in the 'Total' row (50 more)). The export "
        "lists only part of the videos (the strongest), or counts figures not tied to a "
        "listed row (such as subscribers from the channel page). The figures use the 'Total' "
        "row: it covers everything."
    )
    assert warning.de.startswith(
        "'Table data (top videos).csv': Die Zeile „Total“ weicht von der Summe der 3 "
        "aufgeführten Videos ab (Views: 230.000 in den Zeilen, 250.000 in der Zeile „Total“ "
        "(20.000 mehr); "
    )
    assert "Die Zahlen stammen aus der Zeile „Total“: Sie umfasst alles." in warning.de
    assert warning.de in figures_summary(result, "de")
    assert warning.en in figures_summary(result, "en")


def _edited(rel: str, old: bytes, new: bytes) -> StatsResult:
    data = (FIXTURES / rel).read_bytes()
    assert data.count(old) == 1
    upload = Upload(rel.rsplit("/", 1)[1], data.replace(old, new))
    return analyze_uploads([upload], max_bytes=50 * 1024 * 1024)


def test_a_video_row_pasted_twice_is_told_and_the_totals_row_still_counts() -> None:
    row = "ZxCvBnM0987;Grüße aus Köln: Studio-Tour;26.03.2024;433;9.114;604,31;41;150.220;3,41"
    row += "\r\n"
    row_bytes = row.encode("cp1252")
    result = _edited(GERMAN_EXCEL, row_bytes, row_bytes + row_bytes)
    (src,) = result.sources
    assert src.value(Metric.VIEWS) == 99_719
    (warning,) = [w for w in result.warnings if w.code.startswith("totals_")]
    assert warning.code == "totals_mismatch"
    assert warning.de == (
        "'Tabellendaten (Excel).csv': Die Summe der 7 Videos stimmt nicht mit der Zeile "
        "„Gesamt“ überein (Aufrufe: 108.833 in den Zeilen, 99.719 in der Zeile „Gesamt“ "
        "(9.114 weniger); Wiedergabezeit (Stunden): 7.445,38 in den Zeilen, 6.841,07 in der "
        "Zeile „Gesamt“ (604,31 weniger); Abonnenten: 559 in den Zeilen, 518 in der Zeile "
        "„Gesamt“ (41 weniger); Impressionen: 1.387.076 in den Zeilen, 1.236.856 in der Zeile "
        "„Gesamt“ (150.220 weniger)). Die Datei wurde vielleicht bearbeitet, oder Zeilen "
        "fehlen oder sind doppelt. Die Zahlen stammen aus der Zeile „Gesamt“; exportieren Sie "
        "den Bericht erneut, um sicherzugehen."
    )


def test_a_day_that_does_not_add_up_to_the_totals_row_is_told() -> None:
    """Days are complete (no top list): any difference is one."""
    result = _edited("youtube/Kanal nach Datum.csv", b"2024-03-02,350,", b"2024-03-02,380,")
    (src,) = result.sources
    assert src.value(Metric.VIEWS) == 1230
    (warning,) = [w for w in result.warnings if w.code.startswith("totals_")]
    assert warning.code == "totals_mismatch"
    assert warning.en.startswith(
        "'Kanal nach Datum.csv': the 3 days do not add up to the 'Gesamt' row (Aufrufe: "
        "1,260 in the rows, 1,230 in the 'Gesamt' row (30 less))."
    )


def test_sessions_that_do_not_add_up_to_the_grand_total_are_told() -> None:
    result = _edited(
        "analytics/Traffic acquisition (Grand total).csv",
        b"Referral,450,500,",
        b"Referral,450,400,",
    )
    (src,) = result.sources
    assert src.value(Metric.SESSIONS) == 3100
    assert _codes(result) == ["totals_mismatch"]
    assert "(Sessions: 3,000 in the rows, 3,100 in the 'Grand total' row (100 more))" in (
        result.warnings[0].en
    )


@pytest.mark.parametrize(
    ("values", "tolerance"),
    [
        ([8000.0, 4000.0, 345.0, 12345.0], 4e-9 * 12345),  # counts are exact
        ([800.1234, 400.4444, 34.0, 1234.5678], 4 * 0.00005 + 4e-9 * 1234.5678),
        ([2917.45, 1803.22, 6841.07], 3 * 0.005 + 3e-9 * 6841.07),
    ],
)
def test_rounding_tolerance_follows_the_written_precision(
    values: list[float], tolerance: float
) -> None:
    assert rounding_tolerance(pd.Series(values)) == pytest.approx(tolerance)


def test_rounded_hours_within_the_tolerance_are_no_difference() -> None:
    """Watch time rounded per video to two decimals: 0.01 off in total is rounding."""
    column = pd.Series([10.0, 3.33, 3.33, 3.33])  # 9.99 in the rows, 10 in the totals row
    mask = pd.Series([True, False, False, False])
    nums = Numbers({"watch": column}, ".")
    rows = Rows(3, Bilingual("videos", "Videos"))
    assert (
        check_totals(nums, mask, {"watch": "Watch time"}, source="t.csv", label="Total", rows=rows)
        == []
    )
    off = Numbers({"watch": pd.Series([10.0, 3.33, 3.33, 3.13])}, ".")
    (warning,) = check_totals(
        off, mask, {"watch": "Watch time"}, source="t.csv", label="Total", rows=rows
    )
    assert warning.code == "totals_mismatch"


def test_a_follower_share_of_only_some_platforms_says_which() -> None:
    result = analyze(
        "tiktok/Followers_2024-03-01_1711929600_beispiel.handle.zip",
        "meta/Facebook posts Mar-01-2024_Mar-31-2024.csv",
    )
    de = figures_summary(result, "de")
    assert "- Follower-Anteil (nur TikTok hat eine Follower-Zahl im Export): TikTok 100,0 %" in de
    assert "Anteil an den Followern" not in de
    en = figures_summary(result, "en")
    assert "- Follower share (only TikTok has a follower count in the exports): TikTok 100.0%" in en
