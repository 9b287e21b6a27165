"""Figures and names in answers: one value in every notation; shares bound to platforms."""

from __future__ import annotations

import pytest

from channelwise.grounding.figures import (
    figure_values,
    misattributed_figures,
    names_in,
    unsupported_figures,
    unsupported_names,
)
from channelwise.knowledge.names import entity_lexicon


@pytest.mark.parametrize(
    ("answer", "evidence", "bad"),
    [
        ("You need 1,000 subscribers.", "Voraussetzung sind 1.000 Abonnenten.", []),
        ("You need 1000 subscribers.", "at least 1 000 subscribers", []),
        ("Es sind 3,5 Prozent.", "The rate is 3.5 percent.", []),
        ("Shorts may be 3 minutes long.", "Shorts dürfen drei Minuten lang sein.", []),
        ("Keep it under 120 words.", "Posts can hold 300 characters.", ["120"]),
        ("Meta spends 35 to 40 billion.", "Das Budget beträgt 35 bis 40 Milliarden.", []),
        ("It reached 6 percent in 2014.", "bis 2014 auf rund 6 Prozent", []),
        ("It reached 16 percent in 2016.", "bis 2014 auf rund 6 Prozent", ["16", "2016"]),
    ],
)
def test_unsupported_figures(answer: str, evidence: str, bad: list[str]) -> None:
    assert unsupported_figures(answer, figure_values([evidence])) == bad


STUDY = (
    "The ARD/ZDF media study 2025 puts Facebook's weekly reach at 31 percent of people aged "
    "14 and over, second only to Instagram (40 percent)."
)


@pytest.mark.parametrize(
    ("answer", "bad"),
    [
        ("Instagram reaches 31 percent of people aged 14 and over.", ["31"]),  # seen in a test
        ("Instagram reaches 40 percent of people aged 14 and over.", []),
        ("Facebook reaches 31 % of people aged 14 and over.", []),
        ("31 percent use it weekly.", []),  # no platform named: nothing to misattribute
    ],
)
def test_shares_stay_with_their_platform(answer: str, bad: list[str]) -> None:
    assert misattributed_figures(answer, [STUDY], frozenset()) == bad


def test_names_come_from_english_text_and_must_occur_in_the_evidence() -> None:
    lexicon = entity_lexicon(
        ["Posts on Bluesky and Mastodon are federated.", "Creators on TikTok earn money."],
        extra=["Twitter", "Facebook"],
    )
    assert {"Bluesky", "Mastodon", "TikTok", "Twitter", "Facebook"} <= lexicon
    assert "Creators" not in lexicon and "Posts" not in lexicon  # sentence starts
    assert names_in("Use Facebook and Twitter instead.", lexicon) == {"Facebook", "Twitter"}
    evidence = "Investieren Sie in alternative Netzwerke wie TikTok, YouTube oder Bluesky."
    assert unsupported_names("Move to Facebook and Twitter.", evidence, lexicon) == [
        "Facebook",
        "Twitter",
    ]
    assert unsupported_names("Move to TikTok or Bluesky.", evidence, lexicon) == []
