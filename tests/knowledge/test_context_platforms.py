"""Platforms a question names as where the asker stands, not as what it asks about."""

from __future__ import annotations

import pytest

from channelwise.knowledge.aliases import context_platforms


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("wie soll ich neben insta und fb noch tiktok stemmen??", ["Instagram", "Facebook"]),
        ("80% unserer reichweite kommt von insta. wie fangen wir an?", ["Instagram"]),
        ("lohnt sich ein newsletter? wir haben so 3000 leute auf fb", ["Facebook"]),
        ("fast alles läuft über fb und insta. wo fang ich an?", ["Facebook", "Instagram"]),
        ("creator here, 40k followers on insta. should i start on youtube?", ["Instagram"]),
        ("besides linkedin, what else works for b2b?", ["LinkedIn"]),
    ],
)
def test_a_platform_named_as_where_the_asker_stands(question: str, where: list[str]) -> None:
    assert context_platforms(question) == where


@pytest.mark.parametrize(
    "question",
    [
        "should we leave instagram?",
        "80% of our reach comes from insta, should we leave insta?",  # asked about as well
        "is tiktok or youtube better for us?",
        "nl or more insta?",
    ],
)
def test_a_platform_the_question_asks_about_is_not_context(question: str) -> None:
    assert context_platforms(question) == []
