"""Sentence splitting for German and English (ingest and answer checking use the same)."""

from __future__ import annotations

import pytest

from channelwise.knowledge.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Meta investiert stark. Das Budget beträgt 35 bis 40 Milliarden US-Dollar.",
            ["Meta investiert stark.", "Das Budget beträgt 35 bis 40 Milliarden US-Dollar."],
        ),
        (  # ordinal date, abbreviations and initials do not end a sentence
            "Erschienen am 14. Oktober 2024, z. B. bei allfacebook.de. Dr. Müller sagt ja.",
            ["Erschienen am 14. Oktober 2024, z. B. bei allfacebook.de.", "Dr. Müller sagt ja."],
        ),
        (  # citation markers after the full stop stay with their sentence
            "YouTube pays 55 percent. [1] Shorts get 45 percent [2]. Done!",
            ["YouTube pays 55 percent. [1]", "Shorts get 45 percent [2].", "Done!"],
        ),
        (  # list items are sentences; a continuation line joins its item
            "- first item\n- second item\n  continues here\n\nNew paragraph",
            ["first item", "second item continues here", "New paragraph"],
        ),
        (
            "Figures like 1.000 or 3.5 % stay whole. Next.",
            ["Figures like 1.000 or 3.5 % stay whole.", "Next."],
        ),
        ("e.g. this stays one sentence.", ["e.g. this stays one sentence."]),
        (  # a question inside a quoted title does not end the sentence
            "Der Titel („Bedrohung für Creator? (Gastbeitrag von Jens Wiese)“) stimmt. Gut.",
            ["Der Titel („Bedrohung für Creator? (Gastbeitrag von Jens Wiese)“) stimmt.", "Gut."],
        ),
        (
            "He asked “Is it over? Really?” and left. Then “Yes.” She agreed.",
            ["He asked “Is it over? Really?” and left.", "Then “Yes.”", "She agreed."],
        ),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_a_placeholder_in_brackets_starts_a_new_sentence() -> None:
    assert split_sentences("Er schrieb es. [Name des Gastbeitrags] ist gut.") == [
        "Er schrieb es.",
        "[Name des Gastbeitrags] ist gut.",
    ]
