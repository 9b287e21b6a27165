"""Knowledge commands: ``ingest``, ``search``, ``knowledge check`` and ``eval retrieval``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from channelwise.cli.common import Lang, cli_errors, cli_services, lang_option, language
from channelwise.errors import ChannelwiseError

if TYPE_CHECKING:
    from channelwise.knowledge.records import SearchResult


class Mode(StrEnum):
    hybrid = "hybrid"
    dense = "dense"
    bm25 = "bm25"


knowledge_app = typer.Typer(no_args_is_help=True, help="Check the curated knowledge base.")


def register_commands(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("search")(search)
    eval_app.command("retrieval")(eval_retrieval)
    app.add_typer(knowledge_app, name="knowledge")
    knowledge_app.command("check")(check)


def check(
    lang: Annotated[Lang | None, lang_option("Messages in de or en.")] = None,
    sources: Annotated[
        bool, typer.Option("--sources", help="Also report the share of primary sources.")
    ] = False,
) -> None:
    """Check every document: front matter, URLs, blocklist, own sources, as-of date, length."""
    from channelwise.config import load_settings
    from channelwise.knowledge.check import check_knowledge, source_report

    chosen = language(lang)
    with cli_errors(chosen):
        knowledge_dir = load_settings().knowledge_dir
        problems = check_knowledge(knowledge_dir)
        for problem in problems:
            typer.echo(f"{problem.doc_id}: [{problem.rule}] {problem.message(chosen)}")
        if sources:
            report = source_report(knowledge_dir)
            typer.echo(
                f"sources: {len(report.urls)} distinct URLs, {len(report.primary)} primary "
                f"({report.share:.0%})"
            )
        if problems:
            typer.secho(
                f"{len(problems)} problem(s) in {knowledge_dir}", err=True, fg=typer.colors.RED
            )
            raise typer.Exit(code=3)
        typer.echo(f"{knowledge_dir}: every document passes the checks.")


def ingest(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Re-embed everything.")] = False,
) -> None:
    """Build or update the knowledge index (only changed documents are re-embedded)."""
    with cli_errors():
        _ingest(rebuild)


def _ingest(rebuild: bool) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from channelwise.config import load_settings
    from channelwise.services.knowledge import ingest as run_ingest

    settings = load_settings()
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


def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for, in German or English.")],
    k: Annotated[
        int | None,
        typer.Option(
            "-k", min=1, max=50, help="Number of passages (default: CHANNELWISE_RETRIEVAL_K, 5)."
        ),
    ] = None,
    lang: Annotated[Lang | None, lang_option("Only documents in de or en.")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Only these topics.")] = None,
    mode: Annotated[Mode, typer.Option(help="How to search.")] = Mode.hybrid,
    json_out: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Search the knowledge base and list the best passages with their sources."""
    from channelwise.services.knowledge import search as search_knowledge

    with cli_errors():
        result = search_knowledge(
            cli_services(ctx),
            query,
            k=k,
            language=lang.value if lang else None,
            topics=topic,
            mode=mode.value,
        )
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


def _result_json(result: SearchResult) -> dict[str, Any]:
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


def eval_retrieval(
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
    json_out: Annotated[bool, typer.Option("--json")] = False,
    calibrate: Annotated[
        bool,
        typer.Option("--calibrate", help="Also print not-covered thresholds fitted to the split."),
    ] = False,
) -> None:
    """Recall@1, recall@5, MRR and nDCG@10 for dense-only, BM25-only and hybrid retrieval."""
    from channelwise.chat.followup import Turn, readings
    from channelwise.knowledge.retrieval_eval import (
        MODES,
        Question,
        calibrate_coverage,
        coverage_profile,
        evaluate_retrieval,
        load_questions,
        split_files,
    )

    def query_for(q: Question) -> str:  # follow-ups are searched as the chat searches them
        found = readings(q.text, [Turn(r, text) for r, text in q.history])
        return found[0].text if found else q.text

    with cli_errors():  # a bad setting, no index, the test split: a message, not a traceback
        if calibrate and split != "tune" and not questions:
            raise ChannelwiseError(
                "Calibrate on the tune split only: add --split tune.",
                "Nur auf dem Tune-Split kalibrieren: --split tune angeben.",
            )
        qs = load_questions(questions or split_files(split))
        services = cli_services(ctx)
        report = evaluate_retrieval(services.retriever, qs, query_for)
        if calibrate:
            fitted = calibrate_coverage(coverage_profile(services.retriever, qs, query_for))
            report.coverage["calibrated_passage_dense"] = fitted.passage_dense
            report.coverage["calibrated_sentence_dense"] = fitted.sentence_dense
            report.coverage["calibrated_bm25"] = fitted.bm25
            report.coverage["calibrated_unknown_passage_dense"] = fitted.unknown_passage_dense
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
            f"{cov['calibrated_sentence_dense']:.4f}, bm25 {cov['calibrated_bm25']:.3f}, "
            f"with an unknown word {cov['calibrated_unknown_passage_dense']:.4f}"
        )
    missed = report.failures["hybrid"]
    if missed:
        typer.echo(f"hybrid misses at 5: {', '.join(missed)}")
