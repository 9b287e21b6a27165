"""Every supported export and locale variant, with totals worked out by hand.

The hand computations are in the comments of tests/fixtures/stats/make_fixtures.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from stats_support import analyze

from channelwise.stats import Granularity, Metric, PeriodSource, Platform

M = Metric
CASES = [
    pytest.param(
        "youtube/Content 2024-01-01_2024-01-31 My Channel.zip",
        "youtube_table",
        Platform.YOUTUBE,
        "My Channel",
        (date(2024, 1, 1), date(2024, 1, 31), PeriodSource.FILE_NAME),
        {
            M.VIEWS: 12345,
            M.WATCH_TIME_HOURS: 1234.5678,
            M.FOLLOWER_CHANGE: 120,
            M.IMPRESSIONS: 250000,
            M.POSTS: 2,
        },
        3,
        id="youtube-zip-en",
    ),
    pytest.param(
        "youtube/Inhalte 2024-03-01_2024-03-31 Beispielkanal.zip",
        "youtube_table",
        Platform.YOUTUBE,
        "Beispielkanal",
        (date(2024, 3, 1), date(2024, 3, 31), PeriodSource.FILE_NAME),
        {
            M.VIEWS: 4210,
            M.WATCH_TIME_HOURS: 312.5,
            M.FOLLOWER_CHANGE: -3,
            M.IMPRESSIONS: 51200,
            M.POSTS: 2,
        },
        3,
        id="youtube-zip-de",
    ),
    pytest.param(
        "youtube/Table data.csv",
        "youtube_table",
        Platform.YOUTUBE,
        None,
        (None, None, PeriodSource.UNKNOWN),
        {
            M.VIEWS: 12345,
            M.WATCH_TIME_HOURS: 1234.5678,
            M.FOLLOWER_CHANGE: 120,
            M.IMPRESSIONS: 250000,
        },
        3,
        id="youtube-table-csv",
    ),
    pytest.param(
        "youtube/Tabellendaten (Excel).csv",
        "youtube_table",
        Platform.YOUTUBE,
        None,
        (None, None, PeriodSource.UNKNOWN),
        {
            M.VIEWS: 99719,
            M.WATCH_TIME_HOURS: 6841.07,
            M.FOLLOWER_CHANGE: 518,
            M.IMPRESSIONS: 1236856,
        },
        6,
        id="youtube-table-de-studio-layout-excel",
    ),
    pytest.param(
        "youtube/Videos 2024-03-01_2024-03-31 Kanal Nord.zip",
        "youtube_table",
        Platform.YOUTUBE,
        "Kanal Nord",
        (date(2024, 3, 1), date(2024, 3, 31), PeriodSource.FILE_NAME),
        {
            M.VIEWS: 99719,
            M.WATCH_TIME_HOURS: 6841.07,
            M.FOLLOWER_CHANGE: 518,
            M.IMPRESSIONS: 1236856,
            M.POSTS: 4,
        },
        6,
        id="youtube-zip-de-videos",
    ),
    pytest.param(
        "youtube/Table data (top videos).csv",
        "youtube_table",
        Platform.YOUTUBE,
        None,
        (None, None, PeriodSource.UNKNOWN),
        {
            M.VIEWS: 250000,
            M.WATCH_TIME_HOURS: 15000.5,
            M.FOLLOWER_CHANGE: 900,
            M.IMPRESSIONS: 3000000,
        },
        3,
        id="youtube-table-top-videos",
    ),
    pytest.param(
        "meta/Facebook posts Mar-01-2024_Mar-31-2024.csv",
        "meta_facebook_posts",
        Platform.FACEBOOK,
        "Beispiel GmbH",
        (date(2024, 3, 4), date(2024, 3, 28), PeriodSource.DATA),
        {
            M.POSTS: 3,
            M.VIEWS: 17800,
            M.REACH: 11800,
            M.ENGAGEMENTS: 585,
            M.LIKES: 440,
            M.COMMENTS: 93,
            M.SHARES: 52,
            M.CLICKS: 290,
        },
        3,
        id="facebook-posts",
    ),
    pytest.param(
        "meta/Instagram posts Mar-01-2024_Mar-31-2024.csv",
        "meta_instagram_posts",
        Platform.INSTAGRAM,
        "beispiel.de",
        (date(2024, 3, 2), date(2024, 3, 30), PeriodSource.DATA),
        {
            M.POSTS: 3,
            M.VIEWS: 28000,
            M.REACH: 19600,
            M.LIKES: 1370,
            M.COMMENTS: 95,
            M.SHARES: 130,
            M.SAVES: 190,
            M.FOLLOWS: 45,
            M.ENGAGEMENTS: 1785,
        },
        3,
        id="instagram-posts",
    ),
    pytest.param(
        "meta/Instagram Beiträge (Excel).csv",
        "meta_instagram_posts",
        Platform.INSTAGRAM,
        "beispiel.de",
        (date(2024, 3, 2), date(2024, 3, 30), PeriodSource.DATA),
        {
            M.POSTS: 3,
            M.VIEWS: 28000,
            M.REACH: 19600,
            M.LIKES: 1370,
            M.COMMENTS: 95,
            M.SHARES: 130,
            M.SAVES: 190,
            M.FOLLOWS: 45,
            M.ENGAGEMENTS: 1785,
        },
        3,
        id="instagram-posts-german-excel-cp1252",
    ),
    pytest.param(
        "meta/Instagram reach.csv",
        "meta_daily",
        Platform.INSTAGRAM,
        None,
        (date(2024, 3, 1), date(2024, 3, 5), PeriodSource.DATA),
        {M.REACH: 4380},
        None,
        id="meta-daily-utf16-reach",
    ),
    pytest.param(
        "meta/Follows.csv",
        "meta_daily",
        Platform.FACEBOOK,
        None,
        (date(2024, 3, 1), date(2024, 3, 5), PeriodSource.DATA),
        {M.FOLLOWS: 10},
        None,
        id="meta-daily-utf16-follows",
    ),
    pytest.param(
        "tiktok/Overview_2024-03-01_1711929600_beispiel.handle.zip",
        "tiktok_overview",
        Platform.TIKTOK,
        "beispiel.handle",
        (date(2024, 3, 1), date(2024, 3, 4), PeriodSource.FILE_NAME),
        {
            M.VIEWS: 3680,
            M.VISITS: 135,
            M.LIKES: 480,
            M.COMMENTS: 41,
            M.SHARES: 24,
            M.ENGAGEMENTS: 545,
        },
        None,
        id="tiktok-overview-zip",
    ),
    pytest.param(
        "tiktok/Overview_2023-12-30_1704326400_kanal_de.zip",
        "tiktok_overview",
        Platform.TIKTOK,
        "kanal_de",
        (date(2023, 12, 30), date(2024, 1, 2), PeriodSource.FILE_NAME),
        {M.VIEWS: 1000, M.VISITS: 10, M.LIKES: 50, M.COMMENTS: 4, M.SHARES: 4, M.ENGAGEMENTS: 58},
        None,
        id="tiktok-overview-german-year-end",
    ),
    pytest.param(
        "tiktok/Overview.csv",
        "tiktok_overview",
        Platform.TIKTOK,
        None,
        (date(2024, 3, 1), date(2024, 3, 4), PeriodSource.ASSUMED),
        {
            M.VIEWS: 3680,
            M.VISITS: 135,
            M.LIKES: 480,
            M.COMMENTS: 41,
            M.SHARES: 24,
            M.ENGAGEMENTS: 545,
        },
        None,
        id="tiktok-overview-csv-without-zip",
    ),
    pytest.param(
        "tiktok/Followers_2024-03-01_1711929600_beispiel.handle.zip",
        "tiktok_followers",
        Platform.TIKTOK,
        "beispiel.handle",
        (date(2024, 3, 1), date(2024, 3, 4), PeriodSource.FILE_NAME),
        {M.FOLLOWERS: 10060, M.FOLLOWER_CHANGE: 60},
        None,
        id="tiktok-followers-zip",
    ),
    pytest.param(
        "tiktok/Content_2024-03-01_1711929600_beispiel.handle.zip",
        "tiktok_content",
        Platform.TIKTOK,
        "beispiel.handle",
        (date(2024, 4, 1), date(2024, 4, 1), PeriodSource.FILE_NAME),
        {},
        2,
        id="tiktok-content-zip",
    ),
    pytest.param(
        "linkedin/beispiel-gmbh_content_1711929600000.xls",
        "linkedin_content",
        Platform.LINKEDIN,
        "beispiel-gmbh",
        (date(2024, 3, 1), date(2024, 3, 3), PeriodSource.DATA),
        {
            M.IMPRESSIONS: 3300,
            M.REACH: 2300,
            M.CLICKS: 95,
            M.LIKES: 70,
            M.COMMENTS: 11,
            M.SHARES: 6,
            M.ENGAGEMENTS: 182,
            M.POSTS: 2,
        },
        3,
        id="linkedin-page-content-xls",
    ),
    pytest.param(
        "linkedin/beispiel-gmbh_followers_1711929600000.xlsx",
        "linkedin_followers",
        Platform.LINKEDIN,
        "beispiel-gmbh",
        (date(2024, 3, 1), date(2024, 3, 3), PeriodSource.DATA),
        {M.FOLLOWS: 28},
        None,
        id="linkedin-page-followers-xlsx",
    ),
    pytest.param(
        "linkedin/AggregateAnalytics_Jane_Doe_2024-03-01_2024-03-31.xlsx",
        "linkedin_creator",
        Platform.LINKEDIN,
        "Jane Doe",
        (date(2024, 3, 1), date(2024, 3, 31), PeriodSource.HEADER),
        {M.IMPRESSIONS: 12345, M.REACH: 4321, M.ENGAGEMENTS: 365, M.FOLLOWERS: 2468, M.FOLLOWS: 42},
        2,
        id="linkedin-creator-xlsx",
    ),
    pytest.param(
        "newsletter/email_list.beispiel.csv",
        "substack_subscribers",
        Platform.NEWSLETTER,
        None,
        (date(2024, 3, 28), date(2024, 3, 28), PeriodSource.DATA),
        {M.SUBSCRIBERS: 5, M.PAID_SUBSCRIBERS: 2},
        None,
        id="substack",
    ),
    pytest.param(
        "newsletter/beehiiv_subscribers.csv",
        "beehiiv_subscribers",
        Platform.NEWSLETTER,
        None,
        (date(2024, 3, 20), date(2024, 3, 20), PeriodSource.DATA),
        {M.SUBSCRIBERS: 3, M.PAID_SUBSCRIBERS: 1},
        None,
        id="beehiiv",
    ),
    pytest.param(
        "newsletter/members_export_1a2b3c.zip",
        "mailchimp_subscribers",
        Platform.NEWSLETTER,
        None,
        (date(2024, 3, 29), date(2024, 3, 29), PeriodSource.DATA),
        {M.SUBSCRIBERS: 3},
        None,
        id="mailchimp-zip",
    ),
    pytest.param(
        "newsletter/mailchimp_export_de.csv",
        "mailchimp_subscribers",
        Platform.NEWSLETTER,
        None,
        (date(2024, 3, 5), date(2024, 3, 5), PeriodSource.DATA),
        {M.SUBSCRIBERS: 2},
        None,
        id="mailchimp-german-excel",
    ),
    pytest.param(
        "analytics/Traffic_acquisition_Session_primary_channel_group.csv",
        "google_analytics",
        Platform.WEBSITE,
        "beispiel.de - GA4",
        (date(2024, 3, 1), date(2024, 3, 31), PeriodSource.HEADER),
        {M.REACH: 2450, M.SESSIONS: 2970, M.ENGAGED_SESSIONS: 1660},
        None,
        id="ga4-en",
    ),
    pytest.param(
        "analytics/Zugriffsakquisition.csv",
        "google_analytics",
        Platform.WEBSITE,
        "beispiel.de",
        (date(2024, 3, 1), date(2024, 3, 3), PeriodSource.HEADER),
        {M.REACH: 340, M.SESSIONS: 400, M.ENGAGED_SESSIONS: 240, M.VIEWS: 970},
        None,
        id="ga4-de-daily",
    ),
    pytest.param(
        "analytics/Analytics All Web Site Data Audience Overview 20240101-20240131.tsv",
        "google_analytics",
        Platform.WEBSITE,
        None,
        (date(2024, 1, 1), date(2024, 1, 31), PeriodSource.HEADER),
        {M.REACH: 1850, M.SESSIONS: 2300, M.VIEWS: 6550},
        None,
        id="ua-tsv-utf16-totals-row",
    ),
    pytest.param(
        "analytics/Traffic acquisition (Grand total).csv",
        "google_analytics",
        Platform.WEBSITE,
        "example.com - GA4",
        (date(2024, 4, 1), date(2024, 4, 30), PeriodSource.HEADER),
        {M.REACH: 2400, M.SESSIONS: 3100, M.ENGAGED_SESSIONS: 1750},
        None,
        id="ga4-en-grand-total-row",
    ),
]


@pytest.mark.parametrize(
    ("rel", "format_id", "platform", "account", "period", "metrics", "posts"), CASES
)
def test_export_is_read_with_exact_totals(
    rel: str,
    format_id: str,
    platform: Platform,
    account: str | None,
    period: tuple[date | None, date | None, PeriodSource],
    metrics: dict[Metric, float],
    posts: int | None,
) -> None:
    result = analyze(rel)
    assert len(result.sources) == 1
    src = result.sources[0]
    assert src.format_id == format_id
    assert src.platform is platform
    assert src.account == account
    assert (src.period.start, src.period.end, src.period.source) == period
    assert {m: v.value for m, v in src.metrics.items()} == pytest.approx(metrics)
    assert all(v.how for v in src.metrics.values())  # every figure says how it was derived
    if posts is None:
        assert src.posts is None
    else:
        assert src.posts is not None and len(src.posts) == posts


TEMPLATES = [
    pytest.param(
        "generic/template_filled.csv",
        {
            Platform.INSTAGRAM: {
                M.FOLLOWERS: 12500,
                M.REACH: 48000,
                M.IMPRESSIONS: 95000,
                M.ENGAGEMENTS: 3100,
                M.POSTS: 12,
                M.CLICKS: 420,
            },
            Platform.NEWSLETTER: {M.FOLLOWERS: 3200, M.REACH: 2900, M.POSTS: 4, M.CLICKS: 610},
            Platform.WEBSITE: {M.REACH: 5100},
            Platform.X: {
                M.FOLLOWERS: 950,
                M.REACH: 4500,
                M.IMPRESSIONS: 11000,
                M.ENGAGEMENTS: 220,
                M.POSTS: 42,
                M.CLICKS: 65,
            },
        },
        id="template-en",
    ),
    pytest.param(
        "generic/vorlage_ausgefuellt.csv",
        {
            Platform.YOUTUBE: {
                M.FOLLOWERS: 1250,
                M.REACH: 10400,
                M.IMPRESSIONS: 25000,
                M.ENGAGEMENTS: 830,
                M.POSTS: 4,
                M.CLICKS: 120,
            },
            Platform.FACEBOOK: {
                M.FOLLOWERS: 4100,
                M.REACH: 7250,
                M.IMPRESSIONS: 12000,
                M.ENGAGEMENTS: 310,
                M.POSTS: 9,
                M.CLICKS: 55,
            },
        },
        id="template-de-semicolon-cp1252",
    ),
    pytest.param(
        "generic/vorlage_mit_summe.csv",
        {
            Platform.YOUTUBE: {
                M.FOLLOWERS: 1250,
                M.REACH: 10400,
                M.IMPRESSIONS: 25000,
                M.ENGAGEMENTS: 830,
                M.POSTS: 4,
                M.CLICKS: 120,
            },
            Platform.FACEBOOK: {
                M.FOLLOWERS: 4100,
                M.REACH: 7250,
                M.IMPRESSIONS: 12000,
                M.ENGAGEMENTS: 310,
                M.POSTS: 9,
                M.CLICKS: 55,
            },
        },
        id="template-de-excel-summe-row-not-a-platform",
    ),
]


@pytest.mark.parametrize(("rel", "expected"), TEMPLATES)
def test_generic_template_gives_one_source_per_platform(
    rel: str, expected: dict[Platform, dict[Metric, float]]
) -> None:
    result = analyze(rel)
    got = {s.platform: {m: v.value for m, v in s.metrics.items()} for s in result.sources}
    assert got == expected
    assert all(s.format_id == "generic_template" for s in result.sources)


def test_template_month_rows_span_whole_months() -> None:
    x = next(s for s in analyze("generic/template_filled.csv").sources if s.platform is Platform.X)
    assert (x.period.start, x.period.end) == (date(2024, 2, 1), date(2024, 3, 31))


def test_youtube_zip_is_one_source_with_daily_series() -> None:
    result = analyze("youtube/Content 2024-01-01_2024-01-31 My Channel.zip")
    (src,) = result.sources
    assert src.granularity is Granularity.MIXED
    assert src.series is not None and len(src.series) == 31
    assert src.series["views"].sum() == 12345  # Totals.csv agrees with the Total row
    statuses = {f.name.rsplit("/", 1)[1]: f.status for f in result.files}
    assert statuses == {
        "Table data.csv": "parsed",
        "Chart data.csv": "ignored",
        "Totals.csv": "parsed",
    }


def test_youtube_ids_keep_leading_dash_and_formulas_stay_text() -> None:
    (src,) = analyze("youtube/Content 2024-01-01_2024-01-31 My Channel.zip").sources
    assert src.posts is not None
    assert list(src.posts["post_id"]) == ["dQw4w9WgXcQ", "-vid2Abc_9", "abcDEF12345"]
    assert src.posts["title"].iloc[1] == '=HYPERLINK("http://example.invalid","click")'
    assert list(src.posts["views"]) == [8000, 4000, 345]


def test_facebook_multiline_caption_and_comma_header() -> None:
    (src,) = analyze("meta/Facebook posts Mar-01-2024_Mar-31-2024.csv").sources
    assert src.posts is not None
    assert src.posts["engagements"].tolist() == [150, 410, 25]
    assert src.metrics[Metric.ENGAGEMENTS].how.startswith("sum of 'Reactions, Comments and Shares'")


def test_tiktok_difference_column_is_not_trusted() -> None:
    (src,) = analyze("tiktok/Followers_2024-03-01_1711929600_beispiel.handle.zip").sources
    # The file's differences add up to 60 too, but the figure comes from the counts.
    assert "last day minus the first day" in src.metrics[Metric.FOLLOWER_CHANGE].how
    assert src.series is not None and src.series["followers"].tolist() == [
        10000,
        10025,
        10020,
        10060,
    ]


def test_tiktok_zip_members_not_needed_are_reported_as_ignored() -> None:
    result = analyze("tiktok/Followers_2024-03-01_1711929600_beispiel.handle.zip")
    ignored = {f.format_id for f in result.files if f.status == "ignored"}
    assert ignored == {
        "tiktok_follower_activity",
        "tiktok_follower_gender",
        "tiktok_follower_territories",
    }


def test_mailchimp_lapsed_addresses_are_reported_not_counted() -> None:
    result = analyze("newsletter/members_export_1a2b3c.zip")
    notes = sorted(f.note for f in result.files if f.status == "ignored")
    assert notes == [
        "1 cleaned address(es), not counted as reachable",
        "2 unsubscribed address(es), not counted as reachable",
    ]


def test_linkedin_sponsored_figures_are_left_out_and_said_so() -> None:
    (src,) = analyze("linkedin/beispiel-gmbh_content_1711929600000.xls").sources
    assert "sponsored impressions not counted: 700" in src.notes


def test_recognition_summary_reports_encoding_delimiter_and_decimal() -> None:
    (report,) = analyze("meta/Instagram Beiträge (Excel).csv").files
    assert (report.encoding, report.delimiter, report.decimal) == ("cp1252", ";", ",")
    assert report.rows == 3 and "Account username" in report.columns
