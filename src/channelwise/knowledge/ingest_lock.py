"""Who may ingest into the index on a Chroma server: a lease kept on the server itself.

Hosts that share a Chroma server share nothing else, so a lock file on one of them does
not stop another from ingesting at the same time (and its swap then deletes the other's
half-built generation). The lease is a record in a side collection on the server:

* Taking it adds the record of the next *epoch* (``lease-000000042``). Chroma keeps the
  first record added under an id and ignores later adds of that id, so when two hosts
  add the same epoch at the same moment, one record stands and both read back the same
  owner: exactly one of them holds the lease. That is the one compare-and-set Chroma
  offers; its updates are unconditional.
* A lease is free when its record says released, or when it has expired: the holder
  renews it (every quarter of its time-to-live) while it works, so only a host that died
  or stalled for longer than the time-to-live loses it.
* Before the holder swaps the pointer it checks that its epoch is still the newest
  (:meth:`ServerIngestLock.check`): a host whose lease was taken over stops there and
  discards its build.

What this does not guarantee: expiry compares the wall clocks of different hosts (skews of
seconds do not matter against a ten-minute lease; hours would), and a holder that stalls
between its last check and the swap, for longer than the time-to-live, could still swap
after another host took over. Neither happens to an ingest that keeps running.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from channelwise.errors import IndexUnavailableError

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

LOCK_COLLECTION = "channelwise-ingest-lock"
TTL_S = 600.0
#: Earlier lease records kept when a new one is taken (older ones are removed).
_KEEP_EPOCHS = 5


@dataclass(frozen=True)
class Lease:
    epoch: int
    owner: str
    expires: float  # seconds since the epoch, on the owner's clock
    released: bool

    @property
    def record_id(self) -> str:
        return _record_id(self.epoch)

    def free(self, now: float) -> bool:
        return self.released or self.expires <= now

    def metadata(self) -> dict[str, Any]:
        return {
            "epoch": self.epoch,
            "owner": self.owner,
            "expires": self.expires,
            "released": self.released,
        }


def _record_id(epoch: int) -> str:
    return f"lease-{epoch:09d}"


def default_owner() -> str:
    """This process, as other hosts see it in the message when it holds the lease."""
    return f"{socket.gethostname()} (pid {os.getpid()}, {uuid.uuid4().hex[:6]})"


class ServerIngestLock:
    """The ingest lease on one Chroma server (see the module's description)."""

    def __init__(
        self,
        client: ClientAPI,
        *,
        owner: str | None = None,
        ttl_s: float = TTL_S,
        collection: str = LOCK_COLLECTION,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self.owner = owner or default_owner()
        self.ttl_s = ttl_s
        self._name = collection
        self._clock = clock

    def _collection(self) -> Collection:
        from channelwise.knowledge.chroma import ChromaEmbeddingFunction

        return self._client.get_or_create_collection(
            self._name,
            embedding_function=ChromaEmbeddingFunction(),  # type: ignore[arg-type]
        )

    def _leases(self) -> list[Lease]:
        got = self._collection().get(include=["metadatas"])
        return sorted((_lease(m) for m in got["metadatas"] or []), key=lambda x: x.epoch)

    def current(self) -> Lease | None:
        """The newest lease record, held or not."""
        leases = self._leases()
        return leases[-1] if leases else None

    def acquire(self) -> Lease:
        """Take the lease, or raise IndexUnavailableError naming who holds it."""
        collection = self._collection()
        leases = self._leases()
        current = leases[-1] if leases else None
        now = self._clock()
        if current is not None and not current.free(now):
            raise _busy(current)
        wanted = Lease((current.epoch + 1) if current else 1, self.owner, now + self.ttl_s, False)
        collection.add(  # ignored by Chroma when another host added this epoch first
            ids=[wanted.record_id],
            embeddings=np.ones((1, 1), dtype=np.float32),  # data only; never searched
            metadatas=[wanted.metadata()],
        )
        stored = collection.get(ids=[wanted.record_id], include=["metadatas"])["metadatas"]
        won = _lease(stored[0]) if stored else None
        if won is None or won.owner != self.owner:
            raise _busy(won or wanted)
        old = [lease.record_id for lease in leases[:-_KEEP_EPOCHS]]
        if old:
            collection.delete(ids=old)
        return won

    def renew(self, lease: Lease) -> Lease:
        renewed = Lease(lease.epoch, lease.owner, self._clock() + self.ttl_s, False)
        self._collection().update(ids=[lease.record_id], metadatas=[renewed.metadata()])
        return renewed

    def check(self, lease: Lease) -> None:
        """Raise unless ``lease`` is still the newest one and not given up."""
        current = self.current()
        if current is None or current.epoch != lease.epoch or current.owner != lease.owner:
            raise IndexUnavailableError(
                "This ingest lost its lease on the Chroma server (it stalled for longer than "
                f"{self.ttl_s:.0f} s and {current.owner if current else 'another host'} took "
                "over); its new index was discarded and the index in use is unchanged. Run "
                "`channelwise ingest` again.",
                "Dieses Ingest hat seine Sperre auf dem Chroma-Server verloren (es stand "
                f"länger als {self.ttl_s:.0f} s still, und "
                f"{current.owner if current else 'ein anderer Rechner'} hat übernommen); "
                "sein neuer Index wurde verworfen, der genutzte Index ist unverändert. Führen "
                "Sie `channelwise ingest` erneut aus.",
            )

    def release(self, lease: Lease) -> None:
        done = Lease(lease.epoch, lease.owner, lease.expires, True)
        current = self.current()
        if current is not None and current.epoch == lease.epoch:
            self._collection().update(ids=[lease.record_id], metadatas=[done.metadata()])

    @contextlib.contextmanager
    def held(self) -> Iterator[Callable[[], None]]:
        """Hold the lease, renewed in the background; yields the check to run before a swap."""
        lease = self.acquire()
        stop = threading.Event()
        state = {"lease": lease}

        def keep() -> None:
            while not stop.wait(self.ttl_s / 4):
                with contextlib.suppress(Exception):  # a miss is caught by check()
                    state["lease"] = self.renew(state["lease"])

        renewer = threading.Thread(target=keep, name="channelwise-ingest-lease", daemon=True)
        renewer.start()
        try:
            yield lambda: self.check(state["lease"])
        finally:
            stop.set()
            renewer.join()
            with contextlib.suppress(Exception):
                self.release(state["lease"])


def _lease(metadata: Any) -> Lease:
    return Lease(
        int(metadata["epoch"]),
        str(metadata["owner"]),
        float(metadata["expires"]),
        bool(metadata["released"]),
    )


def _busy(holder: Lease) -> IndexUnavailableError:
    until = datetime.fromtimestamp(holder.expires, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return IndexUnavailableError(
        f"Another `channelwise ingest` ({holder.owner}) is updating the index on the Chroma "
        f"server. Wait for it to finish, then try again; if it died, its lease runs out at "
        f"{until}.",
        f"Ein anderes `channelwise ingest` ({holder.owner}) aktualisiert gerade den Index auf "
        f"dem Chroma-Server. Warten Sie, bis es fertig ist, und versuchen Sie es dann erneut; "
        f"falls es abgebrochen ist, läuft seine Sperre um {until} ab.",
    )
