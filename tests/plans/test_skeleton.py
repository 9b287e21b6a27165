"""Skeleton figures from fixture exports equal hand-computed values."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from channelwise.plans import make_inputs, skeleton_plan, to_markdown
from channelwise.plans.records import Plan
from channelwise.plans.skeleton import situation_summary
from channelwise.stats import (
    Platform,
    StatsResult,
    concentration,
    engagement_rate,
    meta_share,
    owned_share,
    reach_shares,
)
from tests.plans.conftest import START, analyze

IG, X, WEB, NL = Platform.INSTAGRAM, Platform.X, Platform.WEBSITE, Platform.NEWSLETTER


def test_situation_figures_from_template_export(base_plan: Plan) -> None:
    sit = base_plan.skeleton.situation
    # template_filled.csv (March 2024, X also February):
    # reach IG 48,000; newsletter 2,900; website 5,100; X 2,000 + 2,500 = 4,500; total 60,500
    assert sit.total_reach == 60_500
    assert sit.channel(IG).reach == 48_000  # type: ignore[union-attr]
    assert sit.channel(X).reach == 4_500  # type: ignore[union-attr]
    # Meta share = 48,000 / 60,500 = 0.793388...
    assert sit.meta_reach_share == pytest.approx(48_000 / 60_500)
    # owned = (2,900 + 5,100) / 60,500 = 0.132231...
    assert sit.owned_reach_share == pytest.approx(8_000 / 60_500)
    # HHI = sum of squared percentage shares
    #     = 79.3388^2 + 4.7934^2 + 8.4298^2 + 7.4380^2 = 6,444.01
    assert sit.hhi == pytest.approx(6444.013, abs=0.01)
    assert sit.band is not None and sit.band.value == "dominated by one platform"
    # what-if: Meta -50 % loses 24,000 of 60,500 = 39.67 %
    assert sit.what_if_lost_share == pytest.approx(24_000 / 60_500)
    # Instagram ER = 3,100 engagements / 48,000 reach
    assert sit.channel(IG).engagement_rate == pytest.approx(3_100 / 48_000)  # type: ignore[union-attr]


def test_roles_hours_and_posts_hand_computed(base_plan: Plan) -> None:
    sk = base_plan.skeleton
    roles = {c.platform: c.role for c in sk.channels}
    # Instagram is Meta -> maintain; X grows; newsletter and website are owned. The test
    # candidate (YouTube: reach fit 3, first in order) needs 6 h and is dropped: base hours
    # IG 4.5/2 = 2.25, X 3, web 4, NL 3, YT 6 = 18.25 > 10; without YT 12.25 > 10.
    assert roles == {IG: "maintain", X: "grow", WEB: "owned", NL: "owned"}
    # scaled by 10 / 12.25: IG 1.837, X 2.449, web 3.265, NL 2.449 = 10; in quarter hours
    # 7.35, 9.80, 13.06, 9.80 -> floors 7 + 9 + 13 + 9 = 38 of 40; the two spare quarters go
    # to the largest remainders (X and NL, .80 each): 1.75 + 2.5 + 3.25 + 2.5 = 10
    hours = {c.platform: c.hours_per_week for c in sk.channels}
    assert hours == {IG: 1.75, X: 2.5, WEB: 3.25, NL: 2.5}
    assert sk.hours_used == 10
    # posts = hours x posts per hour, to the nearest half:
    # IG 1.75*0.7 = 1.225 -> 1; X 2.5*1.5 = 3.75 -> 4; web 3.25*0.25 -> 1; NL 2.5*0.35 -> 1
    posts = {c.platform: c.posts_per_week for c in sk.channels}
    assert posts == {IG: 1.0, X: 4.0, WEB: 1.0, NL: 1.0}
    assert [r.code for r in sk.risks] == ["meta_drop", "hours", "periods"]


def test_target_mix_and_kpis_hand_computed(base_plan: Plan) -> None:
    sk = base_plan.skeleton
    share = {c.platform: c.target_share for c in sk.channels}
    ig_now, x_now, web_now, nl_now = 48_000 / 60_500, 4_500 / 60_500, 5_100 / 60_500, 2_900 / 60_500
    # balanced: Instagram keeps 80 % of its share; the freed 20 % goes by hours (8.25 h)
    freed = ig_now * 0.2
    assert share[IG] == pytest.approx(ig_now * 0.8)  # 0.634711
    assert share[X] == pytest.approx(x_now + freed * 2.5 / 8.25)  # 0.122464
    assert share[WEB] == pytest.approx(web_now + freed * 3.25 / 8.25)  # 0.146807
    assert share[NL] == pytest.approx(nl_now + freed * 2.5 / 8.25)  # 0.096018
    assert math.fsum(share.values()) == pytest.approx(1.0)
    assert base_plan.skeleton.share_basis == "reach"
    kpi = {k.key: k for k in sk.kpis}
    assert kpi["meta_reach_share"].target == pytest.approx(ig_now * 0.8)
    # HHI of the target mix: 63.4711^2 + 12.2464^2 + 14.6807^2 + 9.6018^2 = 4,486.27
    assert kpi["reach_hhi"].target == pytest.approx(4486.27, abs=0.01)
    assert kpi["owned_reach_share"].target == pytest.approx(share[WEB] + share[NL])
    # total: Instagram holds 48,000 at 63.47 % -> 48,000 / (0.793388 * 0.8) = 75,625
    assert kpi["total_reach"].target == 75_625
    assert kpi["reach:x"].target == round(75_625 * share[X]) == 9_261
    assert kpi["reach:website"].target == round(75_625 * share[WEB]) == 11_102
    # audiences: newsletter 3,200 * 1.25 = 4,000 (owned); X 950 * 1.10 = 1,045 (grow)
    assert kpi["audience:newsletter"].target == 4_000
    assert kpi["audience:x"].target == 1_045


@pytest.mark.parametrize(
    "files",
    [
        ("generic/template_filled.csv",),
        ("generic/template_filled.csv", "generic/vorlage_ausgefuellt.csv"),
        ("meta/Instagram reach.csv", "youtube/Table data.csv", "tiktok/Overview.csv"),
    ],
)
@pytest.mark.parametrize("goal", ["reach", "community"])
def test_every_kpi_baseline_comes_from_the_data(files: tuple[str, ...], goal: str) -> None:
    result = analyze(*files)
    plan = skeleton_plan(make_inputs(goals=[goal], hours_per_week=15, start=START), result)
    mix = result.mix
    shares = reach_shares(mix)
    conc = concentration(mix.reach())
    assert plan.skeleton.kpis
    for kpi in plan.skeleton.kpis:
        totals = mix.get(kpi.platform) if kpi.platform else None
        expected = {
            "meta_reach_share": meta_share(shares),
            "reach_hhi": conc.hhi if conc else None,
            "owned_reach_share": owned_share(shares),
            "total_reach": sum(mix.reach().values()),
            "reach": (totals.reach if totals else 0.0),
            "audience": totals.audience if totals else None,
            "engagement_rate": (er.rate if totals and (er := engagement_rate(totals)) else None),
        }[kpi.kind]
        assert kpi.baseline == pytest.approx(expected), kpi.key
        if kpi.kind == "reach" and totals is None:
            assert "new channel" in kpi.basis


@pytest.mark.parametrize("hours", [1, 2, 3.5, 5, 8, 12, 20, 40, 80])
@pytest.mark.parametrize("ambition", ["cautious", "balanced", "ambitious"])
def test_hours_fit_and_shares_sum_to_one(hours: float, ambition: str) -> None:
    plan = skeleton_plan(
        make_inputs(
            goals=["reach", "resilience"], hours_per_week=hours, ambition=ambition, start=START
        ),
        analyze("generic/template_filled.csv"),
    )
    sk = plan.skeleton
    floors = sum(1 for c in sk.channels if c.role != "phase_out")
    assert sk.hours_used <= max(hours, floors)
    assert math.fsum(c.target_share for c in sk.channels) == pytest.approx(1.0)
    assert all(c.hours_per_week >= 1 for c in sk.channels if c.role != "phase_out")


def test_ambitious_with_time_tests_two_new_channels() -> None:
    plan = skeleton_plan(
        make_inputs(goals=["reach"], hours_per_week=40, ambition="ambitious", start=START),
        analyze("generic/template_filled.csv"),
    )
    tests = [c.platform for c in plan.skeleton.channels if c.role == "test"]
    # reach fit: YouTube 3, TikTok 3 (ties keep the catalogue order)
    assert tests == [Platform.YOUTUBE, Platform.TIKTOK]
    kpi = plan.skeleton.kpi("reach:tiktok")
    assert kpi is not None and kpi.baseline == 0.0
    # ambitious: Instagram keeps 70 % of its share
    ig = plan.skeleton.channel(IG)
    assert ig is not None and ig.target_share == pytest.approx(48_000 / 60_500 * 0.7)


def test_b2b_industry_prefers_linkedin() -> None:
    plan = skeleton_plan(
        make_inputs(goals=["revenue"], hours_per_week=30, industry="B2B software", start=START),
        analyze("generic/template_filled.csv"),
    )
    assert [c.platform for c in plan.skeleton.channels if c.role == "test"] == [Platform.LINKEDIN]


def test_without_stats_the_plan_starts_from_the_answers() -> None:
    inputs = make_inputs(
        goals=["community"],
        hours_per_week=5,
        keep=["instagram"],
        current_audience={Platform.INSTAGRAM: 5_000},
        start=START,
    )
    plan = skeleton_plan(inputs)
    sk = plan.skeleton
    assert sk.situation.source == "answers"
    # Instagram maintain 2.25 h + newsletter 3 h = 5.25 h > 5 -> scaled by 5 / 5.25:
    # 2.143 and 2.857; in quarters 8.57 + 11.43 -> 8 + 11 = 19 of 20: the spare quarter goes
    # to the larger remainder (Instagram): 2.25 + 2.75 = 5
    assert {c.platform: c.hours_per_week for c in sk.channels} == {IG: 2.25, NL: 2.75}
    # Every channel the manager has (Instagram) has a follower count: shares of followers.
    # Instagram holds 100 % now, keeps 80 %; the new newsletter takes the freed 20 %.
    assert sk.share_basis == "audience"
    assert sk.channel(IG).target_share == pytest.approx(0.8)  # type: ignore[union-attr]
    assert sk.channel(NL).target_share == pytest.approx(0.2)  # type: ignore[union-attr]
    kpi = {k.key: (k.baseline, k.target) for k in sk.kpis}
    assert kpi == {
        "meta_audience_share": (1.0, pytest.approx(0.8)),
        "audience_hhi": (10_000, pytest.approx(80**2 + 20**2)),
        "owned_audience_share": (0.0, pytest.approx(0.2)),
    }
    assert "no_stats" in [r.code for r in sk.risks]


def test_without_stats_or_followers_the_shares_are_hours() -> None:
    inputs = make_inputs(goals=["reach"], hours_per_week=8, keep=["instagram"], start=START)
    sk = skeleton_plan(inputs).skeleton
    assert sk.share_basis == "hours"
    # Instagram 2.25 h, newsletter 3 h, test YouTube 6 h = 11.25 > 8: YouTube is dropped;
    # 5.25 h leave 2.75 spare for the newsletter (the only growing channel): 2.25 + 5.75.
    assert {c.platform: c.hours_per_week for c in sk.channels} == {IG: 2.25, NL: 5.75}
    assert {c.platform: c.target_share for c in sk.channels} == {IG: 2.25 / 8, NL: 5.75 / 8}
    assert all(c.current_share is None for c in sk.channels)
    assert sk.kpis == ()  # no figures: nothing to measure against


def test_timeline_weeks_phases_and_dates(base_plan: Plan) -> None:
    tasks = base_plan.skeleton.timeline
    assert tasks[0].start == START and tasks[0].week == 1
    for task in tasks:
        assert 1 <= task.week <= 13
        assert task.phase == (30 if task.week <= 4 else 60 if task.week <= 8 else 90)
        assert (task.start - START).days == 7 * (task.week - 1)
        assert task.start.weekday() == 0 and (task.end - task.start).days == 4
    assert [t.week for t in tasks if "review" in t.task] == [4, 8, 13]


def test_avoided_platform_in_exports_is_phased_out() -> None:
    plan = skeleton_plan(
        make_inputs(goals=["reach"], hours_per_week=10, avoid=["x"], start=START),
        analyze("generic/template_filled.csv"),
    )
    x = plan.skeleton.channel(X)
    assert x is not None and x.role == "phase_out" and x.target_share == 0 and x.hours_per_week == 0


# --- issue 11: figures that agree ----------------------------------------------------------

ISSUE_FILES = (
    "youtube/Inhalte 2024-03-01_2024-03-31 Beispielkanal.zip",
    "tiktok/FollowerHistory.csv",
    "meta/Facebook posts Mar-01-2024_Mar-31-2024.csv",
)


def test_growing_channel_without_reach_gets_hours_and_a_target() -> None:
    # YouTube has views, Facebook reach, TikTok only followers (49,611, +23.4 %): no figure
    # covers all three, so the shares are shares of the planned hours, and TikTok grows.
    plan = skeleton_plan(
        make_inputs(goals=["reach"], hours_per_week=10, language="de", start=START),
        analyze(*ISSUE_FILES),
    )
    sk = plan.skeleton
    assert sk.share_basis == "hours"
    # base hours: Facebook 1.5 (maintain), YouTube 6, TikTok 4.5, newsletter 3 = 15 > 10:
    # scaled by 2/3 -> 1, 4, 3, 2 (the test channel was dropped first)
    got = {c.platform: (c.role, c.hours_per_week, c.target_share) for c in sk.channels}
    assert got == {
        Platform.FACEBOOK: ("maintain", 1.0, pytest.approx(0.1)),
        Platform.YOUTUBE: ("grow", 4.0, pytest.approx(0.4)),
        Platform.TIKTOK: ("grow", 3.0, pytest.approx(0.3)),
        NL: ("owned", 2.0, pytest.approx(0.2)),
    }
    assert sk.share_basis_note == (
        "Die Anteile sind Anteile an Ihren Wochenstunden: Keine Zahl in den Exporten deckt "
        "alle Kanäle ab (keine Reichweite für TikTok; keine Follower-Zahl für YouTube und "
        "Facebook). Laden Sie für TikTok einen Export mit Reichweite hoch, um die Reichweite "
        "zu vergleichen."
    )
    # no share KPIs on hours; reach and followers of the growing channels grow by 10 %
    assert {k.key: (k.baseline, k.target) for k in sk.kpis} == {
        "reach:youtube": (4210, 4631),
        "audience:tiktok": (49611, 54572),
    }
    text = to_markdown(plan)
    assert "| TikTok | ausbauen | – | 30,0 % | 3 | 1,5 |" in text
    assert sk.situation.period_start == date(2024, 3, 1)  # TikTok's year from the others


def test_growing_channel_without_reach_among_followers_uses_followers(tmp_path: Path) -> None:
    # Every channel has followers, TikTok no reach: shares of followers.
    path = tmp_path / "follower.csv"
    path.write_text("platform,date,followers,reach\ninstagram,2024-03,30000,90000\n")
    plan = skeleton_plan(
        make_inputs(goals=["reach"], hours_per_week=10, start=START),
        analyze("tiktok/Followers_2024-03-01_1711929600_beispiel.handle.zip", path),
    )
    sk = plan.skeleton
    assert sk.share_basis == "audience"
    assert sk.share_basis_note == (
        "Shares are shares of followers: the exports have no reach figure for TikTok, but a "
        "follower count for every channel."
    )
    # Instagram 30,000 of 40,060 followers (74.9 %) keeps 80 % of it; TikTok 25.1 % grows
    ig, tiktok = sk.channel(IG), sk.channel(Platform.TIKTOK)
    assert ig is not None and tiktok is not None
    assert (ig.role, tiktok.role) == ("maintain", "grow")
    assert ig.current_share == pytest.approx(30_000 / 40_060)
    assert ig.target_share == pytest.approx(30_000 / 40_060 * 0.8)
    assert tiktok.target_share > tiktok.current_share  # type: ignore[operator]
    kinds = [k.kind for k in sk.kpis]
    assert kinds[:3] == ["meta_audience_share", "audience_hhi", "owned_audience_share"]
    meta = sk.kpi("meta_audience_share")
    assert meta is not None and meta.baseline == pytest.approx(30_000 / 40_060)
    assert "| Meta share of followers | 74.9% | 59.9% |" in to_markdown(plan)


def _template(tmp_path: Path, rows: dict[str, int]) -> StatsResult:
    path = tmp_path / "mix.csv"
    body = "".join(f"{p},2024-03,{reach}\n" for p, reach in rows.items())
    path.write_text("platform,date,reach\n" + body)
    return analyze(path)


@pytest.mark.parametrize(
    ("rows", "en", "de"),
    [
        pytest.param(
            {"facebook": 7000, "youtube": 2000, "website": 1000},
            "Facebook carries 70.0% of your reach. The plan holds Facebook with less effort, "
            "grows YouTube, builds Website as a channel you own and tests TikTok.",
            "Facebook trägt 70,0 % Ihrer Reichweite. Der Plan hält Facebook mit weniger "
            "Aufwand, baut YouTube aus, baut Website als eigenen Kanal auf und testet TikTok.",
            id="one-dominant",
        ),
        pytest.param(
            {"youtube": 4500, "instagram": 3000, "website": 2500},
            "YouTube and Instagram together carry 75.0% of your reach. The plan holds Instagram "
            "with less effort, grows YouTube, builds Website as a channel you own and tests "
            "TikTok.",
            "YouTube und Instagram tragen zusammen 75,0 % Ihrer Reichweite. Der Plan hält "
            "Instagram mit weniger Aufwand, baut YouTube aus, baut Website als eigenen Kanal "
            "auf und testet TikTok.",
            id="two-together",
        ),
        pytest.param(
            {"youtube": 3000, "linkedin": 2500, "x": 2500, "newsletter": 2000},
            "Your reach is spread over 4 channels; none carries more than 30.0%. The plan grows "
            "YouTube, LinkedIn and X (Twitter), builds Newsletter as a channel you own and "
            "tests TikTok.",
            "Ihre Reichweite verteilt sich auf 4 Kanäle; keiner trägt mehr als 30,0 %. Der Plan "
            "baut YouTube, LinkedIn und X (Twitter) aus, baut Newsletter als eigenen Kanal auf "
            "und testet TikTok.",
            id="even-spread",
        ),
    ],
)
def test_situation_sentence_fits_the_real_case(
    rows: dict[str, int], en: str, de: str, tmp_path: Path
) -> None:
    stats = _template(tmp_path, rows)
    for lang, expected in (("en", en), ("de", de)):
        inputs = make_inputs(goals=["reach"], hours_per_week=20, language=lang, start=START)
        assert situation_summary(skeleton_plan(inputs, stats).skeleton, lang) == expected


def test_situation_sentence_without_a_common_figure() -> None:
    plan = skeleton_plan(
        make_inputs(goals=["reach"], hours_per_week=10, start=START), analyze(*ISSUE_FILES)
    )
    assert situation_summary(plan.skeleton, "en") == (
        "Your exports have no figure that every channel shares (no reach for TikTok), so the "
        "plan divides your hours, not your reach. The plan holds Facebook with less effort, "
        "grows YouTube and TikTok and builds Newsletter as a channel you own."
    )


def test_new_channels_get_room_when_nothing_is_held_back(tmp_path: Path) -> None:
    # No Meta, none above half: nothing frees a share, yet the new newsletter and the test
    # channel need one. They take 20 % (balanced) from every measured channel in proportion.
    stats = _template(tmp_path, {"youtube": 4000, "linkedin": 3500, "x": 2500})
    sk = skeleton_plan(make_inputs(goals=["reach"], hours_per_week=20, start=START), stats).skeleton
    share = {c.platform: c.target_share for c in sk.channels}
    assert share[Platform.YOUTUBE] == pytest.approx(0.4 * 0.8)
    assert share[Platform.LINKEDIN] == pytest.approx(0.35 * 0.8)
    # newsletter 3 h and test TikTok 4.5 h (base) share the 20 % by their hours
    hours = {c.platform: c.hours_per_week for c in sk.channels}
    new = hours[NL] + hours[Platform.TIKTOK]
    assert share[NL] == pytest.approx(0.2 * hours[NL] / new)
    assert share[Platform.TIKTOK] == pytest.approx(0.2 * hours[Platform.TIKTOK] / new)
    # every measured channel keeps its reach: total 10,000 / 0.8 = 12,500
    assert sk.kpi("total_reach").target == 12_500  # type: ignore[union-attr]
    assert sk.kpi("reach:youtube").target == 4_000  # type: ignore[union-attr]


def test_too_few_hours_pause_the_smallest_channel_and_add_up() -> None:
    # 1 h a week for Instagram, X, website and newsletter: one channel fits. Instagram has
    # the largest share; the others are paused (X, website) or left out (none here).
    sk = skeleton_plan(
        make_inputs(goals=["reach"], hours_per_week=1, start=START),
        analyze("generic/template_filled.csv"),
    ).skeleton
    got = {c.platform: (c.role, c.hours_per_week) for c in sk.channels}
    assert got == {
        IG: ("maintain", 1.0),
        X: ("phase_out", 0.0),
        WEB: ("phase_out", 0.0),
        NL: ("phase_out", 0.0),
    }
    assert sk.channel(IG).target_share == 1.0  # type: ignore[union-attr]
    assert sk.channel(X).reasons == (  # type: ignore[union-attr]
        "your weekly hours do not stretch to this channel as well: paused for these 90 days",
    )
    assert "no_owned" in [r.code for r in sk.risks]
