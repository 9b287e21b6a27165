"""`channelwise` command line: ingest, search, eval (and the commands other modules add)."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from channelwise.config import Settings, load_settings
from channelwise.errors import ChannelwiseError

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
eval_app = typer.Typer(no_args_is_help=True, help="Evaluate retrieval (and answers).")
app.add_typer(eval_app, name="eval")

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """Print a ChannelwiseError's message (it says what to do) and exit with its code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ChannelwiseError as err:
            typer.secho(f"Error: {err}", err=True, fg=typer.colors.RED)
            raise typer.Exit(code=err.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _settings() -> Settings:
    try:
        return load_settings()
    except Exception as err:  # pydantic ValidationError: name the setting
        raise ChannelwiseError(f"A setting in the environment or .env is invalid: {err}") from err


@app.command()
@friendly_errors
def ingest(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Re-embed everything.")] = False,
) -> None:
    """Build or update the knowledge index (only changed documents are re-embedded)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from channelwise.services import ingest as run_ingest

    settings = _settings()
    typer.echo(f"Reading {settings.knowledge_dir} ...", err=True)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
        disable=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task("Embedding chunks", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            if not sys.stderr.isatty() and total and (done == total or done % 256 == 0):
                typer.echo(f"  embedded {done}/{total} chunks", err=True)

        report = run_ingest(settings, rebuild=rebuild, progress=progress)
    if not report.changed and not rebuild:
        typer.echo(
            f"Knowledge index is up to date: {report.documents} documents, {report.chunks} chunks."
        )
        return
    typer.echo(
        f"Indexed {report.documents} documents, {report.chunks} chunks "
        f"({report.embedded_chunks} embedded; added {len(report.added_docs)}, "
        f"changed {len(report.changed_docs)}, removed {len(report.removed_docs)} documents)."
    )


@app.command()
@friendly_errors
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in German or English.")],
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="Number of passages.")] = 5,
    lang: Annotated[str | None, typer.Option("--lang", help="Only documents in de or en.")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Only these topics.")] = None,
    mode: Annotated[str, typer.Option(help="hybrid, dense or bm25.")] = "hybrid",
    json_out: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Search the knowledge base and list the best passages with their sources."""
    from channelwise.services import build_services

    if lang not in (None, "de", "en"):
        raise ChannelwiseError("--lang must be 'de' or 'en'.")
    if mode not in ("hybrid", "dense", "bm25"):
        raise ChannelwiseError("--mode must be 'hybrid', 'dense' or 'bm25'.")
    services = build_services(_settings())
    result = services.retriever.search(query, k=k, language=lang, topics=topic, mode=mode)  # type: ignore[arg-type]
    if json_out:
        typer.echo(json.dumps(_result_json(result), ensure_ascii=False, indent=2))
        return
    if not result.covered:
        typer.echo(
            f"Not covered: the knowledge base has nothing close to this question "
            f"(best similarity {result.best_similarity:.2f}). Closest passages anyway:\n"
        )
    for rank, hit in enumerate(result.hits, start=1):
        c = hit.chunk
        section = f" › {c.heading}" if c.heading else ""
        typer.echo(f"[{rank}] {c.title}{section}  ({c.language}, score {hit.score:.4f})")
        typer.echo(f"    {c.source_url}")
        snippet = " ".join(c.text.split())
        typer.echo(f"    {snippet[:300]}{'…' if len(snippet) > 300 else ''}\n")


def _result_json(result: Any) -> dict[str, Any]:
    return {
        "query": result.query,
        "covered": result.covered,
        "best_similarity": round(result.best_similarity, 4),
        "hits": [
            {
                "rank": rank,
                "chunk_id": h.chunk.chunk_id,
                "doc_id": h.chunk.doc_id,
                "title": h.chunk.title,
                "section": h.chunk.heading,
                "language": h.chunk.language,
                "source_url": h.chunk.source_url,
                "score": h.score,
                "similarity": None if h.similarity is None else round(h.similarity, 4),
                "dense_rank": h.dense_rank,
                "bm25_rank": h.bm25_rank,
                "text": h.chunk.text,
            }
            for rank, h in enumerate(result.hits, start=1)
        ],
    }


@eval_app.command("retrieval")
@friendly_errors
def eval_retrieval(
    split: Annotated[str, typer.Option("--split", help="tune or test (report test).")] = "test",
    questions: Annotated[
        list[Path] | None, typer.Option("--questions", help="YAML question files.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
    calibrate: Annotated[
        bool,
        typer.Option("--calibrate", help="Also print not-covered thresholds fitted to the split."),
    ] = False,
) -> None:
    """Recall@1, recall@5, MRR and nDCG@10 for dense-only, BM25-only and hybrid retrieval."""
    from channelwise.chat.condense import heuristic_standalone
    from channelwise.chat.engine import Turn
    from channelwise.knowledge.evaluation import (
        MODES,
        Question,
        calibrate_coverage,
        coverage_profile,
        evaluate_retrieval,
        load_questions,
        split_files,
    )
    from channelwise.services import build_services

    def query_for(q: Question) -> str:  # follow-ups are searched as the chat searches them
        return heuristic_standalone(q.text, [Turn("user", h) for h in q.history])

    if calibrate and split == "test" and not questions:
        raise ChannelwiseError(
            "Calibrate on the tune split only: add --split tune.",
            "Nur auf dem Tune-Split kalibrieren: --split tune angeben.",
        )
    qs = load_questions(questions or split_files(split))
    services = build_services(_settings())
    report = evaluate_retrieval(services.retriever, qs, query_for)
    if calibrate:
        fitted = calibrate_coverage(coverage_profile(services.retriever, qs, query_for))
        report.coverage["calibrated_passage_dense"] = fitted.passage_dense
        report.coverage["calibrated_sentence_dense"] = fitted.sentence_dense
        report.coverage["calibrated_bm25"] = fitted.bm25
    if json_out:
        payload = {
            "modes": report.by_mode,
            "failures": report.failures,
            "coverage": report.coverage,
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    groups = [
        g
        for g in ("all", "de", "en", "cross-lingual", "same-language")
        if g in report.by_mode["hybrid"]
    ]
    metrics = ("recall@1", "recall@5", "mrr", "ndcg@10")
    for group in groups:
        n = int(report.by_mode["hybrid"][group]["n"])
        typer.echo(f"\n{group} ({n} questions)")
        typer.echo(f"  {'metric':<10}" + "".join(f"{m:>10}" for m in MODES))
        for metric in metrics:
            row = "".join(f"{report.by_mode[m][group][metric]:>10.3f}" for m in MODES)
            typer.echo(f"  {metric:<10}{row}")
    cov = report.coverage
    typer.echo(
        f"\nnot-covered decision: "
        f"{cov['in_scope_covered']:.0%} of {int(cov['in_scope_n'])} in-scope questions covered, "
        f"{cov['out_of_scope_flagged']:.0%} of {int(cov['out_of_scope_n'])} out-of-scope flagged"
    )
    if "calibrated_bm25" in cov:
        typer.echo(
            f"calibrated thresholds: passage {cov['calibrated_passage_dense']:.4f}, sentence "
            f"{cov['calibrated_sentence_dense']:.4f}, bm25 {cov['calibrated_bm25']:.3f}"
        )
    missed = report.failures["hybrid"]
    if missed:
        typer.echo(f"hybrid misses at 5: {', '.join(missed)}")


def _register_commands() -> None:
    """Commands whose code lives with their feature."""
    from channelwise.cli.chat import ask_command, eval_answers_command, models_app
    from channelwise.cli.plans import (
        plan_command,
        plans_command,
        progress_command,
        revise_command,
    )
    from channelwise.cli.stats import stats_command

    app.command("ask")(ask_command)
    eval_app.command("answers")(eval_answers_command)
    app.add_typer(models_app, name="models")
    app.command("stats")(stats_command)
    app.command("plan")(plan_command)
    app.command("plan-revise")(revise_command)
    app.command("plans")(plans_command)
    app.command("plan-progress")(progress_command)


_register_commands()


def main() -> None:
    app()
