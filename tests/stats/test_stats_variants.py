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
# The three Facebook posts of meta/Facebook posts Mar-01-2024_Mar-31-2024.csv.
FB = {
    M.POSTS: 3,
    M.VIEWS: 17800,
    M.REACH: 11800,
    M.ENGAGEMENTS: 585,
    M.LIKES: 440,
    M.COMMENTS: 93,
    M.SHARES: 52,
    M.CLICKS: 290,
}
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
    pytest.param(
        "newsletter/grossstadtnotizen.substack.com-export.zip",
        "substack_subscribers",
        Platform.NEWSLETTER,
        (date(2025, 3, 28), date(2025, 3, 28), PeriodSource.DATA),
        {M.SUBSCRIBERS: 1306, M.PAID_SUBSCRIBERS: 52},
        None,
        [],
        id="substack-export-zip-issue-list",
    ),
    pytest.param(
        "newsletter/email_list.altes-format.csv",
        "substack_subscribers",
        Platform.NEWSLETTER,
        (date(2024, 2, 12), date(2024, 2, 12), PeriodSource.DATA),
        {M.SUBSCRIBERS: 2, M.PAID_SUBSCRIBERS: 1},
        None,
        [],
        id="substack-older-columns-without-plan",
    ),
    pytest.param(
        "newsletter/members_export_de_4d5e6f.zip",
        "mailchimp_subscribers",
        Platform.NEWSLETTER,
        (date(2024, 3, 14), date(2024, 3, 14), PeriodSource.DATA),
        {M.SUBSCRIBERS: 2},
        None,
        [],
        id="mailchimp-german-columns-with-pending-list",
    ),
    pytest.param(
        "meta/Facebook Beiträge Mär-01-2024_Mär-31-2024.csv",
        "meta_facebook_posts",
        Platform.FACEBOOK,
        (date(2024, 3, 4), date(2024, 3, 28), PeriodSource.DATA),
        FB,
        3,
        [],
        id="facebook-posts-german-ui",
    ),
    pytest.param(
        "meta/Facebook posts (Excel).csv",
        "meta_facebook_posts",
        Platform.FACEBOOK,
        (date(2024, 3, 4), date(2024, 3, 28), PeriodSource.DATA),
        FB,
        3,
        [],
        id="facebook-posts-german-excel-dates-and-thousands",
    ),
    pytest.param(
        "meta/Facebook posts 2024 (older export).csv",
        "meta_facebook_posts",
        Platform.FACEBOOK,
        (date(2024, 3, 4), date(2024, 3, 28), PeriodSource.DATA),
        {**{k: v for k, v in FB.items() if k is not M.VIEWS}, M.IMPRESSIONS: 19400},
        3,
        [],
        id="facebook-posts-impressions-before-2025-no-page-name",
    ),
    pytest.param(
        "meta/Reichweite.csv",
        "meta_daily",
        Platform.INSTAGRAM,
        (date(2024, 3, 1), date(2024, 3, 2), PeriodSource.DATA),
        {M.REACH: 2150},
        None,
        [],
        id="meta-daily-german-ui",
    ),
    pytest.param(
        "meta/Follows (Excel).csv",
        "meta_daily",
        Platform.FACEBOOK,
        (date(2024, 3, 1), date(2024, 3, 5), PeriodSource.DATA),
        {M.FOLLOWS: 10},
        None,
        [],
        id="meta-daily-german-excel-no-sep-line",
    ),
    pytest.param(
        "analytics/Zugriffsakquisition (Excel).csv",
        "google_analytics",
        Platform.WEBSITE,
        (date(2024, 3, 1), date(2024, 3, 31), PeriodSource.HEADER),
        {M.REACH: 2310, M.SESSIONS: 2970, M.ENGAGED_SESSIONS: 1660},
        None,
        [],
        id="ga4-german-excel-totals-row",
    ),
    pytest.param(
        "linkedin/beispiel-gmbh_content_de_1711929600000.xlsx",
        "linkedin_content",
        Platform.LINKEDIN,
        (date(2024, 3, 1), date(2024, 3, 2), PeriodSource.DATA),
        {
            M.IMPRESSIONS: 2300,
            M.REACH: 1600,
            M.CLICKS: 70,
            M.LIKES: 50,
            M.COMMENTS: 6,
            M.SHARES: 3,
            M.ENGAGEMENTS: 129,
        },
        None,
        [],
        id="linkedin-page-content-german-xlsx",
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


def test_substack_reach_and_followers_are_the_reachable_list_not_the_payers() -> None:
    result = analyze("newsletter/grossstadtnotizen.substack.com-export.zip")
    newsletter = result.mix.get(Platform.NEWSLETTER)
    assert newsletter is not None
    assert (newsletter.audience, newsletter.reach) == (1306, 1306)
    assert newsletter.value(M.PAID_SUBSCRIBERS) == 52
    statuses = {f.name.rsplit("/", 1)[1]: f.status for f in result.files}
    assert statuses == {
        "posts.csv": "ignored",
        "101.erste-ausgabe.html": "ignored",
        "email_list.grossstadtnotizen.csv": "parsed",
    }
    note = next(f.note for f in result.files if f.status == "parsed")
    assert note == (
        "6 lapsed paid subscription(s) counted as free subscribers; 3 complimentary "
        "subscription(s) counted as free subscribers; 40 address(es) that cannot receive "
        "email not counted"
    )


def test_beehiiv_inactive_premium_is_neither_reachable_nor_paid() -> None:
    (src,) = analyze("newsletter/beehiiv_subscribers.csv").sources
    assert src.value(M.SUBSCRIBERS) == 3  # active only: not inactive, validating, pending
    assert src.value(M.PAID_SUBSCRIBERS) == 1  # f is premium but inactive


def test_mailchimp_pending_and_unsubscribed_lists_are_not_reachable() -> None:
    result = analyze("newsletter/members_export_de_4d5e6f.zip")
    notes = sorted(f.note for f in result.files if f.status == "ignored")
    assert notes == [
        "1 pending address(es), not counted as reachable",
        "1 unsubscribed address(es), not counted as reachable",
    ]


def test_mailchimp_file_without_list_name_says_how_it_was_read() -> None:
    (report,) = analyze("newsletter/mailchimp_export_de.csv").files
    assert "read as the subscribed members" in report.note


def test_a_video_titled_total_is_a_video() -> None:
    data = (
        b"Content,Video title,Views,Watch time (hours)\n"
        b"Total,,300,30\n"
        b"abcdefghijk,Total,200,20\n"
        b"bcdefghijkl,Gesamt,100,10\n"
    )
    result = analyze_uploads([Upload("Table data.csv", data)], max_bytes=LIMIT)
    (src,) = result.sources
    assert src.posts is not None and list(src.posts["title"]) == ["Total", "Gesamt"]
    assert src.metrics[M.VIEWS].value == 300
