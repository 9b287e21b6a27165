"""When a model writes the answer: it restates the composed answer (a local model, when
``CHANNELWISE_SMOOTH_ANSWERS`` asks it) or answers from it and the evidence (a remote model).
Every sentence is checked before it is shown; what fails the check, or a model that fails,
leaves the composed answer standing. The factory's fake model stands in for both."""

from __future__ import annotations

from pathlib import Path

from langchain_core.messages import SystemMessage

from channelwise.chat.engine import build_chat_engine
from channelwise.chat.stream import answer, stream
from channelwise.errors import ModelError
from channelwise.grounding.prompts import RESTATE_SYSTEM
from channelwise.providers.fake import FakeChatModel
from channelwise.services import Services
from tests.chat.conftest import fake_backend, fake_of

BUDGET = (
    "Soll ich mein Budget von Instagram zu TikTok verschieben, wenn Meta mehr KI-Inhalte zeigt?"
)
FIRST = "Verschieben Sie nicht alles auf einmal: Testen Sie TikTok sechs bis acht Wochen"


def test_without_smoothing_the_local_model_is_not_asked(
    real_services: Services, tmp_path: Path
) -> None:
    engine = build_chat_engine(fake_backend(tmp_path), real_services.grounder)
    found = answer(engine, BUDGET)
    assert found.mode == "playbook" and found.check.fallback_reason == "not asked"
    assert fake_of(engine).received == []


def test_a_local_model_restates_the_composed_answer_and_each_sentence_is_checked(
    real_services: Services, tmp_path: Path
) -> None:
    engine = build_chat_engine(fake_backend(tmp_path), real_services.grounder, smooth=True)
    running = stream(engine, BUDGET)
    composed = running.prepared.grounding.composed
    shown = list(running)
    found = running.answer
    assert found.mode == "model" and found.composed_mode == "playbook"
    assert found.text.startswith(FIRST) and found.text.endswith("[1].")
    assert "".join(shown).strip() == found.text  # what streamed is what stays
    assert [c.number for c in found.citations] == [1]
    assert found.citations[0] == composed.citations[0]
    (prompt,) = fake_of(engine).received
    assert prompt[0] == SystemMessage(RESTATE_SYSTEM)  # fixed: llama.cpp's cache holds it
    assert prompt[1].text.startswith("Draft:\n[1] " + FIRST)
    assert prompt[1].text.rstrip().endswith("Antwort (Deutsch):")


def test_model_text_that_fails_the_check_leaves_the_composed_answer(
    real_services: Services, tmp_path: Path
) -> None:
    replies = ["Evidence [1]: <answer> 90 % Ihrer Reichweite kommt über X. </answer>"]
    engine = build_chat_engine(fake_backend(tmp_path, replies), real_services.grounder, smooth=True)
    found = answer(engine, BUDGET)
    composed = real_services.grounder.ground(BUDGET, "de").composed
    assert found.mode == "playbook" and found.text == composed.text
    assert found.check.kept == 0 and found.check.fallback_reason == "nothing survived the check"
    assert found.raw_text == replies[0]


def test_a_failing_model_says_why_and_loses_nothing(
    real_services: Services, tmp_path: Path
) -> None:
    backend = fake_backend(tmp_path)
    failing = FakeChatModel(fail_with=RuntimeError("connection reset"))
    engine = build_chat_engine(
        backend.__class__(**{**backend.__dict__, "model": failing}),
        real_services.grounder,
        smooth=True,
    )
    running = stream(engine, BUDGET)
    list(running)
    assert running.answer.mode == "playbook" and running.answer.text.startswith(FIRST)
    assert running.answer.check.fallback_reason == "model failed"
    assert isinstance(running.error, ModelError)
    assert "connection reset" in running.error.localized("de")


def test_a_remote_model_answers_from_the_composed_answer_and_the_evidence(
    real_services: Services, tmp_path: Path
) -> None:
    engine = build_chat_engine(fake_backend(tmp_path, remote=True), real_services.grounder)
    running = stream(engine, "is threads worth it for a small brand?")
    list(running)
    found = running.answer
    drafted = len(running.prepared.citations)
    (prompt,) = fake_of(engine).received
    user = prompt[1].text
    assert f"Evidence [1] to [{drafted}] is the answer channelwise composed" in user
    assert user.count("<evidence>") == 1 and "</evidence>" in user
    assert found.mode == "model" and found.language == "en"
    assert {c.number for c in found.citations} <= {e.number for e in running.prepared.draft.items}


def test_a_remote_model_advises_without_sources_when_nothing_is_covered(
    real_services: Services, tmp_path: Path
) -> None:
    replies = ["Vergleichen Sie die Wettervorhersage mehrerer Dienste [2]."]
    engine = build_chat_engine(fake_backend(tmp_path, replies, remote=True), real_services.grounder)
    found = answer(engine, "wie wird das wetter morgen in berlin?")
    assert found.mode == "not_covered" and found.citations == ()
    assert found.text == (
        "Dazu enthält die Wissensbasis nichts, ich habe also keine Quelle dafür. "
        "Nicht enthalten: Alltagsfragen außerhalb der Social-Media-Arbeit: Reisen, Wetter, "
        "Kochen, Sport, Gesundheit, Haushalt und allgemeine IT-Hilfe (Router, Drucker, WLAN)."
        "\n\nAllgemeiner Rat (ohne Quelle): Vergleichen Sie die Wettervorhersage mehrerer Dienste."
    )
