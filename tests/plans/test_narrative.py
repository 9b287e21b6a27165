"""The plan's narrative with the chat's machinery: evidence found by code, a few sentences
from the (fake) model checked against it, a cited quote when nothing passes, figures only
from the skeleton. The fake model is the factory's (``CHANNELWISE_LLM=fake``); evidence,
check and citations are the real ones over the fixture index."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from channelwise.grounding.language import detect_language
from channelwise.grounding.prompts import LOCAL_SYSTEM
from channelwise.plans import (
    Plan,
    PlanWriter,
    SectionEvent,
    complete_plan,
    make_inputs,
    make_plan,
    section_keys,
    skeleton_plan,
    to_markdown,
)
from channelwise.plans.records import ChannelDraft, Section
from channelwise.plans.section_queries import PROSE_KINDS, kind
from channelwise.plans.source_numbers import iter_strings
from channelwise.services import Services
from channelwise.stats import StatsResult
from tests.plans.conftest import START, fake_backend, fake_of

CITE = re.compile(r"\[(\d+)\]")
FIXTURE_URLS = {
    "https://example.org/impressum",
    "https://example.org/newsletter",
    "https://example.org/instagram",
    "https://example.org/tiktok",
}
CODE_ONLY = ("situation", "timeline", "risks")
"""Sections whose words are all computed or fixed: no model call."""


def _texts(section: Section) -> list[str]:
    assert section.content is not None
    return list(iter_strings(section.content.model_dump()))


def _cited(plan: Plan) -> list[int]:
    return [int(n) for s in plan.sections for text in _texts(s) for n in CITE.findall(text)]


def _why(plan: Plan, key: str) -> str:
    section = plan.section(key)
    assert section is not None and isinstance(section.content, ChannelDraft)
    return section.content.why


def _writer(services: Services, tmp_path: Path, responses: list[str] | None = None) -> PlanWriter:
    backend = fake_backend(tmp_path, responses)
    return PlanWriter(backend, services.grounder)


def _assert_sources_consistent(plan: Plan) -> None:
    """Sources are numbered 1..n, every one is cited, every citation has its source."""
    assert [s.number for s in plan.sources] == list(range(1, len(plan.sources) + 1))
    assert set(_cited(plan)) == set(range(1, len(plan.sources) + 1))


def test_plan_is_complete_figures_from_code_sources_cited_and_numbered(
    base_plan: Plan, kb_services: Services, tmp_path: Path
) -> None:
    writer = _writer(kb_services, tmp_path)
    plan = writer.write(base_plan)
    keys = section_keys(plan.skeleton)
    assert plan.complete and plan.missing == []
    assert [s.key for s in plan.sections] == keys
    assert all(s.status == "written" for s in plan.sections)
    # the narrative changed no figure: the skeleton is the one computed before any model call
    assert plan.skeleton == base_plan.skeleton
    assert plan.sources and {s.url for s in plan.sources} <= FIXTURE_URLS
    _assert_sources_consistent(plan)
    assert {s.key: s.mode for s in plan.sections} == {
        "situation": "code",  # computed from the figures; no quote fits it
        "channel:instagram": "evidence",
        "channel:x": "code",
        "channel:website": "evidence",
        # the fake restates its evidence: that passes the check
        "channel:newsletter": "model",
        "owned": "model",
        "content": "evidence",  # fixed ideas and a quote, no model call
        "ai": "code",  # the fixture index says nothing about AI: fixed rules only
        "timeline": "code",
        "risks": "code",
    }
    assert plan.model == writer.backend.label
    # the fixed words stay: every channel's first reason opens its "why"
    for channel in plan.skeleton.channels:
        assert _why(plan, f"channel:{channel.platform.value}")[:12].strip()


def test_only_prose_sections_ask_the_model_with_the_chat_compact_prompt(
    base_plan: Plan, kb_services: Services, tmp_path: Path
) -> None:
    writer = _writer(kb_services, tmp_path)
    plan = writer.write(base_plan)
    received = fake_of(writer.backend).received
    assert writer.calls == len(received)
    asked = [
        s.key
        for s in plan.sections
        if s.mode == "model" or (s.error or "").startswith("model text not used")
    ]
    assert len(asked) == writer.calls
    assert all(kind(k) in PROSE_KINDS for k in asked)
    assert not set(asked) & set(CODE_ONLY)
    first = received[0]
    # the chat's compact prompt: the same fixed instructions, two numbered evidence items,
    # the section's question last; no figures (a small model copies them) and nothing it
    # could copy as a tag
    assert isinstance(first[0], SystemMessage) and first[0].text == LOCAL_SYSTEM
    assert isinstance(first[1], HumanMessage)
    user = first[1].text
    assert user.startswith("Evidence:\n[1] ") and "\n[2] " in user and "\n[3] " not in user
    assert "79.3%" not in user
    assert user.rstrip().endswith(
        "Question (English): Why should a small team keep Instagram without relying on it?\n"
        "Answer (English):"
    )
    assert "<" not in user and ">" not in user


def test_a_remote_model_also_sees_the_plan_figures_as_fenced_data(
    base_plan: Plan, kb_services: Services, tmp_path: Path
) -> None:
    backend = dataclasses.replace(fake_backend(tmp_path), compact_prompt=False)
    writer = PlanWriter(backend, kb_services.grounder)
    writer.write(base_plan, only=["channel:instagram"])
    (messages,) = fake_of(backend).received
    user = messages[-1].text
    assert "<evidence>" in user and "<plan>" in user
    assert "79.3% → 63.5%" in user  # the channel's figures from the skeleton, as data
    assert user.rstrip().endswith("Why should a small team keep Instagram without relying on it?")


def test_sections_without_prose_make_no_model_call(
    base_plan: Plan, kb_services: Services, tmp_path: Path
) -> None:
    writer = _writer(kb_services, tmp_path)
    plan = writer.write(base_plan, only=CODE_ONLY)
    assert writer.calls == 0 and fake_of(writer.backend).received == []
    assert [s.key for s in plan.sections] == list(CODE_ONLY)
    assert {s.mode for s in plan.sections} <= {"code", "evidence"}
    assert plan.model is None  # no model wrote anything
    _assert_sources_consistent(plan)


@pytest.mark.parametrize(
    ("reply", "problem", "left_out"),
    [
        (
            "Small teams do well with three to five short videos a week, and 95% of them "
            "double their reach [1].",
            "figure",
            "95",
        ),
        (
            "Small teams on Facebook and Twitter do well with three to five short videos a "
            "week [1].",
            "name",
            "Facebook",
        ),
        ("Cats sleep most of the day and love a warm window sill [1].", "unsupported", "Cats"),
    ],
)
def test_a_reply_that_fails_the_check_falls_back_to_a_cited_quote(
    base_plan: Plan,
    kb_services: Services,
    tmp_path: Path,
    reply: str,
    problem: str,
    left_out: str,
) -> None:
    writer = _writer(kb_services, tmp_path, [reply])
    plan = writer.write(base_plan, only=["channel:instagram"])
    section = plan.section("channel:instagram")
    assert section is not None and section.status == "written"
    assert section.mode == "evidence"
    assert section.error is not None and section.error.startswith("model text not used")
    assert problem in section.error
    why = _why(plan, "channel:instagram")
    assert left_out not in why
    # the fixed reason, then one evidence sentence quoted word for word and cited
    assert why.startswith("Carries 79.3% of your reach")
    quote = re.search(r"From the sources: “(.+)” \[1\]", why)
    assert quote is not None, why
    assert len(plan.sources) == 1
    assert quote.group(1) in " ".join(plan.sources[0].excerpt.split())
    assert plan.skeleton == base_plan.skeleton
    _assert_sources_consistent(plan)


def test_kept_sentences_are_cited_by_code_and_bad_ones_dropped(
    base_plan: Plan, kb_services: Services, tmp_path: Path
) -> None:
    reply = (
        "Reels are short videos that Instagram also shows to people who do not follow the "
        "account [7]. Instagram will bring you 250,000 new followers."
    )
    writer = _writer(kb_services, tmp_path, [reply])
    plan = writer.write(base_plan, only=["channel:instagram"])
    section = plan.section("channel:instagram")
    assert section is not None and section.mode == "model" and section.error is None
    why = _why(plan, "channel:instagram")
    assert "250,000" not in why and "[7]" not in why
    assert why.endswith("Instagram also shows to people who do not follow the account [1].")
    # cited by code from Instagram's own (German) source, never TikTok's posting cadence
    assert [s.url for s in plan.sources] == ["https://example.org/instagram"]
    _assert_sources_consistent(plan)


def test_the_answer_ends_at_a_new_line(
    base_plan: Plan, kb_services: Services, tmp_path: Path
) -> None:
    """A small model that goes on to copy a list is cut at the line break."""
    reply = (
        "Reels are short videos that Instagram also shows to people who do not follow the "
        "account [2].\nGoals: reach; hours a week: 10\n- Instagram: keep; share 79.3% → 63.5%"
    )
    writer = _writer(kb_services, tmp_path, [reply])
    plan = writer.write(base_plan, only=["channel:instagram"])
    section = plan.section("channel:instagram")
    assert section is not None and section.mode == "model", section.error
    why = _why(plan, "channel:instagram")
    assert why.endswith("who do not follow the account [1].")
    assert "Goals" not in why and "63.5" not in why


def test_progress_events_carry_the_plan_as_it_grows(
    base_plan: Plan, kb_services: Services, tmp_path: Path
) -> None:
    events: list[SectionEvent] = []
    plan = _writer(kb_services, tmp_path).write(base_plan, on_section=events.append)
    keys = section_keys(plan.skeleton)
    # per section: "writing", maybe "waiting" (a busy local model), then the outcome
    grouped: dict[str, list[str]] = {}
    for event in events:
        grouped.setdefault(event.key, []).append(event.status)
    assert list(grouped) == keys
    for statuses in grouped.values():
        assert statuses[0] == "writing" and statuses[-1] == "written"
        assert set(statuses[1:-1]) <= {"waiting"}
    outcomes = [e for e in events if e.status == "written"]
    assert [e.index for e in outcomes] == list(range(1, len(keys) + 1))
    assert all(e.total == len(keys) for e in events)
    for n, event in enumerate(outcomes, start=1):
        assert event.plan is not None and event.section is not None
        assert event.plan.skeleton == base_plan.skeleton  # every figure from the start
        assert [s.key for s in event.plan.sections] == keys[:n]
        assert event.section.key == event.key and event.section.status == "written"
        _assert_sources_consistent(event.plan)
    assert outcomes[-1].plan == plan.model_copy(update={"model": base_plan.model})


def test_a_model_error_marks_that_section_and_later_ones_missing(
    base_plan: Plan, kb_services: Services, tmp_path: Path
) -> None:
    writer = _writer(kb_services, tmp_path)
    model = fake_of(writer.backend)
    model.fail_with = TimeoutError("read timed out")
    plan = writer.write(base_plan)
    keys = section_keys(plan.skeleton)
    # the situation needs no model: written; the first prose section fails
    assert keys[:2] == ["situation", "channel:instagram"]
    assert plan.section("situation").status == "written"  # type: ignore[union-attr]
    assert plan.missing == keys[1:]
    failed = plan.section("channel:instagram")
    assert failed is not None and "TimeoutError: read timed out" in (failed.error or "")
    later = plan.section(keys[2])
    assert later is not None and "failed while writing 'Instagram'" in (later.error or "")
    assert len(model.received) == 1  # nothing more was sent after the failure
    assert plan.skeleton == base_plan.skeleton
    text = to_markdown(plan)
    assert "79.3%" in text  # the figures stay
    # the missing parts are written later; the written one is not sent again
    model.fail_with = None
    done = complete_plan(plan, writer.backend, writer.grounder)
    assert done.complete
    assert done.section("situation") == plan.section("situation")
    _assert_sources_consistent(done)


def test_without_a_knowledge_index_only_fixed_words_and_no_model_call(
    base_plan: Plan, tmp_path: Path
) -> None:
    backend = fake_backend(tmp_path)
    writer = PlanWriter(backend, None)
    plan = writer.write(base_plan)
    assert plan.complete
    assert {s.mode for s in plan.sections} == {"code"}
    assert writer.calls == 0 and fake_of(backend).received == []
    assert plan.sources == () and _cited(plan) == []
    assert plan.model is None
    assert _why(plan, "channel:instagram").startswith("Carries 79.3% of your reach")


def test_german_plan_has_german_prose_or_german_quotes(
    template_stats: StatsResult, kb_services: Services, tmp_path: Path
) -> None:
    inputs = make_inputs(goals=["community"], hours_per_week=12, language="de", start=START)
    backend = fake_backend(tmp_path)
    plan = make_plan(inputs, template_stats, backend, kb_services.grounder)
    assert plan.complete
    _assert_sources_consistent(plan)
    text = to_markdown(plan)
    assert "## 1. Ausgangslage" in text and "79,3 %" in text
    assert "Interaktionsrate: Instagram" in text  # community goal -> engagement KPI
    by_number = {s.number: s for s in plan.sources}
    for section in plan.sections:
        prose = _texts(section)[0]  # a channel's "why", the other parts' summary
        if section.mode == "model":  # the model's sentences passed the language check
            assert detect_language(CITE.sub("", prose), default="en") == "de", prose
        for quote, number in re.findall(r"„(.+?)“ \[(\d+)\]", prose):
            # a quote in another language is marked as such
            if by_number[int(number)].language != "de":
                assert f"“ [{number}] (englische Quelle)" in prose, (section.key, quote)
    # Instagram has German sources: its "why" cites German text only
    why = _why(plan, "channel:instagram")
    assert "(englische Quelle)" not in why
    cited = [by_number[int(n)] for n in CITE.findall(why)]
    assert cited and all(s.language == "de" for s in cited)


def test_an_english_reply_in_a_german_plan_is_replaced_by_a_german_quote(
    template_stats: StatsResult, kb_services: Services, tmp_path: Path
) -> None:
    inputs = make_inputs(goals=["reach"], hours_per_week=10, language="de", start=START)
    plan = skeleton_plan(inputs, template_stats)
    reply = "Organic reach on Instagram counts the accounts that saw a post without ads [1]."
    writer = _writer(kb_services, tmp_path, [reply])
    written = writer.write(plan, only=["channel:instagram"])
    section = written.section("channel:instagram")
    assert section is not None and section.mode == "evidence"
    assert "language" in (section.error or "")
    why = _why(written, "channel:instagram")
    assert "Organic reach" not in why
    assert "Aus den Quellen: „" in why and "(englische Quelle)" not in why
    assert written.sources[0].language == "de"
