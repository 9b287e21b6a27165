"""``channelwise stats FILE... [--json] [--template PATH]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from channelwise.errors import StatsError
from channelwise.i18n import Language
from channelwise.stats.archive import Upload
from channelwise.stats.pipeline import analyze_uploads
from channelwise.stats.serialize import to_dict
from channelwise.stats.summary import figures_summary, recognized_files
from channelwise.stats.template import template_csv


def stats_command(
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
    lang: Annotated[str, typer.Option("--lang", help="Language of the output: en or de.")] = "en",
) -> None:
    """Read analytics exports: what was recognized, per-platform totals and the metrics."""
    language: Language = "de" if lang.lower().startswith("de") else "en"
    if template is not None:
        template.write_bytes(template_csv(language))
        typer.echo(f"Template written to {template}")
        if not files:
            return
    if not files:
        typer.echo("Give at least one export file, or --template PATH.", err=True)
        raise typer.Exit(code=2)
    from channelwise.config import load_settings

    max_bytes = load_settings().max_upload_mb * 1024 * 1024
    try:
        uploads = [Upload(path.name, _read(path, max_bytes)) for path in files]
        result = analyze_uploads(uploads, max_bytes=max_bytes)
    except StatsError as err:
        message = err.localized(language) if hasattr(err, "localized") else str(err)
        typer.echo(message, err=True)
        raise typer.Exit(code=err.exit_code) from None
    if json_out:
        typer.echo(json.dumps(to_dict(result), ensure_ascii=False, indent=2))
        return
    typer.echo(recognized_files(result, language))
    typer.echo(figures_summary(result, language))


def _read(path: Path, max_bytes: int) -> bytes:
    from channelwise.stats.archive import check_size

    try:
        check_size(path.name, path.stat().st_size, max_bytes)
        return path.read_bytes()
    except OSError as exc:
        raise StatsError(f"Cannot read '{path}': {exc.strerror or exc}. Check the path.") from None
