"""Plan vs actuals: newer exports against the KPI targets of a saved plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from channelwise.plans import Plan, actuals_markdown, compare_actuals
from tests.plans.conftest import analyze

JUNE = """platform,date,followers,reach
instagram,2024-06,12000,45000
newsletter,2024-06,3700,4400
website,2024-06,,7600
x,2024-06,1000,6000
"""
MID_MAY = """platform,date,followers,reach
instagram,2024-05-15,12600,50000
newsletter,2024-05-15,4200,3000
website,2024-05-15,,5000
x,2024-05-15,1000,4000
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_progress_per_kpi_hand_computed(base_plan: Plan, tmp_path: Path) -> None:
    report = compare_actuals(base_plan, analyze(_write(tmp_path, "june.csv", JUNE)))
    got = {i.kpi.key: i for i in report.items}
    # June: total reach 45,000 + 4,400 + 7,600 + 6,000 = 63,000
    # Meta share 45,000 / 63,000 = 0.714286; baseline 0.793388 -> target 0.634711:
    # progress = (0.714286 - 0.793388) / (0.634711 - 0.793388) = 0.4985
    meta = got["meta_reach_share"]
    assert meta.current == pytest.approx(45_000 / 63_000)
    assert meta.progress == pytest.approx(
        (45_000 / 63_000 - 48_000 / 60_500) / (48_000 / 60_500 * 0.8 - 48_000 / 60_500)
    )
    assert meta.progress == pytest.approx(0.4985, abs=1e-4)
    # the plan started 2024-04-01; June ends 2024-06-30: day 91 -> capped at 90 (all time used)
    assert report.elapsed_days == 90
    assert meta.status == "behind"
    # newsletter subscribers 3,200 -> 4,000; now 3,700: 500 / 800 = 0.625
    assert got["audience:newsletter"].progress == pytest.approx(0.625)
    # total reach 60,500 -> 75,625; now 63,000: 2,500 / 15,125 = 0.1653
    assert got["total_reach"].progress == pytest.approx(2_500 / 15_125)
    # X reach 4,500 -> 9,261; now 6,000: 1,500 / 4,761
    assert got["reach:x"].progress == pytest.approx(1_500 / 4_761)
    # owned (4,400 + 7,600) / 63,000 = 0.190476 vs 0.132231 -> 0.244841
    owned_target = base_plan.skeleton.kpi("owned_reach_share").target  # type: ignore[union-attr]
    assert got["owned_reach_share"].progress == pytest.approx(
        (12_000 / 63_000 - 8_000 / 60_500) / (owned_target - 8_000 / 60_500)
    )
    # baseline exports span 60 days (X Feb + Mar), June 30 days
    assert report.warnings and "60 days" in report.warnings[0]


def test_statuses_achieved_on_track_and_wrong_direction(base_plan: Plan, tmp_path: Path) -> None:
    report = compare_actuals(base_plan, analyze(_write(tmp_path, "may.csv", MID_MAY)))
    got = {i.kpi.key: i for i in report.items}
    # 2024-04-01 .. 2024-05-15 = 45 days = half of the 90
    assert report.elapsed_days == 45
    assert got["audience:newsletter"].status == "achieved"  # 4,200 >= 4,000
    assert got["reach:x"].status == "wrong_direction"  # 4,000 < 4,500 baseline
    assert got["reach:x"].progress == pytest.approx(-500 / 4_761)
    # X followers 950 -> 1,045; 1,000 is 50 / 95 = 0.526 of the way at half time: on track
    assert got["audience:x"].progress == pytest.approx(50 / 95)
    assert got["audience:x"].status == "on_track"
    # newsletter reach 2,900 -> 7,261; now 3,000: 100 / 4,361 = 0.023 at half time: behind
    assert got["reach:newsletter"].status == "behind"


def test_missing_platform_has_no_data(base_plan: Plan, tmp_path: Path) -> None:
    only_ig = "platform,date,followers,reach\ninstagram,2024-06,12000,45000\n"
    report = compare_actuals(base_plan, analyze(_write(tmp_path, "ig.csv", only_ig)))
    got = {i.kpi.key: i for i in report.items}
    assert got["audience:newsletter"].status == "no_data"
    assert got["audience:newsletter"].current is None
    text = actuals_markdown(report, "de")
    assert (
        "| Follower: Newsletter | 3.200 | 4.000 | – | – | keine Daten in den neuen Exporten |"
        in text
    )
