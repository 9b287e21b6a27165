"""Guessing the team password from many fresh browser sessions, in Chromium against
`streamlit run app.py` on 127.0.0.1 (issue 22, finding 1).

Streamlit reports no client address for connections from 127.0.0.1 / ::1 (a proxy or an
SSH tunnel on the same host), and a fresh session starts its own count: before the fix,
12 sessions × 3 wrong passwords were 36 guesses answered at once, and a fresh session then
signed in at once. Now every session without an address shares one count of 10, and so do
sessions that name an address in X-Forwarded-For (which Streamlit's server takes from
127.0.0.1)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, expect

from .conftest import PASSWORD, RunningApp, Session, wait_until_idle

SESSIONS, GUESSES = 12, 3
WRONG = "Falsches Passwort."
WAIT = "Zu viele Fehlversuche"


def submit(session: Session, password: str) -> str:
    """Type ``password``, sign in, and return what the page answers once the run is done
    (the error's text, or "" when the app opened)."""
    page = session.page
    page.get_by_label("Passwort").fill(password)
    session.after_run(page.get_by_role("button", name="Anmelden").click)
    alerts = page.get_by_test_id("stAlert")
    return alerts.first.inner_text().strip() if alerts.count() else ""


def fresh_session(browser: Browser, url: str, forwarded_for: str | None = None) -> Session:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    page = browser.new_context(extra_http_headers=headers).new_page()
    session = Session(page)
    page.goto(url)
    expect(page.get_by_label("Passwort")).to_be_visible(timeout=60_000)
    wait_until_idle(page)
    return session


@dataclass
class Guesses:
    answers: list[str]
    """The answer to each wrong guess, in order."""
    last: str
    """The answer to the right password from a fresh session, typed right after them."""
    still_waiting: bool
    """Whether that attempt came before the last wait announced had surely passed."""


def guess_from_fresh_sessions(browser: Browser, url: str, forge: bool) -> Guesses:
    """36 wrong guesses from 12 fresh sessions, then the right password from a 13th (loaded
    meanwhile, so it is typed at once)."""
    answers, wait_ends = [], [0.0]
    fresh = None
    for n in range(SESSIONS):
        session = fresh_session(browser, url, f"203.0.113.{n + 1}" if forge else None)
        if n == SESSIONS - 1:
            fresh = fresh_session(browser, url, "198.51.100.77" if forge else None)
        for i in range(GUESSES):
            clicked = time.monotonic()
            answers.append(submit(session, f"guess-{n}-{i}"))
            if seconds := re.search(r"in (\d+) s", answers[-1]):  # at least n - 1 s left
                wait_ends.append(clicked + int(seconds[1]) - 1)
        session.page.context.close()
    assert fresh is not None
    typed = time.monotonic()
    last = submit(fresh, PASSWORD)
    fresh.page.context.close()
    return Guesses(answers, last, typed < max(wait_ends))


@pytest.mark.parametrize("forge", [False, True], ids=["no-address", "forged-x-forwarded-for"])
def test_fresh_sessions_cannot_guess_without_waiting(
    browser: Browser, password_app: RunningApp, forge: bool
) -> None:
    guesses = guess_from_fresh_sessions(browser, password_app.url, forge)
    answers = guesses.answers
    assert len(answers) == SESSIONS * GUESSES == 36
    assert all(a.startswith((WRONG, WAIT)) for a in answers), answers
    answered_at_once = [a for a in answers if a == WRONG]
    print(f"\n{len(answered_at_once)} of 36 wrong guesses answered without a wait ({forge=})")
    assert len(answered_at_once) == 10  # target: at most 12 (today's code: 36)
    assert answers[:10] == [WRONG] * 10
    assert answers[10] == f"{WRONG} {WAIT}: Versuchen Sie es in 1 s erneut."
    if guesses.still_waiting:  # today's code: signed in at once
        assert guesses.last.startswith(WAIT), guesses.last
