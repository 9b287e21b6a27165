"""Where the index generations live, their files, and the atomic swap between them.

Each (re)index writes a new *generation* aside and switches to it in one step, so a
reader never sees a half-built index:

* embedded (default): every generation is its own Chroma directory under
  ``<data_dir>/index/``; the file ``CURRENT`` names the active one and is replaced
  atomically (``os.replace``) and durably: the generation's files, the new pointer and the
  directory are synced to disk first, so a crash or power cut leaves the old pointer or
  the new one, each naming a complete generation. A lock file keeps a second ingest out.
* Chroma server (``CHROMA_HOST`` set): every generation is its own collection on the
  server; a small pointer collection's metadata names the active one. The lock is a lease
  on the server (:mod:`channelwise.knowledge.ingest_lock`): hosts share nothing else.

Besides its Chroma collection, a generation holds *files* written at ingest time (the
search file of :mod:`channelwise.knowledge.snapshot`): next to the Chroma database in the
generation's directory, or, on a server, in a side collection every host can read (as
compressed parts in the records' metadata; document text would be full-text indexed).

The previous generation is kept (a reader that opened it just before a swap can finish);
older ones are removed. ``chromadb`` is imported only when a Chroma store is opened.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import os
import shutil
import uuid
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

import numpy as np

from channelwise.config import Settings
from channelwise.errors import IndexUnavailableError
from channelwise.i18n import Bilingual

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

COLLECTION = "knowledge"
POINTER_COLLECTION = "channelwise-pointer"
FILES_SUFFIX = "-files"
_PREFIX = "kb-"
_PART_BYTES = 4 * 1024 * 1024  # per record on a Chroma server


def _new_name() -> str:
    return f"{_PREFIX}{datetime.now(UTC):%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"


def _open_collection(
    client: ClientAPI, name: str, embedder: str, metadata: dict[str, Any] | None
) -> Collection:
    from channelwise.knowledge.chroma import ChromaEmbeddingFunction

    ef = ChromaEmbeddingFunction(embedder)  # type: ignore[arg-type]
    if metadata is None:
        return client.get_collection(name, embedding_function=ef)  # type: ignore[arg-type]
    return client.create_collection(
        name,
        metadata=metadata,
        embedding_function=ef,  # type: ignore[arg-type]
        configuration={"hnsw": {"space": "cosine"}},
    )


class Generation(Protocol):
    """One complete index: its Chroma collection and the files written with it."""

    name: str

    def collection(self, embedder: str, metadata: dict[str, Any] | None = None) -> Collection:
        """The generation's collection (created when ``metadata`` is given)."""
        ...

    def write_file(self, name: str, data: bytes) -> None: ...

    def read_file(self, name: str) -> bytes | None:
        """The file's bytes; None when it was never written (an older generation)."""
        ...


class LocalGeneration:
    """A Chroma directory; its files lie next to the Chroma database."""

    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path

    @cached_property
    def client(self) -> ClientAPI:
        from channelwise.knowledge.chroma import persistent_client

        try:
            return persistent_client(self.path)
        except Exception as err:
            raise IndexUnavailableError(
                f"The knowledge index {self.path} cannot be opened ({type(err).__name__}: "
                f"{err}). Run `channelwise ingest --rebuild` to build it again.",
                f"Der Wissensindex {self.path} lässt sich nicht öffnen ({type(err).__name__}: "
                f"{err}). Bauen Sie ihn mit `channelwise ingest --rebuild` neu auf.",
            ) from err

    def collection(self, embedder: str, metadata: dict[str, Any] | None = None) -> Collection:
        return _open_collection(self.client, COLLECTION, embedder, metadata)

    def write_file(self, name: str, data: bytes) -> None:
        replace_durably(self.path / name, data)  # readers see the whole file or none

    def read_file(self, name: str) -> bytes | None:
        try:
            return (self.path / name).read_bytes()
        except FileNotFoundError:
            return None


class ServerGeneration:
    """A collection on a Chroma server; its files are records of a side collection."""

    def __init__(self, name: str, client: ClientAPI) -> None:
        self.name = name
        self.client = client

    def collection(self, embedder: str, metadata: dict[str, Any] | None = None) -> Collection:
        return _open_collection(self.client, self.name, embedder, metadata)

    def _files(self) -> Collection:
        from channelwise.knowledge.chroma import ChromaEmbeddingFunction

        return self.client.get_or_create_collection(
            self.name + FILES_SUFFIX,
            embedding_function=ChromaEmbeddingFunction(),  # type: ignore[arg-type]
        )

    def write_file(self, name: str, data: bytes) -> None:
        packed = zlib.compress(data, 1)
        parts = [packed[i : i + _PART_BYTES] for i in range(0, len(packed), _PART_BYTES)] or [b""]
        digest = hashlib.sha256(data).hexdigest()
        files = self._files()
        files.delete(where={"file": name})
        for number, part in enumerate(parts):
            files.add(
                ids=[f"{name}:{number}"],
                embeddings=np.ones((1, 1), dtype=np.float32),  # data only; never searched
                metadatas=[
                    {
                        "file": name,
                        "part": number,
                        "parts": len(parts),
                        "sha256": digest,
                        "data": base64.b64encode(part).decode("ascii"),
                    }
                ],
            )

    def read_file(self, name: str) -> bytes | None:
        got = self._files().get(where={"file": name}, include=["metadatas"])
        metas = sorted(got["metadatas"] or [], key=lambda m: int(str(m["part"])))
        if not metas or len(metas) != int(str(metas[0]["parts"])):
            return None  # not written (yet), or cut off: the caller builds what it needs
        packed = b"".join(base64.b64decode(str(m["data"])) for m in metas)
        data = zlib.decompress(packed)
        if hashlib.sha256(data).hexdigest() != metas[0]["sha256"]:
            return None
        return data


