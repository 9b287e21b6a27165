"""The Streamlit page, driven by Streamlit's AppTest (no browser) over the fixture index."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from channelwise.config import Settings

APP = str(Path(__file__).parents[2] / "app.py")


@pytest.fixture
def app(indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(indexed_settings.data_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def test_page_shows_index_status(app: AppTest) -> None:
    assert app.title[0].value == "channelwise"
    status = app.sidebar.caption[0].value
    assert status.startswith("Wissensbasis: 4 Dokumente, ")


def test_search_lists_passages_with_sources(app: AppTest) -> None:
    app.sidebar.radio[0].set_value("en").run()
    app.text_input[0].input("What does double opt-in mean?").run()
    assert not app.exception
    texts = [m.value for m in app.markdown]
    assert "**[1] Newsletter basics for social-media teams** › Double opt-in" in texts
    assert any("(https://example.org/newsletter)" in c.value for c in app.caption)


def test_out_of_scope_search_warns(app: AppTest) -> None:
    app.text_input[0].input("Rezept für Lasagne").run()
    assert app.warning[0].value.startswith("Dazu enthält die Wissensbasis nichts Passendes")


def test_missing_index_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(tmp_path / "empty"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "Run `channelwise ingest`" in at.sidebar.error[0].value


def test_search_from_a_shared_link(
    indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(indexed_settings.data_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["q"] = "Impressum"
    at.run()
    assert at.text_input[0].value == "Impressum"
    assert at.markdown[0].value.startswith("**[1] Impressum und Datenschutz")
