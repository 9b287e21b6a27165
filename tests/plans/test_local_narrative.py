"""Plan sections written by the bundled Qwen2.5-Coder-0.5B through llama.cpp over the
fixture knowledge base. Asserted: what reaches the plan (facts from the evidence or fixed
words, valid citations, the plan's language, figures untouched), never the model's words."""

from __future__ import annotations

import re

import pytest

from channelwise.chat.answer_eval import own_words
from channelwise.grounding.language import detect_language
from channelwise.plans import PlanWriter, make_inputs, skeleton_plan
from channelwise.plans.records import OwnedDraft
from channelwise.providers import ChatBackend
from channelwise.services import Services
from channelwise.stats import StatsResult
from tests.conftest import make_settings
from tests.plans.conftest import START

CITE = re.compile(r"\[(\d+)\]")


@pytest.fixture(scope="module")
def qwen(tmp_path_factory: pytest.TempPathFactory) -> ChatBackend:
    from channelwise.providers import build_chat_backend

    settings = make_settings(
        tmp_path_factory.mktemp("qwen-plan") / "data", llm="local", local_model="qwen2.5-0.5b"
    )
    return build_chat_backend(settings)  # joins the packaged parts, checks the sha256


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_bundled_model_writes_a_checked_cited_section_in_the_plan_language(
    qwen: ChatBackend, kb_services: Services, template_stats: StatsResult, language: str
) -> None:
    inputs = make_inputs(goals=["reach"], hours_per_week=10, language=language, start=START)
    plan = skeleton_plan(inputs, template_stats)
    writer = PlanWriter(qwen, kb_services.grounder)
    written = writer.write(plan, only=["owned"])
    assert writer.calls == 1
    section = written.section("owned")
    assert section is not None and section.status == "written", section
    # the model was asked and its text checked: kept, or refused with the check's reason
    # (a model that fails outright leaves the section missing, asserted above)
    assert section.mode == "model" or (section.error or "").startswith("model text not used")
    assert isinstance(section.content, OwnedDraft)
    summary = section.content.summary
    # the fixed words first, then the model's checked sentences or a quote, cited
    fixed = "An owned channel" if language == "en" else "Ein eigener Kanal"
    assert summary.startswith(fixed)
    cited = [int(n) for n in CITE.findall(summary)]
    assert cited and set(cited) == set(range(1, len(written.sources) + 1))
    assert any("newsletter" in s.doc_id for s in written.sources), written.sources
    # the plan's language outside quotations (a quote in the other language is marked)
    assert detect_language(own_words(summary), default=language) == language, summary
    assert written.skeleton == plan.skeleton
