"""Figures and names in text, for checking that an answer invents none.

A figure in an answer is allowed when the same value occurs in the evidence (or the user's
stats): ``1.000``, ``1,000`` and ``1000`` are one value, ``55 %`` and ``55 Prozent`` too,
and small numbers written as words ("drei", "three") count as their digits. Names are the
platforms, companies and people the knowledge base talks about, plus acronyms; an answer may
only name those that occur in the evidence or the question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from channelwise.knowledge.names import PLATFORMS

_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[.,\u202f\u00a0 ]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?"
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30,
    "hundred": 100, "thousand": 1000, "million": None, "billion": None,
    "eins": 1, "ein": None, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "zwanzig": 20,
    "dreißig": 30, "hundert": 100, "tausend": 1000,
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _values(token: str) -> set[str]:
    """Every reading of a number token as a canonical decimal string."""
    compact = re.sub(r"[\u202f\u00a0 ]", "", token)
    readings: set[str] = set()
    for thousands, decimal in ((".", ","), (",", ".")):
        parts = compact.split(decimal)
        if len(parts) > 2:
            continue
        whole = parts[0]
        if thousands in whole:
            groups = whole.split(thousands)
            if not all(len(g) == 3 for g in groups[1:]):
                continue
            whole = "".join(groups)
        if not whole.isdigit():
            continue
        value = whole.lstrip("0") or "0"
        if len(parts) == 2 and parts[1].isdigit():
            frac = parts[1].rstrip("0")
            value = f"{value}.{frac}" if frac else value
        readings.add(value)
    return readings


def figures(text: str) -> list[set[str]]:
    """The numbers in ``text``, each as the set of its possible values."""
    out = [values for m in _NUMBER.finditer(text) if (values := _values(m.group(0)))]
    for word in _WORD.findall(text.casefold()):
        value = _NUMBER_WORDS.get(word)
        if value is not None:
            out.append({str(value)})
    return out


def figure_values(texts: Iterable[str]) -> set[str]:
    """All values of all numbers in ``texts`` (what an answer may mention)."""
    allowed: set[str] = set()
    for text in texts:
        for values in figures(text):
            allowed |= values
    return allowed


def unsupported_figures(sentence: str, allowed: set[str]) -> list[str]:
    """Number tokens of ``sentence`` none of whose readings is in ``allowed``."""
    bad: list[str] = []
    for match in _NUMBER.finditer(sentence):
        values = _values(match.group(0))
        if values and not values & allowed:
            bad.append(match.group(0))
    return bad


_ACRONYM = re.compile(r"\b[A-ZÄÖÜ]{2,}[a-z]?\b")
_CAMEL = re.compile(r"\b[a-z]+[A-Z]\w*\b|\b[A-Z][a-z]+[A-Z]\w*\b")


def names_in(text: str, lexicon: frozenset[str]) -> set[str]:
    """Names from ``lexicon`` and acronyms that occur in ``text``."""
    found = {w for w in _WORD.findall(text) if w in lexicon}
    found |= {m.group(0) for m in _ACRONYM.finditer(text)}
    found |= {m.group(0) for m in _CAMEL.finditer(text)}
    return found


def unsupported_names(sentence: str, allowed_text: str, lexicon: frozenset[str]) -> list[str]:
    """Names in ``sentence`` that ``allowed_text`` (evidence, question, stats) never mentions."""
    allowed = allowed_text.casefold()
    return sorted(n for n in names_in(sentence, lexicon) if n.casefold() not in allowed)


def misattributed_figures(
    sentence: str, evidence_sentences: Iterable[str], names: frozenset[str]
) -> list[str]:
    """Shares the answer gives to one platform while the evidence gives them to another.

    For each percentage in ``sentence`` that sits next to a platform in an evidence sentence
    (the nearest platform name by distance), the answer must name that platform too. Catches
    "Instagram: 31 %" when the evidence says "Facebook ... 31 percent ..., Instagram (40 %)".
    """
    said = {p for p in PLATFORMS if re.search(rf"\b{re.escape(p)}\b", sentence)}
    if not said:
        return []
    bad: list[str] = []
    for match in _NUMBER.finditer(sentence):
        if not _PERCENT.match(sentence, match.end()):
            continue
        values = _values(match.group(0))
        owners: set[str] = set()
        for text in evidence_sentences:
            owner = _nearest_platform(text, values)
            if owner:
                owners.add(owner)
        if owners and not owners & said:
            bad.append(match.group(0))
    return bad


_PERCENT = re.compile(r"\s?(%|percent\b|per cent\b|prozent\b)", re.IGNORECASE)


def _nearest_platform(text: str, values: set[str]) -> str | None:
    """The platform named closest to an occurrence of one of ``values`` in ``text``."""
    platforms = [
        (m.start(), m.group(0))
        for p in PLATFORMS
        for m in re.finditer(rf"\b{re.escape(p)}\b", text)
    ]
    if not platforms:
        return None
    best: tuple[int, str] | None = None
    for match in _NUMBER.finditer(text):
        if not _values(match.group(0)) & values or not _PERCENT.match(text, match.end()):
            continue
        for position, name in platforms:
            distance = abs(position - match.start())
            if best is None or distance < best[0]:
                best = (distance, name)
    return best[1] if best else None
