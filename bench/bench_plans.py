"""Plan benchmark (figures, not tests).

    uv run python -m bench.bench_plans [--lang de,en] [--local-model qwen2.5-0.5b] [--fake-only]

One realistic plan per language (fixture export ``tests/fixtures/stats/generic/
template_filled.csv``: Instagram, X, website, newsletter; 20 hours a week, goals reach and
community, so a YouTube test channel is added), written by the plan narrative over the
knowledge index in ``data/`` with the fake model and with the bundled local model. Printed:
time to the skeleton, total time of the narrative, seconds per section, model calls, and
each section's mode (``model``: checked model sentences, ``evidence``: a quoted evidence
sentence, ``code``: fixed words only). The local model is loaded and its fixed instructions
read once before the clock starts (the app does that at start-up); that time is printed too.
The local line is skipped, with the reason, when the model files are not prepared.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from channelwise.chat.engine import ChatEngine, build_chat_engine
from channelwise.config import load_settings
from channelwise.errors import ChannelwiseError
from channelwise.plans import Plan, PlanWriter, make_inputs, skeleton_plan
from channelwise.plans.narrative import SectionEvent
from channelwise.providers import build_chat_backend, local_models
from channelwise.providers.factory import ChatBackend
from channelwise.services import Services, build_services
from channelwise.stats import StatsResult, Upload, analyze_uploads

FIXTURE = Path(__file__).resolve().parents[1] / "tests/fixtures/stats/generic/template_filled.csv"


def _stats() -> StatsResult:
    return analyze_uploads([Upload(FIXTURE.name, FIXTURE.read_bytes())], max_bytes=50 * 1024 * 1024)


def _engine(services: Services, backend: ChatBackend) -> ChatEngine | None:
    try:
        services.retriever.info()
    except ChannelwiseError as err:
        print(f"  (no knowledge index: {err}; sections hold the fixed words only)")
        return None
    return build_chat_engine(backend, services.retriever, services.embedder)


def _skeleton(lang: str) -> tuple[Plan, float]:
    inputs = make_inputs(
        goals=["reach", "community"],
        hours_per_week=20,
        language=lang,
        languages=("de", "en"),
        industry="Bakery",
        audience="families in Leipzig",
    )
    started = time.perf_counter()
    plan = skeleton_plan(inputs, _stats())
    return plan, time.perf_counter() - started


def _run(label: str, backend: ChatBackend, engine: ChatEngine | None, lang: str) -> float:
    plan, skeleton_s = _skeleton(lang)
    writer = PlanWriter(backend, engine)
    times: dict[str, float] = {}
    begun: dict[str, tuple[float, int]] = {}
    asked: set[str] = set()

    def on_section(event: SectionEvent) -> None:
        now = time.perf_counter()
        if event.status == "writing":
            begun[event.key] = (now, writer.calls)
        elif event.status in ("written", "missing"):
            start, calls = begun.get(event.key, (now, writer.calls))
            times[event.key] = now - start
            if writer.calls > calls:
                asked.add(event.key)

    started = time.perf_counter()
    done = writer.write(plan, on_section=on_section)
    total = time.perf_counter() - started
    sections = len(done.sections)
    modes = {m: sum(s.mode == m for s in done.sections) for m in ("model", "evidence", "code")}
    per_call = sum(times[k] for k in asked) / len(asked) if asked else 0.0
    print(
        f"{label} [{lang}]: skeleton {skeleton_s * 1000:.0f} ms | narrative {total:.1f} s | "
        f"{sections} sections, {total / max(sections, 1):.1f} s per section, "
        f"{per_call:.1f} s per section with a model call | {writer.calls} model calls | "
        f"modes {modes} | complete={done.complete} | {len(done.sources)} sources"
    )
    for section in done.sections:
        reason = f" ({section.error})" if section.error else ""
        call = "model call" if section.key in asked else "no call"
        seconds = times.get(section.key, 0.0)
        print(f"    {section.key:<20} {seconds:5.1f} s  {call:<10} {section.mode}{reason}")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="de,en", help="comma-separated plan languages")
    parser.add_argument("--local-model", default=None)
    parser.add_argument("--fake-only", action="store_true")
    args = parser.parse_args()
    languages = [x.strip() for x in args.lang.split(",") if x.strip()]
    services = build_services(load_settings())
    fake = build_chat_backend(load_settings(llm="fake"))
    fake_engine = _engine(services, fake)
    for lang in languages:
        _run("fake model", fake, fake_engine, lang)
    if args.fake_only:
        return
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
    engine = _engine(services, backend)
    started = time.perf_counter()
    if engine is not None:
        engine.warm_up()  # load the weights, read the fixed instructions into the cache
    print(f"local {spec.name}: loaded and warmed up in {time.perf_counter() - started:.1f} s")
    for lang in languages:
        _run(f"local {spec.name}", backend, engine, lang)


if __name__ == "__main__":
    main()
