from __future__ import annotations

from playwright.sync_api import Page, expect


def test_search_shows_a_passage_with_an_openable_source(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/search")
    box = page.get_by_label("Wissensbasis durchsuchen")
    box.fill("Wie entscheidet TikTok, wem ein neues Video gezeigt wird?")
    box.press("Enter")
    first = page.locator(".st-key-hit-1")
    expect(first).to_contain_text("TikTok basics", timeout=30_000)
    expect(first).to_contain_text("How the For You feed works")
    link = first.get_by_role("link", name="Quelle öffnen")
    expect(link).to_have_attribute("href", "https://example.org/tiktok")
