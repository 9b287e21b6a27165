"""Chroma clients and the adapter that makes Chroma use our embedder.

Imported only when a Chroma store is opened: a search that reads an index generation's
search file (:mod:`channelwise.knowledge.snapshot`) never imports ``chromadb``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from channelwise.config import EmbedderName
from channelwise.knowledge.embeddings import get_embedder


def _chroma_settings() -> ChromaSettings:
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def persistent_client(path: Path) -> ClientAPI:
    return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())


def http_client(host: str, port: int, ssl: bool) -> ClientAPI:
    client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=_chroma_settings())
    client.heartbeat()
    return client


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
