"""Is a question covered by the knowledge base at all? Decided from every signal we have.

Signals: the best dense similarity of a passage (chunk level), the best similarity of a
sentence window, and the best BM25 score. A question counts as covered when any signal
clears its threshold, so a question that one retriever matches well is never called "not
covered". The thresholds are calibrated on the ``tune`` split only
(``channelwise eval retrieval --split tune --calibrate``); the ``test`` split is reported.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CoverageThresholds:
    passage_dense: float
    sentence_dense: float
    bm25: float
    unknown_passage_dense: float = 0.0
    """With a word the knowledge base never uses, the passage similarity must reach this."""


# Calibrated on the tune split per embedder (`channelwise eval retrieval --calibrate`).
THRESHOLDS: dict[str, CoverageThresholds] = {
    "use": CoverageThresholds(
        passage_dense=0.1627, sentence_dense=1.01, bm25=1e6, unknown_passage_dense=0.2996
    ),
    "e5": CoverageThresholds(passage_dense=0.86, sentence_dense=0.87, bm25=6.5),
}


UNKNOWN_WORDS_UP_TO = 14
"""Only a question of at most this many words is judged by a word the knowledge base never
uses (``unknown_passage_dense``). A longer one usually says who asks ("dachdeckerbetrieb,
wir finden keine azubis mehr. der chef meint tiktok bringt eh nix …"), and the business is
rarely named in the documents. Tune split, no limit -> 14 words: in-scope refused 9 -> 8
(and 5 -> 1 of 40 long advice questions of a new set), out-of-scope flagged unchanged;
11 words: one more refused answer gained, one answer lost."""


@dataclass(frozen=True)
class Coverage:
    covered: bool
    passage_dense: float
    sentence_dense: float
    bm25: float

    def describe(self) -> str:
        return (
            f"passage {self.passage_dense:.3f}, sentence {self.sentence_dense:.3f}, "
            f"bm25 {self.bm25:.2f}"
        )


def decide(
    passage_dense: float,
    sentence_dense: float,
    bm25: float,
    thresholds: CoverageThresholds,
    *,
    unknown: bool = False,
) -> Coverage:
    covered = (
        passage_dense >= thresholds.passage_dense
        or sentence_dense >= thresholds.sentence_dense
        or bm25 >= thresholds.bm25
    ) and not (unknown and passage_dense < thresholds.unknown_passage_dense)
    return Coverage(covered, passage_dense, sentence_dense, bm25)
