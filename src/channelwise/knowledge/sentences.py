"""Split German and English text into sentences (no model, no download).

Used at ingest time (evidence sentences are stored with the index) and on model answers
(every answer sentence is checked on its own), so both sides split the same way.

Rules: a sentence ends at ``.``, ``!`` or ``?`` (optionally followed by closing quotes or
brackets) when whitespace and an upper-case letter, digit or opening quote follow; not
after common abbreviations ("z. B.", "e.g.", "Nr.", "Dr."), single initials, or an
ordinal number followed by a month ("14. Oktober 2024"), nor inside a quotation („…?“).
Markdown list items, table rows and paragraphs are always separate sentences.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    """
    z b bzw ca d h u a o ä ggf inkl evtl vgl etc usw bspw sog ggü zzgl abs art nr dr prof
    mio mrd tsd jh jhd st str mr mrs ms vs e g i al approx fig no jan feb mar apr jun jul
    aug sep sept okt oct nov dez dec corp inc ltd co
    """.split()
)
_MONTHS = (
    "januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|"
    "jan|feb|mär|apr|jun|jul|aug|sep|sept|okt|nov|dez"
)
_ORDINAL_DATE = re.compile(rf"\d{{1,2}}\.\s+(?:{_MONTHS})\b", re.IGNORECASE)
_BOUNDARY = re.compile(
    r"([.!?…]+[\"'”“»)\]]*(?:\s*\[\d{1,2}(?:\s*[,;]\s*\d{1,2})*\])*)"  # end + citation markers
    r"(\s+)(?=[\"'„“«(]?[A-ZÄÖÜ0-9]|\[[^\d\]])"
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")
_LAST_WORD = re.compile(r"([^\W\d_]+)\.?$")


QUOTE_SPAN = 300
"""How far back an opening quotation mark keeps a sentence open (an unbalanced quote in a
document must not swallow the rest of its paragraph)."""


def _inside_quote(head: str) -> bool:
    """A quotation opened near the end of ``head`` is still open: "(„Bedrohung für Creator?
    (Gastbeitrag von Jens Wiese)“)" is one title, not two sentences."""
    near = head[-QUOTE_SPAN:]
    for opening, closing in (("„", "“"), ("«", "»"), ("“", "”")):
        if opening in near:
            return near.count(opening) > near.count(closing)
    return False


def _is_abbreviation(head: str) -> bool:
    """``head`` ends with the period of an abbreviation or initial, not a sentence end."""
    stripped = head.rstrip()
    if not stripped.endswith("."):
        return False
    match = _LAST_WORD.search(stripped[:-1] + ".")
    if match is None:
        return False
    word = match.group(1)
    if len(word) == 1:  # initials and "z. B." parts
        return True
    return word.casefold() in _ABBREVIATIONS


def _split_paragraph(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end(1)
        head = text[start:end]
        if match.group(1) == "." and _is_abbreviation(head):
            continue
        if _inside_quote(head):
            continue
        if match.group(1) == "." and _ORDINAL_DATE.match(text, _last_number_start(text, end)):
            continue
        piece = head.strip()
        if piece:
            sentences.append(piece)
        start = match.end(2)
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _last_number_start(text: str, end: int) -> int:
    """Start of the digits right before the period at ``end - 1`` (or ``end`` if none)."""
    i = end - 1
    while i > 0 and text[i - 1].isdigit():
        i -= 1
    return i if i < end - 1 else end


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` in order; list items and paragraphs never merge."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or _LIST_ITEM.match(line) or stripped.startswith("|"):
            if current:
                blocks.append(" ".join(current))
                current = []
            if stripped:
                current.append(
                    _LIST_ITEM.sub("", stripped) if not stripped.startswith("|") else stripped
                )
            continue
        current.append(stripped)
    if current:
        blocks.append(" ".join(current))
    sentences: list[str] = []
    for block in blocks:
        sentences.extend(_split_paragraph(" ".join(block.split())))
    return sentences
