"""A channel's "why" from the playbook, over the real knowledge base (``real_services``).

The plan: German, from every kind of export at once (Meta carries 75.0% of the reach), with
Instagram, YouTube, TikTok, LinkedIn, the website and a newsletter. Each channel's "why" holds
the sentences of its playbook entry (:data:`~channelwise.plans.playbook_link.CHANNEL_ENTRIES`)
that cite the channel's own document, in the variant the plan's figures choose, slots filled
by code, cited into the plan's sources; no model is asked for them. Without a model the plan
is still written; a channel without an entry takes the evidence path.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from channelwise.grounding.language import detect_language
from channelwise.i18n import Language
from channelwise.knowledge.sentences import split_sentences
from channelwise.plans import Plan, PlanWriter, make_inputs, skeleton_plan
from channelwise.plans.playbook_link import (
    CHANNEL_ENTRIES,
    MAX_SENTENCES,
    channel_sentences,
    plan_figures,
)
from channelwise.plans.quote_rules import document_platform, unmarked
from channelwise.plans.records import ChannelDraft, Section, section_keys
from channelwise.plans.section_queries import question
from channelwise.plans.source_numbers import iter_strings
from channelwise.services import Services
from channelwise.stats import Platform
from tests.plans.conftest import START, analyze, fake_backend, fake_of
from tests.plans.test_plan_language import EXPORTS, assert_one_language

CITE = re.compile(r"\[(\d+)\]")
QUOTE = re.compile(r"(?:„([^“]+)“|“([^”]+)”) \[(\d+)\]")
EVERYTHING = EXPORTS["everything at once"]
CHANNELS = ("instagram", "youtube", "tiktok", "linkedin", "website", "newsletter")
#: The entry's sentence on TikTok's own profile in its variant for a Meta share of 70% or
#: more (the default variant says "Ein wiederholbares Serienformat, …, passt am besten").
TIKTOK_EFFORT = (
    "Am besten passt ein wiederholbares Serienformat, das eine Person mit wenigen Stunden pro "
    "Woche trägt; die Kurzvideos lassen sich mit Anpassungen auch als Reels und Shorts nutzen"
)
TIKTOK_AUDIENCE = (
    "TikTok erreicht vor allem Jüngere, wächst aber auch in mittleren Altersgruppen; "
    "mindestens wöchentlich nutzen es 20 Prozent der Menschen ab 14 Jahren."
)


def _skeleton(language: Language = "de") -> Plan:
    inputs = make_inputs(goals=["reach"], hours_per_week=12, language=language, start=START)
    return skeleton_plan(inputs, analyze(*EVERYTHING))


def _why(plan: Plan, name: str) -> str:
    section = plan.section(f"channel:{name}")
    assert section is not None and isinstance(section.content, ChannelDraft)
    return section.content.why


def _prose(section: Section) -> str:
    """A section's prose field: a channel's "why", the other parts' summary."""
    assert section.content is not None
    data = section.content.model_dump()
    return str(data["why"] if "why" in data else data.get("summary", ""))


def _cited_sentences(plan: Plan) -> list[tuple[str, str]]:
    """(section key, sentence) for every sentence the plan cites: each quote, and each
    sentence that stands with a citation marker (a playbook or model sentence)."""
    found = []
    for section in plan.sections:
        assert section.content is not None
        for text in iter_strings(section.content.model_dump()):
            for de, en, _ in QUOTE.findall(text):
                found.append((section.key, de or en))
            rest = QUOTE.sub(" ", text)
            found += [(section.key, unmarked(s)) for s in split_sentences(rest) if CITE.search(s)]
    return found


def _assert_sources_consistent(plan: Plan) -> None:
    """Sources are numbered 1..n, every one is cited, every citation has its source."""
    cited = {
        int(n)
        for s in plan.sections
        if s.content is not None
        for text in iter_strings(s.content.model_dump())
        for n in CITE.findall(text)
    }
    assert [s.number for s in plan.sources] == list(range(1, len(plan.sources) + 1))
    assert cited == set(range(1, len(plan.sources) + 1))


@pytest.fixture(scope="module")
def writer(real_services: Services, tmp_path_factory: pytest.TempPathFactory) -> PlanWriter:
    """The factory's fake model (it restates its evidence: that passes the check)."""
    return PlanWriter(fake_backend(tmp_path_factory.mktemp("model")), real_services.grounder)


@pytest.fixture(scope="module")
def skeleton() -> Plan:
    return _skeleton()


@pytest.fixture(scope="module")
def plan(writer: PlanWriter, skeleton: Plan) -> Plan:
    return writer.write(skeleton)


@pytest.fixture(scope="module")
def modelless(real_services: Services, skeleton: Plan) -> Plan:
    return PlanWriter(None, real_services.grounder).write(skeleton)


