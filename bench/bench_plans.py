"""Plan benchmarks (figures, not tests).

    uv run python -m bench.bench_plans [--lang de] [--local-model qwen2.5-0.5b]

Time to a complete plan (skeleton + every narrative section, with retrieval over the
knowledge index when it is built) with the fake model and with the default local model,
from the fixture export ``tests/fixtures/stats/generic/template_filled.csv``. The local
line is skipped, with the reason, when the model files are not prepared.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from channelwise.config import load_settings
from channelwise.errors import ChannelwiseError
from channelwise.knowledge.retrieval import Retrieval
from channelwise.plans import make_inputs, make_plan, skeleton_plan
from channelwise.plans.narrative import SectionEvent
from channelwise.providers import build_chat_backend, local_models
from channelwise.providers.factory import ChatBackend
from channelwise.stats import StatsResult, Upload, analyze_uploads

FIXTURE = Path(__file__).resolve().parents[1] / "tests/fixtures/stats/generic/template_filled.csv"


def _stats() -> StatsResult:
    return analyze_uploads([Upload(FIXTURE.name, FIXTURE.read_bytes())], max_bytes=50 * 1024 * 1024)


def _retriever() -> Retrieval | None:
    from channelwise.services import build_services

    try:
        services = build_services(load_settings())
        services.retriever.info()
        return services.retriever
    except ChannelwiseError as err:
        print(f"  (no knowledge index: {err}; sections are written without sources)")
        return None


def _run(label: str, backend: ChatBackend, retriever: Retrieval | None, lang: str) -> None:
    inputs = make_inputs(goals=["reach"], hours_per_week=10, language=lang)
    stats = _stats()
    started = time.perf_counter()
    skeleton_plan(inputs, stats)
    skeleton_s = time.perf_counter() - started
    times: list[tuple[str, float, str]] = []
    last = [time.perf_counter()]

    def on_section(event: SectionEvent) -> None:
        now = time.perf_counter()
        if event.status == "writing":
            last[0] = now
        else:
            times.append((event.key, now - last[0], event.status))

    started = time.perf_counter()
    plan = make_plan(inputs, stats, backend, retriever, on_section=on_section)
    total = time.perf_counter() - started
    statuses = {
        s: sum(1 for _, _, x in times if x == s) for s in ("written", "repaired", "missing")
    }
    print(
        f"{label:<28} skeleton {skeleton_s * 1000:6.1f} ms | complete plan {total:7.2f} s | "
        f"{len(times)} sections {statuses} | complete={plan.complete} | "
        f"{len(plan.sources)} sources cited"
    )
    slowest = sorted(times, key=lambda t: -t[1])[:3]
    print("  slowest sections: " + ", ".join(f"{k} {s:.1f} s ({st})" for k, s, st in slowest))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="en", choices=["en", "de"])
    parser.add_argument("--local-model", default=None)
    args = parser.parse_args()
    retriever = _retriever()
    _run("fake model", build_chat_backend(load_settings(llm="fake")), retriever, args.lang)
    settings = load_settings(
        llm="local", **({"local_model": args.local_model} if args.local_model else {})
    )
    spec = local_models.get_spec(settings.local_model)
    target = local_models.target_path(spec, settings.data_dir) if not spec.single_file else None
    if target is not None and not target.is_file():
        print(f"local {spec.name}: skipped (not prepared: run `channelwise models prepare`)")
        return
    try:
        backend = build_chat_backend(settings)
    except ChannelwiseError as err:
        print(f"local {spec.name}: skipped ({err})")
        return
    _run(f"local {spec.name}", backend, retriever, args.lang)


if __name__ == "__main__":
    main()
