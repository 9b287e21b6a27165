"""Quotes that fit where they stand, over the real knowledge base (``real_services``: every
document pair and the playbook, ingested once per test session).

The issue's plan: German, YouTube, TikTok, Facebook and a newsletter. Facebook's and the
newsletter's "why" quoted Instagram's posting rhythm, YouTube's "Instagram ist für kleine
Teams aufwendig", and the situation and AI parts sentences that only point to other
documents. Now every channel's quote is about that channel, no quote is a mere pointer and
no sentence is quoted twice. The model's replies fail the check on purpose, so every prose
section without a playbook sentence quotes.

Two versions of the plan: ``plan`` is written as the issue saw it, every channel's "why"
from the evidence (the channels' playbook entries taken out of
:data:`~channelwise.plans.playbook_link.CHANNEL_ENTRIES`); ``playbook_plan`` as users get it
now, each channel's "why" from its playbook entry, on the channel's own document.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from channelwise.plans import Plan, PlanWriter, make_inputs, skeleton_plan, to_markdown
from channelwise.plans.playbook_link import CHANNEL_ENTRIES
from channelwise.plans.quote_rules import (
    document_platform,
    only_points_elsewhere,
    platforms_named,
)
from channelwise.plans.records import ChannelDraft
from channelwise.plans.source_numbers import iter_strings
from channelwise.services import Services
from channelwise.stats import Platform
from tests.plans.conftest import START, analyze, fake_backend

EXPORTS = (
    "youtube/Tabellendaten (Excel).csv",
    "tiktok/Overview_2024-03-01_1711929600_beispiel.handle.zip",
    "meta/Facebook Beiträge Mär-01-2024_Mär-31-2024.csv",
    "newsletter/beehiiv_subscribers.csv",
)
#: What the issue saw quoted where it did not fit.
MISFITS = (
    "zwei bis drei Reels oder Karussells pro Woche",
    "Instagram ist für kleine Teams aufwendig",
    "Wie man daraus einen Plan macht",
)
QUOTE = re.compile(r"(?:„([^“]+)“|“([^”]+)”) \[(\d+)\]")
CITE = re.compile(r"\[(\d+)\]")
CHANNELS = ("youtube", "tiktok", "facebook", "newsletter")


def _quotes(plan: Plan) -> list[tuple[str, str, int]]:
    """(section key, quoted sentence, source number) for every quote in the plan."""
    found = []
    for section in plan.sections:
        assert section.content is not None
        for text in iter_strings(section.content.model_dump()):
            for de, en, number in QUOTE.findall(text):
                found.append((section.key, de or en, int(number)))
    return found


def _write(services: Services, tmp_path_factory: pytest.TempPathFactory) -> Plan:
    inputs = make_inputs(
        goals=["reach"],
        hours_per_week=12,
        language="de",
        start=START,
        avoid=["linkedin", "pinterest", "bluesky", "podcast"],  # no test channel: the four
    )
    skeleton = skeleton_plan(inputs, analyze(*EXPORTS))
    assert {c.platform for c in skeleton.skeleton.channels} == {
        Platform.YOUTUBE,
        Platform.TIKTOK,
        Platform.FACEBOOK,
        Platform.NEWSLETTER,
    }
    backend = fake_backend(tmp_path_factory.mktemp("model"), ["–"] * 20)  # fails every check
    return PlanWriter(backend, services.grounder).write(skeleton)


@pytest.fixture(scope="module")
def plan(real_services: Services, tmp_path_factory: pytest.TempPathFactory) -> Plan:
    """The issue's plan, every channel's "why" from the evidence: no channel has a playbook
    entry while it is written."""
    with pytest.MonkeyPatch.context() as patch:
        for platform in list(CHANNEL_ENTRIES):
            patch.delitem(CHANNEL_ENTRIES, platform)
        return _write(real_services, tmp_path_factory)


@pytest.fixture(scope="module")
def playbook_plan(real_services: Services, tmp_path_factory: pytest.TempPathFactory) -> Plan:
    """The issue's plan as users get it now: each channel's "why" from its playbook entry."""
    return _write(real_services, tmp_path_factory)


BOTH = pytest.mark.parametrize("which", ["plan", "playbook_plan"])


@BOTH
def test_the_issues_plan_quotes_nothing_that_does_not_fit(
    which: str, request: pytest.FixtureRequest
) -> None:
    plan: Plan = request.getfixturevalue(which)
    text = to_markdown(plan)
    assert plan.complete
    for misfit in MISFITS:
        assert misfit not in text


def test_every_channels_quote_is_about_that_channel(plan: Plan) -> None:
    quotes = _quotes(plan)
    by_number = {s.number: s for s in plan.sources}
    channels = [k for k, _, _ in quotes if k.startswith("channel:")]
    assert channels  # the channels do quote: the sources speak about them
    for key, sentence, number in quotes:
        if not key.startswith("channel:"):
            continue
        channel = Platform(key.split(":", 1)[1])
        named = platforms_named(sentence)
        source = by_number[number]
        # it names this channel first, or no channel at all and comes from its document
        assert named[:1] == [channel] or (
            not named and channel.label.lower() in (source.title.lower() + " " + source.doc_id)
        ), (key, sentence, source.title)


@BOTH
def test_no_quote_only_points_elsewhere_and_none_is_quoted_twice(
    which: str, request: pytest.FixtureRequest
) -> None:
    plan: Plan = request.getfixturevalue(which)
    quotes = _quotes(plan)
    assert quotes
    for key, sentence, _ in quotes:
        assert not only_points_elsewhere(sentence), (key, sentence)
        assert not re.search(r"\b(beschreib\w*|siehe|see|Details stehen)\b „", sentence)
    counts = Counter(sentence for _, sentence, _ in quotes)
    assert [s for s, n in counts.items() if n > 1] == []


def test_the_channels_speak_from_their_playbook_entries_on_their_own_documents(
    plan: Plan, playbook_plan: Plan
) -> None:
    """With the playbook, no channel quotes: each "why" holds its entry's sentences, every
    one cited to the channel's own document (never Instagram's, never another channel's)."""
    assert {s.key: s.mode for s in plan.sections if s.key.startswith("channel:")} == {
        f"channel:{c}": "evidence" for c in CHANNELS
    }
    assert {s.key: s.mode for s in playbook_plan.sections if s.key.startswith("channel:")} == {
        f"channel:{c}": "playbook" for c in CHANNELS
    }
    by_number = {s.number: s for s in playbook_plan.sources}
    for name in CHANNELS:
        section = playbook_plan.section(f"channel:{name}")
        assert section is not None and isinstance(section.content, ChannelDraft)
        why = section.content.why
        assert QUOTE.search(why) is None, why
        cited = [by_number[int(n)] for n in CITE.findall(why)]
        assert cited, why
        for source in cited:
            assert document_platform(source.title, source.doc_id) == Platform(name), source
            assert source.language == "de"
