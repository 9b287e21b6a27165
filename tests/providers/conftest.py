from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.providers.chat_server import ChatServerState, running_chat_server


@pytest.fixture
def chat_server() -> Iterator[tuple[str, ChatServerState]]:
    """A real OpenAI-compatible HTTP server on 127.0.0.1 (base URL with /v1) and its state."""
    state = ChatServerState()
    with running_chat_server(state) as base_url:
        yield base_url, state