# --- the plan's figures as playbook slots -------------------------------------------------


def test_plan_figures_are_the_situations_figures_in_percent_points() -> None:
    """Every kind of export at once: reach YouTube 4,210, Instagram 19,600, newsletter 2,
    website 2,310 (26,122 in all); TikTok has followers only (+0.6%), LinkedIn nothing."""
    plan = _skeleton()
    situation = plan.skeleton.situation
    assert situation.meta_reach_share == pytest.approx(19_600 / 26_122)
    assert plan_figures(plan) == {
        "meta_share": 75.0,  # 19,600 / 26,122 = 75.03%
        "owned_share": 8.9,  # (2,310 + 2) / 26,122 = 8.85%
        "hhi": 5968,  # 10,000 × (0.1612² + 0.7503² + 0.0884² + 0.0001²) = 5,967.8
        "concentration": "dominant",
        "top_platform": "Instagram",
        "top_share": 75.0,
        "fastest_platform": "TikTok",
        "fastest_growth": 0.6,  # followers +0.6% (relative growth 0.006)
        "platforms": 6,  # LinkedIn and TikTok count without a share of reach
    }


@pytest.mark.parametrize(
    ("exports", "figures"),
    [
        (
            ("generic/template_filled.csv",),
            {
                "meta_share": 79.3,  # Instagram 48,000 of 60,500
                "owned_share": 13.2,  # newsletter 2,900 + website 5,100
                "hhi": 6444,
                "concentration": "dominant",
                "top_platform": "Instagram",
                "top_share": 79.3,
                "fastest_platform": None,
                "fastest_growth": None,
                "platforms": 4,
            },
        ),
        (
            ("generic/vorlage_ausgefuellt.csv",),
            {
                "meta_share": 41.1,  # Facebook
                "owned_share": 0.0,
                "hhi": 5159,
                "concentration": "dominant",
                "top_platform": "YouTube",
                "top_share": 58.9,
                "fastest_platform": None,
                "fastest_growth": None,
                "platforms": 2,
            },
        ),
        (
            ("tiktok/Followers_2024-03-01_1711929600_beispiel.handle.zip",),
            {
                "meta_share": None,  # followers only: no share of reach, no band
                "owned_share": None,
                "hhi": None,
                "concentration": None,
                "top_platform": None,
                "top_share": None,
                "fastest_platform": "TikTok",
                "fastest_growth": 0.6,
                "platforms": 1,
            },
        ),
        (
            ("tiktok/Content_2024-03-01_1711929600_beispiel.handle.zip",),
            {  # per-video figures only: no channel, nothing to fill
                "meta_share": None,
                "owned_share": None,
                "hhi": None,
                "concentration": None,
                "top_platform": None,
                "top_share": None,
                "fastest_platform": None,
                "fastest_growth": None,
                "platforms": None,
            },
        ),
    ],
)
def test_plan_figures_from_other_exports(
    exports: tuple[str, ...], figures: dict[str, object]
) -> None:
    inputs = make_inputs(goals=["reach"], hours_per_week=12, language="de", start=START)
    assert plan_figures(skeleton_plan(inputs, analyze(*exports))) == figures


def test_a_plan_from_answers_alone_fills_no_slot_but_the_platform_count() -> None:
    inputs = make_inputs(
        goals=["reach"],
        hours_per_week=12,
        start=START,
        current_audience={"instagram": 5000, "newsletter": 800},
    )
    figures = plan_figures(skeleton_plan(inputs, None))
    assert figures == {k: None for k in figures} | {"platforms": 2}


