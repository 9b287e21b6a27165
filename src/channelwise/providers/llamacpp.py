"""A LangChain chat model over ``llama_cpp.Llama``: the bundled offline default.

Why our own ~150 lines instead of ``langchain_community.ChatLlamaCpp``: langchain-community
is being sunset and pulls in aiohttp, SQLAlchemy pins and dataclasses-json; we need only
chat completion with real token streaming, one shared model per file (the weights are
loaded once per process), and a lock because a ``Llama`` context is not thread-safe
(Streamlit serves every browser session from its own thread).
"""

from __future__ import annotations

import atexit
import os
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
)
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

from channelwise.errors import ModelError
from channelwise.providers.errors import BackendNotInstalledError
from channelwise.providers.gate import CHAT, LOADING, ModelGate

if TYPE_CHECKING:
    from llama_cpp import Llama

_INSTALL_HINT, _INSTALL_HINT_DE = (
    "llama-cpp-python is not installed or failed to build. Run `make setup` (it compiles "
    "llama-cpp-python with CPU flags that work here), or set OPENAI_API_KEY to use OpenAI.",
    "llama-cpp-python ist nicht installiert oder der Build ist fehlgeschlagen. Führen Sie "
    "`make setup` aus (es baut llama-cpp-python mit passenden CPU-Optionen) oder setzen Sie "
    "OPENAI_API_KEY, um OpenAI zu nutzen.",
)

_models: dict[tuple[str, int, int], tuple[Llama, ModelGate]] = {}
_models_lock = threading.Lock()


def is_loaded(model_path: str, n_ctx: int, n_threads: int) -> bool:
    """Whether the weights are in memory (no lock: the answer may be a moment old)."""
    return (model_path, n_ctx, n_threads) in _models


def load_llama(model_path: str, n_ctx: int, n_threads: int) -> tuple[Llama, ModelGate]:
    """One ``Llama`` per (file, context, threads) per process, with the gate every
    generation passes (one at a time, chat before plans, positions for the waiting)."""
    key = (model_path, n_ctx, n_threads)
    with _models_lock:
        if key in _models:
            return _models[key]
        try:
            from llama_cpp import Llama
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise BackendNotInstalledError(_INSTALL_HINT, _INSTALL_HINT_DE) from exc
        try:
            llama = Llama(
                model_path=model_path,
                n_ctx=n_ctx,
                n_threads=n_threads,
                n_threads_batch=n_threads,
                n_batch=512,
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise ModelError(
                f"llama.cpp could not load {model_path}: {exc}. Run `channelwise models "
                "verify`; if the file is fine, rebuild with `make clean setup`.",
                f"llama.cpp konnte {model_path} nicht laden: {exc}. Führen Sie `channelwise "
                "models verify` aus; ist die Datei in Ordnung, neu bauen mit `make clean setup`.",
            ) from exc
        _models[key] = (llama, ModelGate())
        # close while the interpreter is intact (llama's __del__ fails during shutdown)
        atexit.register(llama.close)
        return _models[key]


def _role(message: BaseMessage) -> str:
    if isinstance(message, SystemMessage):
        return "system"
    if isinstance(message, HumanMessage):
        return "user"
    if isinstance(message, AIMessage):
        return "assistant"
    raise ValueError(f"unsupported message type for llama.cpp: {message.type}")


def to_llama_messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
    return [{"role": _role(m), "content": m.text} for m in messages]


class LlamaCppChatModel(BaseChatModel):
    """Chat completion with a local GGUF file through llama.cpp (CPU)."""

    model_path: str
    model_name: str = "local"
    n_ctx: int = 2048
    n_threads: int = Field(default_factory=lambda: os.cpu_count() or 2)
    temperature: float = 0.2
    max_tokens: int = 450
    repeat_penalty: float = 1.1
    seed: int = 42
    wait_s: float = 120.0
    """Longest wait in the queue before a request gives up (ModelBusyError)."""
    generation_s: float = 120.0
    """A generation running longer than this is stopped (what was written is kept)."""

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name, "n_ctx": self.n_ctx}

    def _llama(self) -> tuple[Llama, ModelGate]:
        return load_llama(self.model_path, self.n_ctx, self.n_threads)

    def _params(self, stop: list[str] | None, **kwargs: Any) -> dict[str, Any]:
        return {
            "temperature": kwargs.get("temperature", self.temperature),
            "max_tokens": kwargs.get("max_tokens", self.max_tokens),
            "repeat_penalty": self.repeat_penalty,
            "seed": self.seed,
            "stop": stop or [],
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        chunks = [c.message.text for c in self._stream(messages, stop, **kwargs)]
        text = "".join(chunks)
        llama, _ = self._llama()
        prompt = "\n".join(m.text for m in messages)
        input_tokens = len(llama.tokenize(prompt.encode(), add_bos=False))
        output_tokens = sum(1 for c in chunks if c)  # llama.cpp streams one token a chunk
        message = AIMessage(
            content=text,
            usage_metadata=UsageMetadata(
                input_tokens=input_tokens,
                output_tokens=output_tokens,
                total_tokens=input_tokens + output_tokens,
            ),
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        """Tokens as llama.cpp writes them, after waiting for the model's turn.

        ``priority`` (``gate.CHAT``/``gate.PLAN``) and ``on_wait`` (called with the queue
        position) come through ``kwargs``; the generation stops after ``generation_s``.
        """
        priority = int(kwargs.pop("priority", CHAT))
        on_wait = kwargs.pop("on_wait", None)
        if on_wait is not None and not is_loaded(self.model_path, self.n_ctx, self.n_threads):
            on_wait(LOADING)  # loading the weights is no queue: say so
        llama, gate = self._llama()
        with gate.turn(priority, on_wait, self.wait_s):
            started = time.monotonic()
            stream: Any = llama.create_chat_completion(
                messages=to_llama_messages(messages),  # type: ignore[arg-type]
                stream=True,
                **self._params(stop, **kwargs),
            )
            try:
                for part in stream:
                    choice = part["choices"][0]
                    text = choice["delta"].get("content") or ""
                    finish = choice.get("finish_reason")
                    if not text and not finish:
                        continue
                    chunk = ChatGenerationChunk(
                        message=AIMessageChunk(
                            content=text,
                            response_metadata={"finish_reason": finish} if finish else {},
                        )
                    )
                    if run_manager and text:
                        run_manager.on_llm_new_token(text, chunk=chunk)
                    yield chunk
                    if time.monotonic() - started > self.generation_s:
                        break  # a stuck or runaway generation frees the model for the next
            finally:
                stream.close()
