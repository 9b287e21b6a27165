"""Where the vector index lives, and the atomic swap of index generations.

Each (re)index writes a new *generation* aside and switches to it in one step, so a
reader never sees a half-built index:

* embedded (default): every generation is its own Chroma directory under
  ``<data_dir>/index/``; the file ``CURRENT`` names the active one and is replaced
  atomically (``os.replace``).
* Chroma server (``CHROMA_HOST`` set): every generation is its own collection on the
  server; a small pointer collection's metadata names the active one.

The previous generation is kept (a reader that opened it just before a swap can finish);
older ones are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from channelwise.config import Settings
from channelwise.errors import IndexUnavailableError
from channelwise.knowledge.embeddings import ChromaEmbeddingFunction

COLLECTION = "knowledge"
POINTER_COLLECTION = "channelwise-pointer"
_PREFIX = "kb-"
SENTENCES_SUFFIX = "-sentences"


def _chroma_settings() -> ChromaSettings:
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def _new_name() -> str:
    return f"{_PREFIX}{datetime.now(UTC):%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class Generation:
    """One complete index: a Chroma client and the collection inside it."""

    name: str
    client: ClientAPI
    collection_name: str

    @property
    def sentence_collection_name(self) -> str:
        return f"{self.collection_name}{SENTENCES_SUFFIX}"

    def sentence_collection(self, embedder: str, *, create: bool = False) -> Collection | None:
        """The generation's sentences (see ``sentence_index``); None for an older index."""
        ef = ChromaEmbeddingFunction(embedder)  # type: ignore[arg-type]
        if create:
            return self.client.create_collection(
                self.sentence_collection_name,
                embedding_function=ef,  # type: ignore[arg-type]
                configuration={"hnsw": {"space": "cosine"}},
            )
        try:
            return self.client.get_collection(self.sentence_collection_name, embedding_function=ef)  # type: ignore[arg-type]
        except Exception:  # chromadb raises NotFoundError/ValueError by version
            return None

    def collection(self, embedder: str, metadata: dict[str, Any] | None = None) -> Collection:
        ef = ChromaEmbeddingFunction(embedder)  # type: ignore[arg-type]
        if metadata is None:
            return self.client.get_collection(self.collection_name, embedding_function=ef)  # type: ignore[arg-type]
        return self.client.create_collection(
            self.collection_name,
            metadata=metadata,
            embedding_function=ef,  # type: ignore[arg-type]
            configuration={"hnsw": {"space": "cosine"}},
        )


class IndexLocation(Protocol):
    description: str
    description_de: str

    def active(self) -> Generation | None: ...

    def active_name(self) -> str | None: ...

    def create(self) -> Generation: ...

    def activate(self, generation: Generation) -> None: ...

    def discard(self, generation: Generation) -> None: ...

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]: ...


