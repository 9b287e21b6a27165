"""The pure metric functions against values computed by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from channelwise.stats import (
    Band,
    Metric,
    Period,
    Platform,
    PlatformTotals,
    concentration,
    engagement_rate,
    follower_growth,
    growth,
    growth_by_period,
    hhi,
    hhi_band,
    meta_share,
    owned_share,
    shares,
    what_if_meta_drop,
)

P = Platform


def totals(platform: Platform, **metrics: float) -> PlatformTotals:
    return PlatformTotals(
        platform,
        (),
        {Metric(k): v for k, v in metrics.items()},
        Period(date(2024, 3, 1), date(2024, 3, 31)),
        ("f.csv",),
    )


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"a": 30, "b": 70}, {"a": 0.3, "b": 0.7}),
        ({"a": 1, "b": 1, "c": 2}, {"a": 0.25, "b": 0.25, "c": 0.5}),
        ({"a": 5, "b": 0}, {"a": 1.0}),  # zero is no share
        ({"a": 0}, {}),
        ({}, {}),
    ],
)
def test_shares(values: dict[str, float], expected: dict[str, float]) -> None:
    assert shares(values) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("fractions", "expected"),
    [
        ({"a": 1.0}, 10_000),
        ({"a": 0.5, "b": 0.5}, 5_000),  # 50² + 50²
        ({"a": 0.6, "b": 0.3, "c": 0.1}, 4_600),  # 3600 + 900 + 100
        ({k: 0.1 for k in "abcdefghij"}, 1_000),  # 10 x 10²
    ],
)
def test_hhi(fractions: dict[str, float], expected: float) -> None:
    assert hhi(fractions) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("index", "band"),
    [
        (1000, Band.DIVERSIFIED),
        (1499.9, Band.DIVERSIFIED),
        (1500, Band.MODERATE),
        (2500, Band.MODERATE),
        (2500.1, Band.CONCENTRATED),
        (5000, Band.CONCENTRATED),
        (5000.1, Band.DOMINANT),
        (10_000, Band.DOMINANT),
    ],
)
def test_hhi_band_boundaries(index: float, band: Band) -> None:
    assert hhi_band(index) is band


def test_concentration_has_plain_language_in_both_languages() -> None:
    conc = concentration({P.INSTAGRAM: 600, P.YOUTUBE: 300, P.NEWSLETTER: 100})
    assert conc is not None
    assert conc.hhi == pytest.approx(4600)
    assert conc.band is Band.CONCENTRATED
    assert conc.effective_platforms == pytest.approx(10_000 / 4600)
    assert conc.text("en") == "highly concentrated: one or two platforms carry nearly everything"
    assert conc.text("de") == "stark konzentriert: ein oder zwei Plattformen tragen fast alles"
    assert concentration({}) is None


def test_meta_and_owned_share() -> None:
    fractions = {
        P.FACEBOOK: 0.1,
        P.INSTAGRAM: 0.3,
        P.THREADS: 0.05,
        P.WHATSAPP: 0.05,
        P.TIKTOK: 0.2,
        P.NEWSLETTER: 0.2,
        P.WEBSITE: 0.1,
    }
    assert meta_share(fractions) == pytest.approx(0.5)  # 0.1 + 0.3 + 0.05 + 0.05
    assert owned_share(fractions) == pytest.approx(0.3)  # 0.2 + 0.1


def test_growth() -> None:
    g = growth(1000, 1100)
    assert (g.absolute, g.relative) == (100, pytest.approx(0.1))
    assert growth(0, 50).relative is None
    assert growth(200, 150).relative == pytest.approx(-0.25)


def test_follower_growth_prefers_net_change_and_flags_gross_follows() -> None:
    net = follower_growth(totals(P.TIKTOK, followers=10060, follower_change=60))
    assert net is not None and (net.start, net.end, net.net) == (10000, 10060, True)
    assert net.relative == pytest.approx(0.006)
    gross = follower_growth(totals(P.LINKEDIN, followers=2468, follows=42))
    assert gross is not None and not gross.net
    assert gross.relative == pytest.approx(42 / 2426)
    assert follower_growth(totals(P.YOUTUBE, follower_change=-3)) is None  # no total known
    newsletter = follower_growth(totals(P.NEWSLETTER, subscribers=4))
    assert newsletter is None


@pytest.mark.parametrize(
    ("platform", "metrics", "rate", "definition"),
    [
        (
            P.FACEBOOK,
            {"engagements": 585, "reach": 11800},
            585 / 11800,
            "reactions, comments and shares ÷ reach",
        ),
        (
            P.INSTAGRAM,
            {"engagements": 1785, "reach": 19600},
            1785 / 19600,
            "likes, comments, shares and saves ÷ reach",
        ),
        (
            P.TIKTOK,
            {"engagements": 545, "views": 3680},
            545 / 3680,
            "likes, comments and shares ÷ video views",
        ),
        (
            P.LINKEDIN,
            {"engagements": 182, "impressions": 3300, "reach": 2300},
            182 / 3300,
            "clicks, reactions, comments and reposts ÷ impressions (LinkedIn)",
        ),
        (
            P.WEBSITE,
            {"engaged_sessions": 1660, "sessions": 2970},
            1660 / 2970,
            "engaged sessions ÷ sessions (Google Analytics 4)",
        ),
        (
            P.X,
            {"engagements": 220, "reach": 4500, "impressions": 11000},
            220 / 4500,
            "engagements ÷ reach",
        ),
        (P.PINTEREST, {"engagements": 50, "impressions": 1000}, 0.05, "engagements ÷ impressions"),
    ],
)
def test_engagement_rate_uses_each_platforms_definition(
    platform: Platform, metrics: dict[str, float], rate: float, definition: str
) -> None:
    er = engagement_rate(totals(platform, **metrics))
    assert er is not None
    assert er.rate == pytest.approx(rate)
    assert er.definition.en == definition
    assert er.definition.de


def test_engagement_rate_is_none_without_its_denominator() -> None:
    assert engagement_rate(totals(P.INSTAGRAM, engagements=10)) is None
    assert engagement_rate(totals(P.FACEBOOK, engagements=10, reach=0)) is None
    assert engagement_rate(totals(P.YOUTUBE, views=100)) is None


def test_engagement_rate_is_not_mixed_across_files() -> None:
    mixed = PlatformTotals(
        P.INSTAGRAM,
        (),
        {Metric.ENGAGEMENTS: 1785, Metric.REACH: 4380},
        Period(None, None),
        (),
        {Metric.ENGAGEMENTS: ("posts.csv",), Metric.REACH: ("reach.csv",)},
    )
    assert engagement_rate(mixed) is None
    same = PlatformTotals(
        P.INSTAGRAM,
        (),
        {Metric.ENGAGEMENTS: 1785, Metric.REACH: 19600},
        Period(None, None),
        (),
        {Metric.ENGAGEMENTS: ("posts.csv",), Metric.REACH: ("posts.csv",)},
    )
    er = engagement_rate(same)
    assert er is not None and er.rate == pytest.approx(1785 / 19600)


def test_what_if_meta_reach_drop() -> None:
    reach = {P.FACEBOOK: 10_000, P.INSTAGRAM: 30_000, P.YOUTUBE: 20_000, P.NEWSLETTER: 40_000}
    result = what_if_meta_drop(reach, 0.3)
    # Meta reach 40,000 loses 30 % = 12,000 of the total 100,000.
    assert (result.before, result.after, result.lost) == (100_000, 88_000, pytest.approx(12_000))
    assert result.lost_share == pytest.approx(0.12)
    assert result.per_platform[P.INSTAGRAM] == pytest.approx(21_000)
    assert result.per_platform[P.YOUTUBE] == 20_000
    assert what_if_meta_drop(reach, 1.0).after == 60_000
    with pytest.raises(ValueError):
        what_if_meta_drop(reach, 1.5)


def test_growth_by_period_for_levels_and_flows() -> None:
    days = pd.date_range("2024-01-30", "2024-03-02", freq="D")
    followers = pd.Series(range(1000, 1000 + len(days)), index=days, dtype=float)
    monthly = growth_by_period(followers)
    # Last day of Jan = 1001, Feb = 1001 + 29 = 1030, Mar 2 = 1032.
    assert [(t.month, g.start, g.end) for t, g in monthly] == [(2, 1001, 1030), (3, 1030, 1032)]
    views = pd.Series(1.0, index=days)
    flows = growth_by_period(views, stock=False)
    assert [(g.start, g.end) for _, g in flows] == [(2, 29), (29, 2)]
    assert growth_by_period(pd.Series(dtype=float)) == []
