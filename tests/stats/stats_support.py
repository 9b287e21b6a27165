"""Shared helpers for the channel-stats tests: fixture files as uploads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from channelwise.stats import StatsResult, Upload, analyze_uploads

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stats"
LIMIT = 50 * 1024 * 1024
#: 'today' for exports whose dates have no year and no zip name (TikTok Overview.csv).
TODAY = date(2024, 4, 10)


def upload(rel: str) -> Upload:
    path = FIXTURES / rel
    return Upload(path.name, path.read_bytes())


def analyze(*rels: str, max_bytes: int = LIMIT) -> StatsResult:
    return analyze_uploads([upload(r) for r in rels], max_bytes=max_bytes, today=TODAY)


def fixture_files() -> list[str]:
    return sorted(
        str(p.relative_to(FIXTURES))
        for p in FIXTURES.rglob("*")
        if p.is_file() and p.suffix != ".py"
    )
