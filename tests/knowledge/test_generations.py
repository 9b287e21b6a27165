"""The switch between index generations: durable on disk, one ingest at a time per server."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from channelwise.config import Settings
from channelwise.errors import IndexUnavailableError
from channelwise.knowledge.chroma import http_client
from channelwise.knowledge.generations import LocalLocation, open_location
from channelwise.knowledge.ingest_lock import LOCK_COLLECTION, Lease, ServerIngestLock
from channelwise.services import ingest

from ..conftest import make_settings


def test_the_pointer_is_swapped_only_after_the_generation_and_itself_are_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = LocalLocation(tmp_path / "index")
    generation = location.create()
    (generation.path / "chroma.sqlite3").write_bytes(b"rows")
    (generation.path / "segment").mkdir()
    (generation.path / "segment" / "data_level0.bin").write_bytes(b"vectors")
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        events.append(("replace", str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    location.activate(generation)
    assert location.active_name() == generation.name
    pointer = str(location.index_dir / "CURRENT")
    swap = events.index(("replace", pointer))
    before, after = {p for _, p in events[:swap]}, {p for _, p in events[swap + 1 :]}
    for written in ("chroma.sqlite3", "segment/data_level0.bin", "segment", ""):
        assert str(generation.path / written).rstrip("/") in before, written
    assert any(p.startswith(str(location.index_dir / ".CURRENT.")) for p in before)  # the temp
    assert str(location.index_dir) in after  # the rename itself


# --- a Chroma server shared by several hosts ---------------------------------------------


@pytest.fixture
def host_settings(
    chroma_server: tuple[str, int], tmp_path: Path
) -> Iterator[tuple[Settings, Settings]]:
    """Two hosts (own data directories) on one Chroma server; its lease is cleared after."""
    host, port = chroma_server
    yield (
        make_settings(tmp_path / "host-a", chroma_host=host, chroma_port=port),
        make_settings(tmp_path / "host-b", chroma_host=host, chroma_port=port),
    )
    http_client(host, port, False).delete_collection(LOCK_COLLECTION)


@pytest.mark.server
def test_two_hosts_do_not_ingest_into_one_chroma_server_at_once(
    host_settings: tuple[Settings, Settings],
) -> None:
    settings_a, settings_b = host_settings
    location_a = open_location(settings_a)
    before = location_a.active_name()
    with location_a.writer_lock():  # host A is ingesting
        with pytest.raises(IndexUnavailableError) as busy:
            ingest(settings_b, rebuild=True)
        assert "Another `channelwise ingest` (" in str(busy.value)
        assert "ingest" in busy.value.localized("de")
        assert location_a.active_name() == before  # B built nothing, deleted nothing
    report = ingest(settings_b, rebuild=True)  # A is done: B's turn
    assert open_location(settings_a).active_name() == report.generation


@pytest.mark.server
def test_hosts_taking_the_lease_at_the_same_moment_get_it_once(
    chroma_server: tuple[str, int],
) -> None:
    host, port = chroma_server
    collection = f"test-lease-{uuid.uuid4().hex[:8]}"
    start = threading.Barrier(6)
    won: list[Lease] = []
    refused: list[str] = []

    def take(number: int) -> None:
        client = http_client(host, port, False)
        lock = ServerIngestLock(client, owner=f"host {number}", collection=collection)
        lock._collection()  # connect before the race, not during it
        start.wait()
        try:
            won.append(lock.acquire())
        except IndexUnavailableError as err:
            refused.append(str(err))

    threads = [threading.Thread(target=take, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1 and len(refused) == 5
    assert all(f"({won[0].owner})" in message for message in refused)
    http_client(host, port, False).delete_collection(collection)


@pytest.mark.server
def test_an_expired_lease_is_taken_over_and_the_old_holder_may_not_swap(
    chroma_server: tuple[str, int],
) -> None:
    host, port = chroma_server
    collection = f"test-lease-{uuid.uuid4().hex[:8]}"
    client = http_client(host, port, False)
    a = ServerIngestLock(client, owner="host a", ttl_s=1.0, collection=collection)
    b = ServerIngestLock(client, owner="host b", ttl_s=30.0, collection=collection)
    lease_a = a.acquire()  # and then host a stalls: no renewal
    with pytest.raises(IndexUnavailableError, match=r"\(host a\)"):
        b.acquire()
    time.sleep(1.2)
    lease_b = b.acquire()
    assert (lease_a.epoch, lease_b.epoch) == (1, 2)
    with pytest.raises(IndexUnavailableError, match="lost its lease"):
        a.check(lease_a)
    a.release(lease_a)  # too late: does not free b's lease
    with pytest.raises(IndexUnavailableError, match=r"\(host b\)"):
        a.acquire()
    b.check(lease_b)
    b.release(lease_b)
    assert a.acquire().epoch == 3
    client.delete_collection(collection)


@pytest.mark.server
def test_an_ingest_that_lost_its_lease_keeps_the_index_in_use(
    host_settings: tuple[Settings, Settings],
) -> None:
    settings_a, settings_b = host_settings
    before = ingest(settings_a).generation
    client = http_client(settings_a.chroma_host or "", settings_a.chroma_port, False)

    def taken_over(done: int, total: int) -> None:
        if done == total:  # host a stalls past its lease; host b takes over
            lock = ServerIngestLock(client, owner="host b")
            current = lock.current()
            assert current is not None
            stale = Lease(current.epoch, current.owner, 0.0, False)
            lock._collection().update(ids=[stale.record_id], metadatas=[stale.metadata()])
            lock.acquire()

    collections = {c.name for c in client.list_collections()}
    with pytest.raises(IndexUnavailableError, match="lost its lease"):
        ingest(settings_a, rebuild=True, progress=taken_over)
    assert open_location(settings_b).active_name() == before
    # its own new generation was discarded; no other generation was deleted
    assert {c.name for c in client.list_collections()} == collections
