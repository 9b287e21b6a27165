"""The default offline set-up with smoothing on: the bundled Qwen2.5-Coder-0.5B through
llama.cpp restates composed answers over the real knowledge base. Asserted: the model really
generates, and what reaches the user is its checked restatement, in the asker's language,
with the composed answer's figures and citations."""

from __future__ import annotations

import re

import pytest

from channelwise.chat.answer_eval import own_words
from channelwise.chat.engine import ChatEngine, build_chat_engine
from channelwise.chat.stream import answer
from channelwise.grounding.language import detect_language
from channelwise.grounding.sentence_check import detect_defects
from channelwise.providers import build_chat_backend
from channelwise.services import Services
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def engine(real_services: Services, tmp_path_factory: pytest.TempPathFactory) -> ChatEngine:
    settings = make_settings(
        tmp_path_factory.mktemp("qwen") / "data", llm="local", local_model="qwen2.5-0.5b"
    )
    backend = build_chat_backend(settings)  # joins the packaged parts, checks the sha256
    engine = build_chat_engine(backend, real_services.grounder, smooth=True)
    engine.warm_up()
    return engine


@pytest.mark.parametrize(
    ("question", "language", "fact"),
    [
        ("how many subscribers do i need before youtube pays me?", "en", "1,000"),
        ("wie viele leute in deutschland nutzen tiktok jede woche?", "de", "20"),
    ],
)
def test_the_bundled_model_restates_the_answer_in_the_askers_language(
    engine: ChatEngine, question: str, language: str, fact: str
) -> None:
    found = answer(engine, question)
    assert found.raw_text.strip(), "the 0.5B model generated nothing"
    assert found.mode == "model", (found.check, found.raw_text)
    assert fact in found.text
    numbers = {c.number for c in found.citations}
    assert numbers and {int(n) for n in re.findall(r"\[(\d+)\]", found.text)} == numbers
    assert detect_language(own_words(found.text), default=language) == language
    assert detect_defects(found.text, question) == {
        "echo": 0,
        "tag": 0,
        "placeholder": 0,
        "repetition": 0,
    }
