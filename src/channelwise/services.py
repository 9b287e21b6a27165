"""Composition root: build every service from Settings, once, and hand them out."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field

from channelwise.chat.engine import ChatEngine, build_chat_engine
from channelwise.config import Settings
from channelwise.db import Store, open_store
from channelwise.errors import ChannelwiseError, ModelError
from channelwise.i18n import Language
from channelwise.knowledge.embeddings import Embedder, get_embedder
from channelwise.knowledge.generations import IndexLocation, open_location
from channelwise.knowledge.indexing import IngestReport, Progress, sync_index
from channelwise.knowledge.loader import load_documents
from channelwise.knowledge.retrieval import Retriever
from channelwise.providers.factory import ChatBackend, build_chat_backend
from channelwise.tokens import seed_tiktoken_cache


@dataclass
class Services:
    settings: Settings
    embedder: Embedder
    location: IndexLocation
    retriever: Retriever
    store: Store
    _backend: ChatBackend | None = field(default=None, repr=False)
    _chat: ChatEngine | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    model_error: ModelError | None = field(default=None, repr=False)
    """Why the chat model could not be built (the chat then answers with evidence)."""

    def backend(self) -> ChatBackend:
        """The chat model, built on first use (it may be large, or remote).

        Raises a ModelError with the fix (missing key, model files, ...) when it cannot be
        built, so the parts that need no model keep working.
        """
        with self._lock:  # Streamlit sessions and the warm-up run in their own threads
            if self._backend is None:
                self._backend = build_chat_backend(self.settings)
            return self._backend

    def warm_up_in_background(self, lang: Language = "de") -> threading.Thread:
        """Load the chat model and pre-read its system rules while the user looks around.

        Failures are not raised here: the chat shows them (with the fix) when it is used.
        """

        def run() -> None:
            with contextlib.suppress(ChannelwiseError):
                self.chat().warm_up()

        thread = threading.Thread(target=run, name="channelwise-warm-up", daemon=True)
        thread.start()
        return thread

    def chat(self) -> ChatEngine:
        """The answer pipeline. When the chat model cannot be built, the engine answers
        with the evidence alone and ``model_error`` says why (with the fix)."""
        backend: ChatBackend | None
        try:
            backend = self.backend()
            self.model_error = None
        except ModelError as err:
            backend, self.model_error = None, err
        with self._lock:
            if self._chat is None or self._chat.backend is not backend:
                self._chat = build_chat_engine(
                    backend, self.retriever, self.embedder, k=self.settings.retrieval_k
                )
            return self._chat


def build_services(settings: Settings) -> Services:
    seed_tiktoken_cache()
    embedder = get_embedder(settings.embedder)
    location = open_location(settings)
    retriever = Retriever(location, embedder)
    return Services(
        settings=settings,
        embedder=embedder,
        location=location,
        retriever=retriever,
        store=open_store(settings.data_dir, settings.database_url),
    )


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
