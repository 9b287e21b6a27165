"""Ask, read the answer and its source, copy it, reload: in a real Chromium."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from .conftest import wait_until_idle

FIX = Path(__file__).parents[1] / "fixtures" / "stats"


def test_ask_see_source_copy_and_reload(page: Page, app_url: str) -> None:
    page.goto(app_url)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("What does double opt-in mean?")
    box.press("Enter")
    messages = page.get_by_test_id("stChatMessage")
    expect(messages).to_have_count(2, timeout=30_000)
    wait_until_idle(page)  # the answer is stored, then the page reruns from the store
    answer = messages.nth(1)
    answer.get_by_text("Quellen (").click()
    expect(answer).to_contain_text("Double opt-in")
    expect(answer.get_by_role("link", name="Quelle öffnen").first).to_have_attribute(
        "href", "https://example.org/newsletter"
    )
    # the factory's fake model answers with the last line of the prompt and cites source 1
    expected = "Question: What does double opt-in mean? [1]"
    assert answer.get_by_test_id("stMarkdownContainer").first.inner_text() == expected
    frame = answer.frame_locator("iframe").first
    frame.get_by_role("button", name="Kopieren").click()
    expect(frame.get_by_role("button", name="Kopiert")).to_be_visible(timeout=15_000)
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert "c=" in page.url
    page.reload()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(2, timeout=30_000)
    expect(page.get_by_test_id("stChatMessage").first).to_contain_text(
        "What does double opt-in mean?"
    )


def test_upload_a_youtube_export_and_see_its_figures(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/stats")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        str(FIX / "youtube" / "Inhalte 2024-03-01_2024-03-31 Beispielkanal.zip")
    )
    expect(page.get_by_text("Erkannte Dateien")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Tabellendaten.csv").first).to_be_visible()
    # YouTube alone: 100 % of the reach; views from the Gesamt row of Tabellendaten.csv
    expect(page.get_by_text("Kanalzahlen (aus Ihren Exporten berechnet)")).to_be_visible()
    expect(page.locator("table").first).to_contain_text("4.210")
