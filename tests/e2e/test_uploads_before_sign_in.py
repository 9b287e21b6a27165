"""Streamlit's upload endpoint and a browser session that has not signed in (issue 22,
finding 5), against `streamlit run app.py` in password mode.

Streamlit accepts ``PUT /_stcore/upload_file/<session_id>/<file_id>`` for any live session
with the XSRF cookie, for file ids no uploader ever asked for, and keeps the file in memory
until the session ends. Measured before the fix: a session that only loaded the sign-in
page parked every file it sent (20 × 5 MB = 100 MB held). Now the endpoint answers 403
until the session signs in, and holds nothing."""

from __future__ import annotations

import time
import urllib.request
import uuid
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, expect

from .conftest import PASSWORD, RunningApp, Session, wait_until_idle

MB = 1024 * 1024


def open_sign_in_page(browser: Browser, url: str) -> Session:
    """A fresh browser session on the sign-in page (its id as the server sent it)."""
    page = browser.new_context().new_page()
    session = Session(page)
    page.goto(url)
    expect(page.get_by_label("Passwort")).to_be_visible(timeout=60_000)
    wait_until_idle(page)
    assert session.id
    return session


def put_file(context: BrowserContext, url: str, session_id: str, size: int) -> int:
    """What the upload endpoint answers to one file (with the session's XSRF cookie, as the
    browser's uploader sends it)."""
    xsrf = next(c["value"] for c in context.cookies() if c["name"] == "_streamlit_xsrf")
    response = context.request.put(
        f"{url}/_stcore/upload_file/{session_id}/{uuid.uuid4()}",
        headers={"X-Xsrftoken": xsrf},
        multipart={"file": {"name": "export.csv", "mimeType": "text/csv", "buffer": b"x" * size}},
    )
    return response.status


def held_upload_bytes(url: str) -> int:
    """What Streamlit's uploaded-file manager holds (its own metrics endpoint, which
    caches this figure for 5 s)."""
    time.sleep(5.5)
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=10) as response:
        text = response.read().decode()
    held = [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("cache_memory_bytes") and "UploadedFileManager" in line
    ]
    return int(sum(held))


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(x for x in status.splitlines() if x.startswith("VmRSS")).split()[1]) / 1024


def test_no_file_is_taken_before_sign_in(browser: Browser, password_app: RunningApp) -> None:
    url = password_app.url
    session = open_sign_in_page(browser, url)
    page, session_id = session.page, session.id
    rss_before = rss_mb(password_app.pid)
    answers = [put_file(page.context, url, session_id, 5 * MB) for _ in range(20)]
    held = held_upload_bytes(url)
    print(
        f"\nbefore sign-in: {answers.count(204)} of 20 files of 5 MB taken, "
        f"{held / MB:.0f} MB held, server RSS {rss_before:.0f} -> "
        f"{rss_mb(password_app.pid):.0f} MB"
    )
    assert answers == [403] * 20  # today's code: 204 each, 100 MB held
    assert held == 0
    # once the session has signed in, the endpoint takes its files again
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible(timeout=60_000)
    assert put_file(page.context, url, session_id, 1 * MB) == 204
    assert held_upload_bytes(url) >= 1 * MB
    page.context.close()
