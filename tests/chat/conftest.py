"""Chat fixtures over the real knowledge base: the engine without a model (composed answers),
and engines with the factory's fake model standing in for a local or a remote one."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from channelwise.chat.engine import ChatEngine, build_chat_engine
from channelwise.providers import ChatBackend, build_chat_backend
from channelwise.providers.fake import FakeChatModel
from channelwise.services import Services
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def engine(real_services: Services) -> ChatEngine:
    """The app's chat engine when no model writes: the composed answers."""
    return build_chat_engine(None, real_services.grounder)


def fake_backend(
    tmp_path: Path, responses: list[str] | None = None, *, remote: bool = False, **extra: Any
) -> ChatBackend:
    """The factory's fake (``CHANNELWISE_LLM=fake``; it gets a local model's compact prompt,
    or a remote model's prompt with ``remote``), with scripted replies if given."""
    backend = build_chat_backend(make_settings(tmp_path / "data", llm="fake", **extra))
    if responses is not None:
        backend = dataclasses.replace(backend, model=FakeChatModel(responses=responses))
    return dataclasses.replace(backend, compact_prompt=not remote)


def fake_of(engine: ChatEngine) -> FakeChatModel:
    assert engine.backend is not None
    model = engine.backend.model
    assert isinstance(model, FakeChatModel)
    return model
