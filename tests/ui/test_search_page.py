"""The knowledge-search page under AppTest, over the fixture index."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from channelwise.config import Settings


def search_script() -> None:
    import streamlit as st

    from channelwise.config import load_settings
    from channelwise.services import build_services
    from channelwise.ui.search_page import render_search

    render_search(build_services(load_settings()), st.session_state.get("lang", "de"))


@pytest.fixture
def page(indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(indexed_settings.data_dir))
    return AppTest.from_function(search_script, default_timeout=60)


def test_search_lists_passages_with_sources(page: AppTest) -> None:
    page.session_state["lang"] = "en"
    page.run()
    page.text_input[0].input("What does double opt-in mean?").run()
    assert not page.exception
    texts = [m.value for m in page.markdown]
    assert "**[1] Newsletter basics for social-media teams** › Double opt-in" in texts
    assert any("(https://example.org/newsletter)" in c.value for c in page.caption)


def test_out_of_scope_search_warns(page: AppTest) -> None:
    page.run()
    page.text_input[0].input("Rezept für Lasagne").run()
    assert page.warning[0].value.startswith("Dazu enthält die Wissensbasis nichts Passendes")


def test_search_from_a_shared_link(page: AppTest) -> None:
    page.query_params["q"] = "Impressum"
    page.run()
    assert page.text_input[0].value == "Impressum"
    assert page.markdown[0].value.startswith("**[1] Impressum und Datenschutz")
