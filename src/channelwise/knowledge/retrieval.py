"""Hybrid search over the knowledge index: dense (Chroma) + BM25, fused by reciprocal rank.

The "not covered" signal: a query whose best dense cosine similarity stays below a
threshold calibrated on the dev question set (in-scope vs out-of-scope questions, see
``channelwise eval retrieval``) is reported as not covered by the knowledge base.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, cast

import bm25s
import numpy as np
import numpy.typing as npt
from chromadb.api.models.Collection import Collection

from channelwise.errors import IndexUnavailableError
from channelwise.i18n import LANGUAGES, Language
from channelwise.knowledge.aliases import ARTICLE_TOPIC, expand, refers_to_article
from channelwise.knowledge.analysis import Analyzer, words
from channelwise.knowledge.coverage import THRESHOLDS, CoverageThresholds, decide
from channelwise.knowledge.embeddings import Embedder
from channelwise.knowledge.generations import IndexLocation, read_all
from channelwise.knowledge.names import PLATFORMS, entity_lexicon
from channelwise.knowledge.records import Chunk, Hit, SearchResult
from channelwise.knowledge.sentence_index import (
    SentenceRecord,
    StoredSentences,
    Vector,
    bm25_idf,
)
from channelwise.knowledge.vocabulary import unknown_terms

Mode = Literal["hybrid", "dense", "bm25"]
# Fusion weights: reciprocal-rank fusion, tuned on the dev set (bench/tune_fusion.py).
RRF_K = 10
DENSE_WEIGHT = 1.0
BM25_WEIGHT = 1.25
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


@dataclass(frozen=True)
class IndexInfo:
    generation: str
    documents: int
    chunks: int
    built_at: str
    embedder: str


class IndexSnapshot:
    """One loaded generation: the Chroma collection plus an in-memory BM25 index."""

    def __init__(
        self, generation: str, collection: Collection, sentences: Collection | None = None
    ) -> None:
        self.generation = generation
        self.collection = collection
        self.stored_sentences = StoredSentences(sentences) if sentences is not None else None
        self._idf: dict[str, float] | None = None
        self._names: frozenset[str] | None = None
        self._known_terms: frozenset[str] | None = None
        ids, documents, metadatas = read_all(collection, ["documents", "metadatas"])
        self.chunks = [
            _chunk_from_row(cid, text, meta)
            for cid, text, meta in zip(ids, documents, metadatas, strict=True)
        ]
        self.chunks.sort(key=lambda c: (c.doc_id, c.ordinal))
        self.row_of = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        tokenized = [words(c.embedding_text()) for c in self.chunks]
        self.analyzer = Analyzer(Analyzer.corpus_vocabulary(tokenized))
        self.languages = np.array([c.language for c in self.chunks])
        self.bm25 = bm25s.BM25()
        if self.chunks:
            corpus = [
                self.analyzer.word_terms(tokens, [c.language])
                for tokens, c in zip(tokenized, self.chunks, strict=True)
            ]
            self.bm25.index(corpus, show_progress=False)
        meta = collection.metadata or {}
        self.info = IndexInfo(
            generation=generation,
            documents=len({c.doc_id for c in self.chunks}),
            chunks=len(self.chunks),
            built_at=str(meta.get("built_at", "")),
            embedder=str(meta.get("embedder", "")),
        )

    # --- what evidence selection needs (channelwise.chat.evidence.EvidenceIndex) -----------

    def sentences(self, chunk_ids: Sequence[str]) -> dict[str, list[SentenceRecord]]:
        if self.stored_sentences is None:
            return {}
        return self.stored_sentences.sentences(chunk_ids)

    def nearest_sentences(self, vector: Vector, n: int) -> list[SentenceRecord]:
        if self.stored_sentences is None:
            return []
        return self.stored_sentences.nearest_sentences(vector, n)

    def chunk(self, chunk_id: str) -> Chunk | None:
        row = self.row_of.get(chunk_id)
        return None if row is None else self.chunks[row]

    def query_terms(self, text: str) -> list[str]:
        return self.analyzer.query_terms(text)

    def text_terms(self, text: str, language: Language) -> list[str]:
        return self.analyzer.terms(text, [language])

    def idf(self) -> dict[str, float]:
        if self._idf is None:
            self._idf = bm25_idf(self.bm25)
        return self._idf

    def unknown_terms(self, query: str) -> tuple[str, ...]:
        """Rare words of ``query`` that no indexed document uses (see ``vocabulary``)."""
        if self._known_terms is None:
            self._known_terms = frozenset(getattr(self.bm25, "vocab_dict", None) or ())
        return unknown_terms(query, self.analyzer, self._known_terms, self.analyzer.vocabulary)

    def names(self) -> frozenset[str]:
        """Proper names of the knowledge base (for checking answers; see chat.figures)."""
        if self._names is None:
            english = [c.text for c in self.chunks if c.language == "en"]
            self._names = entity_lexicon(english, PLATFORMS)
        return self._names

    def mask(self, language: str | None, topics: Sequence[str] | None) -> npt.NDArray[np.bool_]:
        keep = np.ones(len(self.chunks), dtype=bool)
        if language:
            keep &= self.languages == language
        if topics:
            wanted = set(topics)
            keep &= np.array([bool(wanted.intersection(c.topics)) for c in self.chunks])
        return keep


def _chunk_from_row(chunk_id: str, text: str | None, meta: Any) -> Chunk:
    topics = str(meta.get("topics", ""))
    return Chunk(
        chunk_id=chunk_id,
        doc_id=str(meta["doc_id"]),
        doc_hash=str(meta["doc_hash"]),
        ordinal=int(meta["ordinal"]),
        title=str(meta["title"]),
        heading=str(meta.get("heading", "")),
        text=text or "",
        language=cast(Language, meta["language"]),
        source_url=str(meta["source_url"]),
        topics=tuple(t for t in topics.split(",") if t),
    )


def _where(language: str | None, topics: Sequence[str] | None) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if language:
        clauses.append({"language": language})
    if topics:
        any_topic = [{f"topic:{t}": True} for t in topics]
        clauses.append(any_topic[0] if len(any_topic) == 1 else {"$or": any_topic})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


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
        rrf_k: int = RRF_K,
    ) -> None:
        self.weights = (dense_weight, bm25_weight)
        self.article_weight = ARTICLE_WEIGHT
        self.rrf_k = rrf_k
        self._location = location
        self._embedder = embedder
        self.coverage = coverage or THRESHOLDS.get(embedder.name, THRESHOLDS["use"])
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
                        f"There is no knowledge index yet in {self._location.description}. "
                        "Run `channelwise ingest` (or `make run`, which does it for you).",
                        f"In {self._location.description_de} gibt es noch keinen Wissensindex. "
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
            snapshot = IndexSnapshot(
                generation.name,
                generation.collection(self._embedder.name),
                generation.sentence_collection(self._embedder.name),
            )
        except IndexUnavailableError:
            raise
        except Exception as err:
            raise IndexUnavailableError(
                f"The knowledge index in {self._location.description} cannot be read "
                f"({type(err).__name__}: {err}). Run `channelwise ingest --rebuild`.",
                f"Der Wissensindex in {self._location.description_de} ist nicht lesbar "
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
        vector = self._embedder.embed_query(search_text)
        dense: list[tuple[int, float]] = []
        if mode in ("hybrid", "dense"):
            dense = self._dense(snap, vector, depth, language, topics)
        sparse: list[tuple[int, float]] = []
        if mode in ("hybrid", "bm25"):
            sparse = self._bm25(snap, search_text, depth, language, topics)
        best = max((s for _, s in dense), default=0.0)
        best_bm25 = max((s for _, s in sparse), default=0.0)
        if mode == "bm25":
            best = self._best_similarity(snap, vector, [row for row, _ in sparse[:1]])
        nearest = snap.nearest_sentences(vector, 1)
        best_sentence = float(nearest[0].vector @ _unit(vector)) if nearest else 0.0
        boost = (
            {i for i, c in enumerate(snap.chunks) if ARTICLE_TOPIC in c.topics}
            if refers_to_article(query)
            else set()
        )
        hits = _fuse(snap, dense, sparse, k, self.weights, self.rrf_k, boost, self.article_weight)
        unknown = snap.unknown_terms(query)
        coverage = decide(best, best_sentence, best_bm25, self.coverage, unknown=bool(unknown))
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
        vector: Vector,
        depth: int,
        language: str | None,
        topics: Sequence[str] | None,
    ) -> list[tuple[int, float]]:
        result = snap.collection.query(
            query_embeddings=[vector.tolist()],
            n_results=min(depth, len(snap.chunks)),
            where=_where(language, topics),
            include=["distances"],
        )
        ids = result["ids"][0]
        distances = (result["distances"] or [[]])[0]
        return [
            (snap.row_of[cid], 1.0 - float(dist))
            for cid, dist in zip(ids, distances, strict=True)
            if cid in snap.row_of
        ]

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

    def _best_similarity(self, snap: IndexSnapshot, vector: Vector, rows: list[int]) -> float:
        if not rows:
            return 0.0
        got = snap.collection.get(
            ids=[snap.chunks[r].chunk_id for r in rows], include=["embeddings"]
        )
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        return float(np.max(vectors @ vector))


def _unit(vector: Vector) -> Vector:
    norm = float(np.linalg.norm(vector))
    unit: Vector = (vector / norm).astype(np.float32) if norm else vector
    return unit


def _fuse(
    snap: IndexSnapshot,
    dense: list[tuple[int, float]],
    sparse: list[tuple[int, float]],
    k: int,
    weights: tuple[float, float],
    rrf_k: int,
    boost: set[int] = frozenset(),  # type: ignore[assignment]
    boost_weight: float = 0.0,
) -> tuple[Hit, ...]:
    """Weighted reciprocal-rank fusion of the two ranked lists (either may be empty).

    Rows in ``boost`` (the source article's passages when a question refers to "the
    article") get ``boost_weight`` as if a third retriever ranked them first.
    """
    scores: dict[int, float] = {}
    dense_rank = {row: rank for rank, (row, _) in enumerate(dense, start=1)}
    sparse_rank = {row: rank for rank, (row, _) in enumerate(sparse, start=1)}
    similarity = dict(dense)
    for weight, ranks in zip(weights, (dense_rank, sparse_rank), strict=True):
        for row, rank in ranks.items():
            scores[row] = scores.get(row, 0.0) + weight / (rrf_k + rank)
    for row in boost & scores.keys():
        scores[row] += boost_weight / (rrf_k + 1)
    ordered = sorted(scores, key=lambda row: (-scores[row], row))[:k]
    return tuple(
        Hit(
            chunk=snap.chunks[row],
            score=round(scores[row], 6),
            similarity=similarity.get(row),
            dense_rank=dense_rank.get(row),
            bm25_rank=sparse_rank.get(row),
        )
        for row in ordered
    )
