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

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any

import yaml

from channelwise.errors import ChannelwiseError
from channelwise.i18n import LANGUAGES, Language
from channelwise.knowledge.coverage import CoverageThresholds, decide
from channelwise.knowledge.records import Chunk, pair_id
from channelwise.knowledge.retrieval import Mode, Retriever

MODES: tuple[Mode, ...] = ("dense", "bm25", "questions", "hybrid")


SectionKey = tuple[str, int | None]
"""A section of a document pair: (pair id, section index; None for the whole document)."""


@dataclass(frozen=True)
class Expected:
    doc: str
    section: str | None = None

    def keys(self, headings: Mapping[str, Mapping[int, str]]) -> set[SectionKey]:
        """The sections this names, in both files of the document pair (they say the same):
        ``headings`` maps each document to its section headings (see ``section_headings``)."""
        pair = pair_id(self.doc)
        if self.section is None:
            return {(pair, None)}
        needle = self.section.casefold()
        docs = [self.doc] if self.doc != pair else [f"{pair}.de", f"{pair}.en"]
        return {
            (pair, i)
            for doc in docs
            for i, h in headings.get(doc, {}).items()
            if needle in h.casefold()
        }


def section_headings(chunks: Iterable[Chunk]) -> dict[str, dict[int, str]]:
    """Each document's section index -> the headings of its passages (for ``Expected``)."""
    out: dict[str, dict[int, str]] = {}
    for chunk in chunks:
        seen = out.setdefault(chunk.doc_id, {})
        seen[chunk.section] = f"{seen.get(chunk.section, '')}\n{chunk.heading}".strip()
    return out


def is_relevant(keys: set[SectionKey], chunk: Chunk) -> bool:
    pair = pair_id(chunk.doc_id)
    return (pair, chunk.section) in keys or (pair, None) in keys


@dataclass(frozen=True)
class Question:
    qid: str
    text: str
    lang: Language
    expected: tuple[Expected, ...]
    """Passages that answer it; empty for an out-of-scope question (or an answers-only one)."""
    in_scope: bool = True
    history: tuple[tuple[str, str], ...] = ()
    """Earlier turns of the same conversation as (role, text), oldest first (the question
    is a follow-up); older files list only the user's questions."""
    facts: tuple[tuple[str, ...], ...] = ()
    """Key facts a correct answer contains; each a tuple of alternatives."""
    kinds: tuple[str, ...] = ()
    concepts: tuple[tuple[str, ...], ...] = ()
    """Concept groups a good advice answer contains; each a tuple of alternatives."""
    playbook: str | None = None
    """The playbook entry that should answer it (tune split only)."""

    def cross_lingual(self) -> bool:
        """Every passage that answers it is in the other language."""
        return bool(self.expected) and all(
            e.doc.rpartition(".")[2] in LANGUAGES and not e.doc.endswith(f".{self.lang}")
            for e in self.expected
        )


SPLITS = ("tune", "test", "test-blind", "test-blind-2", "test-blind-3", "test-blind-4")


def split_files(split: str, root: Path = Path("eval")) -> list[Path]:
    """The question files of a split (``eval/tune/*.yaml`` or ``eval/test/*.yaml``)."""
    if split not in SPLITS:
        raise ChannelwiseError(
            f"Unknown split {split!r}: use 'tune' (for tuning), 'test' or 'test-blind' to "
            "'test-blind-4' (for reporting).",
            f"Unbekannter Split {split!r}: 'tune' (zum Abstimmen), 'test' oder 'test-blind' "
            "bis 'test-blind-4' (zum Berichten).",
        )
    return sorted((root / split).glob("*.yaml"))


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


