"""Incremental indexing against a real embedded Chroma store and the real embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from channelwise.config import Settings
from channelwise.errors import IndexUnavailableError
from channelwise.knowledge.aliases import expand
from channelwise.knowledge.chunking import chunk_document
from channelwise.knowledge.declined import declined_digest, load_declined
from channelwise.knowledge.embeddings import get_embedder
from channelwise.knowledge.generations import LocalLocation, read_all
from channelwise.knowledge.indexing import IngestReport, sync_index
from channelwise.knowledge.loader import load_documents
from channelwise.knowledge.playbook import load_playbook, playbook_digest
from channelwise.knowledge.retrieval import Retriever
from channelwise.knowledge.sentence_index import sentence_rows
from channelwise.knowledge.snapshot import IndexSnapshot, read_search_file
from channelwise.services import ingest

from ..conftest import FIXTURE_KNOWLEDGE, make_settings
from .pair_kb import QUESTIONS_PER_DOC, RecordingEmbedder, write_pair_kb


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
    assert len(tiktok_chunks) == 2
    assert report.embedded_chunks == 1  # only the changed passage; the other keeps its vector
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


# --- the playbook and the curated questions -----------------------------------------------


@pytest.fixture
def pairs(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "pair-data", write_pair_kb(tmp_path / "pair-kb"))


def sync(settings: Settings, embedder: RecordingEmbedder | None = None) -> IngestReport:
    return sync_index(
        LocalLocation(settings.index_dir),
        load_documents(settings.knowledge_dir),
        embedder or RecordingEmbedder(get_embedder("use")),
        settings,
        playbook=load_playbook(settings.knowledge_dir),
        declined=load_declined(settings.knowledge_dir),
    )


def active_snapshot(settings: Settings) -> IndexSnapshot:
    generation = LocalLocation(settings.index_dir).active()
    assert generation is not None
    snapshot = read_search_file(generation)
    assert snapshot is not None
    return snapshot


def same_vectors(a: np.ndarray, b: np.ndarray) -> None:
    """Carried-over vectors: Chroma's cosine index stores them normalised, so they may move
    by a float32 rounding step (a re-embedded passage shows in the recorder instead)."""
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-7)


def chunk_vectors(snapshot: IndexSnapshot) -> dict[str, np.ndarray]:
    return {c.chunk_id: snapshot.vectors[i] for i, c in enumerate(snapshot.chunks)}


def test_first_sync_indexes_documents_questions_and_playbook(pairs: Settings) -> None:
    recorder = RecordingEmbedder(get_embedder("use"))
    report = sync(pairs, recorder)
    snapshot = active_snapshot(pairs)
    assert report.added_docs == sorted(QUESTIONS_PER_DOC)
    assert report.embedded_chunks == report.chunks == len(snapshot.chunks) == 8
    assert report.questions == sum(QUESTIONS_PER_DOC.values())
    assert report.playbook_changed is False  # nothing was indexed before
    assert report.sentences == len(snapshot.sentence_table or ())
    assert sorted(snapshot.playbook) == ["leave-x", "start-newsletter"]
    assert sorted(snapshot.declined) == ["mail-tool-prices"]
    # every question, playbook text and declined question is embedded once, as a query
    table, playbook, declined = (
        snapshot.question_table,
        snapshot.playbook_table,
        snapshot.declined_table,
    )
    assert table is not None and playbook is not None and declined is not None
    assert len(declined) == 6 and set(declined.doc_ids) == {"mail-tool-prices"}
    texts = {*table.texts, *playbook.texts, *declined.texts}
    assert sorted(recorder.queries) == sorted(expand(t) for t in texts)
    assert len(recorder.passages) == report.embedded_chunks + report.sentences


def test_unchanged_documents_and_playbook_make_no_new_generation(pairs: Settings) -> None:
    first = sync(pairs)
    recorder = RecordingEmbedder(get_embedder("use"))
    again = sync(pairs, recorder)
    assert (again.changed, again.playbook_changed, again.embedded_chunks) == (False, False, 0)
    assert again.generation == first.generation
    assert again.questions == first.questions == 14
    assert generations(pairs) == [first.generation]
    assert recorder.passages == recorder.queries == []


def test_a_changed_playbook_alone_makes_a_generation_without_embedding_passages(
    pairs: Settings,
) -> None:
    first = sync(pairs)
    before = active_snapshot(pairs)
    path = pairs.knowledge_dir / "playbook" / "start-newsletter.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace('"Yes, with double opt-in."', '"Yes, and use double opt-in."')
        .replace('"newsletter yes or no?"]', '"newsletter yes or no?", "own list or not?"]'),
        encoding="utf-8",
    )
    recorder = RecordingEmbedder(get_embedder("use"))
    report = sync(pairs, recorder)
    after = active_snapshot(pairs)
    assert report.changed and report.playbook_changed
    assert report.added_docs == report.changed_docs == report.removed_docs == []
    assert report.generation != first.generation
    assert generations(pairs) == sorted([first.generation, report.generation])
    assert (report.embedded_chunks, report.sentences) == (0, 0)
    assert recorder.passages == []
    assert recorder.queries == ["own list or not?"]  # only the new question
    assert after.playbook_digest == playbook_digest(load_playbook(pairs.knowledge_dir))
    entry = after.playbook["start-newsletter"]
    assert entry.variants[0].sentences["en"][0].text == "Yes, and use double opt-in."
    assert "own list or not?" in entry.questions["en"]
    assert after.playbook_table is not None and "own list or not?" in after.playbook_table.texts
    assert after.chunks == before.chunks
    same_vectors(after.vectors, before.vectors)
    assert after.question_table is not None and before.question_table is not None
    np.testing.assert_array_equal(after.question_table.vectors, before.question_table.vectors)
    # and back to no change
    assert sync(pairs).generation == report.generation


def test_removing_the_playbook_is_a_change(pairs: Settings) -> None:
    first = sync(pairs)
    for path in (pairs.knowledge_dir / "playbook").glob("*.yaml"):
        path.unlink()
    report = sync(pairs)
    assert report.playbook_changed and report.generation != first.generation
    assert active_snapshot(pairs).playbook == {}
    assert len(active_snapshot(pairs).playbook_table or ()) == 0


def test_a_changed_document_keeps_the_vectors_of_its_unchanged_passages(pairs: Settings) -> None:
    sync(pairs)
    before = active_snapshot(pairs)
    path = pairs.knowledge_dir / "platform-x.de.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Die Moderation wurde stark reduziert.",
            "Die Moderation wurde stark reduziert, auch in Europa.",
        ),
        encoding="utf-8",
    )
    recorder = RecordingEmbedder(get_embedder("use"))
    report = sync(pairs, recorder)
    after = active_snapshot(pairs)
    assert report.changed_docs == ["platform-x.de"] and not report.playbook_changed
    old, new = chunk_vectors(before), chunk_vectors(after)
    gone, added = sorted(set(old) - set(new)), sorted(set(new) - set(old))
    assert len(gone) == len(added) == 1 and added[0].startswith("platform-x.de::0002::")
    assert report.embedded_chunks == 1  # the two unchanged passages of the document kept theirs
    changed = after.chunk(added[0])
    assert changed is not None and changed.section == 2
    assert report.sentences == 2  # the sentences of the changed passage
    embedded = [changed.embedding_text(), *(text for *_, text in sentence_rows(changed))]
    assert recorder.passages == embedded
    assert recorder.queries == []  # the questions did not change
    for chunk_id in set(old) & set(new):
        same_vectors(new[chunk_id], old[chunk_id])
    table = after.question_table
    assert table is not None
    row = table.texts.index("wie steht es um die moderation auf x?")
    assert all(i.startswith(added[0]) for i in table.sentence_ids[row])
    text_of = {r.sentence_id: r.text for r in after.sentences([added[0]])[added[0]]}
    assert [text_of[i] for i in table.sentence_ids[row]] == [
        "Werbekunden haben X seit 2023 in großer Zahl verlassen.",
        "Die Moderation wurde stark reduziert, auch in Europa.",
    ]


def test_changed_declined_questions_alone_make_a_generation_embedding_only_them(
    pairs: Settings,
) -> None:
    first = sync(pairs)
    path = pairs.knowledge_dir / "declined.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '"cheapest mail tool?"]', '"cheapest mail tool?", "is mailchimp free?"]'
        ),
        encoding="utf-8",
    )
    recorder = RecordingEmbedder(get_embedder("use"))
    report = sync(pairs, recorder)
    after = active_snapshot(pairs)
    assert report.changed and report.playbook_changed
    assert report.generation != first.generation
    assert (report.embedded_chunks, report.sentences, recorder.passages) == (0, 0, [])
    assert recorder.queries == ["is mailchimp free?"]
    assert after.declined_table is not None and "is mailchimp free?" in after.declined_table.texts
    assert after.declined_digest == declined_digest(load_declined(pairs.knowledge_dir))
    assert sync(pairs).generation == report.generation  # and then nothing changed
