"""Strategy advice in a real Chromium over the real knowledge base: the issue's question and
its follow-up answered first thing, in German, the sources folded underneath, and questions
to ask next as buttons that ask them."""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect

from .conftest import wait_until_idle

BUDGET = (
    "Soll ich mein Budget von Instagram zu TikTok verschieben, wenn Meta mehr KI-Inhalte zeigt?"
)
FOLLOW_UP = "und was sagt der Artikel zu Newslettern?"


def ask(page: Page, question: str, index: int, first_words: str) -> None:
    """Type ``question``, press Enter and wait for the answer (message ``index``) to show
    ``first_words``; prints how long that took (the benchmark measures it: bench_app)."""
    box = page.get_by_test_id("stChatInputTextArea")
    expect(box).to_be_visible(timeout=120_000)  # a cold start loads the embedder first
    box.fill(question)
    started = time.monotonic()
    box.press("Enter")
    expect(page.get_by_test_id("stChatMessage").nth(index)).to_contain_text(
        first_words, timeout=30_000
    )
    print(f"answer visible {time.monotonic() - started:.2f} s after Enter")


def test_an_advice_question_and_its_follow_up_answer_first_in_german(
    page: Page, real_app_url: str
) -> None:
    page.goto(real_app_url)
    ask(page, BUDGET, 1, "Verschieben Sie nicht alles auf einmal")
    wait_until_idle(page)  # stored, then the page reruns from the store
    answer = page.get_by_test_id("stChatMessage").nth(1)
    first = answer.get_by_test_id("stMarkdownContainer").first.inner_text()
    assert first.startswith("Verschieben Sie nicht alles auf einmal: Testen Sie TikTok")
    assert "Aus den Quellen" not in first
    expect(answer).to_contain_text("Strategie-Antwort aus dem channelwise-Playbook")
    sources = answer.get_by_text("Quellen (")
    expect(sources).to_be_visible()
    expect(answer.get_by_role("link", name="Quelle öffnen").first).to_be_hidden()  # folded
    suggestions = page.locator(".st-key-suggestions").get_by_role("button")
    expect(suggestions).to_have_count(3)
    after_first = suggestions.all_inner_texts()
    ask(page, FOLLOW_UP, 3, "Newsletter nennt der Gastbeitrag nicht")
    wait_until_idle(page)
    # the follow-up's own suggestions replace the first answer's (the rerun after saving)
    deadline = time.monotonic() + 30
    while suggestions.all_inner_texts() == after_first and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert suggestions.all_inner_texts() != after_first
    follow_up = page.get_by_test_id("stChatMessage").nth(3)
    shown = follow_up.get_by_test_id("stMarkdownContainer").first.inner_text()
    assert shown.startswith("Newsletter nennt der Gastbeitrag nicht")
    follow_up.get_by_text("Quellen (").click()
    expect(follow_up).to_contain_text("Metas generative KI")  # the article, opened
    # a suggestion button asks its question
    suggestion = page.locator(".st-key-suggestions").get_by_role("button").first
    label = suggestion.inner_text()
    suggestion.click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(6, timeout=30_000)
    expect(page.get_by_test_id("stChatMessage").nth(4)).to_contain_text(label)
