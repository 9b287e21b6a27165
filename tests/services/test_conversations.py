"""Asking in a conversation, as the chat page and `channelwise ask --conversation` do."""

from __future__ import annotations

from pathlib import Path

import pytest

from channelwise.access import SHARED_WORKSPACE as SHARED
from channelwise.chat.answer import AnswerContext
from channelwise.chat.engine import build_chat_engine
from channelwise.db import StatsAttachment
from channelwise.errors import ChannelwiseError, ModelError
from channelwise.i18n import Bilingual
from channelwise.services import Services
from channelwise.services.conversations import (
    ask,
    ask_once,
    attach_stats,
    conversation_messages,
    title_for,
)
from tests.chat.conftest import fake_backend
from tests.services.conftest import fake


def test_question_then_answer_with_typed_citations_are_stored(services: Services) -> None:
    fake(services).responses = ["Double opt-in confirms the address by email [1][7]."]
    exchange = ask(services, "  What does double opt-in mean? ", actor=SHARED)
    conversation = exchange.conversation
    assert conversation.title == "What does double opt-in mean?"
    # stored before the model is asked
    assert [m.content for m in services.store.messages(conversation.id, owner=None)] == [
        "What does double opt-in mean?"
    ]
    stream = exchange.stream()
    composed = stream.prepared.grounding.composed  # ready before any token
    assert composed.citations[0].doc_id == "newsletter-basics.en"
    assert composed.citations[0].url == "https://example.org/newsletter"
    assert "".join(stream) == "Double opt-in confirms the address by email [1]."  # [7]: none
    saved = exchange.save(stream)
    _question, answer = conversation_messages(services, conversation.id, actor=SHARED)
    assert (answer.role, answer.content) == (
        "assistant",
        "Double opt-in confirms the address by email [1].",
    )
    assert answer == saved
    # the sources the text cites are stored, typed, with how the answer was made
    assert [c.number for c in answer.citations] == [1]
    first = answer.citations[0]
    assert (first.doc_id, first.heading) == ("newsletter-basics.en", "Double opt-in")
    assert first.sentence and first.sentence in first.excerpt
    assert answer.answer is not None
    assert (answer.answer.mode, answer.answer.provider) == ("model", "fake")


def test_a_failing_model_keeps_the_question_and_the_composed_answer(
    services: Services,
) -> None:
    fake(services).fail_with = RuntimeError("backend crashed")
    exchange = ask(services, "Wie oft sollte ein kleines Team auf TikTok posten?", actor=SHARED)
    stream = exchange.stream()
    composed = stream.prepared.grounding.composed
    list(stream)
    assert stream.error is not None
    assert "Sprachmodell ist ausgefallen" in stream.error.localized("de")
    assert stream.answer.mode == composed.mode == "evidence"
    assert stream.answer.check.fallback_reason == "model failed"
    exchange.save(stream)
    stored = services.store.messages(exchange.conversation.id, owner=None)
    assert [m.role for m in stored] == ["user", "assistant"]
    assert stored[0].content == "Wie oft sollte ein kleines Team auf TikTok posten?"
    assert stored[1].content == composed.text


def test_without_a_model_the_composed_answer_stands_and_the_error_says_what_to_set(
    without_model: Services,
) -> None:
    exchange = ask(without_model, "Was bedeutet Double-Opt-in beim Newsletter?", actor=SHARED)
    stream = exchange.stream()
    list(stream)
    assert stream.answer.mode == "evidence" and stream.answer.provider == "channelwise"
    error = stream.error
    assert isinstance(error, ModelError)
    assert error.localized("de").startswith("CHANNELWISE_LLM=openai braucht")
    assert "OPENAI_API_KEY" in error.localized("de")
    (conversation,) = without_model.store.list_conversations(owner=None)
    assert [m.content for m in without_model.store.messages(conversation.id, owner=None)] == [
        "Was bedeutet Double-Opt-in beim Newsletter?"
    ]


