"""Composition root: build every service from Settings, once, and hand them out."""

from __future__ import annotations

from dataclasses import dataclass

from channelwise.config import Settings
from channelwise.embeddings import Embedder, get_embedder
from channelwise.knowledge.indexing import IngestReport, Progress, sync_index
from channelwise.knowledge.loader import load_documents
from channelwise.knowledge.store import IndexLocation, open_location
from channelwise.retrieval import Retriever
from channelwise.tokens import seed_tiktoken_cache


@dataclass
class Services:
    settings: Settings
    embedder: Embedder
    location: IndexLocation
    retriever: Retriever


def build_services(settings: Settings) -> Services:
    seed_tiktoken_cache()
    embedder = get_embedder(settings.embedder)
    location = open_location(settings)
    retriever = Retriever(location, embedder, coverage_threshold=settings.coverage_threshold)
    return Services(settings=settings, embedder=embedder, location=location, retriever=retriever)


def ingest(
    settings: Settings, *, rebuild: bool = False, progress: Progress | None = None
) -> IngestReport:
    """Load ``knowledge_dir`` and bring the index up to date (a no-op when unchanged)."""
    seed_tiktoken_cache()
    documents = load_documents(settings.knowledge_dir)
    return sync_index(
        open_location(settings),
        documents,
        get_embedder(settings.embedder),
        settings,
        rebuild=rebuild,
        progress=progress,
    )
