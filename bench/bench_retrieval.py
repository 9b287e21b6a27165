"""Retrieval benchmarks (figures, not tests).

    uv run python -m bench.bench_retrieval [--sizes 1000 10000 50000] [--queries 200]

1. Ingest throughput: a full rebuild of knowledge/ (chunks/s) and an unchanged re-index.
2. Load time and query latency p50/p95 over synthetic index generations of N chunks
   (stored in Chroma with their search file, as ingest writes them; random unit vectors
   stand in for passage embeddings so building 50k chunks takes minutes, not hours),
   without and with embedding the query.
3. Index size on disk and peak RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from channelwise.config import Settings
from channelwise.knowledge.embeddings import get_embedder
from channelwise.knowledge.generations import LocalLocation
from channelwise.knowledge.indexing import chunk_metadata, write_search_file
from channelwise.knowledge.loader import load_documents
from channelwise.knowledge.records import Chunk
from channelwise.knowledge.retrieval import Retriever
from channelwise.knowledge.text_analysis import words
from channelwise.services import ingest

ROOT = Path(__file__).parents[1]
QUESTIONS = [
    "Wie viel investiert Meta in generative KI?",
    "How do I move followers to a newsletter?",
    "Welche Kennzahlen zählen auf TikTok?",
    "What is the EU AI Act transparency duty for AI images?",
    "Wie gewinne ich Abonnenten für meinen Newsletter?",
    "How does Instagram count views?",
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def bench_ingest(workdir: Path) -> None:
    settings = Settings(_env_file=None, data_dir=workdir / "kb", knowledge_dir=ROOT / "knowledge")  # type: ignore[call-arg]
    docs = load_documents(settings.knowledge_dir)
    start = time.perf_counter()
    report = ingest(settings, rebuild=True)
    full = time.perf_counter() - start
    start = time.perf_counter()
    again = ingest(settings)
    unchanged = time.perf_counter() - start
    print(
        f"ingest: {len(docs)} documents, {report.chunks} chunks in {full:.1f} s "
        f"= {report.chunks / full:.1f} chunks/s (embedder {settings.embedder})"
    )
    print(f"re-index unchanged: {unchanged:.2f} s, re-embedded {again.embedded_chunks} chunks")
    print(f"index size: {dir_size_mb(settings.index_dir):.1f} MB on disk")


def build_synthetic(workdir: Path, size: int, vocabulary: list[str]) -> LocalLocation:
    rng = random.Random(size)
    location = LocalLocation(workdir / f"syn-{size}")
    generation = location.create()
    collection = generation.collection("use", metadata={"embedder": "use", "built_at": "bench"})
    vectors = np.random.default_rng(size).standard_normal((size, 512)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for start in range(0, size, 2000):
        stop = min(size, start + 2000)
        chunks = [
            Chunk(
                chunk_id=f"syn-{i // 8}::{i % 8:04d}::x",
                doc_id=f"syn-{i // 8}",
                doc_hash="x",
                ordinal=i % 8,
                title=f"Synthetic document {i // 8}",
                heading=f"Section {i % 8}",
                text=" ".join(rng.choices(vocabulary, k=180)),
                language="de" if i % 2 else "en",
                source_url="https://example.org",
                topics=("synthetic",),
            )
            for i in range(start, stop)
        ]
        collection.add(
            ids=[c.chunk_id for c in chunks],
            embeddings=vectors[start:stop],
            documents=[c.text for c in chunks],
            metadatas=[chunk_metadata(c) for c in chunks],  # type: ignore[misc]
        )
    write_search_file(generation, collection)  # as ingest does
    location.activate(generation)
    return location


class Precomputed:
    """Returns query vectors computed beforehand: latency of the search alone."""

    name, dim = "use", 512

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:  # type: ignore[type-arg]
        self.vectors = vectors

    def embed_query(self, text: str) -> np.ndarray:  # type: ignore[type-arg]
        return self.vectors[text]


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def bench_latency(workdir: Path, sizes: list[int], n_queries: int) -> None:
    docs = load_documents(ROOT / "knowledge")
    vocabulary = sorted({w for d in docs for w in words(d.body) if len(w) > 3})
    embedder = get_embedder("use")
    for size in sizes:
        t0 = time.perf_counter()
        location = build_synthetic(workdir, size, vocabulary)
        built = time.perf_counter() - t0
        retriever = Retriever(location, embedder, refresh_seconds=3600)
        t0 = time.perf_counter()
        retriever.snapshot()
        loaded = time.perf_counter() - t0
        queries = [QUESTIONS[i % len(QUESTIONS)] for i in range(n_queries)]
        precomputed = Precomputed({q: embedder.embed_query(q) for q in QUESTIONS})
        warm = Retriever(location, precomputed, refresh_seconds=3600)  # type: ignore[arg-type]
        warm.search(queries[0])
        without, with_embedding = [], []
        for q in queries:
            t0 = time.perf_counter()
            warm.search(q, k=5)
            without.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            retriever.search(q, k=5)
            with_embedding.append((time.perf_counter() - t0) * 1000)
        print(
            f"{size:>6} chunks: build {built:5.1f} s, load {loaded:5.2f} s | "
            f"search p50 {percentile(without, 50):6.1f} ms p95 {percentile(without, 95):6.1f} ms | "
            f"with query embedding p50 {percentile(with_embedding, 50):6.1f} ms "
            f"p95 {percentile(with_embedding, 95):6.1f} ms | "
            f"disk {dir_size_mb(location.index_dir):7.1f} MB | peak RSS {peak_rss_mb():.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="channelwise-bench-"))
    try:
        bench_ingest(workdir)
        bench_latency(workdir, args.sizes, args.queries)
        print(f"peak RSS overall: {peak_rss_mb():.0f} MB")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