class LocalLocation:
    """Generations as directories below ``index_dir``, selected by the CURRENT file."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.description = f"the index directory {index_dir}"
        self.description_de = f"dem Indexordner {index_dir}"

    @property
    def _pointer(self) -> Path:
        return self.index_dir / "CURRENT"

    def active_name(self) -> str | None:
        try:
            name = self._pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name or None

    def active(self) -> Generation | None:
        name = self.active_name()
        if name is None:
            return None
        path = self.index_dir / name
        if not (path / "chroma.sqlite3").is_file():
            raise IndexUnavailableError(
                f"The knowledge index {path} is missing or incomplete. "
                "Run `channelwise ingest --rebuild` (or `make run`, which does it for you).",
                f"Der Wissensindex {path} fehlt oder ist unvollständig. Führen Sie "
                "`channelwise ingest --rebuild` aus (oder `make run`, das erledigt es).",
            )
        try:
            client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
        except Exception as err:
            raise IndexUnavailableError(
                f"The knowledge index {path} cannot be opened ({type(err).__name__}: {err}). "
                "Run `channelwise ingest --rebuild` to build it again.",
                f"Der Wissensindex {path} lässt sich nicht öffnen ({type(err).__name__}: {err}). "
                "Bauen Sie ihn mit `channelwise ingest --rebuild` neu auf.",
            ) from err
        return Generation(name=name, client=client, collection_name=COLLECTION)

    def create(self) -> Generation:
        name = _new_name()
        path = self.index_dir / name
        path.mkdir(parents=True)
        client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
        return Generation(name=name, client=client, collection_name=COLLECTION)

    def activate(self, generation: Generation) -> None:
        previous = self.active_name()
        tmp = self.index_dir / f"CURRENT.{os.getpid()}.tmp"
        tmp.write_text(generation.name + "\n", encoding="utf-8")
        os.replace(tmp, self._pointer)
        keep = {generation.name, previous}
        for path in self.index_dir.glob(f"{_PREFIX}*"):
            if path.is_dir() and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def discard(self, generation: Generation) -> None:
        shutil.rmtree(self.index_dir / generation.name, ignore_errors=True)

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with open(self.index_dir / ".lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise IndexUnavailableError(
                    f"Another `channelwise ingest` is updating {self.index_dir}. "
                    "Wait for it to finish, then try again.",
                    f"Ein anderes `channelwise ingest` aktualisiert gerade {self.index_dir}. "
                    "Warten Sie, bis es fertig ist, und versuchen Sie es dann erneut.",
                ) from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


class ServerLocation:
    """Generations as collections on a Chroma server, selected by a pointer collection."""

    def __init__(self, host: str, port: int, ssl: bool, lock_dir: Path) -> None:
        self.description = f"the Chroma server at {host}:{port} (CHROMA_HOST/CHROMA_PORT)"
        self.description_de = f"dem Chroma-Server {host}:{port} (CHROMA_HOST/CHROMA_PORT)"
        self._lock = LocalLocation(lock_dir)
        try:
            self._client = chromadb.HttpClient(
                host=host, port=port, ssl=ssl, settings=_chroma_settings()
            )
            self._client.heartbeat()
        except Exception as err:
            raise IndexUnavailableError(
                f"Cannot reach the Chroma server at {host}:{port} ({type(err).__name__}). "
                "Start it (`chroma run --host HOST --port PORT`), check CHROMA_HOST and "
                "CHROMA_PORT, or unset CHROMA_HOST to use the embedded index.",
                f"Der Chroma-Server {host}:{port} ist nicht erreichbar ({type(err).__name__}). "
                "Starten Sie ihn (`chroma run --host HOST --port PORT`), prüfen Sie CHROMA_HOST "
                "und CHROMA_PORT oder entfernen Sie CHROMA_HOST, um den eingebetteten Index zu "
                "nutzen.",
            ) from err

    def _pointer(self) -> Collection:
        return self._client.get_or_create_collection(
            POINTER_COLLECTION,
            metadata={"active": ""},
            embedding_function=ChromaEmbeddingFunction(),  # type: ignore[arg-type]
        )

    def active_name(self) -> str | None:
        metadata = self._pointer().metadata or {}
        name = str(metadata.get("active") or "")
        return name or None

    def active(self) -> Generation | None:
        name = self.active_name()
        if name is None:
            return None
        return Generation(name=name, client=self._client, collection_name=name)

    def create(self) -> Generation:
        name = _new_name()
        return Generation(name=name, client=self._client, collection_name=name)

    def activate(self, generation: Generation) -> None:
        previous = self.active_name()
        self._pointer().modify(metadata={"active": generation.name})
        keep = {generation.name, previous}
        keep |= {f"{name}{SENTENCES_SUFFIX}" for name in list(keep) if name}
        for collection in self._client.list_collections():
            if collection.name.startswith(_PREFIX) and collection.name not in keep:
                self._client.delete_collection(collection.name)

    def discard(self, generation: Generation) -> None:
        for name in (generation.collection_name, generation.sentence_collection_name):
            with contextlib.suppress(Exception):
                self._client.delete_collection(name)

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        with self._lock.writer_lock():
            yield


def read_all(
    collection: Collection, include: list[Any], page: int = 5000
) -> tuple[list[str], list[Any], list[Any]]:
    """ids, documents and metadatas of every row, read in pages (one query for 50k rows
    exceeds SQLite's limit on bound variables)."""
    ids: list[str] = []
    documents: list[Any] = []
    metadatas: list[Any] = []
    offset = 0
    while True:
        got = collection.get(include=include, limit=page, offset=offset)
        ids += got["ids"]
        documents += got.get("documents") or [None] * len(got["ids"])
        metadatas += got.get("metadatas") or [None] * len(got["ids"])
        if len(got["ids"]) < page:
            return ids, documents, metadatas
        offset += page


def open_location(settings: Settings) -> IndexLocation:
    if settings.chroma_host:
        return ServerLocation(
            settings.chroma_host, settings.chroma_port, settings.chroma_ssl, settings.index_dir
        )
    return LocalLocation(settings.index_dir)
