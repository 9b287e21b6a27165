from __future__ import annotations

from pathlib import Path

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
    assert from_example == defaults
