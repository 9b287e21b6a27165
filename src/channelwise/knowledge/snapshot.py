"""One index generation in memory, and the search file that holds it.

A snapshot is what a search needs: the passages, their normalised vectors, the BM25 index
and the analyzer's vocabulary (for compound splitting). Ingest builds it once per
generation and writes it as one file (``search.npz``, numpy arrays plus JSON, no pickle)
next to the generation's Chroma data, so a reader loads it in a fraction of a second
without importing Chroma and without re-tokenising the corpus. A generation built before
this file existed is read from its Chroma collection and its BM25 index built in memory;
the next ``channelwise ingest`` adds the file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import bm25s
import numpy as np
import numpy.typing as npt

from channelwise.i18n import Language
from channelwise.knowledge.declined import (
    DeclinedTopic,
    declined_digest,
    topic_from_json,
    topic_to_json,
)
from channelwise.knowledge.names import PLATFORMS, entity_lexicon
from channelwise.knowledge.playbook import (
    PlaybookEntry,
    entry_from_json,
    entry_to_json,
    playbook_digest,
)
from channelwise.knowledge.question_index import QuestionRecord, QuestionTable
from channelwise.knowledge.records import Chunk
from channelwise.knowledge.sentence_index import SentenceRecord, SentenceTable, bm25_idf
from channelwise.knowledge.text_analysis import Analyzer, words
from channelwise.knowledge.vocabulary import known_prefixes, unknown_terms

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

    from channelwise.knowledge.generations import Generation

SEARCH_FILE = "search.npz"
FORMAT = 3
"""Bump when the file's layout changes: older files are then ignored and rebuilt."""
_BM25_PARAMS = ("k1", "b", "delta", "method", "idf_method", "dtype", "int_dtype")

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True)
class IndexInfo:
    generation: str
    documents: int
    chunks: int
    built_at: str
    embedder: str


