"""CLI start-up and index-load benchmarks (figures, not tests), hyperfine-style.

    uv run python -m bench.bench_cli [--runs 5] [--chunks 10000]

Each command runs ``--runs`` times in a fresh process (after one warm-up run that is not
counted); the median and the range of the wall-clock times are printed next to the target.
``search`` runs against the real knowledge base (``knowledge/``, ingested once into a temp
directory), ``stats`` reads a YouTube export from the test fixtures. The index load is
timed inside a fresh process: ``Retriever.snapshot()`` over a synthetic generation of
``--chunks`` chunks, with its search file and without it (a generation built before search
files existed: rows read from Chroma, BM25 built in memory).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
BIN = Path(sys.executable).parent
EXPORT = ROOT / "tests" / "fixtures" / "stats" / "youtube" / "Table data.csv"
QUERY = "Wie baue ich einen Newsletter auf?"

LOAD_SCRIPT = """
import sys, time
from pathlib import Path
from channelwise.knowledge.embeddings import get_embedder
from channelwise.knowledge.generations import LocalLocation
from channelwise.knowledge.retrieval import Retriever
started = time.perf_counter()
snapshot = Retriever(LocalLocation(Path(sys.argv[1])), get_embedder("use")).snapshot()
print(time.perf_counter() - started, len(snapshot.chunks))
"""


def timed(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    times = []
    for run in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
        if run:  # the first run only warms the file cache
            times.append(time.perf_counter() - started)
    return times


def inner(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Times a script measures itself (first number it prints)."""
    times = []
    for run in range(runs + 1):
        out = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        if run:
            times.append(float(out.stdout.split()[0]))
    return times


def report(label: str, times: list[float], target: float) -> None:
    median = statistics.median(times)
    mark = "ok " if median <= target else "OVER"
    print(
        f"{label:<34} median {median:5.2f} s  (min {min(times):5.2f}, max {max(times):5.2f}, "
        f"n={len(times)})  target <= {target:.1f} s  {mark}",
        flush=True,
    )


def synthetic_index(workdir: Path, size: int) -> Path:
    from bench.bench_retrieval import build_synthetic
    from channelwise.knowledge.loader import load_documents
    from channelwise.knowledge.text_analysis import words

    docs = load_documents(ROOT / "knowledge")
    vocabulary = sorted({w for d in docs for w in words(d.body) if len(w) > 3})
    return build_synthetic(workdir, size, vocabulary).index_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chunks", type=int, default=10_000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="channelwise-bench-cli-"))
    env = {
        **os.environ,
        "CHANNELWISE_DATA_DIR": str(workdir / "data"),
        "CHANNELWISE_KNOWLEDGE_DIR": str(ROOT / "knowledge"),
    }
    channelwise = str(BIN / "channelwise")
    try:
        subprocess.run([channelwise, "ingest"], env=env, check=True, capture_output=True)
        load = os.getloadavg()[0]
        print(f"{os.cpu_count()} cores, load average {load:.2f}; {args.runs} runs each")
        report(
            "import channelwise.cli",
            timed([sys.executable, "-c", "import channelwise.cli"], env, args.runs),
            0.5,
        )
        report("channelwise --help", timed([channelwise, "--help"], env, args.runs), 1.0)
        report(
            "channelwise search (cold)", timed([channelwise, "search", QUERY], env, args.runs), 2.5
        )
        report(
            "channelwise stats FILE",
            timed([channelwise, "stats", str(EXPORT)], env, args.runs),
            2.0,
        )
        index_dir = synthetic_index(workdir, args.chunks)
        script = [sys.executable, "-c", LOAD_SCRIPT, str(index_dir)]
        report(f"index load, {args.chunks} chunks", inner(script, env, args.runs), 1.0)
        generation = index_dir / (index_dir / "CURRENT").read_text().strip()
        (generation / "search.npz").unlink()
        (old,) = inner(script, env, 1)
        label = "  without the search file (older)"
        print(f"{label:<34} {old:5.2f} s (rows read from Chroma, BM25 built in memory)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
