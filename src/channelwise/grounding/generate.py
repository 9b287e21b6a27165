"""The one place a language model writes text for the user: chat answers and plan sections.

``model_text`` streams a backend's reply (a local model waits its turn at the gate; chat
before plans); ``sentences`` yields complete sentences as soon as they are written, so code
can check each before the user sees it; ``model_errors`` turns any backend failure into a
:class:`~channelwise.errors.ModelError` with the fix.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from langchain_core.messages import BaseMessage

from channelwise.errors import ChannelwiseError, ModelError
from channelwise.knowledge.sentences import split_sentences
from channelwise.providers.factory import ChatBackend
from channelwise.providers.gate import CHAT, OnWait

MIN_RELEVANCE = 0.15
"""Least similarity of a model's best kept sentence with the question (tune split): below
it, the text does not address the question and is not shown."""
COMPACT_TOKENS = 160
"""A small model restates in one to three sentences; longer replies only repeat themselves."""


@contextmanager
def model_errors() -> Iterator[None]:
    """Anything a backend raises that is not a ChannelwiseError becomes a ModelError."""
    try:
        yield
    except ChannelwiseError:
        raise
    except Exception as exc:
        raise ModelError(
            f"The language model failed ({type(exc).__name__}: {exc}). The answer shown is "
            "made of the knowledge base; try again, or switch the model with CHANNELWISE_LLM.",
            f"Das Sprachmodell ist ausgefallen ({type(exc).__name__}: {exc}). Die Antwort "
            "besteht aus der Wissensbasis; versuchen Sie es erneut oder wechseln Sie das "
            "Modell mit CHANNELWISE_LLM.",
        ) from exc


def model_text(
    backend: ChatBackend,
    messages: list[BaseMessage],
    *,
    priority: int = CHAT,
    on_wait: OnWait | None = None,
    max_tokens: int = COMPACT_TOKENS,
    stop: list[str] | None = None,
    on_first: Callable[[], None] | None = None,
) -> Generator[str, None, None]:
    """The model's reply as it streams; ``on_first`` hears the first token. Closing the
    generator early stops the model."""
    options: dict[str, Any] = {}
    if backend.compact_prompt:
        options["max_tokens"] = max_tokens
    if backend.provider == "local":
        options.update(priority=priority, on_wait=on_wait)
    with model_errors():
        first = True
        for chunk in backend.model.stream(messages, stop=stop, **options):
            if chunk.text and first and on_first is not None:
                first = False
                on_first()
            yield chunk.text


def sentences(chunks: Iterable[str]) -> Iterator[str]:
    """Complete sentences of a streamed text, each as soon as the next one has begun."""
    buffer = ""
    for text in chunks:
        buffer += text
        parts = split_sentences(buffer)
        if len(parts) > 1:
            yield from parts[:-1]
            buffer = parts[-1] + buffer[len(buffer.rstrip()) :]
    yield from split_sentences(buffer)


def timed_first(started: float, record: list[float]) -> Callable[[], None]:
    """An ``on_first`` that records the seconds since ``started``."""
    return lambda: record.append(time.perf_counter() - started)
