"""Several files at once: the channel mix, overlaps, the summary text and the JSON view."""

from __future__ import annotations

import json

import pytest
from stats_support import analyze

from channelwise.stats import Metric, Platform, figures_summary, to_dict
from channelwise.stats.metrics import concentration, meta_share, owned_share, reach_shares

MIX = (
    "meta/Facebook posts Mar-01-2024_Mar-31-2024.csv",
    "meta/Instagram posts Mar-01-2024_Mar-31-2024.csv",
    "tiktok/Overview_2024-03-01_1711929600_beispiel.handle.zip",
    "tiktok/Followers_2024-03-01_1711929600_beispiel.handle.zip",
    "youtube/Inhalte 2024-03-01_2024-03-31 Beispielkanal.zip",
    "generic/owned_channels.csv",
)
# Reach (or the closest measure): Facebook 11,800 reach, Instagram 19,600 reach, TikTok 3,680
# video views, YouTube 4,210 views, newsletter 2,900, website 5,100: total 47,290.
REACH = {
    Platform.FACEBOOK: 11800,
    Platform.INSTAGRAM: 19600,
    Platform.TIKTOK: 3680,
    Platform.YOUTUBE: 4210,
    Platform.NEWSLETTER: 2900,
    Platform.WEBSITE: 5100,
}
TOTAL = 47290


def test_channel_mix_of_six_platforms() -> None:
    result = analyze(*MIX)
    mix = result.mix
    assert mix.reach() == REACH
    assert mix.audience() == {Platform.TIKTOK: 10060, Platform.NEWSLETTER: 3200}
    tiktok = mix.get(Platform.TIKTOK)
    assert tiktok is not None and tiktok.reach_basis is Metric.VIEWS
    assert tiktok.accounts == ("beispiel.handle",)
    assert tiktok.value(Metric.FOLLOWER_CHANGE) == 60
    shares = reach_shares(mix)
    assert shares[Platform.INSTAGRAM] == pytest.approx(19600 / TOTAL)
    assert meta_share(shares) == pytest.approx((11800 + 19600) / TOTAL)  # 0.664
    assert owned_share(shares) == pytest.approx((2900 + 5100) / TOTAL)  # 0.169
    conc = concentration(mix.reach())
    assert conc is not None
    squares = 11800**2 + 19600**2 + 3680**2 + 4210**2 + 2900**2 + 5100**2  # 589,086,500
    assert conc.hhi == pytest.approx(10_000 * squares / TOTAL**2)  # 2,634.1
    assert conc.band.value == "highly concentrated"


def test_summary_in_english_and_german() -> None:
    result = analyze(*MIX)
    en = figures_summary(result, "en")
    assert "| Instagram | – | 19,600 (Reach) | 1,785 | 3 | 2024-03-02 to 2024-03-30 |" in en
    assert (
        "- Reach share: Instagram 41.4%, Facebook 25.0%, Website 10.8%, YouTube 8.9%, "
        "TikTok 7.8%, Newsletter 6.1%" in en
    )
    assert "Meta platforms (Facebook, Instagram, Threads, WhatsApp): 66.4% of reach" in en
    assert "- Concentration of reach (HHI): 2,634 – highly concentrated" in en
    assert "- Follower growth: TikTok +0.6% (+60)" in en
    assert (
        "- Follower totals not in the exports (not in the follower share): Facebook, "
        "Instagram, YouTube, Website" in en
    )
    assert "Facebook 4.96% (reactions, comments and shares ÷ reach)" in en
    assert "- Owned audience (newsletter, website): 16.9% of reach" in en
    # Meta reach 31,400 halved: 47,290 - 15,700 = 31,590, a loss of 33.2 %.
    assert "total reach 47,290 → 31,590 (−33.2%)" in en
    de = figures_summary(result, "de")
    assert "| Instagram | – | 19.600 (Reichweite) | 1.785 | 3 | 02.03.2024–30.03.2024 |" in de
    assert "- Anteil an der Reichweite: Instagram 41,4 %, Facebook 25,0 %" in de
    assert "Gesamtreichweite 47.290 → 31.590 (−33,2 %)" in de
    assert (
        "Interaktionsrate: Facebook 4,96 % (Reaktionen, Kommentare und Teilen ÷ Reichweite)" in de
    )
    # Facebook covers 25 days, TikTok 4: the reader is told the spans differ.
    assert [w.code for w in result.warnings] == ["period_mismatch"]
    assert "TikTok 01.03.2024 bis 04.03.2024" in de


