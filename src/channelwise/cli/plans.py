"""Plan commands: ``plan``, ``plan-revise``, ``plans`` and ``plan-progress``.

``channelwise plan --stats FILE... --goal reach --hours 10 --lang de -o plan.md``
(also ``-o plan.docx``, ``-o plan.csv``, ``-o plan.ics``, and ``--ics``, ``--csv`` next to
``-o``). Progress goes to stderr, the plan (without ``-o``) to stdout. Each plan is saved;
revisions add versions. The inputs are checked by the use case the plans page calls
(:func:`channelwise.services.plans.plan_inputs`), the files are written from the same
table of formats as the page's downloads (:data:`channelwise.plans.EXPORT_FORMATS`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from channelwise.access import SHARED_WORKSPACE
from channelwise.cli.common import Lang, cli_errors, cli_services, lang_option, language
from channelwise.i18n import Language, register, t

if TYPE_CHECKING:
    from channelwise.plans import ExportFormat, Plan
    from channelwise.plans.narrative import SectionEvent
    from channelwise.services import Services
    from channelwise.services.plans import PlanOutcome
    from channelwise.stats import StatsResult

register(
    {
        "cli.writing_plan": {"en": "Writing the plan …", "de": "Der Plan wird geschrieben …"},
        "cli.plan_written": {"en": "Plan written to {path}", "de": "Plan gespeichert unter {path}"},
        "cli.calendar_written": {
            "en": "Calendar written to {path}",
            "de": "Kalender gespeichert unter {path}",
        },
        "cli.timeline_written": {
            "en": "Timeline written to {path}",
            "de": "Zeitplan gespeichert unter {path}",
        },
        "cli.saved": {
            "en": "Saved as plan {id}, version {version}.",
            "de": "Gespeichert als Plan {id}, Version {version}.",
        },
        "cli.missing": {
            "en": "Missing parts: {parts}. The figures are complete; run `channelwise "
            "plan-revise {id}` to write them.",
            "de": "Fehlende Teile: {parts}. Die Zahlen sind vollständig; `channelwise "
            "plan-revise {id}` schreibt sie.",
        },
        "cli.nothing_to_do": {
            "en": "Nothing to do: the plan has no missing parts.",
            "de": "Nichts zu tun: Dem Plan fehlen keine Teile.",
        },
        "cli.no_sources": {
            "en": "Note: the narrative has no knowledge sources ({problem})",
            "de": "Hinweis: Der Text hat keine Quellen aus der Wissensbasis ({problem})",
        },
        "cli.model_failed": {
            "en": "The language model could not write the plan ({problem}); the figures and "
            "the timeline are saved.",
            "de": "Das Sprachmodell konnte den Plan nicht schreiben ({problem}); die Zahlen und "
            "der Zeitplan sind gespeichert.",
        },
        "cli.need_stats": {
            "en": "Give the newer exports with --stats FILE.",
            "de": "Geben Sie die neueren Exporte mit --stats DATEI an.",
        },
    }
)

StatsOpt = Annotated[
    list[Path] | None,
    typer.Option("--stats", help="Analytics export (CSV, XLSX, XLS, ZIP); repeat for more."),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the plan to .md or .docx (or its timeline to .csv, its calendar to .ics).",
    ),
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


def register_commands(app: typer.Typer) -> None:
    app.command("plan")(plan)
    app.command("plan-revise")(plan_revise)
    app.command("plans")(plans)
    app.command("plan-progress")(plan_progress)


def _read_stats(services: Services, paths: list[Path] | None) -> StatsResult | None:
    if not paths:
        return None
    from channelwise.cli.common import read_exports
    from channelwise.services.stats import import_stats, max_upload_bytes

    settings = services.settings
    return import_stats(settings, read_exports(paths, max_upload_bytes(settings)))


def _progress(event: SectionEvent) -> None:
    if event.status == "writing":
        typer.echo(f"[{event.index}/{event.total}] {event.title} …", err=True)
    elif event.status == "waiting":
        typer.echo(f"    waiting for the local model (position {event.position})", err=True)
    elif event.status != "written":
        detail = f": {event.section.error}" if event.section and event.section.error else ""
        typer.echo(f"    {event.status}{detail}", err=True)


def _output_format(output: Path | None) -> ExportFormat | None:
    """The format -o asks for by its ending; an unknown one is refused before anything is
    generated or saved."""
    if output is None:
        return None
    from channelwise.plans import EXPORT_FORMATS, PlanInputError, export_for_path

    found = export_for_path(output)
    if found is None:
        suffixes = [f.suffix for f in EXPORT_FORMATS]
        en = f"{', '.join(suffixes[:-1])} or {suffixes[-1]}"
        de = f"{', '.join(suffixes[:-1])} oder {suffixes[-1]}"
        raise PlanInputError(
            f"-o must end in {en}, not '{output.suffix}'.",
            f"-o muss auf {de} enden, nicht auf '{output.suffix}'.",
        )
    return found


def _write(plan: Plan, output: Path | None, ics: Path | None, csv: Path | None) -> None:
    from channelwise.plans import export_format, to_markdown

    lang = plan.language
    export = _output_format(output)
    if output is None or export is None:
        sys.stdout.write(to_markdown(plan))
    else:
        output.write_bytes(export.render(plan))
        typer.echo(t("cli.plan_written", lang, path=output), err=True)
    if ics is not None:
        ics.write_bytes(export_format("ics").render(plan))
        typer.echo(t("cli.calendar_written", lang, path=ics), err=True)
    if csv is not None:
        csv.write_bytes(export_format("csv").render(plan))
        typer.echo(t("cli.timeline_written", lang, path=csv), err=True)


def _report(outcome: PlanOutcome, lang: Language) -> None:
    plan = outcome.plan
    if outcome.model_error is not None:
        problem = outcome.model_error.localized(lang)
        typer.secho(t("cli.model_failed", lang, problem=problem), err=True, fg="yellow")
    if outcome.index_error is not None:
        problem = outcome.index_error.localized(lang)
        typer.echo(t("cli.no_sources", lang, problem=problem), err=True)
    typer.echo(t("cli.saved", lang, id=plan.id, version=plan.version), err=True)
    if plan.missing:
        parts = ", ".join(plan.missing)
        typer.echo(t("cli.missing", lang, parts=parts, id=plan.id), err=True)


def plan(
    ctx: typer.Context,
    stats: StatsOpt = None,
    goal: Annotated[
        list[str] | None,
        typer.Option("--goal", help="reach, revenue, community or resilience; repeatable."),
    ] = None,
    hours: Annotated[float, typer.Option("--hours", help="Team hours a week.")] = 10.0,
    budget: Annotated[float, typer.Option("--budget", help="Euros a month.")] = 0.0,
    lang: Annotated[Lang, lang_option("Plan language: en or de.")] = Lang.en,
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
        list[str] | None, typer.Option("--market", help="Market, e.g. DE or 'DE, AT'; repeatable.")
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
    from channelwise.services.plans import generate_plan, plan_inputs

    chosen = language(lang)
    with cli_errors(chosen):
        _output_format(output)
        inputs = plan_inputs(
            language=chosen,
            goals=goal or (),
            hours_per_week=hours,
            budget_per_month=budget,
            audience=audience,
            markets=market or (),
            industry=industry,
            avoid=avoid or (),
            keep=keep or (),
            ambition=ambition,
            start=start,
        )
        services = cli_services(ctx, database_url)
        result = _read_stats(services, stats)
        if not no_model:
            typer.echo(t("cli.writing_plan", chosen), err=True)
        outcome = generate_plan(
            services,
            inputs,
            result,
            actor=SHARED_WORKSPACE,
            use_model=not no_model,
            on_section=_progress,
        )
        _write(outcome.plan, output, ics, csv)
        _report(outcome, chosen)


def plan_revise(
    ctx: typer.Context,
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
    lang: Annotated[Lang, lang_option("Language of messages.")] = Lang.en,
) -> None:
    """Revise a saved plan into a new version ("only 5 hours a week", "kein TikTok")."""
    from channelwise.services.plans import complete_plan, revise_plan

    chosen = language(lang)
    with cli_errors(chosen):
        _output_format(output)
        services = cli_services(ctx, database_url)
        if request:
            outcome = revise_plan(
                services,
                plan_id,
                request,
                actor=SHARED_WORKSPACE,
                write_missing=not no_model,
                on_section=_progress,
            )
        else:
            completed = (
                None
                if no_model
                else complete_plan(services, plan_id, actor=SHARED_WORKSPACE, on_section=_progress)
            )
            if completed is None:
                typer.echo(t("cli.nothing_to_do", chosen), err=True)
                return
            outcome = completed
        _write(outcome.plan, output, ics, csv)
        _report(outcome, chosen)


def plans(
    ctx: typer.Context,
    plan_id: Annotated[str | None, typer.Argument(help="Show this plan's versions.")] = None,
    database_url: DbOpt = None,
) -> None:
    """List saved plans, or the versions of one plan."""
    from channelwise.services.plans import list_plans, plan_versions

    with cli_errors():
        services = cli_services(ctx, database_url)
        if plan_id is None:
            for p in list_plans(services, actor=SHARED_WORKSPACE):
                typer.echo(f"{p.id}  v{p.latest_version}  {p.updated_at:%Y-%m-%d %H:%M}  {p.title}")
            return
        for v in plan_versions(services, plan_id, actor=SHARED_WORKSPACE):
            missing = f"  missing: {', '.join(v.missing)}" if v.missing else ""
            typer.echo(f"v{v.version}  {v.created_at:%Y-%m-%d %H:%M}  {v.request or '-'}{missing}")


def plan_progress(
    ctx: typer.Context,
    plan_id: Annotated[str, typer.Argument(help="Id of a saved plan.")],
    stats: StatsOpt = None,
    version: Annotated[int | None, typer.Option("--version", help="Plan version.")] = None,
    database_url: DbOpt = None,
) -> None:
    """Plan vs actuals: each KPI's progress against its target, from newer exports."""
    from channelwise.plans import PlanInputError, actuals_markdown
    from channelwise.services.plans import compare_with_actuals

    with cli_errors():
        services = cli_services(ctx, database_url)
        result = _read_stats(services, stats)
        if result is None:
            raise PlanInputError(t("cli.need_stats", "en"), t("cli.need_stats", "de"))
        saved, report = compare_with_actuals(
            services, plan_id, result, actor=SHARED_WORKSPACE, version=version
        )
        sys.stdout.write(actuals_markdown(report, saved.language))
