"""`channelwise knowledge check`: the real knowledge base passes; a broken one fails."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from channelwise.cli import app

ROOT = Path(__file__).parents[2]


def test_the_curated_knowledge_base_passes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CHANNELWISE_KNOWLEDGE_DIR", str(ROOT / "knowledge"))
    result = CliRunner().invoke(app, ["knowledge", "check", "--sources"])
    assert result.exit_code == 0, result.output
    assert "every document passes" in result.output
    assert "primary" in result.output


def test_a_tracking_parameter_fails_with_the_document_and_the_rule(  # type: ignore[no-untyped-def]
    monkeypatch, tmp_path: Path
) -> None:
    kb = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", kb)
    doc = kb / "platform-bluesky.de.md"
    text = doc.read_text(encoding="utf-8")
    first_url = text.split('url: "', 1)[1].split('"', 1)[0]
    doc.write_text(text.replace(first_url, first_url + "?utm_source=newsletter", 1), "utf-8")
    monkeypatch.setenv("CHANNELWISE_KNOWLEDGE_DIR", str(kb))
    result = CliRunner().invoke(app, ["knowledge", "check", "--lang", "de"])
    assert result.exit_code == 3
    assert "platform-bluesky.de: [url-tracking]" in result.output
