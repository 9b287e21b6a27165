"""Chat pipeline fixtures: the fake model through the real factory, the real index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from channelwise.chat.engine import ChatEngine, build_chat_engine
from channelwise.providers import build_chat_backend
from channelwise.providers.fake import FakeChatModel
from channelwise.services import Services
from tests.conftest import make_settings


def fake_engine(services: Services, tmp_path: Path, **settings: Any) -> ChatEngine:
    """An engine whose model is the factory's fake (``CHANNELWISE_LLM=fake``), which gets
    the compact prompt of the bundled local model."""
    backend = build_chat_backend(make_settings(tmp_path / "data", llm="fake", **settings))
    return build_chat_engine(backend, services.retriever, services.embedder, k=4)


def fake_of(engine: ChatEngine) -> FakeChatModel:
    assert engine.backend is not None
    model = engine.backend.model
    assert isinstance(model, FakeChatModel)
    return model


@pytest.fixture
def engine(kb_services: Services, tmp_path: Path) -> ChatEngine:
    return fake_engine(kb_services, tmp_path)