class IndexSnapshot:
    """Passages, vectors, BM25 and analyzer of one generation, ready to search."""

    def __init__(
        self,
        info: IndexInfo,
        chunks: list[Chunk],
        vectors: Vectors,
        bm25: bm25s.BM25,
        analyzer: Analyzer,
        sentences: SentenceTable | None = None,
        questions: QuestionTable | None = None,
        playbook: Sequence[PlaybookEntry] = (),
        playbook_questions: QuestionTable | None = None,
        declined: Sequence[DeclinedTopic] = (),
        declined_questions: QuestionTable | None = None,
    ) -> None:
        self.info = info
        self.generation = info.generation
        self.chunks = chunks
        self.vectors = vectors
        self.bm25 = bm25
        self.analyzer = analyzer
        self.sentence_table = sentences
        """None for a generation read from Chroma (built before sentences were stored)."""
        self.question_table = questions
        """The curated questions (None for a generation read from Chroma)."""
        self.playbook = {entry.entry_id: entry for entry in playbook}
        self.playbook_table = playbook_questions
        """The playbook's questions: ``doc_id`` is the entry id (section 0)."""
        self.playbook_digest = playbook_digest(playbook)
        self.declined = {topic.topic_id: topic for topic in declined}
        self.declined_table = declined_questions
        """The questions the knowledge base declines: ``doc_id`` is the topic id."""
        self.declined_digest = declined_digest(declined)
        self.row_of = {c.chunk_id: i for i, c in enumerate(chunks)}
        self._section_rows: dict[tuple[str, int], list[int]] = {}
        for i, c in enumerate(chunks):
            self._section_rows.setdefault((c.doc_id, c.section), []).append(i)
        self.languages = np.array([c.language for c in chunks])
        self._idf: dict[str, float] | None = None
        self._names: frozenset[str] | None = None
        self._known_terms: frozenset[str] | None = None
        self._prefixes: frozenset[str] = frozenset()

    def mask(self, language: str | None, topics: Sequence[str] | None) -> npt.NDArray[np.bool_]:
        keep = np.ones(len(self.chunks), dtype=bool)
        if language:
            keep &= self.languages == language
        if topics:
            wanted = set(topics)
            keep &= np.array([bool(wanted.intersection(c.topics)) for c in self.chunks])
        return keep

    # --- what evidence selection needs (channelwise.grounding.evidence.EvidenceIndex) ---------

    def sentences(self, chunk_ids: Sequence[str]) -> dict[str, list[SentenceRecord]]:
        if self.sentence_table is None:
            return {}
        return self.sentence_table.sentences(chunk_ids)

    def nearest_sentences(self, vector: Vectors, n: int) -> list[tuple[SentenceRecord, float]]:
        if self.sentence_table is None:
            return []
        return self.sentence_table.nearest(vector, n)

    def nearest_questions(self, vector: Vectors, n: int) -> list[tuple[QuestionRecord, float]]:
        if self.question_table is None:
            return []
        return self.question_table.nearest(vector, n)

    def section_rows(self, doc_id: str, section: int) -> list[int]:
        """Rows of the passages of one document section, in document order."""
        return self._section_rows.get((doc_id, section), [])

    def nearest_playbook(self, vector: Vectors, n: int) -> list[tuple[QuestionRecord, float]]:
        if self.playbook_table is None:
            return []
        return self.playbook_table.nearest(vector, n)

    def with_playbook(
        self,
        entries: Sequence[PlaybookEntry],
        questions: QuestionTable,
        declined: Sequence[DeclinedTopic] = (),
        declined_questions: QuestionTable | None = None,
    ) -> IndexSnapshot:
        """The same generation with another playbook and declined topics (their questions
        already embedded)."""
        return IndexSnapshot(
            self.info, self.chunks, self.vectors, self.bm25, self.analyzer,
            self.sentence_table, self.question_table, entries, questions,
            declined, declined_questions,
        )  # fmt: skip

    def chunk(self, chunk_id: str) -> Chunk | None:
        row = self.row_of.get(chunk_id)
        return None if row is None else self.chunks[row]

    def query_terms(self, text: str) -> list[str]:
        return self.analyzer.query_terms(text)

    def text_terms(self, text: str, language: Language) -> list[str]:
        return self.analyzer.terms(text, [language])

    def idf(self) -> dict[str, float]:
        if self._idf is None:
            scores = self.bm25.scores if self.chunks else {}
            self._idf = bm25_idf(
                getattr(self.bm25, "vocab_dict", None) or {},
                scores.get("indptr", np.zeros(1)),
                int(scores.get("num_docs", 0)),
            )
        return self._idf

    def names(self) -> frozenset[str]:
        """Proper names of the knowledge base (for checking answers; see chat.figures)."""
        if self._names is None:
            english = [c.text for c in self.chunks if c.language == "en"]
            self._names = entity_lexicon(english, PLATFORMS)
        return self._names

    def unknown_terms(self, query: str) -> tuple[str, ...]:
        """Rare words of ``query`` that no indexed document uses (see ``vocabulary``)."""
        if self._known_terms is None:
            self._known_terms = frozenset(getattr(self.bm25, "vocab_dict", None) or ())
            self._prefixes = known_prefixes(self.analyzer.vocabulary)
        return unknown_terms(query, self.analyzer, self._known_terms, self._prefixes)

    # --- building ---------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        generation: str,
        rows: Sequence[tuple[Chunk, Sequence[float]]],
        meta: dict[str, Any],
        sentences: Callable[[list[Chunk]], SentenceTable] | None = None,
        questions: Callable[[list[Chunk], SentenceTable | None], QuestionTable] | None = None,
    ) -> IndexSnapshot:
        """From the passages and their vectors: tokenise once, index BM25, learn the
        vocabulary German compounds are split into."""
        ordered = sorted(rows, key=lambda row: (row[0].doc_id, row[0].ordinal))
        chunks = [chunk for chunk, _ in ordered]
        tokenized = [words(c.embedding_text()) for c in chunks]
        analyzer = Analyzer(Analyzer.corpus_vocabulary(tokenized))
        bm25 = bm25s.BM25()
        if chunks:
            corpus = [
                analyzer.word_terms(tokens, [c.language])
                for tokens, c in zip(tokenized, chunks, strict=True)
            ]
            bm25.index(corpus, show_progress=False)
        if bm25.method in bm25.methods_requiring_nonoccurrence:  # pragma: no cover
            raise ValueError("the search file does not store BM25's non-occurrence array")
        vectors = _normalised([vector for _, vector in ordered])
        info = IndexInfo(
            generation=generation,
            documents=len({c.doc_id for c in chunks}),
            chunks=len(chunks),
            built_at=str(meta.get("built_at", "")),
            embedder=str(meta.get("embedder", "")),
        )
        table = sentences(chunks) if sentences is not None else None
        asked = questions(chunks, table) if questions is not None else None
        return cls(info, chunks, vectors, bm25, analyzer, table, asked)

    @classmethod
    def from_collection(
        cls,
        generation: str,
        collection: Collection,
        sentences: Callable[[list[Chunk]], SentenceTable] | None = None,
        questions: Callable[[list[Chunk], SentenceTable | None], QuestionTable] | None = None,
    ) -> IndexSnapshot:
        """Read every row with its vector from Chroma and build the rest in memory."""
        from channelwise.knowledge.generations import read_all

        ids, documents, metadatas, embeddings = read_all(
            collection, ["documents", "metadatas", "embeddings"]
        )
        rows = [
            (_chunk_from_row(cid, text, meta), vector)
            for cid, text, meta, vector in zip(ids, documents, metadatas, embeddings, strict=True)
        ]
        return cls.build(generation, rows, dict(collection.metadata or {}), sentences, questions)

    # --- the search file --------------------------------------------------------------

    def to_bytes(self) -> bytes:
        scores = self.bm25.scores if self.chunks else {}
        meta = {
            "format": FORMAT,
            "info": dataclasses.asdict(self.info),
            "bm25": {name: str(getattr(self.bm25, name)) for name in _BM25_PARAMS}
            | {"num_docs": int(scores.get("num_docs", 0))},
        }
        arrays: dict[str, npt.NDArray[Any]] = {
            "meta": _json(meta),
            "chunks": _json([_chunk_row(c) for c in self.chunks]),
            "vectors": self.vectors,
            "vocabulary": _json(sorted(self.analyzer.vocabulary)),
            "bm25_vocab": _json(self.bm25.vocab_dict if self.chunks else {}),
        }
        for part in ("data", "indices", "indptr"):
            arrays[f"bm25_{part}"] = np.asarray(scores.get(part, np.zeros(0)))
        table = self.sentence_table
        if table is not None:
            arrays["sentences"] = _json(
                [
                    [cid, pos, text, window]
                    for cid, pos, text, window in zip(
                        table.chunk_ids, table.positions, table.texts, table.windows, strict=True
                    )
                ]
            )
            arrays["sentence_vectors"] = table.vectors
        if self.question_table is not None:
            arrays["questions"] = _json(self.question_table.rows())
            arrays["question_vectors"] = self.question_table.vectors
        if self.playbook_table is not None:
            arrays["playbook"] = _json([entry_to_json(e) for e in self.playbook.values()])
            arrays["playbook_questions"] = _json(self.playbook_table.rows())
            arrays["playbook_vectors"] = self.playbook_table.vectors
        if self.declined_table is not None:
            arrays["declined"] = _json([topic_to_json(t) for t in self.declined.values()])
            arrays["declined_questions"] = _json(self.declined_table.rows())
            arrays["declined_vectors"] = self.declined_table.vectors
        out = io.BytesIO()
        np.savez(out, allow_pickle=False, **arrays)
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> IndexSnapshot | None:
        """The snapshot in a search file; None for a file of another format version."""
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            meta = json.loads(npz["meta"].tobytes())
            if meta.get("format") != FORMAT:
                return None
            chunks = [_chunk_from_list(row) for row in json.loads(npz["chunks"].tobytes())]
            analyzer = Analyzer(json.loads(npz["vocabulary"].tobytes()))
            params = meta["bm25"]
            bm25 = bm25s.BM25(
                **{name: _param(name, params[name]) for name in _BM25_PARAMS if name in params}
            )
            bm25.vocab_dict = json.loads(npz["bm25_vocab"].tobytes())
            bm25.unique_token_ids_set = set(bm25.vocab_dict.values())
            bm25.scores = {
                "data": npz["bm25_data"],
                "indices": npz["bm25_indices"],
                "indptr": npz["bm25_indptr"],
                "num_docs": params["num_docs"],
            }
            bm25.nonoccurrence_array = None
            vectors = np.asarray(npz["vectors"], dtype=np.float32)
            table = None
            if "sentences" in npz.files:
                rows = json.loads(npz["sentences"].tobytes())
                table = SentenceTable(
                    [r[0] for r in rows],
                    [r[1] for r in rows],
                    [r[2] for r in rows],
                    [r[3] for r in rows],
                    np.asarray(npz["sentence_vectors"], dtype=np.float32),
                )
            asked = _table(npz, "questions", "question_vectors")
            playbook = [entry_from_json(e) for e in _stored_json(npz, "playbook")]
            playbook_table = _table(npz, "playbook_questions", "playbook_vectors")
            declined = [topic_from_json(t) for t in _stored_json(npz, "declined")]
            declined_table = _table(npz, "declined_questions", "declined_vectors")
        return cls(
            IndexInfo(**meta["info"]), chunks, vectors, bm25, analyzer, table, asked,
            playbook, playbook_table, declined, declined_table,
        )  # fmt: skip


