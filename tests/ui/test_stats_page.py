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


def test_the_uploader_takes_its_size_limit_from_the_settings(
    indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(indexed_settings.data_dir))
    monkeypatch.setenv("CHANNELWISE_MAX_UPLOAD_MB", "7")
    at = AppTest.from_function(stats_script, default_timeout=60)
    at.run()
    uploader = at.get("file_uploader")[0]
    assert uploader.proto.max_upload_size_mb == 7  # Streamlit's default: 200
    assert uploader.proto.help == "Bis zu 20 Dateien auf einmal, je höchstens 7 MB."


def test_too_many_files_are_refused_and_the_figures_stay(
    page: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    upload(page, "meta/Instagram posts Mar-01-2024_Mar-31-2024.csv")
    assert page.metric[0].value == "9.800"
    monkeypatch.setenv("CHANNELWISE_MAX_UPLOAD_FILES", "3")
    many = [(f"export{i}.csv", b"Date,Views\n2024-03-01,5\n", "text/csv") for i in range(4)]
    page.get("file_uploader")[0].set_value(many).run()  # type: ignore[attr-defined]
    assert not page.exception
    assert page.error[0].value == (
        "Die Datei konnte nicht gelesen werden; Ihre bisherigen Zahlen bleiben erhalten.\n\n"
        "4 Dateien wurden auf einmal hochgeladen; höchstens 3 werden zusammen gelesen. Laden "
        "Sie weniger auf einmal hoch (Ihre bisherigen Zahlen bleiben), oder erhöhen Sie "
        "CHANNELWISE_MAX_UPLOAD_FILES."
    )
    assert page.metric[0].value == "9.800"  # the earlier figures are still shown
    assert page.get("file_uploader")[0].value == []  # type: ignore[attr-defined]
