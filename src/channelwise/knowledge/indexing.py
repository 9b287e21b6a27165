"""Incremental indexing: re-embed only what changed, then swap the new generation in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

import numpy as np
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Where

from channelwise.config import Settings
from channelwise.errors import ChannelwiseError, IndexUnavailableError
from channelwise.knowledge.chunking import CHUNKER_VERSION, chunk_document
from channelwise.knowledge.declined import DeclinedTopic, declined_digest
from channelwise.knowledge.embeddings import Embedder
from channelwise.knowledge.generations import Generation, IndexLocation, read_all
from channelwise.knowledge.playbook import PlaybookEntry, playbook_digest
from channelwise.knowledge.question_index import QuestionTable
from channelwise.knowledge.records import Chunk, KnowledgeDocument
from channelwise.knowledge.sentence_index import SentenceTable, Vector
from channelwise.knowledge.snapshot import SEARCH_FILE, IndexSnapshot, read_search_file

Progress = Callable[[int, int], None]
_BATCH = 32


@dataclass
class IngestReport:
    documents: int
    chunks: int
    added_docs: list[str] = field(default_factory=list)
    changed_docs: list[str] = field(default_factory=list)
    removed_docs: list[str] = field(default_factory=list)
    embedded_chunks: int = 0
    generation: str | None = None
    search_file_added: bool = False
    """An older generation got its search file (nothing else changed)."""
    sentences: int = 0
    """Sentences embedded in this run (unchanged passages keep theirs)."""
    questions: int = 0
    """Curated questions in the index."""
    playbook_changed: bool = False
    """The playbook or the declined topics differ from the indexed ones (a new generation
    carries them)."""

    @property
    def changed(self) -> bool:
        return bool(
            self.added_docs or self.changed_docs or self.removed_docs or self.playbook_changed
        )


def chunk_metadata(chunk: Chunk) -> dict[str, str | int | bool]:
    meta: dict[str, str | int | bool] = {
        "doc_id": chunk.doc_id,
        "doc_hash": chunk.doc_hash,
        "ordinal": chunk.ordinal,
        "title": chunk.title,
        "heading": chunk.heading,
        "language": chunk.language,
        "source_url": chunk.source_url,
        "topics": ",".join(chunk.topics),
        "section": chunk.section,
    }
    for topic in chunk.topics:
        meta[f"topic:{topic}"] = True
    return meta


def _index_metadata(settings: Settings) -> dict[str, Any]:
    return {
        "embedder": settings.embedder,
        "chunk_tokens": settings.chunk_tokens,
        "chunk_overlap": settings.chunk_overlap,
        "chunker_version": CHUNKER_VERSION,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _compatible(collection: Collection, settings: Settings) -> bool:
    meta = collection.metadata or {}
    return (
        meta.get("embedder") == settings.embedder
        and meta.get("chunk_tokens") == settings.chunk_tokens
        and meta.get("chunk_overlap") == settings.chunk_overlap
        and meta.get("chunker_version") == CHUNKER_VERSION
    )


def _indexed_hashes(collection: Collection) -> dict[str, str]:
    _, _, metadatas, _ = read_all(collection, ["metadatas"])
    return {str(m["doc_id"]): str(m["doc_hash"]) for m in metadatas}


def sync_index(
    location: IndexLocation,
    documents: Sequence[KnowledgeDocument],
    embedder: Embedder,
    settings: Settings,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    playbook: Sequence[PlaybookEntry] = (),
    declined: Sequence[DeclinedTopic] = (),
) -> IngestReport:
    """Bring the index in line with ``documents``, ``playbook`` and ``declined``; a no-op
    when nothing changed."""
    with location.writer_lock():
        active: Generation | None = None
        old: Collection | None = None
        if not rebuild:
            try:
                active = location.active()
                old = active.collection(settings.embedder) if active else None
            except (IndexUnavailableError, ValueError):
                old = None  # unreadable or missing collection: build from scratch
            if old is not None and not _compatible(old, settings):
                old = None  # embedder or chunking changed: every chunk must be redone
        indexed = _indexed_hashes(old) if old is not None else {}
        wanted = {doc.doc_id: doc for doc in documents}
        report = IngestReport(documents=len(documents), chunks=0)
        report.added_docs = sorted(d for d in wanted if d not in indexed)
        report.changed_docs = sorted(
            d for d in wanted if d in indexed and indexed[d] != wanted[d].content_hash
        )
        report.removed_docs = sorted(d for d in indexed if d not in wanted)
        previous = read_search_file(active) if active is not None and old is not None else None
        report.playbook_changed = previous is not None and (
            previous.playbook_digest != playbook_digest(playbook)
            or previous.declined_digest != declined_digest(declined)
        )
        if active is not None and old is not None and not report.changed:
            report.chunks = old.count()
            report.generation = active.name
            if previous is None or previous.sentence_table is None:  # an older layout
                report.sentences, report.questions = write_search_file(
                    active, old, embedder, documents, playbook, declined, None, progress
                )
                report.search_file_added = True
            elif previous.question_table is not None:
                report.questions = len(previous.question_table)
            return report
        fresh = [
            chunk
            for doc_id in (*report.added_docs, *report.changed_docs)
            for chunk in chunk_document(
                wanted[doc_id], settings.chunk_tokens, settings.chunk_overlap
            )
        ]
        kept_ids = [d for d in wanted if d in indexed and d not in report.changed_docs]
        generation = location.create()
        try:
            target = generation.collection(settings.embedder, metadata=_index_metadata(settings))
            copied = _copy_documents(old, target, kept_ids) if old is not None else 0
            report.embedded_chunks = _embed_into(target, fresh, embedder, previous, progress)
            report.chunks = copied + len(fresh)
            if target.count() != report.chunks:
                raise IndexUnavailableError(
                    f"The new index holds {target.count()} chunks, expected {report.chunks}; "
                    "the previous index was kept. Run `channelwise ingest --rebuild`.",
                    f"Der neue Index enthält {target.count()} Abschnitte statt {report.chunks}; "
                    "der bisherige Index bleibt. Führen Sie `channelwise ingest --rebuild` aus.",
                )
            report.sentences, report.questions = write_search_file(
                generation, target, embedder, documents, playbook, declined, previous, progress
            )
            location.activate(generation)
        except BaseException as err:
            location.discard(generation)
            if isinstance(err, ChannelwiseError | KeyboardInterrupt):
                raise
            raise IndexUnavailableError(
                f"Indexing failed ({type(err).__name__}: {err}); the previous index was kept. "
                f"Check {location.description.en} and run `channelwise ingest` again.",
                f"Die Indexierung ist fehlgeschlagen ({type(err).__name__}: {err}); der "
                f"bisherige Index bleibt. Prüfen Sie den Zugang zu {location.description.de} "
                "und führen Sie `channelwise ingest` erneut aus.",
            ) from err
        report.generation = generation.name
        return report


def write_search_file(
    generation: Generation,
    collection: Collection,
    embedder: Embedder,
    documents: Sequence[KnowledgeDocument],
    playbook: Sequence[PlaybookEntry] = (),
    declined: Sequence[DeclinedTopic] = (),
    previous: IndexSnapshot | None = None,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """What readers load instead of re-reading and re-tokenising every row: the passages,
    BM25, the embedded sentences and the curated questions. Passages that did not change keep
    the sentence vectors of ``previous``, questions that did not change theirs. Returns how
    many sentences were embedded and how many questions the index holds."""
    reuse = (
        previous.sentence_table.vectors_by_chunk() if previous and previous.sentence_table else {}
    )
    asked: dict[str, Vector] = {}
    tables = (
        (previous.question_table, previous.playbook_table, previous.declined_table)
        if previous
        else ()
    )
    for table in tables:
        if table is not None:
            asked.update(table.vectors_by_text())
    embedded = 0

    def sentences(chunks: list[Chunk]) -> SentenceTable:
        nonlocal embedded

        def report(done: int, total: int) -> None:
            nonlocal embedded
            embedded = total
            if progress:
                progress(done, total)

        return SentenceTable.build(chunks, embedder.embed_passages, reuse, report)

    def questions(chunks: list[Chunk], table: SentenceTable | None) -> QuestionTable:
        return QuestionTable.build(documents, chunks, table, embedder.embed_queries, asked)

    snapshot = IndexSnapshot.from_collection(generation.name, collection, sentences, questions)
    snapshot = snapshot.with_playbook(
        playbook,
        QuestionTable.for_playbook(playbook, embedder.embed_queries, asked),
        declined,
        QuestionTable.for_declined(declined, embedder.embed_queries, asked),
    )
    generation.write_file(SEARCH_FILE, snapshot.to_bytes())
    count = len(snapshot.question_table) if snapshot.question_table is not None else 0
    return embedded, count


def _copy_documents(source: Collection, target: Collection, doc_ids: Sequence[str]) -> int:
    """Carry unchanged documents' chunks over with their stored vectors (no re-embedding)."""
    copied = 0
    for start in range(0, len(doc_ids), 64):
        batch = list(doc_ids[start : start + 64])
        where = cast(Where, {"doc_id": {"$in": batch}})
        got = source.get(where=where, include=["embeddings", "documents", "metadatas"])
        if not got["ids"]:
            continue
        target.add(
            ids=got["ids"],
            embeddings=got["embeddings"],
            documents=got["documents"],
            metadatas=got["metadatas"],
        )
        copied += len(got["ids"])
    return copied


def _embed_into(
    target: Collection,
    chunks: Sequence[Chunk],
    embedder: Embedder,
    previous: IndexSnapshot | None,
    progress: Progress | None,
) -> int:
    """Add ``chunks`` with their vectors; a passage whose text is unchanged (same chunk id)
    keeps its vector from ``previous``. Returns how many passages were embedded."""
    total = len(chunks)
    embedded = 0
    if progress:
        progress(0, total)
    for start in range(0, total, _BATCH):
        batch = chunks[start : start + _BATCH]
        kept = {c.chunk_id: previous.vectors[previous.row_of[c.chunk_id]]
                for c in batch if previous and c.chunk_id in previous.row_of}  # fmt: skip
        todo = [c for c in batch if c.chunk_id not in kept]
        fresh = iter(embedder.embed_passages([c.embedding_text() for c in todo]))
        embedded += len(todo)
        vectors = [kept[c.chunk_id] if c.chunk_id in kept else next(fresh) for c in batch]
        target.add(
            ids=[c.chunk_id for c in batch],
            embeddings=np.vstack(vectors).astype(np.float32),
            documents=[c.text for c in batch],
            metadatas=[chunk_metadata(c) for c in batch],
        )
        if progress:
            progress(start + len(batch), total)
    return embedded
