"""Keeping the knowledge index in line with the curated documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from channelwise.config import Settings
    from channelwise.knowledge.indexing import IngestReport, Progress


def ingest(
    settings: Settings, *, rebuild: bool = False, progress: Progress | None = None
) -> IngestReport:
    """Load ``knowledge_dir`` (documents and playbook) and bring the index up to date (a
    no-op when unchanged)."""
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
    )