def test_same_platform_overlap_is_reported_and_counted_once() -> None:
    result = analyze(
        "meta/Instagram posts Mar-01-2024_Mar-31-2024.csv",
        "meta/Instagram reach.csv",
        "meta/Instagram posts Mar-01-2024_Mar-31-2024.csv",
    )
    ig = result.mix.get(Platform.INSTAGRAM)
    assert ig is not None
    # The post export covers 29 days, the daily reach file 5: reach comes from the posts.
    assert ig.value(Metric.REACH) == 19600
    assert ig.value(Metric.VIEWS) == 28000  # not 56,000
    codes = [w.code for w in result.warnings]
    assert codes == ["duplicate", "overlap"]
    assert "both report reach for overlapping periods" in result.warnings[1].en
    assert "counted once, from 'Instagram posts" in result.warnings[1].en
    assert "einmal gezählt" in result.warnings[1].de


def test_non_overlapping_periods_of_one_platform_add_up() -> None:
    result = analyze(
        "tiktok/Overview_2024-03-01_1711929600_beispiel.handle.zip",
        "tiktok/Overview_2023-12-30_1704326400_kanal_de.zip",
    )
    tiktok = result.mix.get(Platform.TIKTOK)
    assert tiktok is not None
    assert tiktok.value(Metric.VIEWS) == 3680 + 1000
    assert tiktok.accounts == ("beispiel.handle", "kanal_de")
    assert result.warnings == ()


def test_followers_are_a_level_latest_snapshot_wins() -> None:
    result = analyze("newsletter/email_list.beispiel.csv", "newsletter/beehiiv_subscribers.csv")
    newsletter = result.mix.get(Platform.NEWSLETTER)
    assert newsletter is not None
    # Two snapshots of unnamed lists (2024-03-20 and 2024-03-28): the latest is used.
    assert newsletter.value(Metric.SUBSCRIBERS) == 5


def test_different_periods_of_equal_length_are_flagged() -> None:
    result = analyze(
        "youtube/Content 2024-01-01_2024-01-31 My Channel.zip",
        "analytics/Traffic_acquisition_Session_primary_channel_group.csv",
    )
    assert [w.code for w in result.warnings] == ["period_mismatch"]
    assert "YouTube 2024-01-01 to 2024-01-31, Website 2024-03-01 to 2024-03-31" in (
        result.warnings[0].en
    )


def test_unknown_period_is_flagged() -> None:
    result = analyze("youtube/Table data.csv", "meta/Follows.csv")
    assert [w.code for w in result.warnings] == ["unknown_period"]
    assert "YouTube" in result.warnings[0].en


def test_json_view_is_serializable_and_complete() -> None:
    data = to_dict(analyze(*MIX))
    json.dumps(data)
    assert [p["platform"] for p in data["platforms"]] == [
        "facebook",
        "instagram",
        "tiktok",
        "youtube",
        "newsletter",
        "website",
    ]
    assert data["metrics"]["meta_share_of_reach"] == pytest.approx(31400 / TOTAL)
    assert data["metrics"]["what_if_meta_drop"]["after"] == 31590
    tiktok = data["platforms"][2]
    assert tiktok["growth"] == {
        "start": 10000,
        "end": 10060,
        "absolute": 60,
        "relative": pytest.approx(0.006),
        "net": True,
    }
    assert tiktok["engagement_rate"]["rate"] == pytest.approx(545 / 3680)
    assert len(data["files"]) == 11 and data["warnings"][0]["code"] == "period_mismatch"
    assert data["sources"][0]["metrics"]["reach"]["how"] == "sum of 'Reach' over 3 posts"


def test_summary_without_figures() -> None:
    result = analyze("tiktok/Content_2024-03-01_1711929600_beispiel.handle.zip")
    assert "No figures could be computed" in figures_summary(result, "en")
    assert "ließen sich keine Zahlen berechnen" in figures_summary(result, "de")