class IndexLocation(Protocol):
    description: Bilingual

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
        self.description = Bilingual(
            f"the index directory {index_dir}", f"dem Indexordner {index_dir}"
        )

    @property
    def _pointer(self) -> Path:
        return self.index_dir / "CURRENT"

    def active_name(self) -> str | None:
        try:
            name = self._pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name or None

    def active(self) -> LocalGeneration | None:
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
        return LocalGeneration(name, path)

    def create(self) -> LocalGeneration:
        name = _new_name()
        path = self.index_dir / name
        path.mkdir(parents=True)
        return LocalGeneration(name, path)

    def activate(self, generation: Generation) -> None:
        previous = self.active_name()
        sync_tree(self.index_dir / generation.name)  # on disk before anything points to it
        replace_durably(self._pointer, (generation.name + "\n").encode("utf-8"))
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
    """Generations as collections on a Chroma server, selected by a pointer collection.

    Only one host ingests at a time: the lock is a lease on the server itself
    (:mod:`channelwise.knowledge.ingest_lock`), checked again just before the swap.
    """

    def __init__(self, host: str, port: int, ssl: bool) -> None:
        self.description = Bilingual(
            f"the Chroma server at {host}:{port} (CHROMA_HOST/CHROMA_PORT)",
            f"dem Chroma-Server {host}:{port} (CHROMA_HOST/CHROMA_PORT)",
        )
        self._check_lease: Callable[[], None] | None = None
        try:
            from channelwise.knowledge.chroma import http_client

            self._client = http_client(host, port, ssl)
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
        from channelwise.knowledge.chroma import ChromaEmbeddingFunction

        return self._client.get_or_create_collection(
            POINTER_COLLECTION,
            metadata={"active": ""},
            embedding_function=ChromaEmbeddingFunction(),  # type: ignore[arg-type]
        )

    def active_name(self) -> str | None:
        metadata = self._pointer().metadata or {}
        name = str(metadata.get("active") or "")
        return name or None

    def active(self) -> ServerGeneration | None:
        name = self.active_name()
        if name is None:
            return None
        return ServerGeneration(name, self._client)

    def create(self) -> ServerGeneration:
        return ServerGeneration(_new_name(), self._client)

    def activate(self, generation: Generation) -> None:
        if self._check_lease is not None:
            self._check_lease()  # still the one host allowed to swap and delete
        previous = self.active_name()
        self._pointer().modify(metadata={"active": generation.name})
        keep = {generation.name, previous}
        for collection in self._client.list_collections():
            name = collection.name
            if name.startswith(_PREFIX) and name.removesuffix(FILES_SUFFIX) not in keep:
                self._client.delete_collection(name)

    def discard(self, generation: Generation) -> None:
        for name in (generation.name, generation.name + FILES_SUFFIX):
            with contextlib.suppress(Exception):
                self._client.delete_collection(name)

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        from channelwise.knowledge.ingest_lock import ServerIngestLock

        with ServerIngestLock(self._client).held() as check:
            self._check_lease = check
            try:
                yield
            finally:
                self._check_lease = None


def read_all(
    collection: Collection, include: list[Any], page: int = 5000
) -> tuple[list[str], list[Any], list[Any], list[Any]]:
    """ids, documents, metadatas and embeddings of every row (those not in ``include`` are
    None), read in pages: one query for 50k rows exceeds SQLite's limit on bound variables."""
    ids: list[str] = []
    documents: list[Any] = []
    metadatas: list[Any] = []
    embeddings: list[Any] = []
    offset = 0
    while True:
        got = collection.get(include=include, limit=page, offset=offset)
        n = len(got["ids"])
        ids += got["ids"]
        for out, key in (
            (documents, "documents"),
            (metadatas, "metadatas"),
            (embeddings, "embeddings"),
        ):
            values = cast(Any, got).get(key)
            out += list(values) if values is not None else [None] * n
        if n < page:
            return ids, documents, metadatas, embeddings
        offset += page


def replace_durably(target: Path, data: bytes) -> None:
    """Put ``data`` at ``target`` in one step that also survives a crash or power cut: a temp
    file, synced to disk, renamed over the target, and the directory synced (the rename)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    _sync_directory(target.parent)


def sync_tree(root: Path) -> None:
    """Sync every file and directory below ``root`` (a generation Chroma just wrote)."""
    for directory, _, files in os.walk(root):
        for name in files:
            with open(os.path.join(directory, name), "rb") as handle:
                os.fsync(handle.fileno())
        _sync_directory(Path(directory))


def _sync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_location(settings: Settings) -> IndexLocation:
    if settings.chroma_host:
        return ServerLocation(settings.chroma_host, settings.chroma_port, settings.chroma_ssl)
    return LocalLocation(settings.index_dir)
