"""What every command shares: the one way to build the services, the error wrapper, the
``--lang`` choice and the export reader. Settings come from
:func:`channelwise.config.load_settings`, as in the app.

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

from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language, register, t

if TYPE_CHECKING:
    from channelwise.services import Services
    from channelwise.stats import Upload

register(
    {
        "cli.error": {"en": "Error: {message}", "de": "Fehler: {message}"},
        "cli.question_kept": {
            "en": "Your question (kept): {question}",
            "de": "Ihre Frage (bleibt erhalten): {question}",
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


def cli_services(ctx: typer.Context | None = None, database_url: str | None = None) -> Services:
    """The parts the use cases need: ``ctx.obj`` when it is a
    :class:`~channelwise.services.Services` (tests, embedding), else built from the settings
    (a ConfigError names an invalid one); ``database_url`` (``--database-url``) replaces the
    configured database."""
    from channelwise.config import load_settings
    from channelwise.services import Services, build_services

    given = ctx.obj if ctx is not None and isinstance(ctx.obj, Services) else None
    if given is not None and not database_url:
        return given
    settings = given.settings if given is not None else load_settings()
    if database_url:
        settings = settings.model_copy(update={"database_url": database_url})
    return build_services(settings)


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
