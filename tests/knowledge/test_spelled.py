"""Platform names as users mistype them are read as the documents spell them."""

from __future__ import annotations

import pytest

from channelwise.knowledge.aliases import spelled


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (
            "lohnt sich facebok noch für ne physio praxis?",
            "lohnt sich Facebook noch für ne physio praxis?",
        ),
        ("how many users does pintrest have?", "how many users does Pinterest have?"),
        ("instgram oder linkdin?", "Instagram oder LinkedIn?"),
        ("tik tok oder you tube?", "TikTok oder YouTube?"),
        ("tiktock for b2b", "TikTok for b2b"),
        ("ein telegramm kanal für uns?", "ein Telegram kanal für uns?"),
        ("whats app kanal starten", "WhatsApp kanal starten"),
    ],
)
def test_a_platform_name_one_typo_off_is_read_as_the_platform(typed: str, read: str) -> None:
    assert spelled(typed) == read


@pytest.mark.parametrize(
    "text",
    [
        "is tiktok worth it?",  # spelled right: untouched, its case too
        "what interest does our audience have?",  # "pinterest" without its first letter
        "a thread on x about a switch to twitch",  # short names stay exact
        "how much do youtubers earn?",
        "discard the old posts",
        "lohnt sich linkedin?",
    ],
)
def test_words_that_are_no_typo_stay(text: str) -> None:
    assert spelled(text) == text
