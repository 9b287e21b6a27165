"""The sentences of every passage, stored with the index generation at ingest time.

Evidence selection scores single sentences against a question. Embedding them at query
time would cost seconds, so ingest splits every chunk into sentences and embeds each
sentence's *window* (the sentence with its neighbours, prefixed by the document title and
section: a sentence alone often lacks its subject) into a second collection of the same
generation. At query time the sentences of the retrieved passages are read by chunk id,
and the nearest windows of the whole index are found with one vector query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Where

from channelwise.knowledge.embeddings import Embedder
from channelwise.knowledge.records import Chunk
from channelwise.knowledge.sentences import split_sentences

Vector = npt.NDArray[np.float32]
SENTENCE_VERSION = 1
"""Bump when splitting or windows change: the index is then rebuilt on the next ingest."""
WINDOW = 1
"""Neighbours on each side that form a sentence's window."""
_BATCH = 64
_PAGE = 500


@dataclass(frozen=True)
class SentenceRecord:
    """One sentence of a passage as stored with the index."""

    sentence_id: str
    """``<chunk_id>#<position>``: stable for the same passage text."""
    chunk_id: str
    position: int
    text: str
    window: str
    """The sentence with its neighbours in the passage (what the user reads)."""
    vector: Vector
    """Embedding of title, section and window."""


def sentence_rows(chunk: Chunk) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(id, text to embed, sentence, metadata) for every sentence of ``chunk``."""
    sentences = split_sentences(chunk.text)
    header = f"{chunk.title} — {chunk.heading}" if chunk.heading else chunk.title
    rows = []
    for position, sentence in enumerate(sentences):
        window = " ".join(sentences[max(0, position - WINDOW) : position + WINDOW + 1])
        rows.append(
            (
                f"{chunk.chunk_id}#{position}",
                f"{header}\n{window}",
                sentence,
                {
                    "chunk_id": chunk.chunk_id,
                    "doc_id": chunk.doc_id,
                    "position": position,
                    "window": window,
                },
            )
        )
    return rows


def add_sentences(
    collection: Collection,
    chunks: Sequence[Chunk],
    embedder: Embedder,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Split, embed and store the sentences of ``chunks``; returns how many."""
    rows = [row for chunk in chunks for row in sentence_rows(chunk)]
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        vectors = embedder.embed_passages([text for _, text, _, _ in batch])
        collection.add(
            ids=[row_id for row_id, _, _, _ in batch],
            embeddings=vectors,
            documents=[sentence for _, _, sentence, _ in batch],
            metadatas=[cast(Any, meta) for _, _, _, meta in batch],
        )
        if progress:
            progress(len(batch))
    return len(rows)


def copy_sentences(source: Collection, target: Collection, doc_ids: Sequence[str]) -> int:
    """Carry unchanged documents' sentences over with their vectors."""
    copied = 0
    for start in range(0, len(doc_ids), 32):
        where = cast(Where, {"doc_id": {"$in": list(doc_ids[start : start + 32])}})
        got = source.get(where=where, include=["embeddings", "documents", "metadatas"])
        if got["ids"]:
            target.add(
                ids=got["ids"],
                embeddings=got["embeddings"],
                documents=got["documents"],
                metadatas=got["metadatas"],
            )
            copied += len(got["ids"])
    return copied


def _record(row_id: str, text: str | None, meta: Any, vector: Any) -> SentenceRecord:
    unit = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(unit))
    return SentenceRecord(
        sentence_id=row_id,
        chunk_id=str(meta["chunk_id"]),
        position=int(meta["position"]),
        text=text or "",
        window=str(meta["window"]),
        vector=unit / norm if norm else unit,
    )


class StoredSentences:
    """Reads the sentence collection of one generation."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    def sentences(self, chunk_ids: Sequence[str]) -> dict[str, list[SentenceRecord]]:
        out: dict[str, list[SentenceRecord]] = {}
        ids = list(dict.fromkeys(chunk_ids))
        for start in range(0, len(ids), _PAGE):
            where = cast(Where, {"chunk_id": {"$in": ids[start : start + _PAGE]}})
            got = self.collection.get(where=where, include=["embeddings", "documents", "metadatas"])
            documents = got["documents"] or []
            metadatas = got["metadatas"] or []
            embeddings = got["embeddings"] if got["embeddings"] is not None else []
            for row_id, text, meta, vector in zip(
                got["ids"], documents, metadatas, embeddings, strict=True
            ):
                record = _record(row_id, text, meta, vector)
                out.setdefault(record.chunk_id, []).append(record)
        for rows in out.values():
            rows.sort(key=lambda r: r.position)
        return out

    def nearest_sentences(self, vector: Vector, n: int) -> list[SentenceRecord]:
        total = self.collection.count()
        if not total or n <= 0:
            return []
        got = self.collection.query(
            query_embeddings=[vector.tolist()],
            n_results=min(n, total),
            include=["embeddings", "documents", "metadatas"],
        )
        documents = (got["documents"] or [[]])[0]
        metadatas = (got["metadatas"] or [[]])[0]
        embeddings = got["embeddings"][0] if got["embeddings"] is not None else []
        return [
            _record(row_id, text, meta, vec)
            for row_id, text, meta, vec in zip(
                got["ids"][0], documents, metadatas, embeddings, strict=True
            )
        ]


def bm25_idf(bm25: Any) -> dict[str, float]:
    """Smoothed IDF of every term of a built ``bm25s.BM25`` index (from its posting lists)."""
    vocab: dict[str, int] = getattr(bm25, "vocab_dict", None) or {}
    scores = getattr(bm25, "scores", None) or {}
    if not vocab or "indptr" not in scores:
        return {}
    indptr = np.asarray(scores["indptr"])
    n = int(scores.get("num_docs", 0)) or 1
    df = np.diff(indptr)
    return {
        term: float(np.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5)))
        for term, i in vocab.items()
        if term and i < len(df)
    }
