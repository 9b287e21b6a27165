"""Fit sources, history, stats and plan into the model's window (tiktoken counts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from channelwise.tokens import count_tokens, get_encoding

SAFETY = 1.15
"""Our counts use cl100k; local models tokenise differently, German text often longer."""
MARGIN = 48
"""Chat-template tokens per message and rounding."""
MIN_SOURCE_TOKENS = 60


def tokens(text: str) -> int:
    return int(count_tokens(text) * SAFETY) + 4


def truncate_tokens(text: str, limit: int) -> str:
    """The first ``limit`` tokens of ``text``, cut at a word boundary, marked with ``…``."""
    encoding = get_encoding()
    ids = encoding.encode(text, disallowed_special=())
    if len(ids) <= limit:
        return text
    cut = encoding.decode(ids[: max(limit - 1, 1)])
    head, _, _ = cut.rpartition(" ")
    return (head or cut).rstrip() + " …"


@dataclass(frozen=True)
class Budget:
    context_tokens: int
    answer_tokens: int
    source_tokens: int

    def available(self, *fixed: str) -> int:
        """Tokens left for sources and history after the fixed texts and the answer."""
        used = sum(tokens(t) for t in fixed if t) + MARGIN
        return self.context_tokens - self.answer_tokens - used


def fit_block(text: str | None, limit: int) -> str | None:
    """Stats or plan text, cut to ``limit`` tokens when longer."""
    if not text:
        return None
    return text if tokens(text) <= limit else truncate_tokens(text, int(limit / SAFETY))


def fit_history(history: Sequence[tuple[str, str]], limit: int) -> list[tuple[str, str]]:
    """The most recent turns that fit, oldest dropped first, kept in order."""
    kept: list[tuple[str, str]] = []
    used = 0
    for role, text in reversed(history):
        cost = tokens(text) + 4
        if used + cost > limit:
            break
        kept.append((role, text))
        used += cost
    kept.reverse()
    # never start with an assistant turn: the model would see an answer without its question
    while kept and kept[0][0] != "user":
        kept.pop(0)
    return kept
