"""One factory that turns settings into a chat model, choosing the provider with ``match``.

Backends are imported lazily so that a missing optional package produces an install hint
instead of an ImportError at start-up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from langchain_core.language_models.chat_models import BaseChatModel

from channelwise.config import Settings
from channelwise.providers.errors import (
    BackendNotInstalledError,
    MissingAPIKeyError,
    ProviderConfigError,
)
from channelwise.sanitize import mask_url

ProviderName = Literal["local", "openai", "openai-compatible", "fake"]

_NO_KEY, _NO_KEY_DE = (
    "CHANNELWISE_LLM=openai needs an API key: set OPENAI_API_KEY (in the environment or "
    ".env). To run without one, set CHANNELWISE_LLM=local (the bundled offline model).",
    "CHANNELWISE_LLM=openai braucht einen API-Schlüssel: Setzen Sie OPENAI_API_KEY (in der "
    "Umgebung oder in .env). Ohne Schlüssel: CHANNELWISE_LLM=local (das mitgelieferte "
    "Offline-Modell).",
)
_NO_BASE_URL, _NO_BASE_URL_DE = (
    "CHANNELWISE_LLM=openai-compatible needs the server's URL: set OPENAI_BASE_URL, "
    "including /v1 (e.g. http://localhost:11434/v1 for Ollama).",
    "CHANNELWISE_LLM=openai-compatible braucht die Adresse des Servers: Setzen Sie "
    "OPENAI_BASE_URL, mit /v1 (z. B. http://localhost:11434/v1 für Ollama).",
)


@dataclass(frozen=True)
class ChatBackend:
    """A ready chat model plus the budget facts the answer pipeline needs."""

    provider: ProviderName
    model: BaseChatModel
    label: str
    """Human-readable, e.g. ``local qwen2.5-0.5b``; shown to every visitor, so a server's
    URL appears without credentials."""
    context_tokens: int
    """Prompt + answer must fit in this many tokens."""
    source_tokens: int
    """At most this many tokens of retrieved sources go into the prompt."""
    max_answer_tokens: int
    compact_prompt: bool = False
    """The compact prompt for small local models (the fake stands in for one)."""


def resolve_provider(settings: Settings) -> ProviderName:
    """``auto`` means OpenAI when OPENAI_API_KEY is set, otherwise the local model."""
    match settings.llm:
        case "auto":
            return "openai" if settings.openai_api_key else "local"
        case "local" | "openai" | "openai-compatible" | "fake" as name:
            return name


def build_chat_backend(settings: Settings) -> ChatBackend:
    provider = resolve_provider(settings)
    remote = provider in ("openai", "openai-compatible")
    model: BaseChatModel
    match provider:
        case "openai":
            if not settings.openai_api_key:
                raise MissingAPIKeyError(_NO_KEY, _NO_KEY_DE)
            key = settings.openai_api_key.get_secret_value()
            model = _openai(settings, key, settings.openai_base_url)
            label = f"openai {settings.openai_model}"
        case "openai-compatible":
            if not settings.openai_base_url:
                raise ProviderConfigError(_NO_BASE_URL, _NO_BASE_URL_DE)
            secret = settings.openai_api_key
            key = secret.get_secret_value() if secret else "not-needed"
            model = _openai(settings, key, settings.openai_base_url)
            label = f"{settings.openai_model} at {mask_url(settings.openai_base_url)}"
        case "local":
            model = _local(settings)
            label = f"local {settings.local_model}"
        case "fake":
            from channelwise.providers.fake import FakeChatModel

            model = FakeChatModel(word_delay_s=settings.fake_word_delay_s)
            label = "fake"
    return ChatBackend(
        provider=provider,
        model=model,
        label=label,
        context_tokens=settings.remote_context_tokens if remote else settings.local_context_tokens,
        source_tokens=settings.remote_source_tokens if remote else settings.local_source_tokens,
        max_answer_tokens=settings.max_answer_tokens,
        compact_prompt=not remote,
    )


def _openai(settings: Settings, api_key: str, base_url: str | None) -> BaseChatModel:
    try:
        from channelwise.providers.openai_chat import build_chat_openai
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BackendNotInstalledError(
            "langchain-openai is not installed: run `make setup` (or `uv sync`).",
            "langchain-openai ist nicht installiert: Führen Sie `make setup` (oder `uv sync`) aus.",
        ) from exc
    return build_chat_openai(
        model=settings.openai_model,
        api_key=api_key,
        base_url=base_url,
        timeout_s=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        temperature=settings.llm_temperature,
        max_tokens=settings.max_answer_tokens,
    )


def _local(settings: Settings) -> BaseChatModel:
    from channelwise.providers import local_models
    from channelwise.providers.llamacpp import LlamaCppChatModel

    spec = local_models.get_spec(settings.local_model)
    path = local_models.prepare(spec, settings.data_dir)  # joins once, verifies sha256
    return LlamaCppChatModel(
        model_path=str(path),
        model_name=spec.name,
        n_ctx=settings.local_context_tokens,
        n_threads=settings.local_threads or os.cpu_count() or 2,
        temperature=settings.llm_temperature,
        max_tokens=settings.max_answer_tokens,
        wait_s=settings.local_queue_wait_s,
        generation_s=settings.local_generation_s,
    )
