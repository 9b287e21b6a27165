"""Hybrid search over the knowledge index: dense (cosine over the generation's vectors) +
BM25, fused by reciprocal rank.

The "not covered" signal: a query whose best dense cosine similarity stays below a
threshold calibrated on the dev question set (in-scope vs out-of-scope questions, see
``channelwise eval retrieval``) is reported as not covered by the knowledge base.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from channelwise.errors import IndexUnavailableError
from channelwise.i18n import LANGUAGES
from channelwise.knowledge.aliases import ARTICLE_TOPIC, expand, refers_to_article
from channelwise.knowledge.coverage import (
    THRESHOLDS,
    UNKNOWN_WORDS_UP_TO,
    CoverageThresholds,
    decide,
)
from channelwise.knowledge.embeddings import Embedder
from channelwise.knowledge.generations import IndexLocation
from channelwise.knowledge.records import Hit, SearchResult
from channelwise.knowledge.snapshot import IndexInfo, IndexSnapshot, load_snapshot

Mode = Literal["hybrid", "dense", "bm25", "questions"]
# Fusion weights: reciprocal-rank fusion, tuned on the dev set (bench/tune_fusion.py).
RRF_K = 10
DENSE_WEIGHT = 1.0
BM25_WEIGHT = 1.5
QUESTION_WEIGHT = 1.5
"""Weight of the curated-question ranking in the fusion (tune split)."""
ARTICLE_WEIGHT = 1.0
"""Boost of the source article's passages when a question says "the article" (tune split)."""


class Retrieval(Protocol):
    """What answers and plans need from retrieval (:class:`Retriever`, or a test double)."""

    def search(
        self,
        query: str,
        k: int = 5,
        language: str | None = None,
        topics: Sequence[str] | None = None,
    ) -> SearchResult: ...


