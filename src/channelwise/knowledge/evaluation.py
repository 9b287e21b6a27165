"""Retrieval evaluation on the dev question set: recall@1/@5, MRR, nDCG@10 per mode.

Question files are YAML lists (``eval/retrieval_*.yaml``)::

    - id: q1
      question: "Wie viel investiert Meta in generative KI?"
      lang: de
      expected:                      # [] marks an out-of-scope question
        - doc: meta-genai-creators.de
          section: "generative KI"   # optional: a substring of the answering heading

``expected`` lists the acceptable passages: a question is answered at k when any of them is
in the top k, and recall@k is the share of questions answered at k. For nDCG@10 every chunk
that matches an expected passage counts as relevant.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

import yaml

from channelwise.errors import ChannelwiseError
from channelwise.i18n import LANGUAGES
from channelwise.knowledge.records import Chunk
from channelwise.knowledge.retrieval import Mode, Retriever

MODES: tuple[Mode, ...] = ("dense", "bm25", "hybrid")


@dataclass(frozen=True)
class Expected:
    doc: str
    section: str | None = None

    def matches(self, chunk: Chunk) -> bool:
        if chunk.doc_id != self.doc:
            return False
        return self.section is None or self.section.casefold() in chunk.heading.casefold()


@dataclass(frozen=True)
class Question:
    qid: str
    text: str
    lang: str
    expected: tuple[Expected, ...]

    def cross_lingual(self) -> bool:
        """Every passage that answers it is in the other language."""
        return all(not e.doc.endswith(f".{self.lang}") for e in self.expected)


@dataclass
class Scores:
    recall_at_1: list[float] = field(default_factory=list)
    recall_at_5: list[float] = field(default_factory=list)
    mrr: list[float] = field(default_factory=list)
    ndcg_at_10: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        return {
            "recall@1": _avg(self.recall_at_1),
            "recall@5": _avg(self.recall_at_5),
            "mrr": _avg(self.mrr),
            "ndcg@10": _avg(self.ndcg_at_10),
            "n": float(len(self.mrr)),
        }


def _avg(values: Sequence[float]) -> float:
    return round(mean(values), 4) if values else 0.0


def load_questions(paths: Iterable[Path]) -> list[Question]:
    questions: list[Question] = []
    for path in paths:
        try:
            rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            for row in rows:
                expected = tuple(
                    Expected(doc=str(e["doc"]), section=e.get("section")) for e in row["expected"]
                )
                if row["lang"] not in LANGUAGES:
                    raise ValueError(f"lang must be one of {LANGUAGES}")
                questions.append(
                    Question(str(row["id"]), str(row["question"]), row["lang"], expected)
                )
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as err:
            raise ChannelwiseError(f"Cannot read the question file {path}: {err}") from err
    if not questions:
        raise ChannelwiseError("No evaluation questions found; pass --questions FILE.")
    return questions


def score_question(question: Question, ranked: Sequence[Chunk], relevant_total: int) -> Scores:
    """Metrics of one ranked list against the question's expected passages."""
    relevance = [any(e.matches(c) for e in question.expected) for c in ranked[:10]]

    def found(k: int) -> float:
        return 1.0 if any(relevance[:k]) else 0.0

    first = next((i for i, rel in enumerate(relevance, start=1) if rel), None)
    dcg = sum(1.0 / math.log2(i + 1) for i, rel in enumerate(relevance, start=1) if rel)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(10, relevant_total) + 1))
    return Scores(
        recall_at_1=[found(1)],
        recall_at_5=[found(5)],
        mrr=[1.0 / first if first else 0.0],
        ndcg_at_10=[dcg / ideal if ideal else 0.0],
    )


@dataclass
class RetrievalReport:
    by_mode: dict[str, dict[str, dict[str, float]]]  # mode -> group -> metric -> value
    failures: dict[str, list[str]]  # mode -> ids of in-scope questions missed at 5
    coverage: dict[str, float]  # not-covered detection on hybrid


def evaluate_retrieval(retriever: Retriever, questions: Sequence[Question]) -> RetrievalReport:
    snapshot = retriever.snapshot()
    in_scope = [q for q in questions if q.expected]
    by_mode: dict[str, dict[str, dict[str, float]]] = {}
    failures: dict[str, list[str]] = {}
    for mode in MODES:
        groups: dict[str, Scores] = {}
        failures[mode] = []
        for q in in_scope:
            result = retriever.search(q.text, k=10, mode=mode)
            ranked = [h.chunk for h in result.hits]
            total = sum(any(e.matches(c) for e in q.expected) for c in snapshot.chunks)
            s = score_question(q, ranked, total)
            if s.recall_at_5[0] < 1.0:
                failures[mode].append(q.qid)
            names = ["all", q.lang, "cross-lingual" if q.cross_lingual() else "same-language"]
            for name in names:
                g = groups.setdefault(name, Scores())
                g.recall_at_1 += s.recall_at_1
                g.recall_at_5 += s.recall_at_5
                g.mrr += s.mrr
                g.ndcg_at_10 += s.ndcg_at_10
        by_mode[mode] = {name: g.summary() for name, g in groups.items()}
    return RetrievalReport(by_mode, failures, _coverage(retriever, questions))


def _coverage(retriever: Retriever, questions: Sequence[Question]) -> dict[str, float]:
    """How well the not-covered signal separates in-scope from out-of-scope questions."""
    right_in = right_out = n_in = n_out = 0
    for q in questions:
        covered = retriever.search(q.text, k=1).covered
        if q.expected:
            n_in += 1
            right_in += covered
        else:
            n_out += 1
            right_out += not covered
    return {
        "threshold": retriever.coverage_threshold,
        "in_scope_covered": round(right_in / n_in, 4) if n_in else 0.0,
        "out_of_scope_flagged": round(right_out / n_out, 4) if n_out else 0.0,
        "in_scope_n": float(n_in),
        "out_of_scope_n": float(n_out),
    }


def similarity_profile(
    retriever: Retriever, questions: Sequence[Question]
) -> list[tuple[float, bool]]:
    """(best similarity, in scope?) per question: the data to calibrate the threshold on."""
    return [(retriever.search(q.text, k=1).best_similarity, bool(q.expected)) for q in questions]


def calibrate_threshold(profile: Sequence[tuple[float, bool]]) -> float:
    """The midpoint threshold that classifies the most questions right (ties: the lowest)."""
    values = sorted({round(s, 4) for s, _ in profile})
    candidates = [(a + b) / 2 for a, b in itertools.pairwise(values)] or values

    def correct(t: float) -> int:
        return sum((s >= t) == in_scope for s, in_scope in profile)

    best: float = max(candidates, key=lambda t: (correct(t), -t))
    return round(best, 4)
