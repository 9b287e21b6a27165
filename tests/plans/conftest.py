"""Plan fixtures: real fixture exports and the factory's fake model. The knowledge comes
from ``services.grounder`` (``kb_services``: the fixture index, no playbook;
``real_services``: the real knowledge base with the playbook), as the app builds it."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from channelwise.plans import Plan, make_inputs, skeleton_plan
from channelwise.providers import ChatBackend, build_chat_backend
from channelwise.providers.fake import FakeChatModel
from channelwise.stats import StatsResult, Upload, analyze_uploads
from tests.conftest import make_settings

STATS = Path(__file__).resolve().parents[1] / "fixtures" / "stats"
START = date(2024, 4, 1)  # a Monday
LIMIT = 50 * 1024 * 1024


def analyze(*rels: str | Path) -> StatsResult:
    paths = [p if isinstance(p, Path) else STATS / p for p in rels]
    uploads = [Upload(p.name, p.read_bytes()) for p in paths]
    return analyze_uploads(uploads, max_bytes=LIMIT, today=date(2024, 4, 10))


def fake_backend(tmp_path: Path, responses: list[str] | None = None, **extra: Any) -> ChatBackend:
    """The factory's fake (``CHANNELWISE_LLM=fake``), with scripted replies if given."""
    backend = build_chat_backend(make_settings(tmp_path / "data", llm="fake", **extra))
    if responses is not None:
        backend = dataclasses.replace(backend, model=FakeChatModel(responses=responses))
    return backend


def fake_of(backend: ChatBackend) -> FakeChatModel:
    assert isinstance(backend.model, FakeChatModel)
    return backend.model


@pytest.fixture
def template_stats() -> StatsResult:
    return analyze("generic/template_filled.csv")


@pytest.fixture
def base_plan(template_stats: StatsResult) -> Plan:
    """Goal reach, 10 h a week, balanced, English, skeleton only."""
    inputs = make_inputs(goals=["reach"], hours_per_week=10, language="en", start=START)
    return skeleton_plan(inputs, template_stats)
