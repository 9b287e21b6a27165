"""How well playbook matching generalises: each playbook question is hidden in turn and must
still reach its entry (the active index; `channelwise ingest` first).

    uv run python -m bench.playbook_loo [--intent W] [--blend B] [--lexical L] [--folds K]

The curated questions are split into K folds; a question and its translation (the same
position in the entry's German and English lists) fall into the same fold. For each fold the
matcher sees only the other folds' questions (the intent model is retrained on them) and
ranks the playbook entries for every hidden question. Printed: the share whose own entry
ranks first, and in the top 3, per language. About 2,200 questions the matcher has not seen,
written in the playbook's voice rather than the users': a way to compare matching weights
that the 40 blind advice questions cannot separate. Not a substitute for the blind splits.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
import zlib
from collections import Counter

from channelwise.config import load_settings
from channelwise.grounding.matching import Matcher
from channelwise.knowledge.question_index import QuestionTable
from channelwise.knowledge.snapshot import IndexSnapshot
from channelwise.services import build_services


def folds_of(table: QuestionTable, folds: int) -> list[int]:
    """Each row's fold: a question and its translation share one."""
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for doc_id, language in zip(table.doc_ids, table.languages, strict=True):
        position = seen[(doc_id, language)]
        seen[(doc_id, language)] += 1
        out.append((zlib.crc32(doc_id.encode()) + position) % folds)
    return out


def subset(table: QuestionTable, rows: list[int]) -> QuestionTable:
    return QuestionTable(
        [table.doc_ids[r] for r in rows],
        [table.sections[r] for r in rows],
        [table.languages[r] for r in rows],
        [table.texts[r] for r in rows],
        [table.sentence_ids[r] for r in rows],
        table.vectors[rows],
    )


def measure(matcher: Matcher, snap: IndexSnapshot, folds: int) -> dict[str, float]:
    table = snap.playbook_table
    assert table is not None, "the index has no playbook (run `channelwise ingest`)"
    fold = folds_of(table, folds)
    first: Counter[str] = Counter()
    top3: Counter[str] = Counter()
    total: Counter[str] = Counter()
    try:
        for k in range(folds):
            snap.playbook_table = subset(table, [r for r in range(len(table)) if fold[r] != k])
            matcher._intents = None  # retrain the intent model without the hidden questions
            for row in (r for r in range(len(table)) if fold[r] == k):
                ranked = [m.entry.entry_id for m in matcher.match(table.texts[row]).playbook[:3]]
                language = table.languages[row]
                total[language] += 1
                first[language] += ranked[:1] == [table.doc_ids[row]]
                top3[language] += table.doc_ids[row] in ranked
    finally:
        snap.playbook_table = table
        matcher._intents = None
    out = {f"first {lang}": first[lang] / total[lang] for lang in sorted(total)}
    out |= {f"top 3 {lang}": top3[lang] / total[lang] for lang in sorted(total)}
    out["first"] = sum(first.values()) / sum(total.values())
    out["questions"] = sum(total.values())
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--intent", type=float, help="MatchWeights.intent")
    parser.add_argument("--blend", type=float, help="MatchWeights.blend")
    parser.add_argument("--lexical", type=float, help="MatchWeights.lexical")
    args = parser.parse_args()
    matcher = build_services(load_settings()).grounder.matcher
    tweaks = {"intent": args.intent, "blend": args.blend, "lexical": args.lexical}
    changes = {k: v for k, v in tweaks.items() if v is not None}
    matcher.weights = dataclasses.replace(matcher.weights, **changes)
    snap = matcher.snapshot()
    started = time.perf_counter()
    result = measure(matcher, snap, args.folds)
    print(f"playbook questions hidden in {args.folds} folds, {matcher.weights}")
    for name, value in result.items():
        print(f"  {name:<12} {value:.3f}" if name != "questions" else f"  {name:<12} {value:.0f}")
    print(f"  {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
