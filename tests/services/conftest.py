"""Use cases on real parts: the fixture index, a database per test, the factory's fake model."""

from __future__ import annotations

from pathlib import Path

import pytest

from channelwise.config import Settings
from channelwise.providers.fake import FakeChatModel
from channelwise.services import Services, build_services
from tests.conftest import app_data_dir, make_settings


def services_for(indexed_settings: Settings, path: Path, **settings: object) -> Services:
    return build_services(make_settings(app_data_dir(indexed_settings, path), **settings))


@pytest.fixture
def services(indexed_settings: Settings, tmp_path: Path) -> Services:
    """The fake model restates the composed answers (``CHANNELWISE_SMOOTH_ANSWERS``)."""
    return services_for(indexed_settings, tmp_path / "appdata", llm="fake", smooth_answers=True)


@pytest.fixture
def without_model(indexed_settings: Settings, tmp_path: Path) -> Services:
    """CHANNELWISE_LLM=openai without a key: the chat model cannot be built."""
    return services_for(indexed_settings, tmp_path / "appdata", llm="openai")


def fake(services: Services) -> FakeChatModel:
    backend = services.chat().backend
    assert backend is not None and isinstance(backend.model, FakeChatModel)
    return backend.model
