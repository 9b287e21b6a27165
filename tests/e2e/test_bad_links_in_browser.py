"""Links that name nothing (a typo, a deleted plan, someone else's) get a message, never a
traceback, in the real app with the project's .streamlit/config.toml."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import wait_until_idle


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/plan?p=unknown&v=abc", "Es gibt keinen Plan „unknown“."),
        ("/chat?c=garbage", "Diese Unterhaltung gibt es nicht (mehr)"),
    ],
)
def test_a_bad_link_is_a_message(page: Page, app_url: str, path: str, message: str) -> None:
    page.goto(app_url + path)
    expect(page.get_by_text(message)).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    assert page.get_by_test_id("stException").count() == 0
    assert "Traceback" not in page.content()
