"""Readings of a follow-up: what code proposes before the grounder picks the best match."""

from __future__ import annotations

import pytest

from channelwise.chat.followup import Turn, is_follow_up, readings


def test_a_follow_up_that_refers_back_carries_the_platform_the_question_was_about() -> None:
    history = [
        Turn("user", "lohnt sich threads für uns? wir sind eh schon auf insta"),
        Turn("assistant", "Als Test ja, aber nicht als Weg aus der Abhängigkeit von Meta [1]."),
    ]
    found = readings("kann man da auch werbung schalten?", history)
    carried = [r for r in found if r.text.startswith("kann man da auch werbung schalten? (")]
    assert [r.text for r in carried] == ["kann man da auch werbung schalten? (Threads)"]
    assert all(r.refers and not r.swap for r in found)


def test_a_short_follow_up_naming_a_platform_swaps_it_into_the_previous_question() -> None:
    history = [Turn("user", "ab wie vielen followern zahlt tiktok?"), Turn("assistant", "…")]
    found = readings("und bei yt?", history)
    assert [(r.text, r.swap) for r in found] == [("ab wie vielen followern zahlt YouTube?", True)]


def test_a_question_that_stands_on_its_own_has_no_other_reading() -> None:
    history = [Turn("user", "what is an hhi?"), Turn("assistant", "A concentration measure [1].")]
    question = (
        "What are the requirements of TikTok's Creator Rewards Program for accounts in Germany?"
    )
    assert readings(question, history) == []


@pytest.mark.parametrize(
    "question",
    [
        "ok and how does the money side work for shorts specifically?",
        "nice. can we just move our linkedin contacts over to the newsletter then?",
        "alles klar, und wenn es trotzdem passiert, was tun wir zuerst?",
        "what if we were a bakery with two shops instead?",
        "can the channel itself earn us any money at all?",
        "was wenn wir eine stiftung sind?",
        "kommt sowas bei den leuten überhaupt gut an?",  # "sowas" refers back
        "würde so ne figur für unser modelabel sinn machen?",
        "would such a channel make sense for a small museum?",
    ],
)
def test_a_follow_up_that_opens_with_ok_or_continues_the_conversation_is_read_with_it(
    question: str,
) -> None:
    history = [Turn("user", "is a telegram channel worth it for us?"), Turn("assistant", "…")]
    assert is_follow_up(question, history)
    found = readings(question, history)
    assert found and found[0].text == f"is a telegram channel worth it for us? {question}"


def test_a_long_standalone_question_later_in_the_conversation_is_not_a_follow_up() -> None:
    history = [Turn("user", "what is an hhi?"), Turn("assistant", "A concentration measure [1].")]
    question = "How many people in Germany use Instagram every week according to the ARD/ZDF study?"
    assert not is_follow_up(question, history)
