"""Export variants users really have: UI language, Excel re-saves, older and newer columns,
zipped or not, total rows anywhere, daily vs per post. One fixture each, exact totals.

The hand computations are in the comments of tests/fixtures/stats/make_fixtures.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from stats_support import analyze

from channelwise.stats import Metric, PeriodSource, Platform

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
