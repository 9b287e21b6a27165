from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import AliasChoices

from channelwise.config import Settings

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
