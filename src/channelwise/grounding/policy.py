"""Which composed answer a question gets, and whether the knowledge base covers it at all.

The signals are similarities of unit vectors: of the user's question with the nearest
playbook question and with the nearest curated section question, plus retrieval's own
"not covered" signals (passage, sentence, BM25, rare words). The thresholds are calibrated on
the ``tune`` split only (``python -m bench.tune_answers``); ``test`` and ``test-blind`` are
reported, never tuned on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from channelwise.grounding.matching import Matches, PlaybookMatch, SectionMatch

Kind = Literal["playbook", "section", "evidence", "not_covered"]


@dataclass(frozen=True)
class Policy:
    playbook: float = 0.62
    """Least similarity of the nearest playbook question for a playbook answer."""
    playbook_margin: float = 0.03
    """The playbook answers when its question is at most this much less similar than the
    nearest section question (advice beats a fact that is only a little closer)."""
    section: float = 0.6
    """Least similarity of the nearest curated section question for a section answer."""
    covered_question: float = 0.5
    """A question this close to a curated or playbook question is covered."""
    uncovered_question: float = 0.35
    """Below this, retrieval's signals alone do not make a question covered."""


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Choice:
    kind: Kind
    playbook: PlaybookMatch | None = None
    section: SectionMatch | None = None


def covered(matches: Matches, policy: Policy = DEFAULT_POLICY) -> bool:
    nearest = max(matches.best_question, matches.best_playbook)
    if nearest >= policy.covered_question:
        return True
    return matches.search.covered and nearest >= policy.uncovered_question


def choose(matches: Matches, policy: Policy = DEFAULT_POLICY) -> Choice:
    if not covered(matches, policy):
        return Choice("not_covered")
    section = max(matches.sections, key=lambda s: s.question_similarity, default=None)
    section_similarity = section.question_similarity if section is not None else 0.0
    best = matches.playbook[0] if matches.playbook else None
    if (
        best is not None
        and best.similarity >= policy.playbook
        and best.similarity >= section_similarity - policy.playbook_margin
    ):
        return Choice("playbook", playbook=best)
    top = matches.sections[0] if matches.sections else None
    if top is not None and top.question_similarity >= policy.section:
        return Choice("section", section=top)
    if section is not None and section_similarity >= policy.section and section.passage_rank:
        return Choice("section", section=section)
    return Choice("evidence")
