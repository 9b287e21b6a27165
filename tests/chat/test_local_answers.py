"""The default offline set-up end to end: the bundled Qwen2.5-Coder-0.5B through llama.cpp
answers a handful of questions over the fixture knowledge base. Asserted: the facts, the
citations and the language of what reaches the user, never the model's exact words."""

from __future__ import annotations

import re

import pytest

from channelwise.chat.engine import ChatEngine, build_chat_engine
from channelwise.chat.evaluation import own_words
from channelwise.config import Settings
from channelwise.grounding.language import detect_language
from channelwise.grounding.sentence_check import detect_defects
from channelwise.providers import build_chat_backend
from channelwise.services import Services
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def engine(
    kb_services: Services, indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> ChatEngine:
    settings = make_settings(
        tmp_path_factory.mktemp("qwen") / "data", llm="local", local_model="qwen2.5-0.5b"
    )
    backend = build_chat_backend(settings)  # joins the packaged parts, checks the sha256
    engine = build_chat_engine(backend, kb_services.retriever, kb_services.embedder, k=4)
    engine.warm_up()
    return engine


@pytest.mark.parametrize(
    ("question", "language", "doc", "facts"),
    [
        ("How does TikTok decide who sees a new video?", "en", "tiktok-basics", ["test audience"]),
        (
            "Wie oft sollte ein kleines Team auf TikTok posten?",
            "de",
            "tiktok-basics",
            ["fünf", "five", "5"],
        ),
        ("Brauchen Firmenprofile ein Impressum?", "de", "impressum-recht", ["Impressum"]),
        ("What does double opt-in prove?", "en", "newsletter-basics", ["consent", "Einwilligung"]),
    ],
)
def test_the_bundled_model_answers_with_facts_citations_and_the_right_language(
    engine: ChatEngine, question: str, language: str, doc: str, facts: list[str]
) -> None:
    stream = engine.stream(question)
    list(stream)
    answer = stream.answer
    assert answer.raw_text.strip(), "the 0.5B model generated nothing"
    assert answer.mode in ("model", "evidence")
    assert any(c.doc_id.startswith(doc) for c in answer.citations), answer.text
    assert any(f.casefold() in answer.text.casefold() for f in facts), answer.text
    numbers = {c.number for c in answer.evidence}
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)} <= numbers
    assert detect_language(own_words(answer.text), default=language) == language
    assert detect_defects(answer.text, question) == {
        "echo": 0,
        "tag": 0,
        "placeholder": 0,
        "repetition": 0,
    }
