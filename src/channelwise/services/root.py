"""Composition root: every part built from Settings on first use, once, and handed out.

Nothing heavy happens when :class:`Services` is created: the embedder, the index, the
database and the chat model are each built (and their packages imported) the first time a
use case needs them, so a command that only reads an export never loads the embedder.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from channelwise.config import Settings
from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language

if TYPE_CHECKING:
    from channelwise.chat.engine import ChatEngine
    from channelwise.db import Store
    from channelwise.grounding.grounder import Grounder
    from channelwise.knowledge.embeddings import Embedder
    from channelwise.knowledge.generations import IndexLocation
    from channelwise.knowledge.retrieval import Retriever
    from channelwise.providers.factory import ChatBackend

T = TypeVar("T")


class Services:
    """The app's parts for one configuration; shared by Streamlit sessions (thread-safe)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._parts: dict[str, object] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    def _once(self, name: str, build: Callable[[], T]) -> T:
        """``build()`` once per part; one lock per part, so a model loading in the background
        does not hold up a search."""
        with self._locks_lock:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            if name not in self._parts:
                self._parts[name] = build()
            return self._parts[name]  # type: ignore[return-value]

    @property
    def embedder(self) -> Embedder:
        from channelwise.knowledge.embeddings import get_embedder

        return self._once("embedder", lambda: get_embedder(self.settings.embedder))

    @property
    def location(self) -> IndexLocation:
        """Where the index generations live (raises when a Chroma server cannot be reached)."""
        from channelwise.knowledge.generations import open_location

        return self._once("location", lambda: open_location(self.settings))

    @property
    def retriever(self) -> Retriever:
        from channelwise.knowledge.retrieval import Retriever

        return self._once(
            "retriever",
            lambda: Retriever(self.location, self.embedder),
        )

    @property
    def store(self) -> Store:
        from channelwise.db import open_store

        return self._once(
            "store", lambda: open_store(self.settings.data_dir, self.settings.database_url)
        )

    def backend(self) -> ChatBackend:
        """The chat model, built on first use (it may be large, or remote).

        Raises a ModelError with the fix (missing key, model files, ...) when it cannot be
        built, so the parts that need no model keep working; a later call tries again.
        """

        def build() -> ChatBackend:
            from channelwise.providers.factory import build_chat_backend
            from channelwise.tokens import seed_tiktoken_cache

            seed_tiktoken_cache()  # before any client counts tokens with tiktoken
            return build_chat_backend(self.settings)

        return self._once("backend", build)

    @property
    def grounder(self) -> Grounder:
        """Matching, composing and checking over the index (shared by chat and plans)."""
        from channelwise.grounding.grounder import build_grounder

        return self._once(
            "grounder",
            lambda: build_grounder(self.retriever, self.embedder, k=self.settings.retrieval_k),
        )

    def chat(self) -> ChatEngine:
        """The answer pipeline. When the chat model cannot be built, the engine answers with
        the composed answers alone and its ``model_error`` says why (with the fix); a later
        call tries the model again."""
        from channelwise.chat.engine import build_chat_engine
        from channelwise.errors import ModelError

        try:
            backend = self.backend()
        except ModelError as err:
            return build_chat_engine(None, self.grounder, model_error=err)
        smooth = self.settings.smooth_answers
        return self._once("chat", lambda: build_chat_engine(backend, self.grounder, smooth=smooth))

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


def build_services(settings: Settings) -> Services:
    return Services(settings)
