"""What one user writes is hostile input for another's browser: script in a plan field,
images and HTML in answers, plan texts, conversation titles and file names stay inert."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

from channelwise.db import StatsAttachment, open_store
from channelwise.i18n import Bilingual
from channelwise.plans import make_inputs, revise, skeleton_plan, to_markdown
from channelwise.services.records import save_plan

from ..conftest import free_port
from .conftest import wait_until_idle

TEMPLATE = Path(__file__).parents[1] / "fixtures" / "stats" / "generic" / "template_filled.csv"
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
SCRIPT = '</script><img src=x onerror="window.top.__pwned=1;alert(1)"><script>alert(2)</script>'


class Tracker(ThreadingHTTPServer):
    """A server on 127.0.0.1 that counts every request a browser makes to it."""

    hits: list[str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Pixel(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PIXEL)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def tracker() -> Iterator[Tracker]:
    server = Tracker(("127.0.0.1", free_port()), _Pixel)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    seen: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


def test_script_in_a_plan_field_does_not_run_and_copy_keeps_it(
    page: Page, app_url: str, app_data: Path, dialogs: list[str]
) -> None:
    audience = f"Eltern & Kinder {SCRIPT} \u2028 \u2029 Ende"
    plan = save_plan(
        open_store(app_data),
        skeleton_plan(make_inputs(audience=audience, language="de")),
        owner=None,
    )
    page.goto(f"{app_url}/plan?p={plan.id}")
    expect(page.locator(".st-key-plan-text")).to_contain_text(
        "Plan zur Plattform-Diversifizierung", timeout=60_000
    )
    wait_until_idle(page)
    frame = page.frame_locator("iframe").first
    expect(frame.get_by_role("button", name="Plan kopieren")).to_be_visible()
    assert dialogs == []
    assert page.evaluate("window.__pwned") is None
    frame.get_by_role("button", name="Plan kopieren").click()
    expect(frame.get_by_role("button", name="Kopiert")).to_be_visible(timeout=15_000)
    assert page.evaluate("navigator.clipboard.readText()") == to_markdown(plan)
    assert dialogs == []


def test_images_and_html_from_users_models_and_files_are_not_loaded(
    page: Page, app_url: str, app_data: Path, tracker: Tracker, dialogs: list[str]
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    def hostile(name: str) -> str:
        return (
            f"![{name}]({tracker.url}/{name}.png) <img src='{tracker.url}/{name}-html.png' "
            f"onerror='alert(1)'> ![{name}][{name}-ref] <{tracker.url}/{name}-auto.png>\n\n"
            f"[{name}-ref]: {tracker.url}/{name}-ref.png"
        )

    store = open_store(app_data)
    conversation = store.create_conversation(f"![title]({tracker.url}/title.png) Titel", owner=None)
    store.add_message(conversation.id, "user", f"Frage {hostile('question')}", owner=None)
    store.add_message(conversation.id, "assistant", f"Antwort {hostile('answer')}", owner=None)
    store.save_stats_summary(
        conversation.id,
        StatsAttachment(
            files=(f"![file]({tracker.url}/attached.png).csv",), summary=Bilingual("", "")
        ),
        owner=None,
    )
    page.goto(f"{app_url}/chat?c={conversation.id}")
    expect(page.get_by_test_id("stChatMessage")).to_have_count(2, timeout=30_000)
    wait_until_idle(page)
    assert tracker.hits == []
    expect(page.get_by_test_id("stChatMessage").nth(1)).to_contain_text("Antwort ![answer](")
    expect(page.get_by_test_id("stSidebar")).to_contain_text("![title](")

    plan = save_plan(
        store, skeleton_plan(make_inputs(audience=hostile("audience"), language="de")), owner=None
    )
    save_plan(
        store,
        revise(plan, f"nur 5 Stunden pro Woche ![request]({tracker.url}/request.png)"),
        owner=None,
    )
    page.goto(f"{app_url}/plan?p={plan.id}")
    plan_text = page.locator(".st-key-plan-text")
    expect(plan_text).to_contain_text("Plan zur Plattform-Diversifizierung", timeout=60_000)
    wait_until_idle(page)
    assert tracker.hits == []
    expect(plan_text).to_contain_text("![audience](")

    # the stats module keeps a file's name after its last slash: relative image URLs then
    page.goto(f"{app_url}/stats")
    upload = page.get_by_test_id("stFileUploaderDropzoneInput")
    upload.set_input_files(
        [
            {
                "name": "![u](cw-track-u.png) <img src=cw-track-h.png>.csv",
                "mimeType": "text/csv",
                "buffer": TEMPLATE.read_bytes(),
            }
        ]
    )
    expect(page.get_by_text("Erkannte Dateien")).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    expect(page.get_by_text("![u](cw-track-u.png)").first).to_be_visible()
    upload.set_input_files(
        [{"name": "![b](cw-track-b.png).csv", "mimeType": "text/csv", "buffer": b"\x00\x01"}]
    )
    expect(page.get_by_text("'![b](cw-track-b.png).csv'").first).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    page.wait_for_timeout(500)  # give any image request time to arrive
    assert tracker.hits == []
    assert [url for url in requested if "cw-track" in url] == []
    assert dialogs == []
