from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from channelwise.cli import app
from tests.conftest import FIXTURE_KNOWLEDGE, FIXTURE_QUESTIONS

runner = CliRunner()


def test_ingest_then_up_to_date() -> None:
    first = runner.invoke(app, ["ingest"])
    assert first.exit_code == 0, first.output
    assert "Indexed 4 documents" in first.stdout
    assert "added 4, changed 0, removed 0 documents" in first.stdout
    again = runner.invoke(app, ["ingest"])
    assert again.exit_code == 0
    assert "Knowledge index is up to date: 4 documents" in again.stdout


def test_search_json_lists_passages_with_sources() -> None:
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    result = runner.invoke(app, ["search", "double opt-in", "-k", "2", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["covered"] is True
    assert len(payload["hits"]) == 2
    top = payload["hits"][0]
    assert (top["doc_id"], top["section"], top["source_url"]) == (
        "newsletter-basics.en",
        "Double opt-in",
        "https://example.org/newsletter",
    )


def test_search_text_output_and_language_filter() -> None:
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    result = runner.invoke(app, ["search", "Einwilligung Newsletter", "--lang", "de", "-k", "1"])
    assert result.exit_code == 0
    assert result.stdout.startswith("[1] Impressum und Datenschutz für Social-Media-Profile")
    assert "Einwilligung für Newsletter" in result.stdout
    assert "https://example.org/impressum" in result.stdout


def test_search_takes_the_number_of_passages_from_the_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As the search page does (CHANNELWISE_RETRIEVAL_K); -k overrides it."""
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    monkeypatch.setenv("CHANNELWISE_RETRIEVAL_K", "2")
    result = runner.invoke(app, ["search", "newsletter", "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["hits"]) == 2
    given = runner.invoke(app, ["search", "newsletter", "--json", "-k", "3"])
    assert len(json.loads(given.stdout)["hits"]) == 3


def test_search_says_not_covered() -> None:
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    result = runner.invoke(app, ["search", "recipe for lasagna"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Not covered:")


def test_search_without_index_fails_with_the_fix() -> None:
    result = runner.invoke(app, ["search", "reach"])
    assert result.exit_code == 4
    assert "Run `channelwise ingest`" in result.stderr


def test_bad_front_matter_fails_ingest_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KNOWLEDGE, kb)
    (kb / "broken.en.md").write_text("---\ntitle: [unclosed\n---\ntext\n")
    monkeypatch.setenv("CHANNELWISE_KNOWLEDGE_DIR", str(kb))
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 3
    assert "broken.en.md: front matter is not valid YAML" in result.stderr
    assert not (tmp_path / "data" / "index" / "CURRENT").exists()  # nothing half-written


def test_invalid_setting_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHANNELWISE_EMBEDDER", "word2vec")
    result = runner.invoke(app, ["search", "reach"])
    assert result.exit_code == 2  # a ConfigError
    assert result.stderr.startswith(
        "Error: A setting in the environment or .env is invalid: embedder: Input should be "
        "'use' or 'e5'"
    )


def test_eval_retrieval_prints_the_four_modes() -> None:
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    result = runner.invoke(app, ["eval", "retrieval", "--questions", str(FIXTURE_QUESTIONS)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "all (6 questions)" in lines
    header = lines[lines.index("all (6 questions)") + 1].split()
    assert header == ["metric", "dense", "bm25", "questions", "hybrid"]
    recall5 = lines[lines.index("all (6 questions)") + 3].split()
    assert recall5[0] == "recall@5" and recall5[4] == "1.000"  # hybrid
    assert recall5[3] == "0.000"  # the fixture documents list no curated questions
    assert "2 out-of-scope flagged" in result.stdout


@pytest.mark.parametrize("split", ["test", "test-blind"])
def test_calibrating_on_a_test_split_is_refused(split: str) -> None:
    result = runner.invoke(app, ["eval", "retrieval", "--split", split, "--calibrate"])
    assert result.exit_code != 0
    assert "Calibrate on the tune split only: add --split tune." in result.output


def test_eval_retrieval_json() -> None:
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    result = runner.invoke(
        app, ["eval", "retrieval", "--questions", str(FIXTURE_QUESTIONS), "--json", "--calibrate"]
    )
    payload = json.loads(result.stdout)
    assert set(payload["modes"]) == {"dense", "bm25", "questions", "hybrid"}
    assert payload["modes"]["hybrid"]["all"]["n"] == 6
    coverage = payload["coverage"]
    assert 0.0 < coverage["calibrated_passage_dense"] < 1.0
    assert 0.0 < coverage["calibrated_unknown_passage_dense"] < 1.0
