"""Asking in a conversation, as the chat page and `channelwise ask --conversation` do."""

from __future__ import annotations

import pytest

from channelwise.db import StatsAttachment
from channelwise.errors import ChannelwiseError, ModelError
from channelwise.services import Services
from channelwise.services.conversations import ask, attach_stats, title_for
from tests.services.conftest import fake


def test_question_then_answer_with_typed_citations_are_stored(services: Services) -> None:
    fake(services).responses = ["Confirm the address by email first [1][7]."]
    exchange = ask(services, "  What does double opt-in mean? ")
    conversation = exchange.conversation
    assert conversation.title == "What does double opt-in mean?"
    # stored before the model is asked
    assert [m.content for m in services.store.messages(conversation.id)] == [
        "What does double opt-in mean?"
    ]
    stream = exchange.stream()
    assert stream.sources[0].url == "https://example.org/newsletter"  # known before any token
    assert "".join(stream) == "Confirm the address by email first [1]."
    saved = exchange.save(stream)
    _question, answer = services.store.messages(conversation.id)
    assert (answer.role, answer.content) == ("assistant", "Confirm the address by email first [1].")
    assert answer == saved
    assert [(c.number, c.doc_id, c.url) for c in answer.citations] == [
        (1, "newsletter-basics.en", "https://example.org/newsletter")
    ]


def test_a_failing_model_keeps_the_question(services: Services) -> None:
    fake(services).fail_with = RuntimeError("backend crashed")
    exchange = ask(services, "Wie oft sollte ein kleines Team auf TikTok posten?")
    stream = exchange.stream()
    with pytest.raises(ModelError) as failure:
        list(stream)
    assert "Ihre Frage ist gespeichert" in failure.value.localized("de")
    stored = services.store.messages(exchange.conversation.id)
    assert [(m.role, m.content) for m in stored] == [
        ("user", "Wie oft sollte ein kleines Team auf TikTok posten?")
    ]


def test_without_a_model_the_question_is_kept_and_the_error_says_what_to_set(
    without_model: Services,
) -> None:
    exchange = ask(without_model, "Was ist ein Newsletter?")
    with pytest.raises(ModelError) as failure:
        exchange.stream()
    assert "OPENAI_API_KEY" in failure.value.localized("de")
    assert failure.value.localized("de").startswith("CHANNELWISE_LLM=openai braucht")
    (conversation,) = without_model.store.list_conversations()
    assert [m.content for m in without_model.store.messages(conversation.id)] == [
        "Was ist ein Newsletter?"
    ]


def test_a_follow_up_sees_the_history_and_the_attached_figures(services: Services) -> None:
    figures = StatsAttachment(("Overview.csv",), "Meta share of reach: 79.3%", "Meta: 79,3 %")
    fake(services).responses = ["A confirmed sign-up [1]."]
    first = ask(services, "What is double opt-in?", stats=figures)
    stream = first.stream()
    list(stream)
    first.save(stream)
    follow = ask(services, "And is it required?", conversation_id=first.conversation.id)
    assert follow.conversation.id == first.conversation.id
    assert [(t.role, t.content) for t in follow.history] == [
        ("user", "What is double opt-in?"),
        ("assistant", "A confirmed sign-up [1]."),
    ]
    list(follow.stream())
    prompt = fake(services).received[-1][-1].text
    assert "<channel_stats>\nMeta share of reach: 79.3%\n</channel_stats>" in prompt
    assert prompt.rstrip().endswith("And is it required?")


def test_figures_attached_later_reach_the_next_answer_in_the_page_language(
    services: Services,
) -> None:
    first = ask(services, "Wie abhängig sind wir von Meta?")
    attach_stats(
        services,
        first.conversation.id,
        StatsAttachment(("a.csv",), "Meta share: 79.3%", "Meta-Anteil: 79,3 %"),
    )
    again = ask(services, "Und jetzt?", conversation_id=first.conversation.id, figures_lang="de")
    assert again.stats_text == "Meta-Anteil: 79,3 %"


def test_unknown_conversation_starts_a_new_one_and_empty_questions_are_refused(
    services: Services,
) -> None:
    exchange = ask(services, "Hallo?", conversation_id="does-not-exist")
    assert exchange.conversation.id != "does-not-exist"
    with pytest.raises(ChannelwiseError) as empty:
        ask(services, "   ")
    assert empty.value.localized("de") == "Die Frage ist leer: Geben Sie zuerst eine Frage ein."
    assert len(services.store.list_conversations()) == 1


def test_long_questions_make_short_titles() -> None:
    title = title_for(
        "Welche Plattformen eignen sich für ein kleines Team neben Instagram und TikTok?"
    )
    assert title == "Welche Plattformen eignen sich für ein kleines Team neben I…"
    assert len(title) == 60
