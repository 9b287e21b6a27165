"""Suite-wide fixtures: no outgoing network, settings pointed at a temp data directory."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from channelwise.config import Settings
from channelwise.services import Services, build_services, ingest


def _is_loopback(address: Any) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
    else:
        return True  # AF_UNIX paths and the like never leave the machine
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class NetworkBlockedError(RuntimeError):
    pass


@pytest.fixture(autouse=True, scope="session")
def _block_outgoing_network() -> Iterator[None]:
    """Fail any connection that would leave 127.0.0.0/8 or ::1, for the whole suite."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def guard(address: Any) -> None:
        if not _is_loopback(address):
            raise NetworkBlockedError(f"test tried to reach the network: {address!r}")

    def connect(self: socket.socket, address: Any) -> None:
        guard(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        guard(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in (None, "localhost") and not _is_loopback((host,)):
            raise NetworkBlockedError(f"test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo
    try:
        yield
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = real_getaddrinfo


# --- knowledge base fixtures -------------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_KNOWLEDGE = FIXTURES / "knowledge"
FIXTURE_QUESTIONS = FIXTURES / "retrieval_questions.yaml"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's .env or data; settings point at a temp directory."""
    for name in list(os.environ):
        if name.startswith("CHANNELWISE_") or name in (
            "CHROMA_HOST",
            "CHROMA_PORT",
            "OPENAI_API_KEY",
            "DATABASE_URL",
        ):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CHANNELWISE_KNOWLEDGE_DIR", str(FIXTURE_KNOWLEDGE))


def make_settings(
    data_dir: Path, knowledge_dir: Path = FIXTURE_KNOWLEDGE, **extra: Any
) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, knowledge_dir=knowledge_dir, **extra)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The fixture knowledge base, ingested once into an embedded Chroma index."""
    settings = make_settings(tmp_path_factory.mktemp("indexed") / "data")
    ingest(settings)
    return settings


@pytest.fixture(scope="session")
def kb_services(indexed_settings: Settings) -> Services:
    """Real services (embedder, Chroma, BM25) over the fixture knowledge base."""
    return build_services(indexed_settings)


REAL_KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The real knowledge base (every document pair and the playbook), ingested once per
    test session (about a minute on two cores)."""
    settings = make_settings(tmp_path_factory.mktemp("real-kb") / "data", REAL_KNOWLEDGE)
    ingest(settings)
    return settings


@pytest.fixture(scope="session")
def real_services(real_settings: Settings) -> Services:
    """Real services over the real knowledge base."""
    return build_services(real_settings)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def local_server(
    command: list[str],
    port: int,
    log_path: Path,
    stop_signal: signal.Signals = signal.SIGTERM,
    **popen: Any,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server process until it listens on 127.0.0.1:``port``; stop it afterwards."""
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, **popen)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise RuntimeError(f"{command[0]} exited: {log_path.read_text()}")
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.2)
            else:
                raise RuntimeError(f"{command[0]} did not start within 60 s")
            yield proc
        finally:
            proc.send_signal(stop_signal)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def app_data_dir(indexed_settings: Settings, path: Path) -> Path:
    """A data directory with its own (empty) database that reuses the session's index."""
    path.mkdir(parents=True)
    (path / "index").symlink_to(indexed_settings.index_dir)
    return path


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real Chroma server (`chroma run`) on 127.0.0.1 and a free port."""
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    chroma = Path(sys.executable).with_name("chroma")
    command = [str(chroma), "run", "--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with local_server([*command, "--path", str(path / "db")], port, path / "log", env=env):
        yield ("127.0.0.1", port)


# --- PostgreSQL --------------------------------------------------------------------------


def _postgres_program(name: str) -> str:
    """A PostgreSQL server program: on PATH, or where Debian's package puts it."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3])
    )
    if not versions:
        pytest.fail("PostgreSQL is missing: `make test` installs it (apt-get install postgresql).")
    return str(versions[-1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL server (initdb into a temp dir, `postgres` on 127.0.0.1 and a free
    port); yields its URL without a database name. The server refuses to run as root, so
    as root it runs as Debian's `postgres` user."""
    initdb, postgres = _postgres_program("initdb"), _postgres_program("postgres")
    user: dict[str, Any] = {}
    root = Path(tempfile.mkdtemp(prefix="channelwise-pg-"))  # not below root's 0700 dirs
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("As root, the tests run PostgreSQL as the 'postgres' user: create it.")
        user = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
        os.chown(root, account.pw_uid, account.pw_gid)
    data, port = root / "data", free_port()
    try:
        setup = [initdb, "-D", str(data), "-U", "channelwise", "-A", "trust", "-E", "UTF8"]
        made = subprocess.run(
            [*setup, "--locale=C", "--no-sync"], cwd=root, capture_output=True, **user
        )
        if made.returncode != 0:
            pytest.fail(f"initdb failed: {made.stderr.decode(errors='replace')}")
        command = [postgres, "-D", str(data), "-p", str(port), "-c", "listen_addresses=127.0.0.1"]
        command += ["-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "max_connections=60"]
        with local_server(command, port, root / "log", signal.SIGINT, cwd=root, **user):
            yield f"postgresql+psycopg://channelwise@127.0.0.1:{port}"
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_databases(postgres_server: str) -> Iterator[Callable[[], str]]:
    """Makes a new, empty database on the session's PostgreSQL server on each call and
    returns its URL; all are dropped afterwards."""
    made: list[str] = []
    admin = create_engine(f"{postgres_server}/postgres", isolation_level="AUTOCOMMIT")

    def make() -> str:
        name = f"test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"{postgres_server}/{name}"

    try:
        yield make
    finally:
        with admin.connect() as conn:
            for name in made:
                conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def postgres_url(postgres_databases: Callable[[], str]) -> str:
    """A new, empty database on the session's PostgreSQL server."""
    return postgres_databases()
