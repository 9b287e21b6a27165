"""What every command shares: the settings loader, the error wrapper, the ``--lang`` choice
and the export reader.

Only the standard library and Typer are imported here; a command imports its feature when
it runs, so ``channelwise --help`` and the commands that need little start fast.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from channelwise.errors import ChannelwiseError, ConfigError
from channelwise.i18n import Language, register, t

if TYPE_CHECKING:
    from channelwise.config import Settings
    from channelwise.stats import Upload

register(
    {
        "cli.error": {"en": "Error: {message}", "de": "Fehler: {message}"},
        "cli.question_kept": {
            "en": "Your question (kept): {question}",
            "de": "Ihre Frage (bleibt erhalten): {question}",
        },
        "cli.settings_invalid": {
            "en": "A setting in the environment or .env is invalid: {problem}",
            "de": "Eine Einstellung in der Umgebung oder in .env ist ungültig: {problem}",
        },
    }
)


class Lang(StrEnum):
    """The one ``--lang`` choice: German or English; anything else is refused."""

    de = "de"
    en = "en"


def lang_option(help_text: str) -> Any:
    """``--lang de|en`` (case-insensitive); Typer refuses other values with exit code 2."""
    return typer.Option("--lang", case_sensitive=False, help=help_text)


def language(lang: Lang | None, default: Language = "en") -> Language:
    return default if lang is None else lang.value


def load_settings() -> Settings:
    """The settings from the environment and ``.env``, or a ConfigError naming the problem."""
    from pydantic import ValidationError

    from channelwise.config import load_settings as read

    try:
        return read()
    except ValidationError as err:
        problem = "; ".join(
            f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in err.errors()
        )
        raise ConfigError(
            t("cli.settings_invalid", "en", problem=problem),
            t("cli.settings_invalid", "de", problem=problem),
        ) from None


def fail(err: ChannelwiseError, lang: Language = "en", *, question: str | None = None) -> None:
    """Print ``err`` in ``lang`` on stderr (with the kept question) and exit with its code."""
    typer.secho(t("cli.error", lang, message=err.localized(lang)), err=True, fg="red")
    if question:
        typer.echo(t("cli.question_kept", lang, question=question), err=True)
    raise typer.Exit(code=err.exit_code)


@contextlib.contextmanager
def cli_errors(lang: Language = "en", *, question: str | None = None) -> Iterator[None]:
    """Turn a ChannelwiseError into its message (in ``lang``) and its exit code."""
    try:
        yield
    except ChannelwiseError as err:
        fail(err, lang, question=question)


def read_exports(paths: Sequence[Path], max_bytes: int) -> list[Upload]:
    """The export files as uploads; a missing or too large file is a StatsError."""
    from channelwise.errors import StatsError
    from channelwise.stats import Upload
    from channelwise.stats.archive import check_size

    uploads = []
    for path in paths:
        try:
            check_size(path.name, path.stat().st_size, max_bytes)
            uploads.append(Upload(path.name, path.read_bytes()))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise StatsError(
                f"Cannot read '{path}': {reason}. Check the path.",
                f"'{path}' kann nicht gelesen werden: {reason}. Prüfen Sie den Pfad.",
            ) from None
    return uploads
