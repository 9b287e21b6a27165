"""The model's narrative: validated, cited, retried or repaired, never trusted for figures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from channelwise.plans import (
    Plan,
    SectionEvent,
    complete_plan,
    make_plan,
    section_keys,
    to_markdown,
    write_narrative,
)
from channelwise.plans.validate import iter_strings
from channelwise.services import Services
from channelwise.stats import StatsResult
from tests.plans.conftest import fake_backend, fake_of

CITE = re.compile(r"\[(\d+)\]")


def _cited(plan: Plan) -> list[int]:
    return [
        int(n)
        for s in plan.sections
        if s.content is not None
        for text in iter_strings(s.content.model_dump())
        for n in CITE.findall(text)
    ]


def test_fake_model_plan_is_complete_with_valid_citations_and_exact_figures(
    base_plan: Plan, kb_services: Services, tmp_path: Path
) -> None:
    backend = fake_backend(tmp_path)
    events: list[SectionEvent] = []
    plan = write_narrative(base_plan, backend, kb_services.retriever, on_section=events.append)
    assert plan.complete and plan.missing == []
    assert [s.key for s in plan.sections] == section_keys(plan.skeleton)
    assert all(s.status == "written" for s in plan.sections)
    # figures only from the skeleton: the narrative did not change a single one
    assert plan.skeleton == base_plan.skeleton
    # every citation maps to a retrieved passage; sources are numbered 1..n, all cited
    cited = _cited(plan)
    assert cited and set(cited) == set(range(1, len(plan.sources) + 1))
    assert [s.number for s in plan.sources] == list(range(1, len(plan.sources) + 1))
    fixture_urls = {
        "https://example.org/impressum",
        "https://example.org/newsletter",
        "https://example.org/instagram",
        "https://example.org/tiktok",
    }
    assert {s.url for s in plan.sources} <= fixture_urls
    # progress: one "writing" and one outcome per section, in order
    keys = section_keys(plan.skeleton)
    assert [(e.key, e.status) for e in events] == [
        (k, status) for k in keys for status in ("writing", "written")
    ]
    assert events[-1].index == events[-1].total == len(keys)
    # the prompt fences data and ends with the JSON draft
    first = fake_of(backend).received[0][-1].text
    assert "<sources>" in first and "<plan>" in first
    assert json.loads(first.splitlines()[-1])["summary"]


def test_every_prompt_cites_only_its_own_passages(
    base_plan: Plan, kb_services: Services, tmp_path: Path
) -> None:
    backend = fake_backend(tmp_path)
    write_narrative(base_plan, backend, kb_services.retriever)
    for messages in fake_of(backend).received:
        prompt = messages[-1].text
        ids = {int(n) for n in re.findall(r'<source id="(\d+)"', prompt)}
        draft = prompt.splitlines()[-1]
        assert {int(n) for n in CITE.findall(draft)} <= ids


def _reply(**fields: object) -> str:
    return json.dumps(fields)


def test_invalid_reply_is_retried_with_the_error(base_plan: Plan, tmp_path: Path) -> None:
    backend = fake_backend(
        tmp_path, responses=["Sure! Here is the plan.", _reply(summary="Diversify step by step.")]
    )
    plan = write_narrative(base_plan, backend, None, only=["situation"])
    section = plan.section("situation")
    assert section is not None and section.status == "written"
    assert section.content is not None and section.content.kind == "situation"
    assert section.content.summary == "Diversify step by step."
    received = fake_of(backend).received
    assert len(received) == 2
    assert "the reply is not a JSON object" in received[1][-1].text


def test_invented_figures_and_citations_are_repaired(base_plan: Plan, tmp_path: Path) -> None:
    bad = _reply(summary="Your reach will grow by 42% next month. Keep posting [7]. Stay calm.")
    backend = fake_backend(tmp_path, responses=[bad, bad])
    plan = write_narrative(base_plan, backend, None, only=["situation"])
    section = plan.section("situation")
    assert section is not None and section.status == "repaired"
    assert section.content is not None and section.content.kind == "situation"
    # the sentence with the invented figure is gone, the citation to nothing is gone
    assert section.content.summary == "Keep posting. Stay calm."
    retry = fake_of(backend).received[1][-1].text
    assert "writes figures that are not in <plan> (42)" in retry
    assert "cites [7] but the sources are none" in retry


def test_figures_from_the_plan_are_allowed(base_plan: Plan, tmp_path: Path) -> None:
    ok = _reply(summary="Instagram carries 79.3% of your reach, so the plan moves effort.")
    plan = write_narrative(
        base_plan, fake_backend(tmp_path, responses=[ok]), None, only=["situation"]
    )
    assert plan.section("situation").status == "written"  # type: ignore[union-attr]


def test_unusable_replies_leave_the_section_missing(base_plan: Plan, tmp_path: Path) -> None:
    backend = fake_backend(tmp_path, responses=["no json", "still no json"])
    plan = write_narrative(base_plan, backend, None, only=["situation"])
    assert plan.missing[0] == "situation"
    assert plan.section("situation").status == "missing"  # type: ignore[union-attr]
    section = plan.section("situation")
    assert section is not None and "also after a retry" in (section.error or "")
    text = to_markdown(plan)
    assert "⚠ Missing: “Situation” could not be written" in text
    assert "79.3%" in text  # the figures stay


def test_model_failure_mid_plan_keeps_the_skeleton_and_names_the_missing_part(
    base_plan: Plan, tmp_path: Path
) -> None:
    backend = fake_backend(tmp_path)
    model = fake_of(backend)

    def fail_after_two(event: SectionEvent) -> None:
        if event.status == "written" and event.index == 2:
            model.fail_with = TimeoutError("read timed out")

    plan = write_narrative(base_plan, backend, None, on_section=fail_after_two)
    keys = section_keys(plan.skeleton)
    assert [s.key for s in plan.sections if s.status == "written"] == keys[:2]
    assert plan.missing == keys[2:]
    failed = plan.section(keys[2])
    assert failed is not None and "TimeoutError: read timed out" in (failed.error or "")
    later = plan.section(keys[3])
    assert later is not None and "failed while writing 'X (Twitter)'" in (later.error or "")
    assert plan.skeleton == base_plan.skeleton
    assert len(model.received) == 3  # nothing more was sent after the failure
    # the missing parts are written later, the written ones are not sent again
    model.fail_with = None
    done = complete_plan(plan, backend, None)
    assert done.complete
    assert len(model.received) == 3 + len(keys) - 2


def test_plan_in_german_with_the_fake_model(
    template_stats: StatsResult, kb_services: Services, tmp_path: Path
) -> None:
    from channelwise.plans import make_inputs

    inputs = make_inputs(goals=["community"], hours_per_week=12, language="de")
    plan = make_plan(inputs, template_stats, fake_backend(tmp_path), kb_services.retriever)
    assert plan.complete
    text = to_markdown(plan)
    assert "## 1. Ausgangslage" in text and "79,3 %" in text
    assert "Interaktionsrate: Instagram" in text  # community goal -> engagement KPI
    assert "siehe:" in text


@pytest.mark.parametrize(
    "reply",
    ['```json\n{"summary": "Fenced reply."}\n```', 'Here: {"summary": "Chatty reply.",} thanks'],
)
def test_json_is_found_in_fences_and_chatter(base_plan: Plan, tmp_path: Path, reply: str) -> None:
    plan = write_narrative(
        base_plan, fake_backend(tmp_path, responses=[reply]), None, only=["situation"]
    )
    assert plan.section("situation").status == "written"  # type: ignore[union-attr]
