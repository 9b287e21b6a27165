from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from channelwise.config import Settings
from tests.providers.chat_server import ChatServerState, running_chat_server

from ..conftest import app_data_dir


@pytest.fixture
def data_dir(indexed_settings: Settings, tmp_path: Path) -> Path:
    """Own database per test, the session's fixture index."""
    return app_data_dir(indexed_settings, tmp_path / "appdata")


@pytest.fixture
def chat_server() -> Iterator[tuple[str, ChatServerState]]:
    """A real OpenAI-compatible HTTP server on 127.0.0.1 (base URL with /v1) and its state."""
    state = ChatServerState()
    with running_chat_server(state) as base_url:
        yield base_url, state