def _stored_json(npz: Any, key: str) -> list[Any]:
    """A JSON list of the search file (empty when the file has none)."""
    return list(json.loads(npz[key].tobytes())) if key in npz.files else []


def _table(npz: Any, rows: str, vectors: str) -> QuestionTable | None:
    """A question table of the search file (None when the file has none)."""
    if rows not in npz.files:
        return None
    return QuestionTable.from_rows(
        json.loads(npz[rows].tobytes()), np.asarray(npz[vectors], dtype=np.float32)
    )


def read_search_file(generation: Generation) -> IndexSnapshot | None:
    """The generation's search file in the current format, or None."""
    data = generation.read_file(SEARCH_FILE)
    if data is None:
        return None
    with contextlib.suppress(ValueError, KeyError, TypeError, zipfile.BadZipFile):
        return IndexSnapshot.from_bytes(data)
    return None


def load_snapshot(generation: Generation, embedder: str) -> IndexSnapshot:
    """The generation's search file, or a snapshot built from Chroma when the generation
    has none (built before search files existed) or it cannot be read."""
    snapshot = read_search_file(generation)
    if snapshot is None:
        snapshot = IndexSnapshot.from_collection(generation.name, generation.collection(embedder))
    return snapshot


def _normalised(vectors: Sequence[Sequence[float]]) -> Vectors:
    if not len(vectors):
        return np.zeros((0, 0), dtype=np.float32)
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.asarray(matrix / np.where(norms == 0, 1.0, norms), dtype=np.float32)


def _json(value: Any) -> npt.NDArray[np.uint8]:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode(), dtype=np.uint8)


def _param(name: str, value: str) -> Any:
    if name in ("k1", "b", "delta"):
        return float(value)
    return value


def _chunk_row(c: Chunk) -> list[Any]:
    return [c.chunk_id, c.doc_id, c.doc_hash, c.ordinal, c.title, c.heading, c.text,
            c.language, c.source_url, list(c.topics), c.section]  # fmt: skip


def _chunk_from_list(row: list[Any]) -> Chunk:
    cid, doc_id, doc_hash, ordinal, title, heading, text, language, url, topics, section = row
    return Chunk(
        cid, doc_id, doc_hash, ordinal, title, heading, text, language, url, tuple(topics), section
    )


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
        section=int(meta.get("section", 0)),
    )
