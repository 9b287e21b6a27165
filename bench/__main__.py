"""`make bench`: every benchmark in turn, each printing its own figures.

Run one alone with `uv run python -m bench.bench_<name> --help`.
"""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = (
    "bench_cli",
    "bench_ingest",
    "bench_answers",
    "bench_retrieval",
    "bench_stats",
    "bench_upload_memory",
    "bench_plans",
    "bench_llm",
    "bench_app",
    "bench_load",
)


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        if subprocess.call([sys.executable, "-m", f"bench.{name}"]) != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
