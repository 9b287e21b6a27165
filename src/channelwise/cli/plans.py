"""CLI commands for plans; ``channelwise.cli`` registers them, for example::

    app.command("plan")(plan_command)
    app.command("plan-revise")(revise_command)
    app.command("plans")(plans_command)
    app.command("plan-progress")(progress_command)

``channelwise plan --stats FILE... --goal reach --hours 10 --lang de -o plan.md``
(also ``-o plan.docx``, ``--ics``, ``--csv``). Progress goes to stderr, the plan (without
``-o``) to stdout. Each plan is saved to the store; revisions add versions.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from channelwise.chat.engine import Retrieval
from channelwise.config import Settings, load_settings
from channelwise.db import Store, open_store
from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language
from channelwise.plans.actuals import actuals_markdown, compare_actuals
from channelwise.plans.errors import PlanInputError
from channelwise.plans.export import timeline_csv, timeline_ics, to_docx
from channelwise.plans.generate import complete_plan, make_plan, skeleton_plan
from channelwise.plans.model import AMBITIONS, Ambition, Plan, make_inputs
from channelwise.plans.narrative import SectionEvent
from channelwise.plans.render import to_markdown
from channelwise.plans.revise import revise
from channelwise.providers.factory import ChatBackend
from channelwise.stats import StatsResult, Upload, analyze_uploads

StatsOpt = Annotated[
    list[Path] | None,
    typer.Option("--stats", help="Analytics export (CSV, XLSX, XLS, ZIP); repeat for more."),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the plan to .md or .docx.")
]
IcsOpt = Annotated[Path | None, typer.Option("--ics", help="Write the timeline as .ics.")]
CsvOpt = Annotated[Path | None, typer.Option("--csv", help="Write the timeline as .csv.")]
DbOpt = Annotated[
    str | None,
    typer.Option("--database-url", help="SQLAlchemy URL (default: SQLite in the data dir)."),
]
NoModelOpt = Annotated[
    bool, typer.Option("--no-model", help="Figures, targets and timeline only; no narrative.")
]


@contextmanager
def _friendly(lang: str) -> Iterator[None]:
    try:
        yield
    except ChannelwiseError as err:
        localized = getattr(err, "localized", None)
        message = localized(lang) if callable(localized) else str(err)
        typer.secho(f"Error: {message}", err=True, fg=typer.colors.RED)
        raise typer.Exit(code=err.exit_code) from None


def _language(lang: str) -> Language:
    if lang not in ("de", "en"):
        raise PlanInputError("--lang must be 'de' or 'en'.", "--lang muss 'de' oder 'en' sein.")
    return "de" if lang == "de" else "en"


def _settings() -> Settings:
    try:
        return load_settings()
    except Exception as err:  # pydantic ValidationError: name the setting
        raise ChannelwiseError(f"A setting in the environment or .env is invalid: {err}") from err


def read_stats(paths: list[Path], settings: Settings) -> StatsResult | None:
    if not paths:
        return None
    from channelwise.stats.archive import check_size

    max_bytes = settings.max_upload_mb * 1024 * 1024
    uploads = []
    for path in paths:
        try:
            check_size(path.name, path.stat().st_size, max_bytes)
            uploads.append(Upload(path.name, path.read_bytes()))
        except OSError as exc:
            raise PlanInputError(
                f"Cannot read '{path}': {exc.strerror or exc}. Check the path.",
                f"'{path}' kann nicht gelesen werden: {exc.strerror or exc}. Pfad prüfen.",
            ) from None
    return analyze_uploads(uploads, max_bytes=max_bytes)


def _backend_and_retriever(settings: Settings) -> tuple[ChatBackend, Retrieval | None]:
    from channelwise.providers import build_chat_backend
    from channelwise.services import build_services

    backend = build_chat_backend(settings)
    retriever: Retrieval | None = None
    try:
        services = build_services(settings)
        services.retriever.info()
        retriever = services.retriever
    except ChannelwiseError as err:
        typer.echo(f"Note: no knowledge sources ({err}). Run `channelwise ingest` first.", err=True)
    return backend, retriever


def _progress(event: SectionEvent) -> None:
    if event.status == "writing":
        typer.echo(f"[{event.index}/{event.total}] {event.title} …", err=True)
    elif event.status != "written":
        detail = f": {event.section.error}" if event.section and event.section.error else ""
        typer.echo(f"    {event.status}{detail}", err=True)


def write_outputs(plan: Plan, output: Path | None, ics: Path | None, csv_path: Path | None) -> None:
    if output is None:
        sys.stdout.write(to_markdown(plan))
    elif output.suffix.lower() == ".docx":
        output.write_bytes(to_docx(plan))
    elif output.suffix.lower() in (".md", ".markdown", ".txt"):
        output.write_text(to_markdown(plan), encoding="utf-8")
    else:
        raise PlanInputError(
            f"-o must end in .md or .docx, not '{output.suffix}'.",
            f"-o muss auf .md oder .docx enden, nicht auf '{output.suffix}'.",
        )
    if output is not None:
        typer.echo(f"Plan written to {output}", err=True)
    if ics is not None:
        ics.write_bytes(timeline_ics(plan))
        typer.echo(f"Calendar written to {ics}", err=True)
    if csv_path is not None:
        csv_path.write_bytes(timeline_csv(plan))
        typer.echo(f"Timeline written to {csv_path}", err=True)


def _store(settings: Settings, url: str | None) -> Store:
    return open_store(settings.data_dir, url)


def plan_command(
    stats: StatsOpt = None,
    goal: Annotated[
        list[str] | None,
        typer.Option("--goal", help="reach, revenue, community or resilience; repeatable."),
    ] = None,
    hours: Annotated[float, typer.Option("--hours", help="Team hours a week.")] = 10.0,
    budget: Annotated[float, typer.Option("--budget", help="Euros a month.")] = 0.0,
    lang: Annotated[str, typer.Option("--lang", help="Plan language: en or de.")] = "en",
    avoid: Annotated[
        list[str] | None, typer.Option("--avoid", help="Platform to avoid; repeatable.")
    ] = None,
    keep: Annotated[
        list[str] | None, typer.Option("--keep", help="Platform to keep; repeatable.")
    ] = None,
    ambition: Annotated[
        str, typer.Option("--ambition", help="cautious, balanced or ambitious.")
    ] = "balanced",
    audience: Annotated[str, typer.Option("--audience", help="Who you want to reach.")] = "",
    industry: Annotated[str, typer.Option("--industry", help="Your industry.")] = "",
    market: Annotated[
        list[str] | None, typer.Option("--market", help="Market, e.g. DE; repeatable.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="First day, YYYY-MM-DD (default: next Monday).")
    ] = None,
    output: OutputOpt = None,
    ics: IcsOpt = None,
    csv: CsvOpt = None,
    no_model: NoModelOpt = False,
    database_url: DbOpt = None,
) -> None:
    """Draft a diversification plan from your exports and answers."""
    with _friendly(lang):
        language = _language(lang)
        if ambition not in AMBITIONS:
            raise PlanInputError(
                f"--ambition must be one of {', '.join(AMBITIONS)}.",
                f"--ambition muss eines von {', '.join(AMBITIONS)} sein.",
            )
        chosen: Ambition = ambition
        inputs = make_inputs(
            goals=goal or ["resilience"],
            hours_per_week=hours,
            avoid=avoid or [],
            keep=keep or [],
            budget_per_month=budget,
            language=language,
            ambition=chosen,
            audience=audience,
            industry=industry,
            markets=tuple(market or ()),
            start=_date(start),
        )
        settings = _settings()
        result = read_stats(stats or [], settings)
        if no_model:
            plan = skeleton_plan(inputs, result)
        else:
            backend, retriever = _backend_and_retriever(settings)
            typer.echo(f"Writing the plan with {backend.label} …", err=True)
            plan = make_plan(inputs, result, backend, retriever, on_section=_progress)
        plan = _store(settings, database_url).save_plan(plan)
        write_outputs(plan, output, ics, csv)
        _report(plan)


def revise_command(
    plan_id: Annotated[str, typer.Argument(help="Id of a saved plan.")],
    request: Annotated[
        str | None,
        typer.Argument(help='e.g. "more ambitious", "no TikTok"; none: write missing parts.'),
    ] = None,
    output: OutputOpt = None,
    ics: IcsOpt = None,
    csv: CsvOpt = None,
    no_model: NoModelOpt = False,
    database_url: DbOpt = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of messages.")] = "en",
) -> None:
    """Revise a saved plan into a new version ("only 5 hours a week", "kein TikTok")."""
    with _friendly(lang):
        settings = _settings()
        store = _store(settings, database_url)
        plan = store.get_plan(plan_id)
        if request:
            plan = revise(plan, request)
        elif not plan.missing:
            typer.echo("Nothing to do: the plan has no missing parts.", err=True)
            return
        if not no_model:
            backend, retriever = _backend_and_retriever(settings)
            plan = complete_plan(plan, backend, retriever, on_section=_progress)
        plan = store.save_plan(plan)
        write_outputs(plan, output, ics, csv)
        _report(plan)


def plans_command(
    plan_id: Annotated[str | None, typer.Argument(help="Show this plan's versions.")] = None,
    database_url: DbOpt = None,
) -> None:
    """List saved plans, or the versions of one plan."""
    with _friendly("en"):
        store = _store(_settings(), database_url)
        if plan_id is None:
            for p in store.list_plans():
                typer.echo(f"{p.id}  v{p.latest_version}  {p.updated_at:%Y-%m-%d %H:%M}  {p.title}")
            return
        for v in store.list_versions(plan_id):
            missing = f"  missing: {', '.join(v.missing)}" if v.missing else ""
            typer.echo(f"v{v.version}  {v.created_at:%Y-%m-%d %H:%M}  {v.request or '-'}{missing}")


def progress_command(
    plan_id: Annotated[str, typer.Argument(help="Id of a saved plan.")],
    stats: StatsOpt = None,
    version: Annotated[int | None, typer.Option("--version", help="Plan version.")] = None,
    database_url: DbOpt = None,
) -> None:
    """Plan vs actuals: each KPI's progress against its target, from newer exports."""
    with _friendly("en"):
        settings = _settings()
        plan = _store(settings, database_url).get_plan(plan_id, version)
        result = read_stats(stats or [], settings)
        if result is None:
            raise PlanInputError(
                "Give the newer exports with --stats FILE.",
                "Geben Sie die neueren Exporte mit --stats DATEI an.",
            )
        sys.stdout.write(actuals_markdown(compare_actuals(plan, result), plan.language))


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PlanInputError(
            f"--start '{text}' is not a date: use YYYY-MM-DD.",
            f"--start '{text}' ist kein Datum: Format JJJJ-MM-TT.",
        ) from None


def _report(plan: Plan) -> None:
    typer.echo(f"Saved as plan {plan.id}, version {plan.version}.", err=True)
    if plan.missing:
        typer.echo(
            f"Missing parts: {', '.join(plan.missing)}. The figures are complete; run "
            f"`channelwise plan-revise {plan.id}` to write them.",
            err=True,
        )
