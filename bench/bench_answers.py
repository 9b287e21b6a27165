"""How fast answers are ready, on this machine (the active index; `channelwise ingest` first).

    uv run python -m bench.bench_answers [--smooth N]

Composed answers (what the chat shows first; no model): seconds from the question to the
finished answer over the tune split's questions, warm, as percentiles. With ``--smooth N``,
also N answers restated by the bundled local model (CHANNELWISE_SMOOTH_ANSWERS): time to the
first token and to the finished answer, after the app's warm-up.
"""

from __future__ import annotations

import argparse
import statistics
import time

from channelwise.chat.engine import build_chat_engine
from channelwise.chat.followup import Turn
from channelwise.chat.stream import answer
from channelwise.config import load_settings
from channelwise.knowledge.retrieval_eval import load_questions, split_files
from channelwise.services import build_services


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {statistics.median(ordered):.3f} s, p95 {p95:.3f} s, max {ordered[-1]:.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smooth", type=int, default=0, help="answers restated by the model")
    args = parser.parse_args()
    services = build_services(load_settings())
    engine = build_chat_engine(None, services.grounder)
    questions = load_questions(split_files("tune"))
    answer(engine, questions[0].text)  # warm: the index and the embedder are loaded
    seconds = []
    for q in questions:
        started = time.perf_counter()
        answer(engine, q.text, [Turn(r, t) for r, t in q.history])
        seconds.append(time.perf_counter() - started)
    print(f"composed answers ({len(seconds)} tune questions): {percentiles(seconds)}")
    if args.smooth:
        smooth = build_chat_engine(services.backend(), services.grounder, smooth=True)
        smooth.warm_up()
        first, total, modes = [], [], []
        for q in [q for q in questions if q.in_scope and not q.history][: args.smooth]:
            found = answer(smooth, q.text)
            modes.append(found.mode)
            total.append(found.total_s)
            if found.first_token_s is not None:
                first.append(found.first_token_s)
        print(f"restated by {smooth.label} ({len(total)} answers): total {percentiles(total)}")
        if first:
            print(f"  first token: {percentiles(first)}")
        print("  modes: " + ", ".join(f"{m} {modes.count(m)}" for m in sorted(set(modes))))


if __name__ == "__main__":
    main()
