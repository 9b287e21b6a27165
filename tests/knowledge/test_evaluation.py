from __future__ import annotations

import math

import pytest

from channelwise.knowledge.coverage import decide
from channelwise.knowledge.evaluation import (
    CoverageSample,
    Expected,
    Question,
    calibrate_coverage,
    load_questions,
    score_question,
)
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


def sample(
    qid: str, in_scope: bool, passage: float, sentence: float, bm25: float
) -> CoverageSample:
    return CoverageSample(qid, in_scope, passage, sentence, bm25)


def test_calibration_keeps_every_in_scope_question_covered_and_flags_the_most() -> None:
    samples = [
        sample("a", True, 0.50, 0.50, 9.0),
        sample("b", True, 0.20, 0.45, 3.0),  # only its sentence signal is high
        sample("c", True, 0.18, 0.20, 8.0),  # only BM25 sees it
        sample("x", False, 0.30, 0.30, 2.0),
        sample("y", False, 0.15, 0.25, 4.0),
        sample("z", False, 0.45, 0.46, 9.5),  # looks in scope on every signal
    ]
    t = calibrate_coverage(samples, margin=0.0)
    verdicts = {
        s.qid: decide(s.passage_dense, s.sentence_dense, s.bm25, t).covered for s in samples
    }
    assert verdicts == {"a": True, "b": True, "c": True, "x": False, "y": False, "z": True}


def test_question_files_of_both_formats_load(tmp_path) -> None:  # type: ignore[no-untyped-def]
    old = tmp_path / "old.yaml"
    old.write_text(
        "- id: r1\n  question: Wie?\n  lang: de\n  expected: [{doc: a.de, section: X}]\n"
        "- id: r2\n  question: Recipe?\n  lang: en\n  expected: []\n",
        encoding="utf-8",
    )
    new = tmp_path / "new.yaml"
    new.write_text(
        "questions:\n"
        "  - id: t1\n    question: und auf LinkedIn?\n    lang: de\n"
        "    history: ['lohnt sich Threads?']\n    expected: [{doc: b.en}]\n"
        "    facts: [[22, 22 Mio]]\n    kind: [follow-up]\n"
        "  - id: a1\n    question: What?\n    lang: en\n    facts: [[x]]\n",
        encoding="utf-8",
    )
    r1, r2, t1, a1 = load_questions([old, new])
    assert (r1.in_scope, r2.in_scope, t1.in_scope, a1.in_scope) == (True, False, True, True)
    assert t1.history == ("lohnt sich Threads?",)
    assert t1.facts == (("22", "22 Mio"),) and t1.kinds == ("follow-up",)
    assert t1.cross_lingual() and not r1.cross_lingual()
