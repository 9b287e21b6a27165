"""A real browser (Debian's Chromium, driven by Playwright) against `streamlit run app.py`."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from channelwise.config import Settings

from ..conftest import app_data_dir, free_port, local_server

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def app_data(indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data directory of the app under test (its own database, the session's index)."""
    return app_data_dir(indexed_settings, tmp_path_factory.mktemp("streamlit") / "data")


@pytest.fixture(scope="session")
def app_url(indexed_settings: Settings, app_data: Path) -> Iterator[str]:
    port = free_port()
    workdir, data_dir = app_data.parent, app_data
    env = {
        **os.environ,
        "CHANNELWISE_DATA_DIR": str(data_dir),
        "CHANNELWISE_KNOWLEDGE_DIR": str(indexed_settings.knowledge_dir),
        "CHANNELWISE_LLM": "fake",
        "CHANNELWISE_SMOOTH_ANSWERS": "true",  # the fake restates the composed answers
        "CHANNELWISE_FAKE_WORD_DELAY_S": "0.1",  # streaming a user can watch
    }
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    options = ["--server.port", str(port), "--server.address", "127.0.0.1"]
    with local_server([*command, *options], port, workdir / "server.log", cwd=ROOT, env=env):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def real_app_url(
    real_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The app over the real knowledge base (document pairs and the playbook) with the
    default set-up: no model writes the chat answers, they are composed."""
    data_dir = app_data_dir(real_settings, tmp_path_factory.mktemp("real-app") / "data")
    env = {
        **os.environ,
        "CHANNELWISE_DATA_DIR": str(data_dir),
        "CHANNELWISE_KNOWLEDGE_DIR": str(real_settings.knowledge_dir),
        "CHANNELWISE_LLM": "fake",
    }
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    options = ["--server.port", str(port), "--server.address", "127.0.0.1"]
    log = data_dir.parent / "server.log"
    with local_server([*command, *options], port, log, cwd=ROOT, env=env):
        yield f"http://127.0.0.1:{port}"


PASSWORD = "team-secret-7"


@dataclass(frozen=True)
class RunningApp:
    url: str
    pid: int


@pytest.fixture
def password_app(indexed_settings: Settings, tmp_path: Path) -> Iterator[RunningApp]:
    """The app in password mode (:data:`PASSWORD`), a fresh process: its counts of wrong
    passwords start at zero."""
    data_dir = app_data_dir(indexed_settings, tmp_path / "data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHANNELWISE_")}
    env.pop("FORWARDED_ALLOW_IPS", None)  # Streamlit's server: trusts 127.0.0.1 by default
    env |= {
        "CHANNELWISE_DATA_DIR": str(data_dir),
        "CHANNELWISE_KNOWLEDGE_DIR": str(indexed_settings.knowledge_dir),
        "CHANNELWISE_LLM": "fake",
        "CHANNELWISE_APP_PASSWORD": PASSWORD,
    }
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    options = ["--server.port", str(port), "--server.address", "127.0.0.1"]
    with local_server(
        [*command, *options], port, tmp_path / "server.log", cwd=ROOT, env=env
    ) as proc:
        yield RunningApp(f"http://127.0.0.1:{port}", proc.pid)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium).")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


class Session:
    """What the server told one page over its websocket: the session id, and how many
    script runs have finished (read from Streamlit's own messages, so an answer is taken
    from a run that began after a click, never from the one before)."""

    def __init__(self, page: Page) -> None:
        self.page, self.id, self.finished = page, "", 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        except Exception:  # not a ForwardMsg
            return
        match msg.WhichOneof("type"):
            case "new_session":
                self.id = msg.new_session.initialize.session_id
            case "script_finished":
                self.finished += 1

    def after_run(self, action: Callable[[], object], timeout_s: float = 30) -> None:
        """Do ``action`` (a click), then wait until the run it started has finished and the
        page shows it."""
        before = self.finished
        action()
        deadline = time.monotonic() + timeout_s
        while self.finished <= before:
            if time.monotonic() > deadline:
                raise TimeoutError("the app did not finish a run")
            self.page.wait_for_timeout(20)  # lets Playwright deliver the frames
        self.page.wait_for_timeout(150)  # the page renders what the run sent


def wait_until_idle(page: Page) -> None:
    """Wait until the app has finished its script run (Streamlit shows a running status)."""
    page.wait_for_timeout(300)  # let a rerun triggered just now begin
    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=60_000)
