"""How close two questions' words are: shared words count for them, words one has alone
against them."""

from __future__ import annotations

from channelwise.grounding.scoring import likeness, overlap

IDF = {"start": 1.0, "newslett": 1.5, "bezahlt": 3.0, "deliver": 3.0}


def test_a_candidate_adding_a_rare_word_is_less_alike_than_one_that_does_not() -> None:
    asked = ["start", "newslett"]
    paid = frozenset({"start", "newslett", "bezahlt"})
    plain = frozenset({"start", "newslett"})
    assert overlap(asked, paid, IDF) == overlap(asked, plain, IDF) == 1.0  # recall alone ties
    assert likeness(asked, plain, IDF) == 1.0
    assert likeness(asked, paid, IDF) == 2 * 2.5 / (2.5 + 5.5)


def test_questions_without_shared_or_any_words() -> None:
    assert likeness(["start"], frozenset({"deliver"}), IDF) == 0.0
    assert likeness([], frozenset(), IDF) == 0.0
