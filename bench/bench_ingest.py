"""How long the real knowledge base takes to index, on this machine.

    uv run python -m bench.bench_ingest

Three runs into a fresh data directory, as on a new machine: the first ingest (every passage,
sentence window and curated question embedded), an unchanged check (what `make run` does on
every start), and an ingest after one playbook entry changed (a new generation, only the
changed questions embedded). Prints seconds and counts.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from channelwise.config import Settings
from channelwise.services import ingest

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    knowledge = work / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    settings = Settings(_env_file=None, data_dir=work / "data", knowledge_dir=knowledge)  # type: ignore[call-arg]
    try:
        started = time.perf_counter()
        report = ingest(settings)
        fresh = time.perf_counter() - started
        print(
            f"fresh ingest: {fresh:.1f} s ({report.documents} documents, {report.chunks} "
            f"passages, {report.sentences} sentences, {report.questions} curated questions)"
        )
        started = time.perf_counter()
        again = ingest(settings)
        print(
            f"unchanged check: {time.perf_counter() - started:.1f} s "
            f"(changed: {again.changed}, embedded {again.embedded_chunks} passages)"
        )
        entry = knowledge / "playbook" / "leave-x.yaml"
        text = entry.read_text(encoding="utf-8")
        entry.write_text(
            text.replace("questions:\n  de:\n", 'questions:\n  de:\n    - "x noch?"\n', 1),
            encoding="utf-8",
        )
        started = time.perf_counter()
        changed = ingest(settings)
        print(
            f"one playbook question added: {time.perf_counter() - started:.1f} s "
            f"(new generation {changed.generation}, embedded {changed.embedded_chunks} "
            "passages)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
