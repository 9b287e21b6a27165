"""Grid-search the hybrid fusion weights on the tune split (prints a table).

    uv run python bench/tune_fusion.py

Reads the active index (run `channelwise ingest` first) and the tune split (eval/tune/).
"""

from __future__ import annotations

from channelwise.config import load_settings
from channelwise.knowledge.retrieval_eval import evaluate_retrieval, load_questions, split_files
from channelwise.services import build_services


def main() -> None:
    questions = load_questions(split_files("tune"))
    retriever = build_services(load_settings()).retriever
    rows = []
    for question_weight in (0.0, 0.5, 1.0, 1.5, 2.0):
        for bm25_weight in (1.0, 1.25, 1.5):
            retriever.weights = (1.0, bm25_weight, question_weight)
            report = evaluate_retrieval(retriever, questions, modes=("hybrid",), coverage=False)
            hybrid = report.by_mode["hybrid"]["all"]
            rows.append((question_weight, bm25_weight, hybrid))
            print(
                f"question_weight={question_weight:<4} bm25_weight={bm25_weight:<5} "
                + "  ".join(
                    f"{m}={hybrid[m]:.3f}" for m in ("recall@1", "recall@5", "mrr", "ndcg@10")
                )
            )
    best = max(rows, key=lambda r: (r[2]["recall@5"], r[2]["mrr"]))
    print(f"best: question_weight={best[0]} bm25_weight={best[1]}")


if __name__ == "__main__":
    main()
