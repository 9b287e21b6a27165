"""A deterministic chat model for tests and demos that records every prompt it receives.

Registered in the factory like the real providers (``CHANNELWISE_LLM=fake``). Replies come
from ``responses`` in order; when they run out, the reply restates the first numbered
evidence line of the prompt with its number, so a pipeline run is reproducible and
inspectable.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

_NUMBERED = re.compile(r"^\[(\d+)\]\s+(?:\([^)]*\)\s+)?(.+)$")


def default_reply(messages: list[BaseMessage]) -> str:
    """Restate the first numbered evidence line and cite it (what a good model does); without
    evidence, echo the last line of the last user message."""
    last = next((m for m in reversed(messages) if isinstance(m, HumanMessage)), None)
    lines = [ln.strip() for ln in (last.text if last else "").splitlines() if ln.strip()]
    for line in lines:
        if match := _NUMBERED.match(line):
            return f"{match.group(2).rstrip('.')} [{match.group(1)}]."
    return f"{lines[-1] if lines else 'OK'} [1]"


class FakeChatModel(BaseChatModel):
    """Scripted replies, streamed word by word; ``received`` holds every prompt."""

    responses: list[str] = Field(default_factory=list)
    received: list[list[BaseMessage]] = Field(default_factory=list)
    model_name: str = "fake"
    word_delay_s: float = 0.0
    """Seconds before each streamed word (to watch streaming in demos and browser tests)."""
    fail_with: Exception | None = None
    """When set, every call raises it (after recording the prompt)."""

    @property
    def _llm_type(self) -> str:
        return "fake"

    def _reply(self, messages: list[BaseMessage]) -> str:
        self.received.append(list(messages))
        if self.fail_with is not None:
            raise self.fail_with
        index = len(self.received) - 1
        if index < len(self.responses):
            return self.responses[index]
        return default_reply(messages)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(self._reply(messages)))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for piece in re.findall(r"\S+\s*|\s+", self._reply(messages)):
            if self.word_delay_s:
                time.sleep(self.word_delay_s)
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=piece))
            if run_manager:
                run_manager.on_llm_new_token(piece, chunk=chunk)
            yield chunk
