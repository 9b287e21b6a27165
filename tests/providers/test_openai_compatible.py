"""The openai-compatible provider against a real HTTP server, through the real client."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from channelwise.chat.engine import build_chat_engine
from channelwise.chat.stream import answer as ask
from channelwise.providers import build_chat_backend
from channelwise.providers.errors import (
    ModelConnectionError,
    ModelRateLimitError,
    ModelServerError,
    ModelTimeoutError,
)
from channelwise.providers.openai_chat import GuardedChatOpenAI
from channelwise.services import Services
from tests.conftest import make_settings
from tests.providers.chat_server import ChatServerState

pytestmark = pytest.mark.server


def _backend(tmp_path: Path, base_url: str, **extra: object):  # type: ignore[no-untyped-def]
    settings = make_settings(
        tmp_path / "data",
        llm="openai-compatible",
        openai_base_url=base_url,
        openai_model="llama3.2",
        **extra,
    )
    return build_chat_backend(settings)


def test_streams_through_the_real_client(
    chat_server: tuple[str, ChatServerState], tmp_path: Path
) -> None:
    base_url, state = chat_server
    backend = _backend(tmp_path, base_url)
    assert isinstance(backend.model, GuardedChatOpenAI)
    chunks = [c.text for c in backend.model.stream("Why do Reels matter?")]
    assert "".join(chunks) == state.reply
    assert len([c for c in chunks if c]) == len(state.reply.split(" "))
    (request,) = state.requests
    assert request["body"]["model"] == "llama3.2"
    assert request["body"]["stream"] is True
    assert request["body"]["messages"] == [{"role": "user", "content": "Why do Reels matter?"}]
    assert request["auth"] == "Bearer not-needed"  # a key is optional for local servers


def test_key_is_sent_when_configured(
    chat_server: tuple[str, ChatServerState], tmp_path: Path
) -> None:
    base_url, state = chat_server
    backend = _backend(tmp_path, base_url, openai_api_key="sk-test")
    assert backend.model.invoke("hi").text == state.reply
    assert state.requests[0]["auth"] == "Bearer sk-test"


def test_retries_429_and_500_then_succeeds(
    chat_server: tuple[str, ChatServerState], tmp_path: Path
) -> None:
    base_url, state = chat_server
    state.script = [429, 500, 503]
    backend = _backend(tmp_path, base_url, llm_max_retries=3)
    assert "".join(c.text for c in backend.model.stream("hi")) == state.reply
    assert len(state.requests) == 4


@pytest.mark.parametrize(
    ("status", "error", "text"),
    [(429, ModelRateLimitError, "HTTP 429"), (500, ModelServerError, "HTTP 500")],
)
def test_persistent_failure_is_a_clear_error_after_retries(
    chat_server: tuple[str, ChatServerState],
    tmp_path: Path,
    status: int,
    error: type[Exception],
    text: str,
) -> None:
    base_url, state = chat_server
    state.script = [status] * 10
    backend = _backend(tmp_path, base_url, llm_max_retries=2)
    with pytest.raises(error) as caught:
        list(backend.model.stream("hi"))
    message = str(caught.value)
    assert text in message and "after 2 retries" in message
    assert "CHANNELWISE_LLM=local" in message
    assert len(state.requests) == 3


def test_connection_refused_names_the_url_and_the_fix(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    base_url = f"http://127.0.0.1:{port}/v1"
    backend = _backend(tmp_path, base_url, llm_max_retries=1)
    with pytest.raises(ModelConnectionError) as caught:
        backend.model.invoke("hi")
    assert base_url in str(caught.value)
    assert "OPENAI_BASE_URL" in str(caught.value)


def test_the_error_shows_the_url_without_credentials(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    backend = _backend(tmp_path, f"http://team:tok-123@127.0.0.1:{port}/v1", llm_max_retries=0)
    assert backend.label == f"llama3.2 at http://***@127.0.0.1:{port}/v1"
    with pytest.raises(ModelConnectionError) as caught:
        backend.model.invoke("hi")
    for message in (caught.value.localized("en"), caught.value.localized("de")):
        assert f"http://***@127.0.0.1:{port}/v1" in message
        assert "tok-123" not in message


def test_timeout_is_reported(chat_server: tuple[str, ChatServerState], tmp_path: Path) -> None:
    base_url, state = chat_server
    state.script = ["slow"]
    state.slow_seconds = 2.0
    backend = _backend(tmp_path, base_url, llm_max_retries=0, llm_timeout_s=0.3)
    started = time.monotonic()
    with pytest.raises(ModelTimeoutError, match=r"did not answer within 0\.3 s"):
        list(backend.model.stream("hi"))
    assert time.monotonic() - started < 2.0


def test_answer_pipeline_over_the_server(
    chat_server: tuple[str, ChatServerState], tmp_path: Path, kb_services: Services
) -> None:
    """Over a real HTTP server: the rich remote prompt goes out, the checker keeps the
    supported sentence (cited by code) and drops the one with a figure from nowhere."""
    base_url, state = chat_server
    state.reply = (
        "Reels zeigt Instagram auch Menschen, die dem Konto nicht folgen [1]. "
        "Facebook hat 3 Milliarden Nutzer [7]."
    )
    engine = build_chat_engine(_backend(tmp_path, base_url), kb_services.grounder)
    answer = ask(engine, "Warum sollte ich Reels auf Instagram posten?")
    assert answer.mode == "model"
    assert answer.text.startswith("Reels zeigt Instagram auch Menschen, die dem Konto nicht")
    assert "Milliarden" not in answer.text
    assert answer.citations[0].url == "https://example.org/instagram"
    assert answer.check.kept == 1 and answer.check.dropped["figure"] == 1
    body = state.requests[-1]["body"]
    assert body["messages"][0]["role"] == "system"
    prompt = body["messages"][-1]["content"]
    assert "Reels sind kurze Videos" in prompt
    assert prompt.rstrip().endswith("Warum sollte ich Reels auf Instagram posten?")
