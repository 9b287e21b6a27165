"""Draft a plan, copy it with the visible button, download the .md: in a real Chromium."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import wait_until_idle


def test_generate_copy_and_download_a_plan(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/plan")
    page.get_by_role("button", name="Plan erstellen").click()
    plan_text = page.locator(".st-key-plan-text")
    expect(plan_text).to_contain_text("Plan zur Plattform-Diversifizierung", timeout=60_000)
    wait_until_idle(page)
    copy = page.frame_locator("iframe").first.get_by_role("button", name="Plan kopieren")
    copy.click()
    expect(page.frame_locator("iframe").first.get_by_role("button", name="Kopiert")).to_be_visible(
        timeout=15_000
    )
    clipboard = page.evaluate("navigator.clipboard.readText()")
    assert clipboard.startswith("# Plan zur Plattform-Diversifizierung")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Markdown (.md)").click()
    download = download_info.value
    assert download.suggested_filename == "channelwise-plan-v1.md"
    with open(download.path(), encoding="utf-8") as handle:
        assert handle.read() == clipboard
    assert "p=" in page.url
