from __future__ import annotations

from pathlib import Path

import pytest

from channelwise.config import Settings

from ..conftest import app_data_dir


@pytest.fixture
def data_dir(indexed_settings: Settings, tmp_path: Path) -> Path:
    """Own database per test, the session's fixture index."""
    return app_data_dir(indexed_settings, tmp_path / "appdata")
