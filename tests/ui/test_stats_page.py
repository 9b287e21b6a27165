"""The channel-stats page under Streamlit's AppTest: upload, figures, what-if, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from channelwise.config import Settings

FIX = Path(__file__).parents[1] / "fixtures" / "stats"


def stats_script() -> None:
    from channelwise.access import SHARED_WORKSPACE
    from channelwise.config import load_settings
    from channelwise.services import build_services
    from channelwise.ui.stats_page import render_stats

    render_stats(build_services(load_settings()), "de", SHARED_WORKSPACE)


@pytest.fixture
def page(indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(indexed_settings.data_dir))
    at = AppTest.from_function(stats_script, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def upload(at: AppTest, *paths: str) -> None:
    files = [(Path(p).name, (FIX / p).read_bytes(), "text/csv") for p in paths]
    uploader = at.get("file_uploader")[0]
    uploader.set_value(files if len(files) > 1 else files[0]).run()  # type: ignore[attr-defined]


def test_upload_shows_recognized_files_figures_and_what_if(page: AppTest) -> None:
    upload(
        page,
        "meta/Instagram posts Mar-01-2024_Mar-31-2024.csv",
        "youtube/Inhalte 2024-03-01_2024-03-31 Beispielkanal.zip",
    )
    assert not page.exception
    recognized = page.expander[0]
    assert recognized.label == "Erkannte Dateien"
    assert "Meta Business Suite Instagram posts" in recognized.markdown[0].value
    text = "\n".join(m.value for m in page.markdown)
    # reach 19,600 (Instagram) vs 4,210 views (YouTube): Meta share 19,600 / 23,810 = 82.3 %
    assert "82,3 %" in text
    what_if = page.metric[0]
    # 50 % drop by default: 9,800 + 4,210 = 14,010; lost 9,800 / 23,810 = 41.2 %
    assert what_if.value == "14.010"
    assert what_if.delta == "-41,2 %"
    page.slider[0].set_value(100).run()
    assert page.metric[0].value == "4.210"


def test_a_broken_file_keeps_the_previous_figures(page: AppTest) -> None:
    upload(page, "meta/Instagram posts Mar-01-2024_Mar-31-2024.csv")
    assert page.metric[0].value == "9.800"
    bad = ("export.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "text/csv")
    page.get("file_uploader")[0].set_value(bad).run()  # type: ignore[attr-defined]
    assert not page.exception
    assert page.error[0].value.startswith("Die Datei konnte nicht gelesen werden")
    assert page.metric[0].value == "9.800"  # the earlier result is still shown