def _question(row: dict[str, Any]) -> Question:
    if row["lang"] not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}")
    expected = tuple(
        Expected(doc=str(e["doc"]), section=e.get("section")) for e in row.get("expected") or ()
    )
    facts = _alternatives(row.get("facts"))
    in_scope = bool(row.get("in_scope", bool(expected) or "expected" not in row))
    return Question(
        qid=str(row["id"]),
        text=str(row["question"]),
        lang=row["lang"],
        expected=expected,
        in_scope=in_scope,
        history=tuple(_turn(h) for h in row.get("history") or ()),
        facts=facts,
        kinds=tuple(str(k) for k in row.get("kind") or ()),
        concepts=_alternatives(row.get("concepts")),
        playbook=str(row["playbook"]) if row.get("playbook") else None,
    )


def _alternatives(value: Any) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(a) for a in (f if isinstance(f, list) else [f])) for f in value or ())


def _turn(value: Any) -> tuple[str, str]:
    if isinstance(value, dict):
        return str(value.get("role", "user")), str(value.get("content", ""))
    return "user", str(value)


def load_questions(paths: Iterable[Path]) -> list[Question]:
    """Questions from YAML files: a list, or a mapping with a ``questions`` list."""
    questions: list[Question] = []
    for path in paths:
        try:
            raw: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            rows = raw.get("questions", []) if isinstance(raw, dict) else raw
            questions.extend(_question(row) for row in rows)
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as err:
            raise ChannelwiseError(
                f"Cannot read the question file {path}: {err}",
                f"Die Fragendatei {path} ist nicht lesbar: {err}",
            ) from err
    if not questions:
        raise ChannelwiseError(
            "No evaluation questions found; pass --questions FILE or --split tune|test.",
            "Keine Evaluationsfragen gefunden; --questions DATEI oder --split tune|test angeben.",
        )
    return questions


def expected_keys(question: Question, headings: Mapping[str, Mapping[int, str]]) -> set[SectionKey]:
    return {key for e in question.expected for key in e.keys(headings)}


def score_question(keys: set[SectionKey], ranked: Sequence[Chunk], relevant_total: int) -> Scores:
    """Metrics of one ranked list against the question's expected sections (``keys``)."""
    relevance = [is_relevant(keys, c) for c in ranked[:10]]

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


def evaluate_retrieval(
    retriever: Retriever,
    questions: Sequence[Question],
    query_for: Callable[[Question], str] = lambda q: q.text,
    modes: Sequence[Mode] = MODES,
    coverage: bool = True,
) -> RetrievalReport:
    """``query_for`` turns a question (with its history) into the search query, as the chat
    does; ``coverage=False`` skips the not-covered measurement (for grid searches)."""
    snapshot = retriever.snapshot()
    headings = section_headings(snapshot.chunks)
    in_scope = [q for q in questions if q.expected]
    queries = {q.qid: query_for(q) for q in questions}
    by_mode: dict[str, dict[str, dict[str, float]]] = {}
    failures: dict[str, list[str]] = {}
    for mode in modes:
        groups: dict[str, Scores] = {}
        failures[mode] = []
        for q in in_scope:
            result = retriever.search(queries[q.qid], k=10, mode=mode)
            ranked = [h.chunk for h in result.hits]
            keys = expected_keys(q, headings)
            total = sum(is_relevant(keys, c) for c in snapshot.chunks)
            s = score_question(keys, ranked, total)
            if s.recall_at_5[0] < 1.0:
                failures[mode].append(q.qid)
            names = ["all", q.lang, "cross-lingual" if q.cross_lingual() else "same-language"]
            names += [f"kind:{kind}" for kind in q.kinds]
            for name in names:
                g = groups.setdefault(name, Scores())
                g.recall_at_1 += s.recall_at_1
                g.recall_at_5 += s.recall_at_5
                g.mrr += s.mrr
                g.ndcg_at_10 += s.ndcg_at_10
        by_mode[mode] = {name: g.summary() for name, g in groups.items()}
    measured = _coverage(retriever, questions, query_for) if coverage else {}
    return RetrievalReport(by_mode, failures, measured)


