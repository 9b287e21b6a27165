"""Turn a model reply into a validated section draft: parse, check, repair.

Checks beyond the JSON shape: every citation must point at one of the section's passages,
and no figure may appear that is not in the plan facts or the passages (figures come from
code, never from the model). ``repair`` is the last resort after one retry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterator
from typing import Any

from pydantic import ValidationError

from channelwise.chat.citations import cited_numbers, clean_citations
from channelwise.plans.model import _Draft

_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```\s*$")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
ALWAYS_ALLOWED = frozenset({*(str(i) for i in range(13)), "30", "60", "90"})


def extract_json(text: str) -> dict[str, Any] | None:
    """The first JSON object in ``text`` (code fences, chatter around it and trailing commas
    are tolerated)."""
    body = _FENCE.sub("", text.strip())
    decoder = json.JSONDecoder()
    start = body.find("{")
    while start != -1:
        for candidate in (body[start:], _TRAILING_COMMA.sub(r"\1", body[start:])):
            try:
                value, _ = decoder.raw_decode(candidate)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict):
                return value
        start = body.find("{", start + 1)
    return None


def figures_in(text: str) -> set[str]:
    """Digit strings of the numbers in ``text``, citation markers excluded."""
    plain, _, _ = clean_citations(text, ())
    return {re.sub(r"\D", "", m) for m in _NUMBER.findall(plain)}


def iter_strings(value: Any) -> Iterator[str]:
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
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, dict):
        return {k: v if k == "kind" else map_strings(v, fn) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [map_strings(v, fn) for v in value]
    return value


class Checker:
    """Validates replies for one section."""

    def __init__(
        self, schema: type[_Draft], valid: Collection[int], allowed_figures: Collection[str]
    ) -> None:
        self.schema = schema
        self.valid = frozenset(valid)
        self.allowed = frozenset(allowed_figures) | ALWAYS_ALLOWED

    def normalise(self, text: str) -> str:
        return " ".join(text.split())

    def problems(self, data: dict[str, Any]) -> list[str]:
        out: list[str] = []
        for text in iter_strings(data):
            bad = [n for n in cited_numbers(text) if n not in self.valid]
            if bad:
                have = ", ".join(f"[{n}]" for n in sorted(self.valid)) or "none"
                out.append(f"cites {', '.join(f'[{n}]' for n in bad)} but the sources are {have}")
            extra = sorted(figures_in(text) - self.allowed)
            if extra:
                out.append(
                    f"writes figures that are not in <plan> ({', '.join(extra)}): leave figures out"
                )
        return out

    def check(self, reply: str) -> tuple[_Draft | None, list[str], dict[str, Any] | None]:
        """(draft, problems, parsed JSON). The draft is None when there are problems."""
        data = extract_json(reply)
        if data is None:
            return None, ["the reply is not a JSON object"], None
        data = map_strings(data, self.normalise)
        try:
            draft = self.schema.model_validate(data)
        except ValidationError as err:
            return None, [_pydantic_problem(e) for e in err.errors()], data
        problems = list(dict.fromkeys(self.problems(draft.model_dump())))
        if problems:
            return None, problems, data
        canonical = map_strings(draft.model_dump(), lambda s: clean_citations(s, self.valid)[0])
        return self.schema.model_validate(canonical), [], data

    def repair(self, data: dict[str, Any], fallback: _Draft) -> _Draft | None:
        """Keep what is usable of ``data``; fill the rest from ``fallback`` (our own draft).

        Invalid citations are dropped, sentences with invented figures are removed, a string
        where a list belongs becomes a one-item list. None if nothing of the model's survives.
        """
        base = fallback.model_dump()
        kept = 0
        out: dict[str, Any] = dict(base)
        for key, default in base.items():
            if key == "kind" or key not in data:
                continue
            value = self._clean(data[key], default)
            if value is not None:
                out[key] = value
                kept += 1
        if not kept:
            return None
        try:
            return self.schema.model_validate(out)
        except ValidationError:
            return None

    def _clean(self, value: Any, default: Any) -> Any:
        if isinstance(default, str):
            if isinstance(value, list):
                value = " ".join(str(v) for v in value if isinstance(v, str))
            return self._clean_text(value) if isinstance(value, str) else None
        if isinstance(default, list):
            items = value if isinstance(value, list) else [value]
            sample = default[0] if default else ""
            cleaned = [self._clean(item, sample) for item in items]
            kept = [c for c in cleaned if c][:8]
            return kept or None
        if isinstance(default, dict) and isinstance(value, dict):
            result = {k: self._clean(value.get(k), v) for k, v in default.items()}
            return result if all(result.values()) else None
        return None

    def _clean_text(self, text: str) -> str | None:
        text, _, _ = clean_citations(" ".join(text.split()), self.valid)
        sentences = [s for s in _SENTENCE.split(text) if not (figures_in(s) - self.allowed)]
        result = " ".join(sentences).strip()
        return result[:1200] if len(result) >= 3 else None


def _pydantic_problem(error: Any) -> str:
    where = ".".join(str(x) for x in error.get("loc", ())) or "object"
    return f"{where}: {error.get('msg', 'invalid')}"
