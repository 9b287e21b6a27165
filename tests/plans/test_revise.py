"""Revisions change what they should, keep the rest, and make a new version."""

from __future__ import annotations

from pathlib import Path

import pytest

from channelwise.plans import (
    Plan,
    PlanInputError,
    RevisionError,
    complete_plan,
    make_inputs,
    parse_request,
    revise,
    skeleton_plan,
    write_narrative,
)
from channelwise.plans.records import PlanInputs
from channelwise.services import Services
from channelwise.stats import Platform
from tests.plans.conftest import START, analyze, fake_backend


@pytest.fixture
def written(kb_services: Services, tmp_path: Path) -> Plan:
    """20 h a week: Instagram, X, website, newsletter and a YouTube test; narrative written."""
    inputs = make_inputs(goals=["reach"], hours_per_week=20, language="en", start=START)
    plan = skeleton_plan(inputs, analyze("generic/template_filled.csv"))
    backend = fake_backend(tmp_path)
    return write_narrative(plan, backend, kb_services.grounder)


@pytest.mark.parametrize(
    ("request_text", "changes"),
    [
        ("more ambitious", {"ambition": "ambitious"}),
        ("Bitte ehrgeiziger!", {"ambition": "ambitious"}),
        ("less ambitious please", {"ambition": "cautious"}),
        ("no TikTok", {"avoid": (Platform.TIKTOK,)}),
        ("kein TikTok und ohne Facebook", {"avoid": (Platform.TIKTOK, Platform.FACEBOOK)}),
        ("add LinkedIn", {"keep": (Platform.LINKEDIN,)}),
        ("only 5 hours a week", {"hours_per_week": 5.0}),
        ("nur 7,5 Stunden pro Woche", {"hours_per_week": 7.5}),
        ("Budget 1.500 €", {"budget_per_month": 1500.0}),
        ("focus on community", {"goals": ("community",)}),
        ("auf Deutsch", {"language": "de"}),
    ],
)
def test_requests_are_understood(request_text: str, changes: dict[str, object]) -> None:
    inputs = PlanInputs(goals=("reach",), hours_per_week=10)
    assert parse_request(request_text, inputs).changes == changes


def test_unknown_request_says_what_works() -> None:
    with pytest.raises(RevisionError) as info:
        parse_request("make it pop", PlanInputs())
    assert "more ambitious" in str(info.value) and "kein TikTok" in info.value.localized("de")


def test_more_ambitious_changes_targets_and_keeps_the_rest(written: Plan) -> None:
    revised = revise(written, "more ambitious")
    assert revised.version == written.version + 1 and revised.id == written.id
    assert revised.revision_request == "more ambitious"
    assert revised.inputs.ambition == "ambitious"
    assert revised.inputs.model_dump(exclude={"ambition"}) == written.inputs.model_dump(
        exclude={"ambition"}
    )
    ig = revised.skeleton.channel(Platform.INSTAGRAM)
    assert ig is not None and ig.target_share == pytest.approx(48_000 / 60_500 * 0.7)
    assert revised.skeleton.situation == written.skeleton.situation
    assert revised.skeleton.start == written.skeleton.start
    # ambitious tests two channels: TikTok is new and has to be written, and the situation,
    # which says what the plan does with each channel; the rest is kept
    assert revised.missing == ["situation", "channel:tiktok"]
    for key in ("channel:instagram", "owned", "content", "ai", "timeline", "risks"):
        assert revised.section(key) == written.section(key) or _same_text(revised, written, key)


def _same_text(a: Plan, b: Plan, key: str) -> bool:
    """Equal up to source renumbering."""
    import re

    sa, sb = a.section(key), b.section(key)
    assert sa is not None and sb is not None and sa.content and sb.content
    strip = lambda s: re.sub(r"\[\d+\]", "", s)  # noqa: E731
    return strip(sa.content.model_dump_json()) == strip(sb.content.model_dump_json())


def test_no_youtube_removes_the_channel_and_tests_another(
    written: Plan, kb_services: Services, tmp_path: Path
) -> None:
    assert written.skeleton.channel(Platform.YOUTUBE) is not None
    revised = revise(written, "no YouTube")
    assert Platform.YOUTUBE in revised.inputs.avoid
    assert revised.skeleton.channel(Platform.YOUTUBE) is None
    assert revised.section("channel:youtube") is None
    # the situation text said the plan tests YouTube: it is rewritten too
    assert revised.missing == ["situation", "channel:tiktok"]
    backend = fake_backend(tmp_path)
    done = complete_plan(revised, backend, kb_services.grounder)
    assert done.complete and done.version == revised.version
    numbers = [s.number for s in done.sources]
    assert numbers == list(range(1, len(numbers) + 1))


def test_only_five_hours(written: Plan) -> None:
    revised = revise(written, "only 5 hours a week")
    assert revised.inputs.hours_per_week == 5
    assert revised.skeleton.hours_used <= 5
    assert revised.skeleton.channel(Platform.YOUTUBE) is None  # no time for a test
    assert revised.inputs.goals == written.inputs.goals


def test_language_switch_rewrites_everything(written: Plan) -> None:
    revised = revise(written, "in German please")
    assert revised.language == "de"
    assert set(revised.missing) == {s.key for s in revised.sections}
    assert revised.sources == ()


def test_revision_into_a_contradiction_is_refused(written: Plan) -> None:
    keep = make_inputs(goals=["reach"], hours_per_week=10, keep=["tiktok"])
    plan = skeleton_plan(keep, analyze("generic/template_filled.csv"))
    revised = revise(plan, "no TikTok")  # avoiding a kept platform moves it, no contradiction
    assert Platform.TIKTOK in revised.inputs.avoid and Platform.TIKTOK not in revised.inputs.keep
    with pytest.raises(PlanInputError, match="0 hours a week"):
        revise(written, "only 0 hours a week")
