"""Citation markers in streamed answers: keep ``[n]`` that match a source, drop the rest.

The filter works on the stream, so a user never sees a citation number that points
nowhere, not even for a moment. Variants small models produce (``[Source 2]``,
``[Quelle 1, 3]``, ``[1][2]``) are normalised to ``[1][2]``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from channelwise.chat.language import content_terms

_CITATION = re.compile(
    r"\[\s*(?:(?:sources?|quellen?|src)\s*)?(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]",
    re.IGNORECASE,
)
_MAX_MARKER = 32


class CitationFilter:
    """Feed text deltas, get text with only valid citations; then ``flush()``."""

    def __init__(self, valid: Collection[int]) -> None:
        self.valid = frozenset(valid)
        self.used: list[int] = []
        """Valid citation numbers in order of first use."""
        self.removed: list[int] = []
        """Citation numbers the model wrote that match no source."""
        self._marker = ""
        self._space = ""
        self._dropped = False

    def feed(self, text: str) -> str:
        out: list[str] = []
        for ch in text:
            if self._marker:
                self._marker += ch
                if ch == "]":
                    out.append(self._resolve(self._marker))
                    self._marker = ""
                elif ch == "[" or ch == "\n" or len(self._marker) > _MAX_MARKER:
                    out.append(self._space + self._marker[:-1])
                    self._space, self._marker = "", ""
                    out.append(self.feed(ch))
            elif ch == "[":
                self._marker = "["
            elif ch in " \t":
                if not (self._dropped and self._space):  # no double space after a drop
                    self._space += ch
            else:
                if self._dropped and ch in ".,;:!?)":
                    self._space = ""  # "text [9]." -> "text."
                out.append(self._space + ch)
                self._space, self._dropped = "", False
        return "".join(out)

    def flush(self) -> str:
        rest = ("" if self._dropped and not self._marker else self._space) + self._marker
        self._space, self._marker = "", ""
        return rest

    def _resolve(self, marker: str) -> str:
        match = _CITATION.fullmatch(marker)
        if match is None:
            text, self._space = self._space + marker, ""
            return text
        kept: list[int] = []
        for number in (int(n) for n in re.split(r"\s*[,;]\s*", match.group(1))):
            if number in self.valid:
                kept.append(number)
                if number not in self.used:
                    self.used.append(number)
            else:
                self.removed.append(number)
        if not kept:
            self._dropped = True  # its leading space goes too if punctuation follows
            return ""
        text, self._space = self._space + "".join(f"[{n}]" for n in kept), ""
        return text


def clean_citations(text: str, valid: Collection[int]) -> tuple[str, list[int], list[int]]:
    """Whole-text version: (clean text, used numbers, removed numbers)."""
    flt = CitationFilter(valid)
    clean = flt.feed(text) + flt.flush()
    return clean, flt.used, flt.removed


def cited_numbers(text: str) -> list[int]:
    """All numbers inside citation markers, in order (duplicates kept)."""
    return [int(n) for m in _CITATION.finditer(text) for n in re.split(r"\s*[,;]\s*", m.group(1))]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_TRAILING = re.compile(r"([.!?:;]*)\s*$")


def attribute(
    text: str, sources: Mapping[int, str], *, min_shared: int = 3, min_share: float = 0.4
) -> tuple[str, list[int]]:
    """Add ``[n]`` to sentences that clearly restate source ``n``; return (text, numbers).

    For models that answer from the sources but do not write citation markers (small local
    models often do not). A sentence is attributed to the source it shares the most content
    words with, if it shares at least ``min_shared`` of them and at least ``min_share`` of
    its own. Sentences that already carry a marker are left alone.
    """
    source_terms = {n: content_terms(t) for n, t in sources.items()}
    used: list[int] = []
    lines = []
    for line in text.split("\n"):
        sentences = []
        for sentence in _SENTENCE_END.split(line):
            terms = content_terms(sentence)
            best = max(source_terms, key=lambda n: len(terms & source_terms[n]), default=None)
            shared = len(terms & source_terms[best]) if best is not None else 0
            if (
                best is None
                or _CITATION.search(sentence)
                or shared < min_shared
                or shared < min_share * len(terms)
            ):
                sentences.append(sentence)
                continue
            match = _TRAILING.search(sentence)
            assert match is not None  # the pattern matches every string
            body, end = sentence[: match.start()], match.group(1)
            sentences.append(f"{body} [{best}]{end}")
            if best not in used:
                used.append(best)
        lines.append(" ".join(sentences))
    return "\n".join(lines), used
