"""Typed records of the knowledge base: documents, chunks, search hits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from channelwise.i18n import Language
from channelwise.knowledge.questions import CuratedQuestion


@dataclass(frozen=True)
class SourceRef:
    """Where a knowledge document's facts come from."""

    title: str
    url: str


@dataclass(frozen=True)
class KnowledgeDocument:
    """One curated Markdown file: front matter plus body."""

    doc_id: str
    path: Path
    title: str
    language: Language
    sources: tuple[SourceRef, ...]
    as_of: date
    topics: tuple[str, ...]
    body: str
    content_hash: str
    author: str | None = None
    published: date | None = None
    questions: tuple[CuratedQuestion, ...] = ()
    """The questions each section answers (their blocks are not part of ``body``)."""
    sections: tuple[str, ...] = ("",)
    """Section headings by index: ``""`` for the text before the first ``##``, then each
    ``##`` heading in order (the same indices in both files of a pair)."""

    @property
    def primary_url(self) -> str:
        return self.sources[0].url

    @property
    def pair_id(self) -> str:
        """The id both language versions share (``platform-tiktok`` for ``….de``)."""
        return pair_id(self.doc_id)


def pair_id(doc_id: str) -> str:
    """``platform-tiktok.de`` -> ``platform-tiktok``; ids without a language stay."""
    base, _, suffix = doc_id.rpartition(".")
    return base if base and suffix in ("de", "en") else doc_id


@dataclass(frozen=True)
class Chunk:
    """A passage of a document, small enough to embed and to quote."""

    chunk_id: str
    doc_id: str
    doc_hash: str
    ordinal: int
    title: str
    heading: str
    text: str
    language: Language
    source_url: str
    topics: tuple[str, ...] = field(default_factory=tuple)
    section: int = 0
    """Index of the document section the passage belongs to (see KnowledgeDocument)."""

    def embedding_text(self) -> str:
        """What the embedder and BM25 see: title and section give the passage context."""
        heading = f" — {self.heading}" if self.heading else ""
        return f"{self.title}{heading}\n{self.text}"


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its fused score and the ranks that produced it."""

    chunk: Chunk
    score: float
    similarity: float | None = None
    dense_rank: int | None = None
    bm25_rank: int | None = None


@dataclass(frozen=True)
class Citation:
    """A numbered passage an answer cites: enough to show it and to open its source."""

    number: int
    title: str
    heading: str
    url: str
    chunk_id: str
    doc_id: str
    excerpt: str
    """The evidence sentence with its neighbours (what the user reads)."""
    sentence_id: str = ""
    sentence: str = ""
    """The evidence sentence itself (empty for citations stored before sentences existed)."""
    language: str = ""


@dataclass(frozen=True)
class SearchResult:
    """Hits for one query and whether the knowledge base covers it at all."""

    query: str
    hits: tuple[Hit, ...]
    covered: bool
    best_similarity: float
    best_bm25: float = 0.0
    """The highest raw BM25 score (a second signal for "not covered")."""
    best_sentence: float = 0.0
    """The highest similarity of a sentence window (a third signal)."""
    unknown_terms: tuple[str, ...] = ()
    """Rare words of the query that no document uses (a sign it is out of scope)."""
