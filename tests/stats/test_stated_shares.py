"""A reach split typed into a question: read by code, its figures computed by code."""

from __future__ import annotations

import pytest

from channelwise.stats.advice_figures import BAND_KEYS, stated_figures
from channelwise.stats.metrics import hhi_band
from channelwise.stats.records import Platform
from channelwise.stats.stated import stated_shares, without_split

IG, FB, NL, YT, X = (
    Platform.INSTAGRAM,
    Platform.FACEBOOK,
    Platform.NEWSLETTER,
    Platform.YOUTUBE,
    Platform.X,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("unsere reichweite kommt zu 70% von insta, 20% fb und 10% newsletter. schlimm?",
         {IG: 70.0, FB: 20.0, NL: 10.0}),
        ("insta 70 %, fb 20 %, nl 10 % – zu konzentriert?", {IG: 70.0, FB: 20.0, NL: 10.0}),
        ("we get 55 percent of our reach on Instagram, 25,5 % on YouTube and 19.5% on X.",
         {IG: 55.0, YT: 25.5, X: 19.5}),
        ("ist 80 Prozent Meta zu viel?", {None: 80.0}),
    ],
)  # fmt: skip
def test_a_stated_split_is_read(text: str, expected: dict[Platform | None, float]) -> None:
    assert stated_shares(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "our newsletter has a 60% open rate and insta 3% engagement",  # rates
        "insta grew +20% and tiktok 15% last month",  # a change, then one channel
        "70% of our reach comes from instagram",  # one platform: not a split
        "insta 70%, fb 50%",  # more than 100 %
        "insta 50%, ig 30%",  # the same channel twice
        "5k a month for social and 90% of it goes into meta ads, 10% tiktok",  # a budget
        "70 % unseres Budgets für insta, 30 % für fb",
        "lohnt sich tiktok für uns?",
    ],
)
def test_what_is_not_a_split_is_not_read(text: str) -> None:
    assert stated_shares(text) == {}
    assert stated_figures(text) == {}
    assert without_split(text, "our reach") == text


def test_the_figures_of_a_whole_split_are_those_an_upload_gives() -> None:
    figures = stated_figures("insta 55 %, youtube 25 %, X 20 % – how concentrated is that?")
    assert BAND_KEYS[hhi_band(4050)] == "concentrated"
    assert figures == {
        "platforms": 3,
        "meta_share": 55.0,
        "top_platform": "Instagram",
        "top_share": 55.0,
        "owned_share": 0.0,
        "hhi": 55**2 + 25**2 + 20**2,
        "concentration": BAND_KEYS[hhi_band(4050)],  # the upload's band: "concentrated"
    }


def test_a_partial_split_tells_the_meta_share_only() -> None:
    assert stated_figures("80 % meta, 20 % tiktok: what now?") == {"meta_share": 80.0}
    partial = stated_figures("fb 40 %, insta 30 % – the rest is spread out")
    assert partial == {"meta_share": 70.0, "top_platform": "Facebook", "top_share": 40.0}


def test_the_split_is_replaced_for_matching() -> None:
    assert without_split("insta 55 %, youtube 25 %, X 20 % – how concentrated is that?",
                         "our reach") == "our reach – how concentrated is that?"  # fmt: skip


def test_x_is_a_channel_only_as_a_capital_letter() -> None:
    assert stated_shares("insta 80 %, X 20 %") == {IG: 80.0, X: 20.0}
    assert stated_shares("insta 80 %, x 20 %") == {}  # "x" alone: one channel, no split
