from __future__ import annotations

import pytest

from channelwise.grounding.language import detect_language, has_language_evidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wie oft sollte ich auf LinkedIn posten?", "de"),
        ("How often should I post on LinkedIn?", "en"),
        ("Und für TikTok?", "de"),
        ("And for TikTok?", "en"),
        ("Lohnt sich ein Newsletter für kleine Marken?", "de"),
        ("Is a newsletter worth it for a small brand?", "en"),
        ("Reels oder Shorts?", "de"),
        ("Brauche ich ein Impressum auf Instagram?", "de"),
        ("Do I need double opt-in for my newsletter?", "en"),
        ("Was bringt mir Bluesky?", "de"),
        ("Which platform grows fastest right now?", "en"),
        ("Die organische Reichweite ist gesunken, the algorithm changed, warum?", "de"),
        # colloquial German without the textbook function words ("was" is English too)
        ("was kostet snapchat+ eigentlich? gibts nen festpreis?", "de"),
        ("hilfe, insta gehackt!!", "de"),
        ("and what does that cost? is there a fixed price?", "en"),
        ("help, insta got hacked!!", "en"),
        ("was war nochmal dieses facebook zero?", "de"),
        ("und was war da 2018?", "de"),
        ("what was facebook zero again?", "en"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_no_evidence_falls_back_to_default() -> None:
    assert not has_language_evidence("TikTok? LinkedIn!")
    assert detect_language("TikTok? LinkedIn!", default="de") == "de"
    assert detect_language("TikTok? LinkedIn!") == "en"
