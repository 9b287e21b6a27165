"""Answer the TUNE split with the configured model and print the evaluation table.

    uv run python -m bench.tune_answers [--evidence-only] [--cache FILE] [--show]

For tuning the evidence selection, the checker and the prompt: the model's replies are
cached by prompt in ``--cache`` (default ``data/tune-replies.json``), so a change to the
checker is re-scored without waiting for the model again, and only questions whose prompt
changed are regenerated. Never run this on the test split: `channelwise eval answers
--split test` reports that one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

from channelwise.chat.engine import ChatEngine
from channelwise.chat.evaluation import evaluate_answers, summarise
from channelwise.cli.chat import format_summary
from channelwise.config import load_settings
from channelwise.knowledge.evaluation import load_questions, split_files
from channelwise.services import build_services


class CachedModel(BaseChatModel):
    """Replays a model's reply for a prompt it has seen; asks the model otherwise."""

    inner: BaseChatModel
    path: Path
    cache: dict[str, str] = Field(default_factory=dict)

    @property
    def _llm_type(self) -> str:
        return "cached"

    def _key(self, messages: list[BaseMessage]) -> str:
        text = "\n".join(f"{m.type}:{m.text}" for m in messages)
        return hashlib.sha256(text.encode()).hexdigest()

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(c.message.text for c in self._stream(messages, stop, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        key = self._key(messages)
        if key not in self.cache:
            self.cache[key] = "".join(c.text for c in self.inner.stream(messages, **kwargs))
            self.path.write_text(json.dumps(self.cache, ensure_ascii=False), encoding="utf-8")
        yield ChatGenerationChunk(message=AIMessageChunk(content=self.cache[key]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--evidence-only", action="store_true")
    parser.add_argument("--cache", type=Path, default=Path("data/tune-replies.json"))
    parser.add_argument("--show", action="store_true", help="print every answer")
    parser.add_argument(
        "--all", action="store_true", help="every tune question (default: those with key facts)"
    )
    args = parser.parse_args()
    services = build_services(load_settings())
    engine = services.chat()
    if args.evidence_only:
        engine = engine.without_model()
    elif engine.backend is not None:
        cache = json.loads(args.cache.read_text("utf-8")) if args.cache.exists() else {}
        model = CachedModel(inner=engine.backend.model, path=args.cache, cache=cache)
        from dataclasses import replace

        engine = ChatEngine(
            replace(engine.backend, model=model),
            engine.retriever,
            engine.finder,
            engine.embed,
            engine.names,
            k=engine.k,
        )
    questions = load_questions(split_files("tune"))
    if not args.all:
        questions = [q for q in questions if q.facts or not q.in_scope]
    results = evaluate_answers(
        engine,
        questions,
        progress=lambda r: print(f"{r.question.qid} {r.answer.mode}", file=sys.stderr, flush=True),
    )
    if args.show:
        for r in results:
            if not r.question.in_scope and r.answer.mode == "not_covered":
                continue
            print(f"\n{r.question.qid} [{r.answer.mode}] facts {r.facts_found}/{r.facts_total}")
            print(f"  Q: {r.question.text}")
            print(f"  RAW: {' '.join(r.answer.raw_text.split())[:400]}")
            print(f"  FINAL: {' '.join(r.answer.text.split())[:400]}")
            if r.answer.check.dropped:
                print(f"  DROPPED: {r.answer.check.dropped} ({r.answer.check.fallback_reason})")
    print(format_summary(summarise(engine.label, results)))


if __name__ == "__main__":
    main()
