"""Typed settings, read from the environment and an optional ``.env`` file.

Settings are read when :func:`load_settings` is called, never at import time. Every field
is documented in ``.env.example``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

EmbedderName = Literal["use", "e5"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CHANNELWISE_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
        env_parse_none_str="",
    )

    # --- storage -------------------------------------------------------------------------
    data_dir: Path = Field(default=Path("data"), description="Index, database and models.")
    knowledge_dir: Path = Field(default=Path("knowledge"), description="Curated Markdown.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL for conversations and plans; empty = SQLite in data_dir.",
        validation_alias=AliasChoices("DATABASE_URL", "CHANNELWISE_DATABASE_URL"),
    )

    # --- retrieval -----------------------------------------------------------------------
    embedder: EmbedderName = Field(default="use", description="Bundled multilingual embedder.")
    chunk_tokens: int = Field(default=320, ge=64, le=2000)
    chunk_overlap: int = Field(default=48, ge=0, le=500)
    retrieval_k: int = Field(default=5, ge=1, le=50)
    chroma_host: str | None = Field(
        default=None, validation_alias=AliasChoices("CHROMA_HOST", "CHANNELWISE_CHROMA_HOST")
    )
    chroma_port: int = Field(
        default=8000, validation_alias=AliasChoices("CHROMA_PORT", "CHANNELWISE_CHROMA_PORT")
    )
    chroma_ssl: bool = Field(
        default=False, validation_alias=AliasChoices("CHROMA_SSL", "CHANNELWISE_CHROMA_SSL")
    )

    # --- language model (owned by the chat/providers work) ------------------------------
    llm: Literal["auto", "local", "openai", "openai-compatible", "fake"] = Field(
        default="auto",
        description="auto = openai when OPENAI_API_KEY is set, otherwise the bundled local model.",
    )
    openai_api_key: str | None = Field(
        default=None,
        repr=False,
        validation_alias=AliasChoices("OPENAI_API_KEY", "CHANNELWISE_OPENAI_API_KEY"),
    )
    openai_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible server, with /v1 (e.g. http://localhost:11434/v1).",
        validation_alias=AliasChoices("OPENAI_BASE_URL", "CHANNELWISE_OPENAI_BASE_URL"),
    )
    openai_model: str = Field(
        default="gpt-4.1-mini", description="Model name for openai / openai-compatible."
    )
    llm_timeout_s: float = Field(default=60.0, gt=0, description="Per request, seconds.")
    llm_max_retries: int = Field(default=3, ge=0, le=10, description="Retries on 429/5xx.")
    llm_temperature: float = Field(default=0.2, ge=0.0, le=2.0)
    max_answer_tokens: int = Field(default=450, ge=32, le=8000)
    remote_context_tokens: int = Field(
        default=16000, ge=1024, description="Prompt + answer budget for remote models."
    )
    remote_source_tokens: int = Field(default=3000, ge=200, description="Sources, remote.")
    local_model: Literal["qwen2.5-0.5b", "qwen2.5-1.5b", "smollm2-135m"] = Field(
        default="qwen2.5-0.5b", description="Bundled GGUF model (see `channelwise models`)."
    )
    local_context_tokens: int = Field(default=2048, ge=512, le=32768, description="n_ctx.")
    local_source_tokens: int = Field(
        default=300, ge=100, description="Sources for the local model (prompt speed)."
    )
    local_threads: int | None = Field(default=None, ge=1, description="Default: all cores.")
    local_queue_wait_s: float = Field(
        default=90.0,
        gt=0,
        description="Longest wait for the busy local model; then the chat answers with the "
        "evidence.",
    )
    local_generation_s: float = Field(
        default=120.0, gt=0, description="A local generation running longer is stopped."
    )
    condense_with_model: bool | None = Field(
        default=None,
        description="Rewrite follow-ups with the model; default: remote yes, local no.",
    )

    # --- access (shared deployments) -----------------------------------------------------
    app_password: SecretStr | None = Field(
        default=None, description="When set, the app asks for this password first."
    )
    app_auth: Literal["none", "password", "oidc"] = Field(
        default="none",
        description="oidc = Streamlit's built-in login ([auth] in .streamlit/secrets.toml).",
    )

    # --- channel-stats uploads -----------------------------------------------------------
    max_upload_mb: int = Field(default=50, ge=1, description="Largest accepted upload.")

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment (and ``.env``), with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
