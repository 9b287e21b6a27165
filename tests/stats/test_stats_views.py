"""Chart tables for the UI, from real fixture exports (values checked by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

from channelwise.stats import Metric, Upload, analyze_uploads
from channelwise.stats.views import share_table, trend_metrics, trend_table, what_if_table

FIX = Path(__file__).parents[1] / "fixtures" / "stats"
FILES = [
    "meta/Instagram posts Mar-01-2024_Mar-31-2024.csv",
    "meta/Facebook posts Mar-01-2024_Mar-31-2024.csv",
    "youtube/Inhalte 2024-03-01_2024-03-31 Beispielkanal.zip",
    "tiktok/Overview_2024-03-01_1711929600_beispiel.handle.zip",
]


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    uploads = [Upload(Path(f).name, (FIX / f).read_bytes()) for f in FILES]
    return analyze_uploads(uploads, max_bytes=50 * 2**20)


def test_share_table_by_hand(result) -> None:  # type: ignore[no-untyped-def]
    table = share_table(result, "de")
    # reach: Instagram 19,600, Facebook 11,800, YouTube 4,210 views, TikTok 3,680 views
    total = 19_600 + 11_800 + 4_210 + 3_680
    assert list(table["platform"]) == ["Instagram", "Facebook", "YouTube", "TikTok"]
    assert list(table["reach"]) == [19_600, 11_800, 4_210, 3_680]
    assert table["share"].tolist() == pytest.approx(
        [19_600 / total, 11_800 / total, 4_210 / total, 3_680 / total]
    )
    assert list(table["group"]) == ["Meta", "Meta", "andere Plattformen", "andere Plattformen"]
    assert list(table["basis"]) == ["Reichweite", "Reichweite", "Aufrufe", "Aufrufe"]


def test_what_if_halves_only_meta(result) -> None:  # type: ignore[no-untyped-def]
    table = what_if_table(result, 0.5).set_index("platform")
    assert table.loc["Instagram", "after"] == 9_800
    assert table.loc["Facebook", "after"] == 5_900
    assert table.loc["YouTube", "after"] == table.loc["YouTube", "now"] == 4_210
    assert table["after"].sum() == 19_600 / 2 + 11_800 / 2 + 4_210 + 3_680


def test_trend_tables_come_from_daily_series(result) -> None:  # type: ignore[no-untyped-def]
    metrics = trend_metrics(result)
    assert Metric.VIEWS in metrics
    views = trend_table(result, Metric.VIEWS)
    assert set(views.columns) == {"date", "platform", "value"}
    tiktok = views[views["platform"] == "TikTok"]
    # Overview.csv: 1,200 + 980 + 1,500 on March 1-3; March 4 reads "undefined" (no data)
    assert tiktok["value"].tolist() == [1_200, 980, 1_500]
    assert trend_table(result, Metric.SESSIONS).empty
