"""Typed settings, read from the environment and an optional ``.env`` file.

Settings are read when :func:`load_settings` is called, never at import time; a value that
does not validate is a friendly :class:`~channelwise.errors.ConfigError`, the same in the app
and the CLI. Every field is documented in ``.env.example``.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    AliasChoices,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from channelwise.access import AllowList
from channelwise.errors import ConfigError
from channelwise.i18n import Language, pick, register, t

register(
    {
        "config.settings_invalid": {
            "en": "A setting in the environment or .env is invalid: {problem}",
            "de": "Eine Einstellung in der Umgebung oder in .env ist ungültig: {problem}",
        },
    }
)

EmbedderName = Literal["use", "e5"]
AccessMode = Literal["none", "password", "oidc"]


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
    fake_word_delay_s: float = Field(
        default=0.0,
        ge=0.0,
        le=5.0,
        description="CHANNELWISE_LLM=fake only (demos, tests): seconds before each word, to "
        "see a slow model's streaming.",
    )
    llm: Literal["auto", "local", "openai", "openai-compatible", "fake"] = Field(
        default="auto",
        description="auto = openai when OPENAI_API_KEY is set, otherwise the bundled local model.",
    )
    openai_api_key: SecretStr | None = Field(
        default=None,
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
    smooth_answers: bool = Field(
        default=False,
        description="Let the local model restate the composed answers (slower; each "
        "sentence is checked).",
    )

    # --- access (shared deployments) -----------------------------------------------------
    app_password: SecretStr | None = Field(
        default=None,
        description="When set, the app asks for this password first (password mode).",
    )
    app_auth: AccessMode | None = Field(
        default=None,
        description="oidc = Streamlit's built-in login ([auth] in .streamlit/secrets.toml); "
        "empty = password when CHANNELWISE_APP_PASSWORD is set, else none.",
    )
    oidc_allowed: str | None = Field(
        default=None,
        description="Who may sign in with OIDC: e-mail addresses and/or domains, separated by "
        "commas; * = every account the provider signs in; empty = nobody.",
    )
    trust_forwarded_for: bool = Field(
        default=False,
        description="Password mode behind a reverse proxy that sets X-Forwarded-For itself "
        "(and that Streamlit's server trusts, FORWARDED_ALLOW_IPS): count wrong passwords per "
        "address it names. Off: attempts naming an address there share one count.",
    )

    # --- channel-stats uploads -----------------------------------------------------------
    max_upload_mb: int = Field(
        default=50, ge=1, description="Largest accepted upload file (the browser's limit too)."
    )
    max_upload_files: int = Field(
        default=20, ge=1, le=1000, description="Most files read from one upload."
    )

    _password_left_empty: bool = PrivateAttr(default=False)

    @model_validator(mode="wrap")
    @classmethod
    def _note_an_empty_password(cls, data: Any, handler: Any) -> Any:
        """Remember whether CHANNELWISE_APP_PASSWORD was given but empty (an empty value
        reads as None, like one never given): :meth:`access_warnings` says so."""
        settings = handler(data)
        given = isinstance(data, dict) and "app_password" in data
        empty = given and not _reveal(data["app_password"])
        settings._password_left_empty = bool(empty and settings.app_password is None)
        return settings

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    def access_mode(self) -> AccessMode:
        """How the app lets people in; a ConfigError (the app does not start) when the
        access settings contradict each other or leave the app open by mistake."""
        password = self.app_password is not None and bool(self.app_password.get_secret_value())
        mode = self.app_auth or ("password" if password else "none")
        if mode == "password" and not password:
            raise ConfigError(
                "CHANNELWISE_APP_AUTH=password needs CHANNELWISE_APP_PASSWORD. Set it, or set "
                "CHANNELWISE_APP_AUTH=none.",
                "CHANNELWISE_APP_AUTH=password braucht CHANNELWISE_APP_PASSWORD. Setzen Sie es "
                "oder setzen Sie CHANNELWISE_APP_AUTH=none.",
            )
        if mode != "password" and password:
            raise ConfigError(
                f"CHANNELWISE_APP_PASSWORD is set, but CHANNELWISE_APP_AUTH={mode}: the "
                "password would not be asked for. Set CHANNELWISE_APP_AUTH=password (or leave "
                "it empty), or remove the password.",
                f"CHANNELWISE_APP_PASSWORD ist gesetzt, aber CHANNELWISE_APP_AUTH={mode}: Das "
                "Passwort würde nicht abgefragt. Setzen Sie CHANNELWISE_APP_AUTH=password (oder "
                "lassen Sie es leer) oder entfernen Sie das Passwort.",
            )
        if mode == "oidc" and self.oidc_allow_list().empty:
            raise ConfigError(
                "CHANNELWISE_APP_AUTH=oidc needs CHANNELWISE_OIDC_ALLOWED: the e-mail addresses "
                "and/or domains that may sign in (e.g. example.com, anna@partner.org), or * "
                "for every account your sign-in provider accepts.",
                "CHANNELWISE_APP_AUTH=oidc braucht CHANNELWISE_OIDC_ALLOWED: die E-Mail-Adressen "
                "und/oder Domains, die sich anmelden dürfen (z. B. example.com, "
                "anna@partner.org), oder * für jedes Konto, das Ihr Anmeldedienst akzeptiert.",
            )
        return mode

    def oidc_allow_list(self) -> AllowList:
        return AllowList.parse(self.oidc_allowed or "")

    def access_warnings(self, server_address: str | None) -> list[AccessWarning]:
        """What the app says when it starts with no sign-in where one may have been meant:
        CHANNELWISE_APP_PASSWORD given but empty with no CHANNELWISE_APP_AUTH, or a server
        reachable beyond this machine (``server_address``: Streamlit's ``server.address``;
        unset = every interface) with no sign-in. Contradictions raise instead
        (:meth:`access_mode`)."""
        if self.access_mode() != "none":
            return []
        warnings = []
        if self._password_left_empty and self.app_auth is None:
            warnings.append(
                AccessWarning(
                    "CHANNELWISE_APP_PASSWORD is set but empty, so the app asks for no "
                    "password: whoever reaches it gets in. Set a password, or set "
                    "CHANNELWISE_APP_AUTH=none if no sign-in is what you want.",
                    "CHANNELWISE_APP_PASSWORD ist gesetzt, aber leer, daher fragt die App nach "
                    "keinem Passwort: Wer sie erreicht, kommt hinein. Setzen Sie ein Passwort "
                    "oder CHANNELWISE_APP_AUTH=none, wenn keine Anmeldung gewollt ist.",
                )
            )
        if not _local_only(server_address):
            where = server_address or "every network interface"
            wo = server_address or "allen Netzwerkschnittstellen"
            warnings.append(
                AccessWarning(
                    f"No sign-in, and the app listens on {where}: everyone who can reach "
                    "this machine sees and changes every conversation and plan. For a team, "
                    "set CHANNELWISE_APP_PASSWORD or CHANNELWISE_APP_AUTH=oidc; on your own, "
                    "start it with --server.address 127.0.0.1.",
                    f"Keine Anmeldung, und die App lauscht auf {wo}: Alle, die diesen Rechner "
                    "erreichen, sehen und ändern jede Unterhaltung und jeden Plan. Für ein "
                    "Team setzen Sie CHANNELWISE_APP_PASSWORD oder CHANNELWISE_APP_AUTH=oidc; "
                    "allein starten Sie sie mit --server.address 127.0.0.1.",
                )
            )
        return warnings

    def fingerprint(self) -> str:
        """Tells configurations apart (the app builds its services once per fingerprint) and
        holds no secret: the settings that may carry one (key, password, URLs with
        credentials) enter only through an HMAC whose key never leaves this process."""
        public = self.model_dump_json(exclude=set(SECRET_BEARING))
        hidden = json.dumps([_reveal(getattr(self, name)) for name in SECRET_BEARING])
        mac = hmac.new(_PROCESS_KEY, hidden.encode(), hashlib.sha256).hexdigest()
        return hashlib.sha256(f"{public}\n{mac}".encode()).hexdigest()


#: Settings whose values may hold a secret (URLs can carry user:password@ or ?api_key=).
SECRET_BEARING = ("openai_api_key", "app_password", "database_url", "openai_base_url")
_PROCESS_KEY = secrets.token_bytes(32)


@dataclass(frozen=True)
class AccessWarning:
    """A start-up warning about access (it does not stop the app)."""

    message_en: str
    message_de: str

    def localized(self, language: Language) -> str:
        return pick(language, self.message_en, self.message_de)


def _local_only(server_address: str | None) -> bool:
    """Whether a server bound to ``server_address`` is reachable from this machine only."""
    address = (server_address or "").strip().strip("[]").lower()
    if address.startswith("unix://") or address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False  # unset (every interface), a host name, a public address


def _reveal(value: object) -> object:
    return value.get_secret_value() if isinstance(value, SecretStr) else value


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment (and ``.env``), with explicit overrides on top.

    The one loader of the app and the CLI: an invalid value is a :class:`ConfigError` that
    names each setting and its problem (English and German, :func:`settings_error`), never
    pydantic's raw error.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as err:
        raise settings_error(err) from None


def settings_error(err: ValidationError) -> ConfigError:
    """The message for settings that failed validation: each setting with its problem."""
    problem = "; ".join(
        f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in err.errors()
    )
    return ConfigError(
        t("config.settings_invalid", "en", problem=problem),
        t("config.settings_invalid", "de", problem=problem),
    )
