"""Chat-model providers: local (llama.cpp), openai, openai-compatible, fake."""

from channelwise.providers.factory import (
    ChatBackend,
    ProviderName,
    build_chat_backend,
    resolve_provider,
)

__all__ = [
    "ChatBackend",
    "ProviderName",
    "build_chat_backend",
    "resolve_provider",
]
