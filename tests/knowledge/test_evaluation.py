from __future__ import annotations

import math

import pytest

from channelwise.knowledge.evaluation import Expected, Question, calibrate_threshold, score_question
from channelwise.knowledge.records import Chunk


def chunk(doc: str, heading: str) -> Chunk:
    return Chunk(f"{doc}::{heading}", doc, "h", 0, "T", heading, "text", "en", "https://x")


Q = Question("q", "question?", "en", (Expected("a.de", "Reach"), Expected("b.en", None)))


def test_relevant_at_rank_three_scores_by_hand() -> None:
    ranked = [chunk("c.en", "x"), chunk("a.de", "Other"), chunk("a.de", "Organic Reach")]
    s = score_question(Q, ranked, relevant_total=2)
    assert s.recall_at_1 == [0.0]
    assert s.recall_at_5 == [1.0]
    assert s.mrr == [pytest.approx(1 / 3)]
    # DCG = 1/log2(4) = 0.5; ideal with 2 relevant chunks = 1 + 1/log2(3)
    assert s.ndcg_at_10 == [pytest.approx(0.5 / (1 + 1 / math.log2(3)))]


def test_nothing_relevant_scores_zero() -> None:
    s = score_question(Q, [chunk("c.en", "x")] * 10, relevant_total=3)
    assert (s.recall_at_1, s.recall_at_5, s.mrr, s.ndcg_at_10) == ([0.0], [0.0], [0.0], [0.0])


def test_cross_lingual_means_every_answer_is_in_the_other_language() -> None:
    assert not Q.cross_lingual()
    assert Question("q", "?", "en", (Expected("a.de"),)).cross_lingual()


def test_calibrated_threshold_separates_in_and_out_of_scope() -> None:
    profile = [(0.5, True), (0.4, True), (0.3, True), (0.2, False), (0.1, False), (0.35, False)]
    # midpoints: 0.25 gets 5/6 right (0.35 out-of-scope wrong); 0.325 also 5/6 -> lowest wins
    assert calibrate_threshold(profile) == 0.25
