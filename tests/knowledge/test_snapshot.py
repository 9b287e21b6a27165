"""The search file written with each index generation: what a reader loads instead of
re-reading and re-tokenising every row; older generations without it still work."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from channelwise.config import Settings
from channelwise.knowledge.chroma import ChromaEmbeddingFunction
from channelwise.knowledge.embeddings import get_embedder
from channelwise.knowledge.generations import (
    FILES_SUFFIX,
    LocalLocation,
    ServerGeneration,
    open_location,
)
from channelwise.knowledge.retrieval import Retriever
from channelwise.knowledge.snapshot import SEARCH_FILE, IndexSnapshot, load_snapshot
from channelwise.services import ingest
from tests.conftest import make_settings

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