# --- the channel's sentences: the variant the figures choose ------------------------------


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ({"meta_share": 75.0}, [(TIKTOK_EFFORT + ".", "Aufwand für kleine Teams")]),
        (
            {"meta_share": 50.0},
            [
                (TIKTOK_AUDIENCE, "Zielgruppe"),
                (
                    "Ein wiederholbares Serienformat, das eine Person mit wenigen Stunden pro "
                    "Woche trägt, passt am besten; die Videos lassen sich mit Anpassungen auch "
                    "als Reels und Shorts nutzen.",
                    "Aufwand für kleine Teams",
                ),
            ],
        ),
        ({"meta_share": 10.2}, [(TIKTOK_AUDIENCE, "Zielgruppe")]),
        (
            {"meta_share": None},  # no share of reach: the default variant
            [
                (TIKTOK_AUDIENCE, "Zielgruppe"),
                (
                    "Ein wiederholbares Serienformat, das eine Person mit wenigen Stunden pro "
                    "Woche trägt, passt am besten; die Kurzvideos lassen sich mit Anpassungen "
                    "auch als Reels und Shorts nutzen.",
                    "Aufwand für kleine Teams",
                ),
            ],
        ),
    ],
)
def test_tiktoks_sentences_follow_the_meta_share_and_rest_on_tiktoks_profile(
    real_services: Services,
    figures: dict[str, float | None],
    expected: list[tuple[str, str]],
) -> None:
    """Only the sentences citing ``platform-tiktok``: the ones citing the method document
    (with the Meta share in them) stay out of TikTok's section."""
    found = channel_sentences(real_services.grounder, Platform.TIKTOK, "de", figures)
    assert [(text, c.heading) for text, c in found] == expected
    assert {(c.doc_id, c.title, c.language) for _, c in found} == {
        ("platform-tiktok.de", "TikTok: Plattformprofil", "de")
    }


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("channel", sorted(CHANNEL_ENTRIES, key=lambda p: p.value))
def test_every_channel_entry_has_sentences_on_the_channels_own_document(
    real_services: Services, channel: Platform, language: Language
) -> None:
    """The link between plans and the playbook holds for every channel with an entry: the
    entry exists, and its default variant has 1-2 sentences citing the channel's document,
    in the plan's language."""
    found = channel_sentences(real_services.grounder, channel, language, {})
    assert 1 <= len(found) <= MAX_SENTENCES, CHANNEL_ENTRIES[channel]
    for text, citation in found:
        assert document_platform(citation.title, citation.doc_id) == channel, text
        assert citation.language == language and citation.doc_id.endswith(f".{language}")


def test_only_other_has_no_entry_and_gets_no_sentence(real_services: Services) -> None:
    assert set(Platform) - set(CHANNEL_ENTRIES) == {Platform.OTHER}
    assert channel_sentences(real_services.grounder, Platform.OTHER, "de", {}) == []


# --- the plan ---------------------------------------------------------------------------


def test_tiktoks_why_is_the_playbooks_sentence_on_tiktoks_own_profile(
    plan: Plan, real_services: Services
) -> None:
    section = plan.section("channel:tiktok")
    assert section is not None and section.status == "written"
    assert section.mode == "playbook" and section.error is None
    [source] = [s for s in plan.sources if s.doc_id.startswith("platform-tiktok.")]
    assert (source.doc_id, source.title, source.heading, source.language) == (
        "platform-tiktok.de",
        "TikTok: Plattformprofil",
        "Aufwand für kleine Teams",
        "de",
    )
    # the fixed reason, then the entry's sentence for a high Meta share, cited by code
    assert _why(plan, "tiktok") == (
        f"Passt zu Ihren Zielen: Reichweite. {TIKTOK_EFFORT} [{source.number}]."
    )
    assert detect_language(CITE.sub("", _why(plan, "tiktok")), default="en") == "de"
    # the sentence is the entry's own, in the variant for Meta at 75.0%, citing TikTok's profile
    entry = real_services.grounder.snapshot().playbook[CHANNEL_ENTRIES[Platform.TIKTOK]]
    assert entry.entry_id == "shift-effort-to-tiktok"
    sentences = entry.variant({"meta_share": 75.0}).sentences["de"]
    assert [s.cite for s in sentences if s.text == TIKTOK_EFFORT + "."] == [
        "platform-tiktok: Effort"
    ]


def test_the_meta_share_is_filled_in_by_code_under_instagram(plan: Plan) -> None:
    """keep-instagram's sentence on Instagram's risks names the plan's Meta share."""
    [source] = [s for s in plan.sources if s.doc_id == "platform-instagram.de"]
    assert source.heading == "Risiken"
    n = source.number
    assert _why(plan, "instagram") == (
        "Eine Meta-Plattform: Die organische Reichweite hängt von den Entscheidungen eines "
        "Konzerns ab. 75 % Ihrer Reichweite kommt über Meta, Sie hängen also von Metas Ranking "
        "ab: Wird mehr als die Hälfte des Gesehenen auf Instagram empfohlen, erreicht ein "
        f"Account selbst seine Follower kaum noch zuverlässig [{n}]. Überführen Sie Kontakte "
        "deshalb in eigene Kanäle wie einen Newsletter, denn Konten können ohne Vorwarnung "
        f"eingeschränkt oder gesperrt werden [{n}]."
    )


