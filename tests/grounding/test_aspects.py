"""Which part of a platform's document a follow-up asks about, and which platform documents
a question names."""

from __future__ import annotations

import pytest

from channelwise.grounding.aspects import aspect_of, platform_docs


@pytest.mark.parametrize(
    ("question", "heading"),
    [
        ("can the channel itself make us any money?", "Monetization"),
        ("kann man da eigentlich auch werbung schalten?", "Monetization"),
        ("und wie les ich da die zahlen richtig?", "Metrics and definitions"),
        ("which numbers should we look at then?", "Metrics and definitions"),
        ("und wie viel zeit kostet uns das pro woche?", "Effort for a small team"),
        ("how many hours a week is that?", "Effort for a small team"),
        ("any risks we should know about?", "Risks"),
        ("gibt es da einen haken?", "Risks"),
        ("und ist das für uns als marke überhaupt sicher?", "Risks"),
        ("didn't they get fined by the eu?", "Risks"),
        ("so how do we even tell if our updates are working?", "Metrics and definitions"),
        ("und woran sehen wir, ob das klappt?", "Metrics and definitions"),
        ("woran sehen wir denn ob das überhaupt jemand liest?", "Metrics and definitions"),
        ("how can we tell whether people actually read it?", "Metrics and definitions"),
        ("what can go wrong tho, like can we get banned?", "Risks"),
        ("kann uns der kanal gesperrt werden?", "Risks"),
        ("wer nutzt das überhaupt?", "Audience"),
        ("wer hängt da eigentlich rum, also wie groß ist das ding?", "Audience"),
        ("so realistically how many posts a week should we plan for?", "Effort for a small team"),
        ("wie oft sollten wir da posten?", "Effort for a small team"),
        ("and how does the algorithm decide who sees it?", "How distribution works"),
        ("how does tiktok decide who sees our vids?", "How distribution works"),
        ("we post reels every week. do our followers even see them?", "How distribution works"),
        ("welche formate funktionieren dort?", "Formats"),
    ],
)
def test_a_follow_up_asks_about_one_section(question: str, heading: str) -> None:
    assert aspect_of(question) == heading


@pytest.mark.parametrize(
    "question",
    [
        "und was war 2018 nochmal mit dem news feed?",  # history, not how a feed works
        "would that change if we were b2b?",
        "bist du sicher?",  # sure, not safe
        "is that fine for a small team?",  # fine, not a fine
        "wie sperren wir kommentare?",  # blocking comments, not a ban
        "how big was the fine?",  # a fine is a risk, its size no audience: two parts
        "do you know if reels can be three minutes long?",  # asks a fact, not how to tell
        "what are the risks and how much money can we make?",  # two parts: no one section
    ],
)
def test_a_follow_up_about_no_single_section_has_no_aspect(question: str) -> None:
    assert aspect_of(question) is None


def test_platform_documents_a_question_names() -> None:
    assert platform_docs("is insta or tiktok better for us?") == [
        "platform-instagram",
        "platform-tiktok",
    ]
    assert platform_docs("wir haben einen whatsapp kanal") == ["platform-whatsapp-channels"]
    assert platform_docs("still on twitter") == ["platform-x"]
    assert platform_docs("sollen wir x verlassen?") == ["platform-x"]  # X in lower case
    assert platform_docs("wir posten 3 x pro woche, x-mal probiert, siehe x.com") == []
    assert platform_docs("can we earn with a podcast on spotify?") == ["platform-podcasts"]
    assert platform_docs("what about our newsletter?") == []
    assert platform_docs("a discord server or our facebook group?") == ["platform-facebook"]
