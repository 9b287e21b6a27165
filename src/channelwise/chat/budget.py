"""Fit sources, history, stats and plan into the model's window (tiktoken counts)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from channelwise.chat.language import content_terms
from channelwise.chat.prompts import PromptSource
from channelwise.knowledge.records import Hit
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


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9„\"(])")
FOCUS_HITS = 4


def focus_sources(hits: Sequence[Hit], query: str, limit: int) -> list[tuple[PromptSource, Hit]]:
    """For a tight budget: the sentences of the top hits that best match the query.

    Every hit is split into sentences, each scored by the query terms it shares (plus a
    little for figures and for rank); the best sentences are taken until the budget is
    spent and put back in their passage's order, so a small model still sees the facts of
    several passages instead of the first half of one.
    """
    wanted = content_terms(query)
    candidates: list[tuple[float, int, int, str]] = []
    for rank, hit in enumerate(hits[:FOCUS_HITS]):
        for index, sentence in enumerate(_SENTENCE.split(hit.chunk.text.strip())):
            overlap = len(wanted & content_terms(sentence))
            digits = 0.5 if re.search(r"\d", sentence) else 0.0
            score = overlap + digits - 0.3 * rank - 0.05 * index
            candidates.append((score, rank, index, sentence.strip()))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    chosen: dict[int, list[tuple[int, str]]] = {}
    used = 0
    for _score, rank, index, sentence in candidates:
        title = hits[rank].chunk.title
        header = 0 if rank in chosen else tokens(f'<source id="9" title="{title}">')
        cost = header + tokens(sentence)
        if used + cost > limit:
            continue
        chosen.setdefault(rank, []).append((index, sentence))
        used += cost
    sources: list[tuple[PromptSource, Hit]] = []
    for rank in sorted(chosen):
        chunk = hits[rank].chunk
        parts = [text for _, text in sorted(chosen[rank])]
        source = PromptSource(
            number=len(sources) + 1,
            title=chunk.title,
            heading=chunk.heading,
            url=chunk.source_url,
            text=" … ".join(parts),
        )
        sources.append((source, hits[rank]))
    return sources


def select_sources(hits: Sequence[Hit], limit: int) -> list[tuple[PromptSource, Hit]]:
    """Hits in rank order while they fit; the first one is shortened rather than dropped."""
    chosen: list[tuple[PromptSource, Hit]] = []
    used = 0
    for hit in hits:
        chunk = hit.chunk
        header = tokens(f'<source id="{len(chosen) + 1}" title="{chunk.title}" {chunk.heading}>')
        cost = header + tokens(chunk.text)
        text = chunk.text
        if used + cost > limit:
            room = limit - used - header
            if chosen or room < MIN_SOURCE_TOKENS:
                break
            text = truncate_tokens(chunk.text, int(room / SAFETY))
            cost = header + tokens(text)
        source = PromptSource(
            number=len(chosen) + 1,
            title=chunk.title,
            heading=chunk.heading,
            url=chunk.source_url,
            text=text,
        )
        chosen.append((source, hit))
        used += cost
    return chosen


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
