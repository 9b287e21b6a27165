"""Local language-model benchmarks (figures, not tests).

    uv run python -m bench.bench_llm [--models qwen2.5-0.5b smollm2-135m] [--questions 6]

Per installed local model, each in its own process (so peak RSS is that model's):
load time, time to first token and generation tokens/s for a ~400-token context (system
rules + sources + question, the shape the product sends), cold and with the system prompt
already in llama.cpp's prefix cache, and peak RSS. Then the end-to-end ``ask`` latency
(retrieval + prompt + streamed answer) with the default local model over knowledge/.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from channelwise.config import load_settings
from channelwise.grounding import prompts
from channelwise.providers import local_models
from channelwise.tokens import count_tokens

SOURCES = [
    (
        "YouTube (long-form and Shorts): platform profile",
        "Monetization",
        "YouTube has the most mature revenue sharing of the major platforms. The YouTube "
        "Partner Program pays creators 55 percent of ad revenue on long-form videos; for "
        "Shorts, ad revenue is pooled since 1 February 2023 and creators keep 45 percent of "
        "their allocated share. Full monetization requires 1,000 subscribers plus either "
        "4,000 public watch hours in 12 months or 10 million public Shorts views in 90 days.",
    ),
    (
        "TikTok: Plattformprofil",
        "Monetarisierung",
        "Das Creator Rewards Program ersetzte Anfang 2024 das Creativity Program Beta; laut "
        "Branchenberichten verlangt es ein Mindestalter von 18 Jahren, 10.000 Follower, "
        "100.000 Aufrufe in den letzten 30 Tagen und Originalvideos über einer Minute, und es "
        "ist unter anderem in Deutschland verfügbar.",
    ),
]
QUESTIONS = [
    ("en", "How do YouTube and TikTok pay creators, and what do I need to qualify?"),
    ("de", "Wie bezahlen YouTube und TikTok Creator, und was brauche ich dafür?"),
]


def _messages(lang: str, question: str, salt: int) -> list[BaseMessage]:
    srcs = [
        prompts.PromptSource(i + 1, title, heading, "https://example.org", text)
        for i, (title, heading, text) in enumerate(SOURCES)
    ]
    # vary the sources a little so the cache only ever helps with the system prompt
    srcs[0] = prompts.PromptSource(
        1, srcs[0].title, f"{srcs[0].heading} ({salt})", "", srcs[0].text
    )
    language = "de" if lang == "de" else "en"
    return [
        SystemMessage(prompts.system_prompt(language, covered=True)),
        HumanMessage(prompts.user_message(language, question, sources=srcs)),
    ]


def worker(model: str, max_tokens: int) -> dict[str, Any]:
    from channelwise.providers.llamacpp import LlamaCppChatModel, load_llama

    settings = load_settings()
    spec = local_models.get_spec(model)
    path = local_models.prepare(spec, settings.data_dir)
    started = time.perf_counter()
    llm = LlamaCppChatModel(model_path=str(path), model_name=model, max_tokens=max_tokens)
    load_llama(llm.model_path, llm.n_ctx, llm.n_threads)
    load_s = time.perf_counter() - started
    runs = []
    for i, (lang, question) in enumerate(QUESTIONS * 2):
        messages = _messages(lang, question, i)
        prompt_tokens = sum(count_tokens(m.text) for m in messages)
        t0 = time.perf_counter()
        first = None
        pieces = 0
        text = ""
        for chunk in llm.stream(messages, temperature=0.0):
            if chunk.text:
                pieces += 1
                text += chunk.text
                if first is None:
                    first = time.perf_counter() - t0
        total = time.perf_counter() - t0
        gen_s = total - (first or total)
        runs.append(
            {
                "lang": lang,
                "prompt_tokens": prompt_tokens,
                "ttft_s": round(first or total, 2),
                "tok_per_s": round((pieces - 1) / gen_s, 1) if gen_s > 0 and pieces > 1 else 0.0,
                "tokens": pieces,
                "answer": text[:160],
            }
        )
    return {
        "model": model,
        "load_s": round(load_s, 2),
        "runs": runs,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def ask_worker(questions: int) -> dict[str, Any]:
    from channelwise.chat.engine import ChatEngine
    from channelwise.providers import build_chat_backend
    from channelwise.services import build_services, ingest

    settings = load_settings(llm="local")
    try:
        services = build_services(settings)
        services.retriever.info()
    except Exception:
        tmp = Path(tempfile.mkdtemp(prefix="bench-llm-"))
        settings = load_settings(llm="local", data_dir=tmp)
        local_models.prepare(local_models.get_spec(settings.local_model), tmp)
        ingest(settings)
        services = build_services(settings)
    t0 = time.perf_counter()
    engine = ChatEngine(build_chat_backend(settings), services.retriever, k=settings.retrieval_k)
    engine.warm_up("en")  # load the weights and cache the rules, as the app does at start
    startup_s = time.perf_counter() - t0
    asked = [
        ("en", "How much does YouTube pay creators for long videos?"),
        ("de", "Brauche ich für meinen Newsletter ein Double-Opt-in?"),
        ("en", "How can I measure how dependent I am on one platform?"),
        ("de", "Wie lang dürfen Instagram Reels sein?"),
        ("en", "What is the difference between reach and impressions?"),
        ("de", "Welche Voraussetzungen hat das Creator Rewards Program von TikTok?"),
    ][:questions]
    rows = []
    for _lang, question in asked:
        answer = engine.answer(question)
        rows.append(
            {
                "question": question,
                "ttft_s": round(answer.first_token_s or 0, 2),
                "total_s": round(answer.total_s, 2),
                "sources": len(answer.sources),
                "cited": [c.number for c in answer.citations],
                "answer": answer.text[:200],
            }
        )
    return {
        "model": settings.local_model,
        "startup_s": round(startup_s, 2),
        "asks": rows,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _run(args: list[str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_llm", *args], capture_output=True, text=True
    )
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr else "failed"}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", nargs="*", default=None)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--questions", type=int, default=6)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--ask-worker", action="store_true", help=argparse.SUPPRESS)
    ns = parser.parse_args()
    if ns.worker:
        print(json.dumps(worker(ns.worker, ns.max_tokens), ensure_ascii=False))
        return
    if ns.ask_worker:
        print(json.dumps(ask_worker(ns.questions), ensure_ascii=False))
        return
    settings = load_settings()
    names = ns.models or [
        s.name
        for s in local_models.LOCAL_MODELS.values()
        if local_models.status(s, settings.data_dir).installed
    ]
    print("model           load   prompt  TTFT cold  TTFT warm  gen tok/s  peak RSS")
    for name in names:
        r = _run(["--worker", name, "--max-tokens", str(ns.max_tokens)])
        if "error" in r:
            print(f"{name:<15} error: {r['error']}")
            continue
        cold, warm = r["runs"][0], r["runs"][2:]
        ttft_warm = sum(x["ttft_s"] for x in warm) / len(warm)
        tps = sum(x["tok_per_s"] for x in r["runs"]) / len(r["runs"])
        print(
            f"{name:<15} {r['load_s']:>4.1f}s  {cold['prompt_tokens']:>4} tk  "
            f"{cold['ttft_s']:>8.2f}s  {ttft_warm:>8.2f}s  {tps:>9.1f}  {r['peak_rss_mb']:>6} MB"
        )
        for run in r["runs"][:2]:
            print(f"    {run['lang']}: {run['answer']!r}")
    print(f"\nend-to-end ask, default local model ({settings.local_model}):")
    a = _run(["--ask-worker", "--questions", str(ns.questions)])
    if "error" in a:
        print(f"  error: {a['error']}")
        return
    print(f"  start-up (embedder, index, model load): {a['startup_s']:.1f} s")
    for row in a["asks"]:
        print(
            f"  ttft {row['ttft_s']:>5.2f}s  total {row['total_s']:>5.1f}s  "
            f"sources {row['sources']} cited {row['cited']}  {row['question']}"
        )
    ttfts = sorted(row["ttft_s"] for row in a["asks"])
    print(f"  median ttft {ttfts[len(ttfts) // 2]:.2f} s, peak RSS {a['peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
