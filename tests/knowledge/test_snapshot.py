"""The search file written with each index generation: what a reader loads instead of
re-reading and re-tokenising every row; older generations without it still work."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from channelwise.config import Settings
from channelwise.knowledge.chroma import ChromaEmbeddingFunction
from channelwise.knowledge.declined import load_declined
from channelwise.knowledge.embeddings import get_embedder
from channelwise.knowledge.generations import (
    FILES_SUFFIX,
    LocalLocation,
    ServerGeneration,
    open_location,
)
from channelwise.knowledge.loader import load_documents
from channelwise.knowledge.playbook import load_playbook, playbook_digest
from channelwise.knowledge.retrieval import Retriever
from channelwise.knowledge.snapshot import (
    FORMAT,
    SEARCH_FILE,
    IndexSnapshot,
    load_snapshot,
    read_search_file,
)
from channelwise.services import ingest
from tests.conftest import make_settings

from .pair_kb import write_pair_kb

QUERIES = (
    "Wie oft sollte ein kleines Team auf TikTok posten?",
    "double opt-in newsletter",
    "Impressum Pflicht Instagram",
    "Reichweitenverlust",
)


def ranked(retriever: Retriever, query: str, **filters: object) -> list[tuple[str, float]]:
    return [(h.chunk.chunk_id, h.score) for h in retriever.search(query, k=8, **filters).hits]  # type: ignore[arg-type]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = make_settings(tmp_path / "data")
    ingest(settings)
    return settings


def test_the_search_file_holds_the_same_index_as_chroma(settings: Settings) -> None:
    generation = LocalLocation(settings.index_dir).active()
    assert generation is not None
    data = generation.read_file(SEARCH_FILE)
    assert data is not None
    loaded = IndexSnapshot.from_bytes(data)
    built = IndexSnapshot.from_collection(generation.name, generation.collection("use"))
    assert loaded is not None
    assert loaded.info == built.info and loaded.info.chunks == len(built.chunks) == 10
    assert loaded.chunks == built.chunks
    np.testing.assert_array_equal(loaded.vectors, built.vectors)
    assert loaded.analyzer.vocabulary == built.analyzer.vocabulary
    terms = loaded.analyzer.query_terms("Reichweitenverlust auf Instagram")
    np.testing.assert_array_equal(loaded.bm25.get_scores(terms), built.bm25.get_scores(terms))


def test_dense_ranking_matches_chromas_nearest_neighbours(settings: Settings) -> None:
    generation = LocalLocation(settings.index_dir).active()
    assert generation is not None
    collection = generation.collection("use")
    retriever = Retriever(LocalLocation(settings.index_dir), get_embedder("use"))
    for query in QUERIES:
        vector = get_embedder("use").embed_query(query)
        chroma = collection.query(query_embeddings=[vector.tolist()], n_results=5)
        ours = retriever.search(query, k=5, mode="dense").hits
        assert [h.chunk.chunk_id for h in ours] == chroma["ids"][0]
        distances = (chroma["distances"] or [[]])[0]
        for hit, distance in zip(ours, distances, strict=True):
            assert hit.similarity == pytest.approx(1 - distance, abs=1e-5)


def test_a_generation_without_the_file_loads_and_ingest_adds_it(settings: Settings) -> None:
    location = LocalLocation(settings.index_dir)
    with_file = {q: ranked(Retriever(location, get_embedder("use")), q) for q in QUERIES}
    generation = location.active()
    assert generation is not None
    (generation.path / SEARCH_FILE).unlink()  # as built before search files existed
    old = Retriever(location, get_embedder("use"))
    for query in QUERIES:
        assert ranked(old, query) == with_file[query]  # BM25 built in memory, same results
    assert ranked(old, "TikTok", language="de") == ranked(
        Retriever(location, get_embedder("use")), "TikTok", language="de"
    )
    report = ingest(settings)  # nothing changed: the old generation only gets its file
    assert (report.changed, report.search_file_added) == (False, True)
    assert report.generation == generation.name
    assert (generation.path / SEARCH_FILE).is_file()
    assert ingest(settings).search_file_added is False
    # the file is what readers use now: a broken Chroma database does not stop a search
    (generation.path / "chroma.sqlite3").write_bytes(b"broken")
    fresh = Retriever(location, get_embedder("use"))
    assert ranked(fresh, QUERIES[0]) == with_file[QUERIES[0]]


def test_a_search_never_imports_chroma(settings: Settings) -> None:
    script = (
        "import sys\n"
        "from channelwise.config import load_settings\n"
        "from channelwise.services import build_services\n"
        "services = build_services(load_settings())\n"
        "hits = services.retriever.search('double opt-in', k=1).hits\n"
        "print(hits[0].chunk.doc_id, 'chromadb' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"CHANNELWISE_DATA_DIR": str(settings.data_dir), "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.split() == ["newsletter-basics.en", "False"]


@pytest.mark.server
def test_on_a_chroma_server_the_file_is_shared_and_goes_with_its_generation(
    chroma_server: tuple[str, int], tmp_path: Path
) -> None:
    host, port = chroma_server
    settings = make_settings(tmp_path / "data", chroma_host=host, chroma_port=port)
    first = ingest(settings)
    location = open_location(settings)
    generation = location.active()
    assert isinstance(generation, ServerGeneration) and generation.name == first.generation
    data = generation.read_file(SEARCH_FILE)
    assert data is not None
    snapshot = load_snapshot(generation, "use")
    assert snapshot.info.chunks == first.chunks
    # another host reads the same file: no local state is involved
    other = Retriever(open_location(settings), get_embedder("use"))
    assert other.search("double opt-in", k=1).hits[0].chunk.doc_id == "newsletter-basics.en"
    # large files are stored in parts and read back whole
    blob = np.random.default_rng(0).bytes(9 * 1024 * 1024)
    generation.write_file("test.bin", blob)
    assert generation.read_file("test.bin") == blob
    # a generation from before search files existed: loads from its rows, ingest adds the file
    client = generation.client
    client.delete_collection(generation.name + FILES_SUFFIX)
    assert generation.read_file(SEARCH_FILE) is None
    assert load_snapshot(generation, "use").chunks == snapshot.chunks
    assert ingest(settings).search_file_added is True
    # each generation's files go with it: two re-indexes later only two generations remain
    ingest(settings, rebuild=True)
    ingest(settings, rebuild=True)
    names = sorted(c.name for c in client.list_collections() if c.name.startswith("kb-"))
    kept = sorted(n.removesuffix(FILES_SUFFIX) for n in names)
    assert len(set(kept)) == 2 and first.generation not in kept
    assert len(names) == 4  # two generations, each with its files


def test_the_file_records_the_embedder_and_build_time(settings: Settings) -> None:
    generation = LocalLocation(settings.index_dir).active()
    assert generation is not None
    with np.load(generation.path / SEARCH_FILE, allow_pickle=False) as npz:
        meta = json.loads(npz["meta"].tobytes())
    assert meta["info"]["embedder"] == "use" and meta["info"]["built_at"]
    assert meta["bm25"]["method"] == "lucene"
    assert ChromaEmbeddingFunction.name() == "channelwise"


# --- the question and playbook tables (FORMAT 3) -----------------------------------------


@pytest.fixture
def pair_settings(tmp_path: Path) -> Settings:
    settings = make_settings(tmp_path / "data", write_pair_kb(tmp_path / "knowledge"))
    ingest(settings)
    return settings


def _stored(settings: Settings) -> tuple[bytes, IndexSnapshot]:
    generation = LocalLocation(settings.index_dir).active()
    assert generation is not None
    data = generation.read_file(SEARCH_FILE)
    assert data is not None
    snapshot = IndexSnapshot.from_bytes(data)
    assert snapshot is not None
    return data, snapshot


def test_the_search_file_stores_the_question_and_playbook_tables(pair_settings: Settings) -> None:
    _, snapshot = _stored(pair_settings)
    docs = load_documents(pair_settings.knowledge_dir)
    entries = load_playbook(pair_settings.knowledge_dir)
    questions = snapshot.question_table
    assert questions is not None and snapshot.sentence_table is not None
    assert sorted(questions.texts) == sorted(q.text for d in docs for q in d.questions)
    stored_ids = {
        f"{cid}#{pos}"
        for cid, pos in zip(
            snapshot.sentence_table.chunk_ids, snapshot.sentence_table.positions, strict=True
        )
    }
    assert all(ids and set(ids) <= stored_ids for ids in questions.sentence_ids)
    assert snapshot.playbook == {e.entry_id: e for e in entries}
    assert snapshot.playbook_digest == playbook_digest(entries)
    table = snapshot.playbook_table
    assert table is not None
    assert table.texts == [
        t for e in entries for lang in ("de", "en") for t in (e.title[lang], *e.questions[lang])
    ]
    assert set(table.doc_ids) == {"leave-x", "start-newsletter"}
    declined = load_declined(pair_settings.knowledge_dir)
    assert list(snapshot.declined.values()) == declined
    assert snapshot.declined_table is not None
    assert snapshot.declined_table.texts == [
        q for t in declined for lang in ("de", "en") for q in t.questions[lang]
    ]


def test_a_round_trip_keeps_every_table_exactly(pair_settings: Settings) -> None:
    data, first = _stored(pair_settings)
    again = IndexSnapshot.from_bytes(first.to_bytes())
    assert again is not None
    assert again.to_bytes() == data
    for a, b in ((first.question_table, again.question_table),
                 (first.playbook_table, again.playbook_table),
                 (first.declined_table, again.declined_table)):  # fmt: skip
        assert a is not None and b is not None
        assert a.rows() == b.rows()
        assert a.vectors.dtype == b.vectors.dtype == np.float32
        np.testing.assert_array_equal(a.vectors, b.vectors)
        assert [a.record(r) for r in range(len(a))] == [b.record(r) for r in range(len(b))]
    assert again.playbook == first.playbook
    assert again.playbook_digest == first.playbook_digest
    assert again.declined == first.declined and len(again.declined) == 1
    assert again.declined_digest == first.declined_digest
    assert again.chunks == first.chunks
    np.testing.assert_array_equal(again.vectors, first.vectors)
    vector = first.question_table.vectors[0]  # type: ignore[union-attr]
    assert again.nearest_questions(vector, 3) == first.nearest_questions(vector, 3)
    assert again.nearest_playbook(vector, 3) == first.nearest_playbook(vector, 3)


def test_a_search_file_of_another_format_is_ignored(pair_settings: Settings) -> None:
    assert FORMAT == 3
    generation = LocalLocation(pair_settings.index_dir).active()
    assert generation is not None
    with np.load(generation.path / SEARCH_FILE, allow_pickle=False) as npz:
        arrays = {name: npz[name] for name in npz.files}
    assert json.loads(arrays["meta"].tobytes())["format"] == 3
    meta = json.loads(arrays["meta"].tobytes()) | {"format": 2}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    out = io.BytesIO()
    np.savez(out, allow_pickle=False, **arrays)
    assert IndexSnapshot.from_bytes(out.getvalue()) is None
    generation.write_file(SEARCH_FILE, out.getvalue())
    assert read_search_file(generation) is None
    fallback = load_snapshot(generation, "use")  # read from Chroma: no questions, no playbook
    assert fallback.question_table is None and fallback.playbook == {}
    assert fallback.nearest_questions(fallback.vectors[0], 3) == []
    assert fallback.nearest_playbook(fallback.vectors[0], 3) == []
    assert ingest(pair_settings).search_file_added is True  # the next ingest writes FORMAT 3
    assert _stored(pair_settings)[1].playbook_table is not None


def test_a_snapshot_without_a_playbook_stores_none(pair_settings: Settings) -> None:
    _, snapshot = _stored(pair_settings)
    bare = IndexSnapshot(
        snapshot.info, snapshot.chunks, snapshot.vectors, snapshot.bm25, snapshot.analyzer,
        snapshot.sentence_table, snapshot.question_table,
    )  # fmt: skip
    again = IndexSnapshot.from_bytes(bare.to_bytes())
    assert again is not None
    assert again.playbook == {} and again.playbook_table is None
    assert again.playbook_digest == playbook_digest([])
    assert again.question_table is not None
    assert again.question_table.rows() == snapshot.question_table.rows()  # type: ignore[union-attr]
