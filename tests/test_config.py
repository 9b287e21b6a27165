from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import AliasChoices

from channelwise.config import Settings, load_settings
from channelwise.errors import ConfigError

ENV_EXAMPLE = Path(__file__).parents[1] / ".env.example"


def env_names(name: str) -> list[str]:
    field = Settings.model_fields[name]
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [str(a) for a in alias.choices]
    return [f"CHANNELWISE_{name.upper()}"]


def test_env_example_documents_every_setting() -> None:
    text = ENV_EXAMPLE.read_text()
    documented = {
        line.split("=", 1)[0]
        for line in text.splitlines()
        if "=" in line and not line.startswith("#")
    }
    missing = [n for n in Settings.model_fields if not documented.intersection(env_names(n))]
    assert missing == []


def test_env_example_parses_to_the_defaults() -> None:
    from_example = Settings(_env_file=ENV_EXAMPLE)  # type: ignore[call-arg]
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    # every setting's value (the example also gives an empty password: a start-up warning)
    assert from_example.model_dump() == defaults.model_dump()


KEY = "sk-proj-very-secret-0123456789"


def test_the_api_key_is_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("CHANNELWISE_APP_PASSWORD", "team-password")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.openai_api_key is not None
    assert settings.openai_api_key.get_secret_value() == KEY
    for shown in (repr(settings), str(settings), settings.model_dump_json()):
        assert KEY not in shown
        assert "team-password" not in shown


def test_the_cache_key_of_a_configuration_holds_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """app.py builds the services once per configuration, keyed by its fingerprint."""
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://app:db-secret@db/channelwise")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://user:url-secret@llm.example.com/v1")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    fingerprint = settings.fingerprint()
    for secret in (KEY, "db-secret", "url-secret", "llm.example.com", "psycopg"):
        assert secret not in fingerprint
    assert Settings(_env_file=None).fingerprint() == fingerprint  # type: ignore[call-arg]
    # another key, URL or setting is another configuration
    for name, value in (
        ("OPENAI_API_KEY", "sk-other"),
        ("OPENAI_BASE_URL", "https://user:other@llm.example.com/v1"),
        ("CHANNELWISE_RETRIEVAL_K", "7"),
    ):
        with monkeypatch.context() as env:
            env.setenv(name, value)
            assert Settings(_env_file=None).fingerprint() != fingerprint  # type: ignore[call-arg]


def test_invalid_settings_are_one_friendly_error_in_both_languages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app and the CLI load settings with this one function: each invalid setting is
    named with its problem, never pydantic's raw error."""
    monkeypatch.setenv("CHANNELWISE_EMBEDDER", "word2vec")
    monkeypatch.setenv("CHANNELWISE_RETRIEVAL_K", "0")
    with pytest.raises(ConfigError) as err:
        load_settings()
    problems = "embedder: Input should be 'use' or 'e5'; retrieval_k: Input should be greater "
    assert str(err.value) == (
        f"A setting in the environment or .env is invalid: {problems}than or equal to 1"
    )
    assert err.value.localized("de") == (
        f"Eine Einstellung in der Umgebung oder in .env ist ungültig: {problems}than or equal to 1"
    )
    assert err.value.exit_code == 2


def test_overrides_are_checked_like_the_environment() -> None:
    assert load_settings(retrieval_k=7).retrieval_k == 7
    with pytest.raises(ConfigError, match=r"invalid: max_upload_files: Input should be less"):
        load_settings(max_upload_files=5000)
