"""Typed settings, read from the environment and an optional ``.env`` file.

Settings are read when :func:`load_settings` is called, never at import time. Every field
is documented in ``.env.example``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

EmbedderName = Literal["use", "e5"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CHANNELWISE_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    # --- storage -------------------------------------------------------------------------
    data_dir: Path = Field(default=Path("data"), description="Index, database and models.")
    knowledge_dir: Path = Field(default=Path("knowledge"), description="Curated Markdown.")

    # --- retrieval -----------------------------------------------------------------------
    embedder: EmbedderName = Field(default="use", description="Bundled multilingual embedder.")
    chunk_tokens: int = Field(default=320, ge=64, le=2000)
    chunk_overlap: int = Field(default=48, ge=0, le=500)
    retrieval_k: int = Field(default=5, ge=1, le=50)
    coverage_threshold: float | None = Field(
        default=None,
        ge=-1.0,
        le=1.0,
        description="Cosine similarity below which a question counts as not covered; "
        "empty means the value calibrated for the embedder.",
    )
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

    # --- channel-stats uploads -----------------------------------------------------------
    max_upload_mb: int = Field(default=50, ge=1, description="Largest accepted upload.")

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment (and ``.env``), with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
