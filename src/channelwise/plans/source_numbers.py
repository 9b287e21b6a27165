"""The plan's source list: passages numbered plan-wide, only the cited ones kept.

While sections are written, every evidence passage a section cites gets a plan-wide number
(the same passage keeps its number across sections). When the plan is assembled, and after a
revision drops sections, :func:`compact_sources` keeps the passages that are still cited and
renumbers them 1..n in order of first citation; ``[n]`` in any section is ``sources[n-1]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from channelwise.plans.records import PlanSource, Section

_MARKER = re.compile(r"\[(\d+)\]")


class SourceRegistry:
    """Plan-wide numbers for passages, starting after the plan's existing sources."""

    def __init__(self, existing: Sequence[PlanSource] = ()) -> None:
        self.by_chunk = {s.chunk_id: s for s in existing}

    def number(self, source: PlanSource) -> int:
        found = self.by_chunk.get(source.chunk_id)
        if found is not None:
            return found.number
        number = max((s.number for s in self.by_chunk.values()), default=0) + 1
        self.by_chunk[source.chunk_id] = source.model_copy(update={"number": number})
        return number

    def by_number(self) -> dict[int, PlanSource]:
        return {s.number: s for s in self.by_chunk.values()}


def iter_strings(value: Any) -> Iterator[str]:
    """Every text in a section's content (``kind`` excluded)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "kind":
                yield from iter_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from iter_strings(item)


def map_strings(value: Any, fn: Callable[[str], str]) -> Any:
    """``value`` with ``fn`` applied to every text (``kind`` left alone)."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, dict):
        return {k: v if k == "kind" else map_strings(v, fn) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [map_strings(v, fn) for v in value]
    return value


def cited_numbers(text: str) -> list[int]:
    return [int(n) for n in _MARKER.findall(text)]


def compact_sources(
    sections: Sequence[Section], by_number: dict[int, PlanSource]
) -> tuple[list[Section], list[PlanSource]]:
    """Keep the cited passages only, numbered 1..n in order of first citation; a marker
    that points at no passage is removed."""
    order: list[int] = []
    for section in sections:
        if section.content is None:
            continue
        for text in iter_strings(section.content.model_dump()):
            for n in cited_numbers(text):
                if n in by_number and n not in order:
                    order.append(n)
    mapping = {old: new for new, old in enumerate(order, start=1)}

    def renumber(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            number = int(match.group(1))
            return f"[{mapping[number]}]" if number in mapping else ""

        return _MARKER.sub(one, text)

    out: list[Section] = []
    for section in sections:
        if section.content is None:
            out.append(section)
            continue
        data = map_strings(section.content.model_dump(), renumber)
        content = type(section.content).model_validate(data)
        out.append(section.model_copy(update={"content": content}))
    sources = [by_number[old].model_copy(update={"number": new}) for old, new in mapping.items()]
    return out, sources
