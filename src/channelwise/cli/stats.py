"""``channelwise stats FILE... [--json] [--template PATH] [--lang de|en]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from channelwise.cli.common import Lang, cli_errors, lang_option, language
from channelwise.i18n import register, t

register(
    {
        "cli.template_written": {
            "en": "Template written to {path}",
            "de": "Vorlage gespeichert unter {path}",
        },
        "cli.no_files": {
            "en": "Give at least one export file, or --template PATH.",
            "de": "Geben Sie mindestens eine Exportdatei an oder --template PFAD.",
        },
    }
)


def register_commands(app: typer.Typer) -> None:
    app.command("stats")(stats)


def stats(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Export files: CSV, XLSX, XLS or the platform's ZIP.", show_default=False
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
    template: Annotated[
        Path | None,
        typer.Option("--template", help="Write the generic CSV template to this path."),
    ] = None,
    lang: Annotated[Lang, lang_option("Language of the output: en or de.")] = Lang.en,
) -> None:
    """Read analytics exports: what was recognized, per-platform totals and the metrics."""
    chosen = language(lang)
    if template is not None:
        from channelwise.stats.template import template_csv

        template.write_bytes(template_csv(chosen))
        typer.echo(t("cli.template_written", chosen, path=template))
        if not files:
            return
    if not files:
        typer.echo(t("cli.no_files", chosen), err=True)
        raise typer.Exit(code=2)
    from channelwise.cli.common import read_exports
    from channelwise.config import load_settings
    from channelwise.services.stats import import_stats, max_upload_bytes
    from channelwise.stats import figures_summary, recognized_files, to_dict

    with cli_errors(chosen):
        settings = load_settings()
        result = import_stats(settings, read_exports(files, max_upload_bytes(settings)))
    if json_out:
        typer.echo(json.dumps(to_dict(result), ensure_ascii=False, indent=2))
        return
    typer.echo(recognized_files(result, chosen))
    typer.echo(figures_summary(result, chosen))
