"""Incremental indexing against a real embedded Chroma store and the real embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from channelwise.config import Settings
from channelwise.errors import IndexUnavailableError
from channelwise.knowledge.chunking import chunk_document
from channelwise.knowledge.embeddings import get_embedder
from channelwise.knowledge.generations import LocalLocation, read_all
from channelwise.knowledge.indexing import sync_index
from channelwise.knowledge.loader import load_documents
from channelwise.knowledge.retrieval import Retriever
from channelwise.services import ingest

from ..conftest import FIXTURE_KNOWLEDGE, make_settings


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(FIXTURE_KNOWLEDGE, folder)
    return folder


@pytest.fixture
def settings(tmp_path: Path, kb: Path) -> Settings:
    return make_settings(tmp_path / "data", kb)


def expected_ids(settings: Settings) -> set[str]:
    return {
        c.chunk_id
        for d in load_documents(settings.knowledge_dir)
        for c in chunk_document(d, settings.chunk_tokens, settings.chunk_overlap)
    }


def indexed_ids(settings: Settings) -> set[str]:
    generation = LocalLocation(settings.index_dir).active()
    assert generation is not None
    return set(generation.collection(settings.embedder).get(include=[])["ids"])


def generations(settings: Settings) -> list[str]:
    return sorted(p.name for p in settings.index_dir.glob("kb-*"))


def test_first_ingest_indexes_exactly_the_chunks(settings: Settings) -> None:
    report = ingest(settings)
    assert report.added_docs == sorted(d.doc_id for d in load_documents(settings.knowledge_dir))
    assert report.embedded_chunks == report.chunks == len(expected_ids(settings))
    assert indexed_ids(settings) == expected_ids(settings)


def test_unchanged_knowledge_reembeds_nothing(settings: Settings) -> None:
    first = ingest(settings)
    again = ingest(settings)
    assert not again.changed
    assert again.embedded_chunks == 0
    assert again.generation == first.generation
    assert generations(settings) == [first.generation]


def test_edited_document_replaces_its_chunks(settings: Settings, kb: Path) -> None:
    ingest(settings)
    before = indexed_ids(settings)
    path = kb / "tiktok-basics.en.md"
    path.write_text(path.read_text().replace("three to five", "two to four"))
    report = ingest(settings)
    after = indexed_ids(settings)
    assert report.changed_docs == ["tiktok-basics.en"]
    assert report.added_docs == report.removed_docs == []
    tiktok_chunks = [c for c in expected_ids(settings) if c.startswith("tiktok-basics.en::")]
    assert report.embedded_chunks == len(tiktok_chunks)
    assert after == expected_ids(settings)
    assert {c for c in before if not c.startswith("tiktok")} <= after  # others carried over
    assert len(before - after) == 1 and len(after - before) == 1  # one section changed


def test_deleted_document_loses_its_chunks(settings: Settings, kb: Path) -> None:
    ingest(settings)
    (kb / "impressum-recht.de.md").unlink()
    report = ingest(settings)
    assert report.removed_docs == ["impressum-recht.de"]
    assert report.embedded_chunks == 0
    assert indexed_ids(settings) == expected_ids(settings)
    assert not any(c.startswith("impressum") for c in indexed_ids(settings))


def test_swap_keeps_only_the_active_and_previous_generation(settings: Settings, kb: Path) -> None:
    names = []
    for word in ("one", "two", "three"):
        path = kb / "tiktok-basics.en.md"
        path.write_text(path.read_text() + f"\n{word}\n")
        names.append(ingest(settings).generation)
    assert generations(settings) == sorted(names[-2:])
    assert LocalLocation(settings.index_dir).active_name() == names[-1]


class ExplodingEmbedder:
    name = "use"
    dim = 512

    def embed_passages(self, texts: object) -> object:
        raise RuntimeError("embedder crashed")

    def embed_query(self, text: str) -> object:
        raise RuntimeError("embedder crashed")


def test_failed_build_keeps_the_previous_index(settings: Settings, kb: Path) -> None:
    first = ingest(settings)
    (kb / "new.en.md").write_text(
        (kb / "tiktok-basics.en.md").read_text().replace("TikTok", "Twitch")
    )
    with pytest.raises(IndexUnavailableError, match="previous index was kept"):
        sync_index(
            LocalLocation(settings.index_dir),
            load_documents(kb),
            ExplodingEmbedder(),  # type: ignore[arg-type]
            settings,
        )
    assert LocalLocation(settings.index_dir).active_name() == first.generation
    assert generations(settings) == [first.generation]  # the half-built one is gone


def test_missing_or_corrupt_index_gets_a_clear_message_and_rebuild_recovers(
    settings: Settings,
) -> None:
    retriever = Retriever(LocalLocation(settings.index_dir), get_embedder("use"))
    with pytest.raises(IndexUnavailableError, match="Run `channelwise ingest`"):
        retriever.search("reach")
    report = ingest(settings)
    folder = settings.index_dir / str(report.generation)
    (folder / "search.npz").write_bytes(b"not a search file")
    # a broken search file: the passages are read from Chroma instead
    hits = Retriever(LocalLocation(settings.index_dir), get_embedder("use")).search("TikTok").hits
    assert hits[0].chunk.doc_id == "tiktok-basics.en"
    (folder / "chroma.sqlite3").write_bytes(b"this is not a database")
    with pytest.raises(IndexUnavailableError, match="ingest --rebuild"):
        Retriever(LocalLocation(settings.index_dir), get_embedder("use")).search("reach")
    rebuilt = ingest(settings, rebuild=True)
    assert rebuilt.embedded_chunks == len(expected_ids(settings))
    hits = Retriever(LocalLocation(settings.index_dir), get_embedder("use")).search("TikTok").hits
    assert hits and hits[0].chunk.doc_id == "tiktok-basics.en"


def test_changing_the_embedder_reindexes_everything(settings: Settings) -> None:
    ingest(settings)
    switched = settings.model_copy(update={"embedder": "e5"})
    report = ingest(switched)
    assert report.embedded_chunks == len(expected_ids(settings))
    generation = LocalLocation(settings.index_dir).active()
    assert generation is not None
    assert (generation.collection("e5").metadata or {})["embedder"] == "e5"


def test_a_reader_sees_a_new_generation_after_the_swap(settings: Settings, kb: Path) -> None:
    ingest(settings)
    retriever = Retriever(LocalLocation(settings.index_dir), get_embedder("use"), refresh_seconds=0)
    assert retriever.info().documents == 4
    (kb / "impressum-recht.de.md").unlink()
    ingest(settings)
    assert retriever.info().documents == 3


def test_a_new_chunker_version_reindexes_everything(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(settings)
    monkeypatch.setattr("channelwise.knowledge.indexing.CHUNKER_VERSION", 999)
    report = ingest(settings)
    assert report.embedded_chunks == len(expected_ids(settings))


def test_read_all_pages_through_every_row(settings: Settings) -> None:
    ingest(settings)
    generation = LocalLocation(settings.index_dir).active()
    assert generation is not None
    collection = generation.collection(settings.embedder)
    ids, documents, metadatas, embeddings = read_all(collection, ["documents", "metadatas"], page=3)
    assert embeddings == [None] * len(ids)  # not asked for
    assert sorted(ids) == sorted(expected_ids(settings))  # 10 rows in pages of 3
    assert all(documents) and all(m["doc_id"] for m in metadatas)
