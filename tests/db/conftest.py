"""The store's tests run on a SQLite file and on a real PostgreSQL server."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.server)]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def new_database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[], str]:
    """Makes a new, empty database of the backend on each call and returns its URL."""
    if backend == "postgresql":
        make: Callable[[], str] = request.getfixturevalue("postgres_databases")
        return make
    return lambda: f"sqlite:///{tmp_path / uuid.uuid4().hex[:12]}.db"


@pytest.fixture
def database_url(new_database: Callable[[], str]) -> str:
    return new_database()