@dataclass(frozen=True)
class CoverageSample:
    """The not-covered signals of one question and whether it is in scope."""

    qid: str
    in_scope: bool
    passage_dense: float
    sentence_dense: float
    bm25: float
    unknown: bool = False
    """The question has a rare word no document uses."""


def coverage_profile(
    retriever: Retriever,
    questions: Sequence[Question],
    query_for: Callable[[Question], str] = lambda q: q.text,
) -> list[CoverageSample]:
    samples = []
    for q in questions:
        result = retriever.search(query_for(q), k=1)
        samples.append(
            CoverageSample(
                q.qid,
                q.in_scope,
                result.best_similarity,
                result.best_sentence,
                result.best_bm25,
                bool(result.unknown_terms),
            )
        )
    return samples


def _coverage(
    retriever: Retriever,
    questions: Sequence[Question],
    query_for: Callable[[Question], str],
) -> dict[str, float]:
    """How well the not-covered decision separates in-scope from out-of-scope questions."""
    samples = coverage_profile(retriever, questions, query_for)
    t = retriever.coverage
    inside = [s for s in samples if s.in_scope]
    outside = [s for s in samples if not s.in_scope]
    covered = [_covered(s, t) for s in samples]
    by_id = dict(zip((s.qid for s in samples), covered, strict=True))
    return {
        "in_scope_covered": round(sum(by_id[s.qid] for s in inside) / len(inside), 4)
        if inside
        else 0.0,
        "out_of_scope_flagged": round(sum(not by_id[s.qid] for s in outside) / len(outside), 4)
        if outside
        else 0.0,
        "in_scope_n": float(len(inside)),
        "out_of_scope_n": float(len(outside)),
    }


def _covered(s: CoverageSample, t: CoverageThresholds) -> bool:
    return decide(s.passage_dense, s.sentence_dense, s.bm25, t, unknown=s.unknown).covered


def calibrate_coverage(
    samples: Sequence[CoverageSample], margin: float = 0.02
) -> CoverageThresholds:
    """Thresholds that flag the most out-of-scope questions while every in-scope one stays
    covered.

    A question is covered when any of its signals reaches its threshold, unless it has a
    word no document uses and its passage similarity stays below a higher bar. The bar is
    the lowest passage similarity of an in-scope question with such a word; the other
    thresholds each sit at an in-scope question's value, and for each pair of dense
    thresholds the BM25 threshold is the highest that still covers the rest. All are then
    lowered by ``margin`` (relative), towards "covered".
    """
    inside = [s for s in samples if s.in_scope]
    outside = [s for s in samples if not s.in_scope]
    if not inside:
        raise ChannelwiseError(
            "Calibration needs in-scope questions.", "Zum Kalibrieren fehlen Fragen im Thema."
        )
    infinity = float("inf")
    unknown_bar = min((s.passage_dense for s in inside if s.unknown), default=infinity)
    best: tuple[int, CoverageThresholds] | None = None
    for p in sorted({s.passage_dense for s in inside} | {infinity}):
        rest_p = [s for s in inside if s.passage_dense < p]
        for q in sorted({s.sentence_dense for s in rest_p} | {infinity}):
            rest = [s for s in rest_p if s.sentence_dense < q]
            b = min((s.bm25 for s in rest), default=infinity)
            t = CoverageThresholds(p, q, b, unknown_bar)
            flagged = sum(not _covered(s, t) for s in outside)
            if best is None or flagged > best[0]:
                best = (flagged, t)
    assert best is not None
    t = best[1]

    def lower(value: float, cap: float) -> float:
        return round(value * (1 - margin), 4) if value != infinity else cap

    return CoverageThresholds(
        lower(t.passage_dense, 1.01),
        lower(t.sentence_dense, 1.01),
        lower(t.bm25, 1e6),
        lower(t.unknown_passage_dense, 1.01),
    )
