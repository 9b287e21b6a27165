"""The local provider: the tiny test model really generates through llama.cpp."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from channelwise.chat.engine import build_chat_engine
from channelwise.chat.stream import stream
from channelwise.grounding.prompts import RESTATE_SYSTEM
from channelwise.knowledge.sentences import split_sentences
from channelwise.providers import build_chat_backend
from channelwise.providers.llamacpp import LlamaCppChatModel
from channelwise.services import Services
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> LlamaCppChatModel:
    settings = make_settings(
        tmp_path_factory.mktemp("local") / "data",
        llm="local",
        local_model="smollm2-135m",
        max_answer_tokens=40,
        llm_temperature=0.0,
    )
    backend = build_chat_backend(settings)
    assert backend.provider == "local" and backend.label == "local smollm2-135m"
    assert isinstance(backend.model, LlamaCppChatModel)
    return backend.model


def test_generates_text(tiny: LlamaCppChatModel) -> None:
    reply = tiny.invoke("Name one social network.", max_tokens=12)
    assert reply.text.strip()
    assert reply.usage_metadata is not None
    assert 0 < reply.usage_metadata["output_tokens"] <= 12


def test_streams_token_by_token(tiny: LlamaCppChatModel) -> None:
    chunks = [c.text for c in tiny.stream("Write one sentence about newsletters.", max_tokens=16)]
    texts = [c for c in chunks if c]
    assert len(texts) >= 3, chunks
    assert "".join(texts).strip()


def test_is_deterministic_at_temperature_zero(tiny: LlamaCppChatModel) -> None:
    first = tiny.invoke("Say hello.", max_tokens=8).text
    assert tiny.invoke("Say hello.", max_tokens=8).text == first


def test_stop_sequence(tiny: LlamaCppChatModel) -> None:
    reply = tiny.invoke("Count from 1 to 10, separated by commas.", stop=[","], max_tokens=30)
    assert "," not in reply.text


def test_answer_pipeline_with_the_tiny_model(
    tiny: LlamaCppChatModel, kb_services: Services, tmp_path: Path
) -> None:
    """The whole pipeline through llama.cpp with the 135M model (that the bundled 0.5B
    model's restatements pass the check is tests/chat/test_local_answers.py): it really
    generates, and what reaches the user is either its checked sentences, each in what it
    wrote and cited to the composed answer, or the composed answer itself, never its raw
    text."""
    backend = build_chat_backend(
        make_settings(tmp_path / "data", llm="local", local_model="smollm2-135m")
    )
    engine = build_chat_engine(backend, kb_services.grounder, smooth=True)
    running = stream(engine, "How does TikTok decide who sees a new video?")
    composed = running.prepared.grounding.composed
    assert composed.citations[0].doc_id == "tiktok-basics.en"  # chosen before generation
    list(running)
    answer = running.answer
    assert answer.provider == "local smollm2-135m"
    assert len(answer.raw_text.split()) >= 3  # llama.cpp really generated words
    assert answer.first_token_s is not None and 0 < answer.first_token_s <= answer.total_s
    raw = " ".join(answer.raw_text.split())
    shown = [re.sub(r"\s*\[\d+\]", "", s).rstrip(".") for s in split_sentences(answer.text)]
    if answer.check.fallback_reason is None:  # kept: checked sentences of the model's text
        assert answer.mode == "model" and answer.check.kept >= 1
        assert all(sentence in raw for sentence in shown)
        assert {c.number for c in answer.citations} <= {c.number for c in composed.citations}
    else:  # not kept: the composed answer, word for word
        assert (answer.mode, answer.text) == (composed.mode, composed.text)
        assert answer.citations == composed.citations


def test_warm_up_loads_the_model_and_fills_the_prompt_cache(
    tiny: LlamaCppChatModel, kb_services: Services, tmp_path: Path
) -> None:
    from channelwise.providers.llamacpp import load_llama

    backend = build_chat_backend(
        make_settings(tmp_path / "data", llm="local", local_model="smollm2-135m")
    )
    engine = build_chat_engine(backend, kb_services.grounder, smooth=True)
    engine.warm_up()
    llama, _ = load_llama(tiny.model_path, tiny.n_ctx, tiny.n_threads)
    fixed = len(llama.tokenize(RESTATE_SYSTEM.encode(), add_bos=False))
    assert llama.n_tokens >= fixed > 100  # the fixed instructions are in the KV cache
