"""Evidence selection: the 2-5 sentences (with neighbours) that answer a question.

Code, not the model, picks the evidence. After retrieval, every sentence of the top
passages is scored against the (condensed) question by

* dense similarity of the question with the sentence's window (the sentence and its
  neighbours, embedded with the document title and section at ingest time), so a German
  question finds an English sentence;
* lexical overlap: the IDF-weighted share of the question's terms (stemmed, glossary
  translations included) that the window contains;
* the passage's rank in the fused retrieval result.

The best windows are taken in score order, skipping windows that overlap one already
taken (same passage, neighbouring sentences) or repeat it in the other language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from channelwise.i18n import Language
from channelwise.knowledge.records import Chunk, Hit
from channelwise.knowledge.sentence_index import SentenceRecord, Vector


@dataclass(frozen=True)
class Evidence:
    """A sentence picked as evidence, with where it comes from."""

    number: int
    sentence_id: str
    chunk_id: str
    doc_id: str
    title: str
    heading: str
    url: str
    language: Language
    position: int
    text: str
    window: str
    score: float
    dense: float
    lexical: float


@dataclass(frozen=True)
class Weights:
    dense: float = 1.0
    lexical: float = 0.6
    rank: float = 0.15
    answer_type: float = 0.1
    """Bonus for a sentence holding a figure (date) when the question asks for one."""
    min_items: int = 2
    max_items: int = 4
    relative_floor: float = 0.8
    """Items after the first ``min_items`` need at least this share of the best score."""
    duplicate_similarity: float = 0.9


TermsFn = Callable[[str], list[str]]


def lexical_overlap(
    query_terms: Sequence[str], text_terms: Sequence[str], idf: Mapping[str, float]
) -> float:
    wanted = set(query_terms)
    if not wanted:
        return 0.0
    have = set(text_terms)
    total = sum(idf.get(t, 1.0) for t in wanted)
    return sum(idf.get(t, 1.0) for t in wanted & have) / total if total else 0.0


_FIGURE_QUESTION = re.compile(
    r"\b(how (many|much|long|big|high|often)|what share|what percentage|wie (viele?|lang|hoch|"
    r"groß|oft)|welchen anteil|wie viel prozent)\b",
    re.IGNORECASE,
)
_DATE_QUESTION = re.compile(r"\b(when|since when|what year|wann|seit wann|in welchem jahr)\b", re.I)
_FIGURE = re.compile(r"\d")
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def answer_type_bonus(question: str, text: str) -> float:
    """1.0 when the question asks for a figure or a date and ``text`` holds one."""
    if _DATE_QUESTION.search(question) and _YEAR.search(text):
        return 1.0
    if _FIGURE_QUESTION.search(question) and _FIGURE.search(text):
        return 1.0
    return 0.0


@dataclass(frozen=True)
class Query:
    """One way of asking: its unit vector and its search terms."""

    vector: Vector
    terms: Sequence[str]


def select_evidence(
    question: str,
    hits: Sequence[Hit],
    sentences: Mapping[str, Sequence[SentenceRecord]],
    queries: Sequence[Query],
    text_terms: Callable[[str, Language], list[str]],
    idf: Mapping[str, float],
    weights: Weights = Weights(),
    keep: Callable[[Evidence], bool] | None = None,
) -> list[Evidence]:
    """Score every sentence of ``hits`` and pick the evidence (numbered from 1).

    Each signal is averaged over ``queries`` (a follow-up is asked both as typed and as
    the standalone query, so "und bei TikTok?" is not drowned by the previous question).
    ``keep`` leaves sentences out before the choice (a plan section wants only sentences
    about its channel), so the evidence is the best of those it keeps.
    """
    scored: list[tuple[float, float, float, int, SentenceRecord]] = []
    for rank, hit in enumerate(hits):
        header = f"{hit.chunk.title} {hit.chunk.heading}"
        language = hit.chunk.language
        for record in sentences.get(hit.chunk.chunk_id, ()):
            window_terms = text_terms(f"{header} {record.window}", language)
            sentence_terms = text_terms(f"{header} {record.text}", language)
            dense = sum(float(record.vector @ q.vector) for q in queries) / len(queries)
            lexical = sum(
                lexical_overlap(q.terms, window_terms, idf)
                + lexical_overlap(q.terms, sentence_terms, idf)
                for q in queries
            ) / (2 * len(queries))
            prior = 1.0 / (1.0 + rank)
            bonus = answer_type_bonus(question, record.text)
            score = (
                weights.dense * dense
                + weights.lexical * lexical
                + weights.rank * prior
                + weights.answer_type * bonus
            )
            scored.append((score, dense, lexical, rank, record))
    scored.sort(key=lambda s: (-s[0], s[3], s[4].position))
    if keep is not None:
        scored = [s for s in scored if keep(_evidence(0, s, hits))]
    chosen: list[tuple[float, float, float, int, SentenceRecord]] = []
    best = scored[0][0] if scored else 0.0
    for item in scored:
        if len(chosen) >= weights.max_items:
            break
        score, _dense, _lexical, rank, record = item
        if len(chosen) >= weights.min_items and score < best * weights.relative_floor:
            break
        if any(_overlaps(record, other[4]) for other in chosen):
            continue
        if any(
            float(record.vector @ other[4].vector) >= weights.duplicate_similarity
            for other in chosen
        ):
            continue
        chosen.append(item)
    return [_evidence(number, item, hits) for number, item in enumerate(chosen, start=1)]


def _evidence(
    number: int, item: tuple[float, float, float, int, SentenceRecord], hits: Sequence[Hit]
) -> Evidence:
    score, dense, lexical, rank, record = item
    chunk = hits[rank].chunk
    return Evidence(
        number=number,
        sentence_id=record.sentence_id,
        chunk_id=chunk.chunk_id,
        doc_id=chunk.doc_id,
        title=chunk.title,
        heading=chunk.heading,
        url=chunk.source_url,
        language=chunk.language,
        position=record.position,
        text=record.text,
        window=record.window,
        score=round(score, 4),
        dense=round(dense, 4),
        lexical=round(lexical, 4),
    )


def _overlaps(a: SentenceRecord, b: SentenceRecord) -> bool:
    return a.chunk_id == b.chunk_id and abs(a.position - b.position) <= 1


class EvidenceIndex(Protocol):
    """What evidence selection needs from the loaded index generation."""

    def sentences(self, chunk_ids: Sequence[str]) -> dict[str, list[SentenceRecord]]:
        """The stored sentences of these passages, in passage order."""
        ...

    def nearest_sentences(self, vector: Vector, n: int) -> list[tuple[SentenceRecord, float]]:
        """The ``n`` sentence windows most similar to ``vector`` in the whole index."""
        ...

    def chunk(self, chunk_id: str) -> Chunk | None: ...

    def query_terms(self, text: str) -> list[str]: ...

    def text_terms(self, text: str, language: Language) -> list[str]: ...

    def idf(self) -> Mapping[str, float]: ...


@dataclass(frozen=True)
class EvidenceSet:
    items: tuple[Evidence, ...]
    vectors: Vector
    """The window vector of each item (rows in the order of ``items``)."""


class EvidenceFinder:
    """Retrieval hits -> evidence, using the sentences stored with the index."""

    def __init__(
        self,
        index: Callable[[], EvidenceIndex],
        embed_query: Callable[[str], Vector],
        *,
        weights: Weights = Weights(),
        nearest: int = 20,
    ) -> None:
        self._index = index
        self._embed_query = embed_query
        self.weights = weights
        self.nearest = nearest

    def find(
        self,
        question: str,
        query: str,
        hits: Sequence[Hit],
        *,
        keep: Callable[[Evidence], bool] | None = None,
    ) -> EvidenceSet:
        """``query`` is the standalone search query; ``question`` what the user typed;
        ``keep`` the sentences that may be evidence (all when None)."""
        index = self._index()
        vector = _unit(self._embed_query(query))
        queries = [Query(vector, index.query_terms(query))]
        if question != query:
            queries.append(Query(_unit(self._embed_query(question)), index.query_terms(question)))
        candidates = list(hits)
        have = {h.chunk.chunk_id for h in hits}
        for record, _similarity in index.nearest_sentences(vector, self.nearest):
            chunk = index.chunk(record.chunk_id)
            if chunk is not None and record.chunk_id not in have:
                have.add(record.chunk_id)
                candidates.append(Hit(chunk=chunk, score=0.0))
        stored = index.sentences([h.chunk.chunk_id for h in candidates])
        items = select_evidence(
            f"{question} {query}",
            candidates,
            stored,
            queries,
            index.text_terms,
            index.idf(),
            self.weights,
            keep,
        )
        by_id = {r.sentence_id: r for rows in stored.values() for r in rows}
        vectors = (
            np.vstack([by_id[e.sentence_id].vector for e in items]).astype(np.float32)
            if items
            else np.zeros((0, vector.shape[0]), dtype=np.float32)
        )
        return EvidenceSet(items=tuple(items), vectors=vectors)


def _unit(vector: Vector) -> Vector:
    norm = float(np.linalg.norm(vector))
    unit: Vector = (vector / norm).astype(np.float32) if norm else vector
    return unit
