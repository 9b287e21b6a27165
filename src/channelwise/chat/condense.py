"""Follow-up questions -> standalone search queries (with or without a model call)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import zip_longest
from typing import TYPE_CHECKING

from channelwise.knowledge.records import Hit, SearchResult

if TYPE_CHECKING:
    from channelwise.chat.engine import Turn

_FOLLOW_UP_START = re.compile(
    r"^(and|what about|how about|also|same|und|was ist mit|wie ist es mit|auch|dort|dafür)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(
    r"\b(it|that|there|this|them|es|das|dort|dafür|davon|diese[rsmn]?)\b", re.IGNORECASE
)


def heuristic_standalone(question: str, history: Sequence[Turn]) -> str:
    """Prefix a short or referring follow-up with the previous user question."""
    previous = next((t.content for t in reversed(history) if t.role == "user"), None)
    if previous is None:
        return question
    words = len(question.split())
    if (
        words <= 6
        or _FOLLOW_UP_START.search(question)
        or (words <= 8 and _PRONOUN.search(question))
    ):
        return f"{previous.strip()} {question.strip()}"
    return question


_LABEL = re.compile(r"^(standalone (question|query)|suchanfrage|anfrage|query)\s*:\s*", re.I)


def merge_results(query: str, first: SearchResult, second: SearchResult, k: int) -> SearchResult:
    """Interleave two hit lists (first, second, first, ...), without duplicates."""
    merged: list[Hit] = []
    seen: set[str] = set()
    for pair in zip_longest(first.hits, second.hits):
        for hit in pair:
            if hit is not None and hit.chunk.chunk_id not in seen:
                seen.add(hit.chunk.chunk_id)
                merged.append(hit)
    return SearchResult(
        query=query,
        hits=tuple(merged[:k]),
        covered=first.covered or second.covered,
        best_similarity=max(first.best_similarity, second.best_similarity),
        best_bm25=max(first.best_bm25, second.best_bm25),
        best_sentence=max(first.best_sentence, second.best_sentence),
    )


def clean_condensed(text: str, question: str, history: Sequence[Turn]) -> str:
    line = text.strip().splitlines()[0].strip() if text.strip() else ""
    line = _LABEL.sub("", line)
    line = line.strip(" \"'`")
    if not line or len(line) > 300:
        return heuristic_standalone(question, history)
    return line