def test_a_follow_up_sees_the_history_and_the_attached_figures(
    services: Services, tmp_path: Path
) -> None:
    figures = StatsAttachment(
        ("Overview.csv",),
        Bilingual("Our Meta share of reach: 79.3%", "Unser Meta-Anteil: 79,3 %"),
        figures={"meta_share": 79.3, "basis": "reach", "platforms": 2},
    )
    fake(services).responses = ["Double opt-in confirms the address by email [1]."]
    first = ask(services, "What is double opt-in?", actor=SHARED, stats=figures)
    stream = first.stream()
    list(stream)
    first.save(stream)
    question = "And given our figures, should our newsletter sign-ups use it?"
    follow = ask(services, question, actor=SHARED, conversation_id=first.conversation.id)
    assert follow.conversation.id == first.conversation.id
    assert [(t.role, t.content) for t in follow.history] == [
        ("user", "What is double opt-in?"),
        ("assistant", "Double opt-in confirms the address by email [1]."),
    ]
    assert follow.stats_text == "Our Meta share of reach: 79.3%"
    assert follow.figures["meta_share"] == 79.3  # what playbook answers are tailored to
    # a remote model gets the figures as fenced data
    remote = build_chat_engine(fake_backend(tmp_path, remote=True), services.grounder)
    prepared = remote.prepare(
        question, follow.history, context=AnswerContext(stats=follow.stats_text)
    )
    assert prepared.messages is not None
    assert "<channel_stats>\nOur Meta share of reach: 79.3%\n</channel_stats>" in (
        prepared.messages[-1].text
    )


def test_figures_attached_later_reach_the_next_answer_in_the_page_language(
    services: Services,
) -> None:
    first = ask(services, "Wie abhängig sind wir von Meta?", actor=SHARED)
    attach_stats(
        services,
        first.conversation.id,
        StatsAttachment(("a.csv",), Bilingual("Meta share: 79.3%", "Meta-Anteil: 79,3 %")),
        actor=SHARED,
    )
    again = ask(
        services,
        "Und jetzt?",
        conversation_id=first.conversation.id,
        figures_lang="de",
        actor=SHARED,
    )
    assert again.stats_text == "Meta-Anteil: 79,3 %"


def test_unknown_conversation_starts_a_new_one_and_empty_questions_are_refused(
    services: Services,
) -> None:
    exchange = ask(services, "Hallo?", conversation_id="does-not-exist", actor=SHARED)
    assert exchange.conversation.id != "does-not-exist"
    with pytest.raises(ChannelwiseError) as empty:
        ask(services, "   ", actor=SHARED)
    assert empty.value.localized("de") == "Die Frage ist leer: Geben Sie zuerst eine Frage ein."
    assert len(services.store.list_conversations(owner=None)) == 1


def test_long_questions_make_short_titles() -> None:
    title = title_for(
        "Welche Plattformen eignen sich für ein kleines Team neben Instagram und TikTok?"
    )
    assert title == "Welche Plattformen eignen sich für ein kleines Team neben I…"
    assert len(title) == 60


def test_asking_once_answers_with_sources_and_stores_nothing(services: Services) -> None:
    """`channelwise ask` without --conversation: the same answer pipeline, no history, no
    rows; the question is cleaned as in a conversation."""
    fake(services).responses = ["Double opt-in confirms the address by email [1]."]
    stream = ask_once(services, " What does double\x07 opt-in mean?\n", lang="en")
    assert stream.prepared.question == "What does double opt-in mean?"
    assert "".join(stream) == "Double opt-in confirms the address by email [1]."
    answer = stream.answer
    assert (answer.mode, answer.provider) == ("model", "fake")
    assert [(c.number, c.doc_id) for c in answer.citations] == [(1, "newsletter-basics.en")]
    assert services.store.list_conversations(owner=None) == []


@pytest.mark.parametrize("question", ["", "   ", "\x00\x1b\n"])
def test_asking_once_refuses_an_empty_question(services: Services, question: str) -> None:
    with pytest.raises(ChannelwiseError) as err:
        ask_once(services, question)
    assert err.value.localized("de") == "Die Frage ist leer: Geben Sie zuerst eine Frage ein."
    assert fake(services).received == []
