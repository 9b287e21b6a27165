"""Quotes that fit where they stand, over the real knowledge base.

The issue's plan: German, YouTube, TikTok, Facebook and a newsletter. Facebook's and the
newsletter's "why" quoted Instagram's posting rhythm, YouTube's "Instagram ist für kleine
Teams aufwendig", and the situation and AI parts sentences that only point to other
documents. Now every channel's quote is about that channel, no quote is a mere pointer and
no sentence is quoted twice. The model's replies fail the check on purpose, so every prose
section quotes.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from channelwise.plans import Plan, PlanWriter, make_inputs, skeleton_plan, to_markdown
from channelwise.plans.quote_rules import only_points_elsewhere, platforms_named
from channelwise.plans.registry import iter_strings
from channelwise.services import Services, build_services, ingest
from channelwise.stats import Platform
from tests.conftest import make_settings
from tests.plans.conftest import START, analyze, evidence_engine, fake_backend

REAL_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
#: The documents of the real knowledge base that compete for this plan's sections: the four
#: channels' profiles, Instagram's (whose sentences were quoted for the others), owned
#: channels, the history and method documents with their pointer sentences, AI and content.
REAL_DOCUMENTS = (
    "platform-instagram.",
    "platform-facebook.",
    "platform-youtube.",
    "platform-tiktok.",
    "owned-",
    "meta-organic-reach-history.",
    "diversification-",
    "ai-",
    "content-strategy-",
    "germany-platform-usage.",
)
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


@pytest.fixture(scope="module")
def real_kb(tmp_path_factory: pytest.TempPathFactory) -> Services:
    """The real knowledge base's documents for this plan, ingested once for this module."""
    root = tmp_path_factory.mktemp("real-kb")
    knowledge = root / "knowledge"
    knowledge.mkdir()
    for path in sorted(REAL_KNOWLEDGE.glob("*.md")):
        if path.name.startswith(REAL_DOCUMENTS):
            shutil.copy(path, knowledge / path.name)
    assert len(list(knowledge.iterdir())) >= 12
    settings = make_settings(root / "data", knowledge)
    ingest(settings)
    return build_services(settings)


def _quotes(plan: Plan) -> list[tuple[str, str, int]]:
    """(section key, quoted sentence, source number) for every quote in the plan."""
    found = []
    for section in plan.sections:
        assert section.content is not None
        for text in iter_strings(section.content.model_dump()):
            for de, en, number in QUOTE.findall(text):
                found.append((section.key, de or en, int(number)))
    return found


@pytest.fixture(scope="module")
def plan(real_kb: Services, tmp_path_factory: pytest.TempPathFactory) -> Plan:
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
    return PlanWriter(backend, evidence_engine(real_kb, backend)).write(skeleton)


def test_the_issues_plan_quotes_nothing_that_does_not_fit(plan: Plan) -> None:
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


def test_no_quote_only_points_elsewhere_and_none_is_quoted_twice(plan: Plan) -> None:
    quotes = _quotes(plan)
    assert quotes
    for key, sentence, _ in quotes:
        assert not only_points_elsewhere(sentence), (key, sentence)
        assert not re.search(r"\b(beschreib\w*|siehe|see|Details stehen)\b „", sentence)
    counts = Counter(sentence for _, sentence, _ in quotes)
    assert [s for s, n in counts.items() if n > 1] == []
