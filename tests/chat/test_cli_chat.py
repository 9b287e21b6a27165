"""`ask`, `eval answers` and `models` on a local Typer app, as the cli package registers them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from channelwise.chat.engine import ChatEngine
from channelwise.cli.chat import ask_command, eval_answers_command, models_app
from channelwise.config import Settings
from channelwise.providers import local_models
from tests.chat.conftest import fake_of

app = typer.Typer()
app.command("ask")(ask_command)
eval_app = typer.Typer()
eval_app.command("answers")(eval_answers_command)
app.add_typer(eval_app, name="eval")
app.add_typer(models_app, name="models")

runner = CliRunner()


def test_ask_streams_the_answer_and_lists_cited_sources(engine: ChatEngine) -> None:
    fake_of(engine).responses = ["Short videos go to a test audience first [1][8]."]
    result = runner.invoke(app, ["ask", "How does TikTok pick who sees a video?"], obj=engine)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Short videos go to a test audience first [1]."
    assert lines[2] == "Sources:"
    assert lines[3].startswith("[1] TikTok basics › How the For You feed works — https://")


def test_ask_json(engine: ChatEngine) -> None:
    result = runner.invoke(
        app, ["ask", "Brauche ich ein Impressum?", "--json", "--lang", "de"], obj=engine
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["language"] == "de" and data["covered"] is True
    assert data["answer"].endswith("[1]")
    assert data["citations"][0]["number"] == 1
    assert data["citations"][0]["url"] == "https://example.org/impressum"
    assert data["provider"] == "fake"


def test_ask_builds_everything_from_settings(
    indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(indexed_settings.data_dir))
    monkeypatch.setenv("CHANNELWISE_LLM", "fake")
    result = runner.invoke(app, ["ask", "What is double opt-in?", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sources"][0]["doc_id"].startswith("newsletter")


def test_missing_key_names_the_setting_and_keeps_the_question(
    indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(indexed_settings.data_dir))
    monkeypatch.setenv("CHANNELWISE_LLM", "openai")
    result = runner.invoke(app, ["ask", "What is double opt-in?"])
    assert result.exit_code == 6
    assert "set OPENAI_API_KEY" in result.stderr
    assert "CHANNELWISE_LLM=local" in result.stderr
    assert "Your question (kept): What is double opt-in?" in result.stderr


def test_bad_lang_is_refused(engine: ChatEngine) -> None:
    result = runner.invoke(app, ["ask", "Hi?", "--lang", "fr"], obj=engine)
    assert result.exit_code == 1
    assert "--lang must be 'de' or 'en'" in result.stderr


ANSWER_SET = """
questions:
  - id: tiktok-en
    lang: en
    question: How does TikTok decide who sees a new video?
    facts: [["TikTok"], ["never mentioned"]]
  - id: impressum-de
    lang: de
    question: Brauche ich ein Impressum auf Instagram?
    facts: [["Impressum"]]
  - id: oos-en
    lang: en
    in_scope: false
    question: What is the best recipe for sourdough bread?
"""


def test_eval_answers_reports_the_four_checks(engine: ChatEngine, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(ANSWER_SET, encoding="utf-8")
    result = runner.invoke(app, ["eval", "answers", "--questions", str(path), "--json"], obj=engine)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    summary = data["summary"]
    assert summary["n"] == 3
    assert summary["language_match"] == 1.0
    assert summary["citations_valid"] == 1.0
    assert summary["not_covered_handled"] == 1.0
    assert summary["in_scope_answered"] == 1.0
    assert summary["facts_present"] == pytest.approx(2 / 3)
    assert summary["raw_citations_valid"] == pytest.approx(2 / 3)  # the fake cites [1] for oos
    assert [r["id"] for r in data["results"]] == ["tiktok-en", "impressum-de", "oos-en"]

    text = runner.invoke(app, ["eval", "answers", "--questions", str(path)], obj=engine)
    assert "answer language matches question" in text.stdout
    assert "100.0%" in text.stdout


def test_the_shipped_answer_set_is_valid() -> None:
    from channelwise.chat.evaluation import load_cases

    cases = load_cases(Path(__file__).parents[2] / "eval" / "answers.yaml")
    assert len(cases) >= 20
    assert {c.language for c in cases} == {"de", "en"}
    assert sum(not c.in_scope for c in cases) >= 4
    assert len({c.id for c in cases}) == len(cases)


def test_models_list_prepare_verify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(tmp_path))
    listing = runner.invoke(app, ["models", "list"])
    assert listing.exit_code == 0, listing.output
    assert "qwen2.5-0.5b   installed" in listing.stdout
    assert "(default)" in listing.stdout.splitlines()[0]

    prepared = runner.invoke(app, ["models", "prepare", "--model", "smollm2-135m"])
    assert prepared.exit_code == 0, prepared.output
    assert "smollm2-135m: ready at" in prepared.stdout

    verified = runner.invoke(app, ["models", "verify", "--model", "smollm2-135m"])
    assert verified.exit_code == 0
    assert local_models.get_spec("smollm2-135m").sha256 in verified.stdout


def test_models_verify_reports_a_corrupt_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(tmp_path))
    missing = runner.invoke(app, ["models", "verify"])
    assert missing.exit_code == 6
    assert "Run `channelwise models prepare`" in missing.stderr
    spec = local_models.get_spec("qwen2.5-0.5b")
    target = tmp_path / "models" / spec.filename
    target.parent.mkdir()
    with target.open("wb") as fh:
        fh.truncate(spec.size)
    corrupt = runner.invoke(app, ["models", "verify"])
    assert corrupt.exit_code == 6
    assert "does not match its published sha256" in corrupt.stderr