class Retriever:
    """Searches the active index generation; picks up a newly swapped-in one by itself."""

    def __init__(
        self,
        location: IndexLocation,
        embedder: Embedder,
        *,
        coverage: CoverageThresholds | None = None,
        refresh_seconds: float = 2.0,
        dense_weight: float = DENSE_WEIGHT,
        bm25_weight: float = BM25_WEIGHT,
        question_weight: float = QUESTION_WEIGHT,
        rrf_k: int = RRF_K,
    ) -> None:
        self.weights = (dense_weight, bm25_weight, question_weight)
        self.rrf_k = rrf_k
        self._location = location
        self._embedder = embedder
        self.coverage = coverage or THRESHOLDS.get(embedder.name, THRESHOLDS["use"])
        self.article_weight = ARTICLE_WEIGHT
        self._refresh_seconds = refresh_seconds
        self._snapshot: IndexSnapshot | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def snapshot(self) -> IndexSnapshot:
        with self._lock:
            now = time.monotonic()
            if self._snapshot is None or now - self._checked_at >= self._refresh_seconds:
                name = self._location.active_name()
                if name is None:
                    raise IndexUnavailableError(
                        f"There is no knowledge index yet in {self._location.description.en}. "
                        "Run `channelwise ingest` (or `make run`, which does it for you).",
                        f"In {self._location.description.de} gibt es noch keinen Wissensindex. "
                        "Führen Sie `channelwise ingest` aus (oder `make run`, das erledigt es).",
                    )
                if self._snapshot is None or self._snapshot.generation != name:
                    self._snapshot = self._load()
                self._checked_at = now
            return self._snapshot

    def _load(self) -> IndexSnapshot:
        generation = self._location.active()
        if generation is None:
            raise IndexUnavailableError(
                "The knowledge index disappeared; run `channelwise ingest`.",
                "Der Wissensindex ist verschwunden; führen Sie `channelwise ingest` aus.",
            )
        try:
            snapshot = load_snapshot(generation, self._embedder.name)
        except IndexUnavailableError:
            raise
        except Exception as err:
            raise IndexUnavailableError(
                f"The knowledge index in {self._location.description.en} cannot be read "
                f"({type(err).__name__}: {err}). Run `channelwise ingest --rebuild`.",
                f"Der Wissensindex in {self._location.description.de} ist nicht lesbar "
                f"({type(err).__name__}: {err}). Führen Sie `channelwise ingest --rebuild` aus.",
            ) from err
        if snapshot.info.embedder and snapshot.info.embedder != self._embedder.name:
            raise IndexUnavailableError(
                f"The index was built with the '{snapshot.info.embedder}' embedder but "
                f"CHANNELWISE_EMBEDDER is '{self._embedder.name}'. Run `channelwise ingest`.",
                f"Der Index wurde mit dem Embedder '{snapshot.info.embedder}' gebaut, "
                f"CHANNELWISE_EMBEDDER ist aber '{self._embedder.name}'. Führen Sie "
                "`channelwise ingest` aus.",
            )
        return snapshot

    def info(self) -> IndexInfo:
        return self.snapshot().info

    def search(
        self,
        query: str,
        k: int = 5,
        language: str | None = None,
        topics: Sequence[str] | None = None,
        mode: Mode = "hybrid",
    ) -> SearchResult:
        if language is not None and language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}")
        snap = self.snapshot()
        depth = max(4 * k, 30)
        query = query.strip()
        if not query or not snap.chunks:
            return SearchResult(query=query, hits=(), covered=False, best_similarity=0.0)
        search_text = expand(query)
        vector = self._query_vector(search_text)
        dense: list[tuple[int, float]] = []
        if mode in ("hybrid", "dense"):
            dense = self._dense(snap, vector, depth, language, topics)
        sparse: list[tuple[int, float]] = []
        if mode in ("hybrid", "bm25"):
            sparse = self._bm25(snap, search_text, depth, language, topics)
        asked: list[tuple[int, float]] = []
        if mode in ("hybrid", "questions"):
            asked = self._questions(snap, vector, depth, language, topics)
        best = max((s for _, s in dense), default=0.0)
        best_bm25 = max((s for _, s in sparse), default=0.0)
        if mode in ("bm25", "questions"):
            first = (sparse or asked)[:1]
            best = self._best_similarity(snap, vector, [row for row, _ in first])
        nearest = snap.nearest_sentences(vector, 1)
        best_sentence = nearest[0][1] if nearest else 0.0
        long = len(query.split()) > UNKNOWN_WORDS_UP_TO
        unknown = () if long else snap.unknown_terms(query)
        coverage = decide(best, best_sentence, best_bm25, self.coverage, unknown=bool(unknown))
        boost = (
            {i for i, c in enumerate(snap.chunks) if ARTICLE_TOPIC in c.topics}
            if refers_to_article(query)
            else set()
        )
        ranked = (dense, sparse, asked)
        hits = _fuse(snap, ranked, k, self.weights, self.rrf_k, boost, self.article_weight)
        return SearchResult(
            query=query,
            hits=hits,
            covered=coverage.covered,
            best_similarity=best,
            best_bm25=best_bm25,
            best_sentence=best_sentence,
            unknown_terms=unknown,
        )

    def _dense(
        self,
        snap: IndexSnapshot,
        vector: npt.NDArray[np.float32],
        depth: int,
        language: str | None,
        topics: Sequence[str] | None,
    ) -> list[tuple[int, float]]:
        similarity = snap.vectors @ vector
        allowed = snap.mask(language, topics)
        n = min(depth, int(np.count_nonzero(allowed)))
        if n == 0:
            return []
        scores = np.where(allowed, similarity, -np.inf)
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(similarity[i])) for i in top]

    def _questions(
        self,
        snap: IndexSnapshot,
        vector: npt.NDArray[np.float32],
        depth: int,
        language: str | None,
        topics: Sequence[str] | None,
    ) -> list[tuple[int, float]]:
        """Passages ranked by their section's curated question nearest to the query."""
        allowed = snap.mask(language, topics)
        ranked: dict[int, float] = {}
        for record, similarity in snap.nearest_questions(vector, 4 * depth):
            for row in snap.section_rows(record.doc_id, record.section):
                if allowed[row] and row not in ranked:
                    ranked[row] = similarity
            if len(ranked) >= depth:
                break
        return list(ranked.items())

    def _query_vector(self, query: str) -> npt.NDArray[np.float32]:
        vector = np.asarray(self._embedder.embed_query(query), dtype=np.float32)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def _bm25(
        self,
        snap: IndexSnapshot,
        query: str,
        depth: int,
        language: str | None,
        topics: Sequence[str] | None,
    ) -> list[tuple[int, float]]:
        terms = snap.analyzer.query_terms(query)
        if not terms:
            return []
        scores = np.asarray(snap.bm25.get_scores(terms), dtype=np.float32)
        scores = np.where(snap.mask(language, topics), scores, 0.0)
        n = min(depth, int(np.count_nonzero(scores)))
        if n == 0:
            return []
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top]

    def _best_similarity(
        self, snap: IndexSnapshot, vector: npt.NDArray[np.float32], rows: list[int]
    ) -> float:
        if not rows:
            return 0.0
        return float(np.max(snap.vectors[rows] @ vector))


def _fuse(
    snap: IndexSnapshot,
    ranked: Sequence[list[tuple[int, float]]],
    k: int,
    weights: Sequence[float],
    rrf_k: int,
    boost: set[int] | None = None,
    boost_weight: float = 0.0,
) -> tuple[Hit, ...]:
    """Weighted reciprocal-rank fusion of the ranked lists (dense, BM25, curated questions;
    any may be empty).

    Rows in ``boost`` (the source article's passages when a question says "the article") get
    ``boost_weight`` as if another retriever ranked them first.
    """
    scores: dict[int, float] = {}
    ranks = [{row: rank for rank, (row, _) in enumerate(rows, start=1)} for rows in ranked]
    similarity = dict(ranked[0])
    for weight, by_row in zip(weights, ranks, strict=True):
        for row, rank in by_row.items():
            scores[row] = scores.get(row, 0.0) + weight / (rrf_k + rank)
    for row in (boost or set()) & scores.keys():
        scores[row] += boost_weight / (rrf_k + 1)
    ordered = sorted(scores, key=lambda row: (-scores[row], row))[:k]
    return tuple(
        Hit(
            chunk=snap.chunks[row],
            score=round(scores[row], 6),
            similarity=similarity.get(row),
            dense_rank=ranks[0].get(row),
            bm25_rank=ranks[1].get(row),
        )
        for row in ordered
    )
