"""Export variants users really have: UI language, Excel re-saves, older and newer columns,
zipped or not, total rows anywhere, daily vs per post. One fixture each, exact totals.

The hand computations are in the comments of tests/fixtures/stats/make_fixtures.py.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from stats_support import FIXTURES, LIMIT, analyze, upload

from channelwise.stats import Metric, PeriodSource, Platform, Upload, analyze_uploads

M = Metric
UNKNOWN = (None, None, PeriodSource.UNKNOWN)
VARIANTS = [
    pytest.param(
        "youtube/YouTube Videos März (Excel).csv",
        "youtube_table",
        Platform.YOUTUBE,
        UNKNOWN,
        {
            M.VIEWS: 12345,
            M.WATCH_TIME_HOURS: 1234.5678,
            M.FOLLOWER_CHANGE: 120,
            M.IMPRESSIONS: 250000,
        },
        3,
        ["unknown_period"],
        id="youtube-german-excel-no-id-column",
    ),
    pytest.param(
        "youtube/Table data (Unicode text).txt",
        "youtube_table",
        Platform.YOUTUBE,
        UNKNOWN,
        {
            M.VIEWS: 12345,
            M.WATCH_TIME_HOURS: 1234.5678,
            M.FOLLOWER_CHANGE: 120,
            M.IMPRESSIONS: 250000,
        },
        3,
        ["unknown_period"],
        id="youtube-excel-unicode-text-total-row-last",
    ),
    pytest.param(
        "youtube/Content 2019-05-01_2019-05-31 Alter Kanal.zip",
        "youtube_table",
        Platform.YOUTUBE,
        (date(2019, 5, 1), date(2019, 5, 31), PeriodSource.FILE_NAME),
        {M.VIEWS: 1500, M.WATCH_TIME_HOURS: 90, M.FOLLOWER_CHANGE: 10},
        2,
        ["missing_figures"],
        id="youtube-older-columns-minutes-gained-lost",
    ),
    pytest.param(
        "youtube/Kanal nach Datum.csv",
        "youtube_daily",
        Platform.YOUTUBE,
        (date(2024, 3, 1), date(2024, 3, 3), PeriodSource.DATA),
        {M.VIEWS: 1230, M.WATCH_TIME_HOURS: 61.5, M.FOLLOWER_CHANGE: -1, M.IMPRESSIONS: 9800},
        None,
        [],
        id="youtube-table-by-date-renamed",
    ),
    pytest.param(
        "youtube/Traffic source.csv",
        "youtube_table",
        Platform.YOUTUBE,
        UNKNOWN,
        {M.VIEWS: 12345, M.WATCH_TIME_HOURS: 1234.5, M.IMPRESSIONS: 250000},
        None,
        ["missing_figures", "unknown_period"],
        id="youtube-table-by-traffic-source",
    ),
    pytest.param(
        "tiktok/Overview_2024-03-01_1711929600_kommentare.zip",
        "tiktok_overview",
        Platform.TIKTOK,
        (date(2024, 3, 1), date(2024, 3, 3), PeriodSource.FILE_NAME),
        {M.VIEWS: 1570, M.VISITS: 30, M.LIKES: 126, M.COMMENTS: 6, M.SHARES: 7, M.ENGAGEMENTS: 139},
        None,
        ["negative_values"],
        id="tiktok-overview-negative-comments-day",
    ),
    pytest.param(
        "tiktok/Übersicht (Excel).csv",
        "tiktok_overview",
        Platform.TIKTOK,
        (date(2024, 3, 1), date(2024, 3, 3), PeriodSource.DATA),
        {
            M.VIEWS: 3680,
            M.VISITS: 135,
            M.LIKES: 480,
            M.COMMENTS: 41,
            M.SHARES: 24,
            M.ENGAGEMENTS: 545,
        },
        None,
        [],
        id="tiktok-overview-german-excel-dates-with-year",
    ),
    pytest.param(
        "tiktok/FollowerHistory.csv",
        "tiktok_followers",
        Platform.TIKTOK,
        (date(2024, 3, 1), date(2024, 3, 31), PeriodSource.ASSUMED),
        {M.FOLLOWERS: 49611, M.FOLLOWER_CHANGE: 9407},
        None,
        ["year_assumed"],
        id="tiktok-follower-history-without-zip",
    ),
    pytest.param(
        "tiktok/Viewers_2024-03-01_1711929600_beispiel.handle.zip",
        "tiktok_viewers",
        Platform.TIKTOK,
        (date(2024, 3, 1), date(2024, 3, 3), PeriodSource.FILE_NAME),
        {M.REACH: 2900},
        None,
        [],
        id="tiktok-viewers-zip",
    ),
]


@pytest.mark.parametrize(
    ("rel", "format_id", "platform", "period", "metrics", "posts", "warnings"), VARIANTS
)
def test_variant_is_read_with_exact_totals(
    rel: str,
    format_id: str,
    platform: Platform,
    period: tuple[date | None, date | None, PeriodSource],
    metrics: dict[Metric, float],
    posts: int | None,
    warnings: list[str],
) -> None:
    result = analyze(rel)
    assert len(result.sources) == 1
    src = result.sources[0]
    assert (src.format_id, src.platform) == (format_id, platform)
    assert (src.period.start, src.period.end, src.period.source) == period
    assert {m: v.value for m, v in src.metrics.items()} == pytest.approx(metrics)
    assert all(v.how for v in src.metrics.values())
    assert (None if src.posts is None else len(src.posts)) == posts
    assert [w.code for w in result.warnings] == warnings
    assert all(w.de and w.en != w.de for w in result.warnings)


def test_missing_figures_are_named_in_both_languages() -> None:
    (warning,) = analyze("youtube/Content 2019-05-01_2019-05-31 Alter Kanal.zip").warnings
    assert "has no column for impressions: those figures are missing" in warning.en
    assert "hat keine Spalte für Impressionen: diese Zahlen fehlen" in warning.de


def test_excel_resave_keeps_titles_as_post_ids_and_reads_german_dates() -> None:
    (src,) = analyze("youtube/YouTube Videos März (Excel).csv").sources
    assert src.posts is not None
    assert list(src.posts["post_id"]) == ["Titel, mit Komma", "Grüße aus Köln", "Altes Video"]
    assert [d.date() for d in src.posts["published"]] == [
        date(2024, 1, 5),
        date(2024, 1, 20),
        date(2023, 12, 1),
    ]
    assert src.metrics[M.VIEWS].how == "'Aufrufe' in the 'Gesamt' row"


def test_watch_minutes_become_hours() -> None:
    (src,) = analyze("youtube/Content 2019-05-01_2019-05-31 Alter Kanal.zip").sources
    assert src.metrics[M.WATCH_TIME_HOURS].how == ("'Watch time (minutes)' in the 'Total' row ÷ 60")


def test_negative_day_is_noted_in_both_languages() -> None:
    (warning,) = analyze("tiktok/Overview_2024-03-01_1711929600_kommentare.zip").warnings
    assert "comments on 1 day (lowest −2, 2024-03-02)" in warning.en
    assert "Kommentare an 1 Tag (niedrigster Wert −2, 2024-03-02)" in warning.de


# Dates without a year: 'today' in January 2026 would put "March 1..31" in 2025.
LATER = date(2026, 1, 15)


def _followers_with(*others: str) -> tuple[object, ...]:
    result = analyze_uploads(
        [upload("tiktok/FollowerHistory.csv"), *(upload(o) for o in others)],
        max_bytes=LIMIT,
        today=LATER,
    )
    tiktok = next(s for s in result.sources if s.platform is Platform.TIKTOK)
    codes = [w.code for w in result.warnings if w.code.startswith("year")]
    return tiktok.period.start, tiktok.period.end, tiktok.period.source, codes, result


def test_year_is_assumed_when_nothing_else_says_it() -> None:
    start, end, how, codes, _ = _followers_with()
    assert (start, end, how, codes) == (
        date(2025, 3, 1),
        date(2025, 3, 31),
        PeriodSource.ASSUMED,
        ["year_assumed"],
    )


def test_year_is_taken_from_other_uploads_covering_the_same_days() -> None:
    start, end, how, codes, result = _followers_with(
        "youtube/Inhalte 2024-03-01_2024-03-31 Beispielkanal.zip"
    )
    assert (start, end, how, codes) == (
        date(2024, 3, 1),
        date(2024, 3, 31),
        PeriodSource.OTHER_FILES,
        ["year_from_other_files"],
    )
    warning = next(w for w in result.warnings if w.code == "year_from_other_files")
    assert "2024 was taken from the other uploads" in warning.en
    assert "2024 wurde aus den anderen Dateien übernommen" in warning.de
    assert "period_mismatch" not in [w.code for w in result.warnings]


def test_year_stays_assumed_when_the_other_period_has_other_days() -> None:
    # YouTube January 2024: no year puts "March" inside it.
    start, _, how, codes, _ = _followers_with(
        "youtube/Content 2024-01-01_2024-01-31 My Channel.zip"
    )
    assert (start, how, codes) == (date(2025, 3, 1), PeriodSource.ASSUMED, ["year_assumed"])


def test_year_across_new_year_fits_the_other_period() -> None:
    # Yearless "30. Dezember" .. "2. Januar" (German UI, the zip's CSV without its zip) beside
    # a web report for 2024-01-01 .. 2024-01-31: the days straddle New Year 2023/2024.
    zipped = (FIXTURES / "tiktok/Overview_2023-12-30_1704326400_kanal_de.zip").read_bytes()
    overview = zipfile.ZipFile(io.BytesIO(zipped)).read("Overview.csv")
    result = analyze_uploads(
        [
            Upload("Overview.csv", overview),
            upload("analytics/Analytics All Web Site Data Audience Overview 20240101-20240131.tsv"),
        ],
        max_bytes=LIMIT,
        today=LATER,
    )
    tiktok = next(s for s in result.sources if s.platform is Platform.TIKTOK)
    assert (tiktok.period.start, tiktok.period.end) == (date(2023, 12, 30), date(2024, 1, 2))
    assert tiktok.period.source is PeriodSource.OTHER_FILES
    assert tiktok.metrics[M.VIEWS].value == 1000
