"""The knowledge base: keeping the index in line with the curated documents, and searching
it (the search page and ``channelwise search``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from channelwise.config import Settings
    from channelwise.knowledge.indexing import IngestReport, Progress
    from channelwise.knowledge.records import SearchResult
    from channelwise.knowledge.retrieval import Mode
    from channelwise.services.root import Services


def search(
    services: Services,
    query: str,
    *,
    k: int | None = None,
    language: str | None = None,
    topics: Sequence[str] | None = None,
    mode: Mode = "hybrid",
) -> SearchResult:
    """The ``k`` passages (default: ``CHANNELWISE_RETRIEVAL_K``) that match ``query`` best,
    each with its document, section and source, and whether the knowledge base covers the
    query at all. ``language`` keeps documents in ``de`` or ``en`` only, ``topics`` those
    of these topics. An empty query finds nothing; an IndexUnavailableError says how to
    build a missing index."""
    k = services.settings.retrieval_k if k is None else k
    return services.retriever.search(query, k=k, language=language, topics=topics, mode=mode)


def ingest(
    settings: Settings, *, rebuild: bool = False, progress: Progress | None = None
) -> IngestReport:
    """Load ``knowledge_dir`` (documents, playbook and declined topics) and bring the index
    up to date (a no-op when unchanged)."""
    from channelwise.knowledge.declined import load_declined
    from channelwise.knowledge.embeddings import get_embedder
    from channelwise.knowledge.generations import open_location
    from channelwise.knowledge.indexing import sync_index
    from channelwise.knowledge.loader import load_documents
    from channelwise.knowledge.playbook import load_playbook
    from channelwise.tokens import seed_tiktoken_cache

    seed_tiktoken_cache()
    documents = load_documents(settings.knowledge_dir)
    return sync_index(
        open_location(settings),
        documents,
        get_embedder(settings.embedder),
        settings,
        rebuild=rebuild,
        progress=progress,
        playbook=load_playbook(settings.knowledge_dir),
        declined=load_declined(settings.knowledge_dir),
    )
