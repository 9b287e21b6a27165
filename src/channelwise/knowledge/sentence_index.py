"""The sentences of every passage, embedded at ingest time and kept in the search file.

Evidence selection scores single sentences against a question. Embedding them at query
time would cost seconds, so ingest splits every passage into sentences and embeds each
sentence's *window* (the sentence with its neighbours, after the document title and section:
a sentence alone often lacks its subject). The table travels in the generation's search
file with the passages; a passage whose text did not change keeps its sentence vectors from
the previous generation (chunk ids include a digest of the text).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from channelwise.knowledge.records import Chunk
from channelwise.knowledge.sentences import split_sentences

Vector = npt.NDArray[np.float32]
WINDOW = 1
"""Neighbours on each side that form a sentence's window."""


@dataclass(frozen=True)
class SentenceRecord:
    """One sentence of a passage."""

    sentence_id: str
    """``<chunk_id>#<position>``: stable while the passage text is."""
    chunk_id: str
    position: int
    text: str
    window: str
    """The sentence with its neighbours in the passage (what the user reads)."""
    vector: Vector
    """Unit vector of title, section and window."""


def sentence_rows(chunk: Chunk) -> list[tuple[int, str, str, str]]:
    """(position, sentence, window, text to embed) for every sentence of ``chunk``."""
    sentences = split_sentences(chunk.text)
    header = f"{chunk.title} — {chunk.heading}" if chunk.heading else chunk.title
    rows = []
    for position, sentence in enumerate(sentences):
        window = " ".join(sentences[max(0, position - WINDOW) : position + WINDOW + 1])
        rows.append((position, sentence, window, f"{header}\n{window}"))
    return rows


class SentenceTable:
    """Every sentence of one generation: texts, windows and unit vectors, by passage."""

    def __init__(
        self,
        chunk_ids: Sequence[str],
        positions: Sequence[int],
        texts: Sequence[str],
        windows: Sequence[str],
        vectors: Vector,
    ) -> None:
        self.chunk_ids = list(chunk_ids)
        self.positions = list(positions)
        self.texts = list(texts)
        self.windows = list(windows)
        self.vectors = vectors
        self._rows_of: dict[str, list[int]] = {}
        for row, chunk_id in enumerate(self.chunk_ids):
            self._rows_of.setdefault(chunk_id, []).append(row)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def record(self, row: int) -> SentenceRecord:
        chunk_id, position = self.chunk_ids[row], self.positions[row]
        return SentenceRecord(
            f"{chunk_id}#{position}",
            chunk_id,
            position,
            self.texts[row],
            self.windows[row],
            self.vectors[row],
        )

    def sentences(self, chunk_ids: Sequence[str]) -> dict[str, list[SentenceRecord]]:
        return {
            chunk_id: [self.record(row) for row in self._rows_of[chunk_id]]
            for chunk_id in dict.fromkeys(chunk_ids)
            if chunk_id in self._rows_of
        }

    def nearest(self, vector: Vector, n: int) -> list[tuple[SentenceRecord, float]]:
        """The ``n`` sentence windows most similar to ``vector`` (a unit vector)."""
        if not len(self) or n <= 0:
            return []
        similarity = self.vectors @ vector
        n = min(n, len(self))
        top = np.argpartition(-similarity, n - 1)[:n]
        top = top[np.argsort(-similarity[top], kind="stable")]
        return [(self.record(int(row)), float(similarity[row])) for row in top]

    def vectors_by_chunk(self) -> dict[str, Vector]:
        """Each passage's sentence vectors, to carry over to the next generation."""
        return {cid: self.vectors[rows] for cid, rows in self._rows_of.items()}

    @classmethod
    def build(
        cls,
        chunks: Sequence[Chunk],
        embed: Callable[[Sequence[str]], Vector],
        previous: Mapping[str, Vector] | None = None,
        progress: Callable[[int, int], None] | None = None,
        batch: int = 64,
    ) -> SentenceTable:
        """Split every passage, reuse the vectors of unchanged ones, embed the rest."""
        previous = previous or {}
        chunk_ids: list[str] = []
        positions: list[int] = []
        texts: list[str] = []
        windows: list[str] = []
        vectors: list[Vector | None] = []
        todo: list[tuple[int, str]] = []
        for chunk in chunks:
            rows = sentence_rows(chunk)
            kept = previous.get(chunk.chunk_id)
            reuse = kept is not None and len(kept) == len(rows)
            for i, (position, sentence, window, embed_text) in enumerate(rows):
                chunk_ids.append(chunk.chunk_id)
                positions.append(position)
                texts.append(sentence)
                windows.append(window)
                if reuse:
                    assert kept is not None
                    vectors.append(kept[i])
                else:
                    vectors.append(None)
                    todo.append((len(vectors) - 1, embed_text))
        for start in range(0, len(todo), batch):
            part = todo[start : start + batch]
            embedded = unit_rows(embed([text for _, text in part]))
            for (row, _), vector in zip(part, embedded, strict=True):
                vectors[row] = vector
            if progress:
                progress(start + len(part), len(todo))
        dim = next((v.shape[0] for v in vectors if v is not None), 0)
        matrix = (
            np.vstack([v for v in vectors if v is not None]).astype(np.float32)
            if vectors
            else np.zeros((0, dim), dtype=np.float32)
        )
        return cls(chunk_ids, positions, texts, windows, matrix)


def unit_rows(vectors: npt.ArrayLike) -> Vector:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix.reshape(1, -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: Vector = (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)
    return unit


def bm25_idf(vocab: Mapping[str, int], indptr: npt.ArrayLike, num_docs: int) -> dict[str, float]:
    """Smoothed IDF of every term of a BM25 index, from its posting lists (CSC ``indptr``)."""
    df = np.diff(np.asarray(indptr))
    n = max(num_docs, 1)
    return {
        term: float(np.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5)))
        for term, i in vocab.items()
        if term and i < len(df)
    }
