"""Passages for the plan narrative prompt: numbered, fenced, fitted to a token budget."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from channelwise.chat.budget import MIN_SOURCE_TOKENS, SAFETY, tokens, truncate_tokens
from channelwise.knowledge.records import Hit

FENCE_TAGS = ("sources", "source", "channel_stats", "plan", "question")
_FENCE_IN_DATA = re.compile(r"<\s*(/?)\s*(" + "|".join(FENCE_TAGS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class PromptSource:
    number: int
    title: str
    heading: str
    url: str
    text: str


def neutralise(text: str) -> str:
    """Make fence tags inside data inert (``<source>`` -> ``‹source>``)."""
    return _FENCE_IN_DATA.sub(lambda m: "‹" + m.group(1) + m.group(2), text)


def _attr(value: str) -> str:
    return neutralise(value).replace('"', "'").replace("\n", " ")


def render_source(source: PromptSource) -> str:
    section = f' section="{_attr(source.heading)}"' if source.heading else ""
    return (
        f'<source id="{source.number}" title="{_attr(source.title)}"{section}>\n'
        f"{neutralise(source.text.strip())}\n</source>"
    )


def render_sources(sources: Sequence[PromptSource]) -> str:
    if not sources:
        return ""
    return "<sources>\n" + "\n".join(render_source(s) for s in sources) + "\n</sources>"


def fence(tag: str, text: str) -> str:
    return f"<{tag}>\n{neutralise(text.strip())}\n</{tag}>"


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