def test_every_channel_speaks_from_its_own_document_and_asks_no_model(
    plan: Plan, writer: PlanWriter, skeleton: Plan
) -> None:
    modes = {s.key: s.mode for s in plan.sections}
    assert modes == {
        "situation": "evidence",
        **{f"channel:{c}": "playbook" for c in CHANNELS},
        "owned": "model",  # no entry: the fake's restated evidence passed the check
        "content": "evidence",
        "ai": "evidence",
        "timeline": "code",
        "risks": "code",
    }
    # one model call, for the owned part (it has no entry); none for a channel
    assert writer.backend is not None and writer.calls == 1
    (messages,) = fake_of(writer.backend).received
    assert question("owned", "de") in messages[-1].text
    assert plan.model == writer.backend.label
    by_number = {s.number: s for s in plan.sources}
    for name in CHANNELS:
        cited = [by_number[int(n)] for n in CITE.findall(_why(plan, name))]
        assert cited, name
        assert {document_platform(s.title, s.doc_id) for s in cited} == {Platform(name)}
        assert {s.language for s in cited} == {"de"}
    assert plan.complete and plan.skeleton == skeleton.skeleton  # no figure changed
    _assert_sources_consistent(plan)
    assert_one_language(plan)


def test_no_sentence_is_cited_twice_in_the_plan(plan: Plan) -> None:
    cited = _cited_sentences(plan)
    assert len(cited) >= len(CHANNELS)
    counts = Counter(sentence for _, sentence in cited)
    assert [s for s, n in counts.items() if n > 1] == []
    for key, sentence in cited:
        inside = [k for k, other in cited if k != key and sentence in other]
        assert inside == [], (key, sentence)


# --- without a model ----------------------------------------------------------------------


def test_without_a_model_the_plan_is_written_from_the_playbook_and_quotes(
    modelless: Plan, plan: Plan
) -> None:
    assert modelless.complete and modelless.missing == []
    assert [s.key for s in modelless.sections] == section_keys(modelless.skeleton)
    assert all(s.status == "written" and s.error is None for s in modelless.sections)
    assert modelless.model is None
    modes = {s.key: s.mode for s in modelless.sections}
    assert modes == {
        "situation": "evidence",
        **{f"channel:{c}": "playbook" for c in CHANNELS},
        "owned": "evidence",  # the best evidence sentence, quoted, instead of the model's
        "content": "evidence",
        "ai": "evidence",
        "timeline": "code",
        "risks": "code",
    }
    for section in modelless.sections:
        if section.mode in ("playbook", "evidence"):
            prose = _prose(section)
            assert CITE.search(prose), (section.key, prose)  # fixed words and a cited source
    # the playbook needs no model: every channel's "why" is the one written with a model
    for name in CHANNELS:
        assert _why(modelless, name) == _why(plan, name)
    owned = modelless.section("owned")
    assert owned is not None and _prose(owned).startswith(
        "Ein eigener Kanal hält Ihre Zielgruppe erreichbar, egal was eine Plattform "
        "entscheidet. Aus den Quellen: „"
    )
    _assert_sources_consistent(modelless)
    assert_one_language(modelless)


def test_an_english_plan_cites_tiktoks_english_profile(real_services: Services) -> None:
    plan = PlanWriter(None, real_services.grounder).write(_skeleton("en"), only=["channel:tiktok"])
    section = plan.section("channel:tiktok")
    assert section is not None and section.mode == "playbook"
    assert _why(plan, "tiktok") == (
        "Fits your goals: reach. A repeatable series format that one person can carry in a few "
        "hours a week works best; the short videos can be reused, with adjustments, as Reels "
        "and Shorts [1]."
    )
    [source] = plan.sources
    assert (source.doc_id, source.heading, source.language) == (
        "platform-tiktok.en",
        "Effort for a small team",
        "en",
    )


# --- a channel without an entry -----------------------------------------------------------


@pytest.mark.parametrize("entry", [None, "no-such-entry"])
def test_a_channel_without_a_playbook_entry_quotes_its_evidence(
    real_services: Services, monkeypatch: pytest.MonkeyPatch, entry: str | None
) -> None:
    """No entry for TikTok (or one the playbook does not hold): the evidence path, a quote
    about TikTok from its own document."""
    if entry is None:
        monkeypatch.delitem(CHANNEL_ENTRIES, Platform.TIKTOK)
    else:
        monkeypatch.setitem(CHANNEL_ENTRIES, Platform.TIKTOK, entry)
    plan = PlanWriter(None, real_services.grounder).write(_skeleton(), only=["channel:tiktok"])
    section = plan.section("channel:tiktok")
    assert section is not None and section.status == "written"
    assert section.mode == "evidence" and section.error is None
    assert _why(plan, "tiktok") == (
        "Passt zu Ihren Zielen: Reichweite. Aus den Quellen: „TikTok verlangt von kleinen Teams "
        "vor allem Frequenz und Tempo.“ [1]"
    )
    [source] = plan.sources
    assert (source.doc_id, source.heading, source.language) == (
        "platform-tiktok.de",
        "Aufwand für kleine Teams",
        "de",
    )
