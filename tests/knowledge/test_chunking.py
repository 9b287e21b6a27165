from __future__ import annotations

import itertools
from pathlib import Path

from channelwise.knowledge.chunking import chunk_document
from channelwise.knowledge.loader import parse_document
from channelwise.tokens import count_tokens

HEADER = """---
title: "Long document"
language: de
as_of: 2026-11-01
topics: [test]
sources: [{title: s, url: "https://example.org"}]
---
"""


def _doc(body: str):  # type: ignore[no-untyped-def]
    return parse_document(Path("long.de.md"), (HEADER + body).encode())


def _sentences(prefix: str, n: int) -> str:
    return " ".join(f"{prefix} Satz Nummer {i} erklärt die Reichweite im Detail." for i in range(n))


def test_sections_are_never_mixed_and_carry_their_heading_path() -> None:
    body = (
        "# Long document\n\nIntro text.\n\n## Erster Teil\n\n"
        + _sentences("A", 5)
        + "\n\n### Unterpunkt\n\n"
        + _sentences("B", 5)
        + "\n\n## Zweiter Teil\n\n"
        + _sentences("C", 5)
    )
    chunks = chunk_document(_doc(body), chunk_tokens=400, overlap=40)
    assert [c.heading for c in chunks] == [
        "",
        "Erster Teil",
        "Erster Teil > Unterpunkt",
        "Zweiter Teil",
    ]
    assert chunks[0].text == "Intro text."
    assert all(c.text.startswith(p) for c, p in zip(chunks[1:], "ABC", strict=True))
    assert [c.ordinal for c in chunks] == [0, 1, 2, 3]


def test_long_sections_split_within_budget_with_overlap() -> None:
    body = "## Teil\n\n" + _sentences("A", 80)
    chunks = chunk_document(_doc(body), chunk_tokens=120, overlap=30)
    assert len(chunks) > 3
    assert all(count_tokens(c.text) <= 120 for c in chunks)
    for left, right in itertools.pairwise(chunks):
        tail = left.text.split(". ")[-1].strip(". ")
        assert tail in right.text, "neighbouring chunks must overlap"
    joined = " ".join(c.text for c in chunks)
    assert all(f"Nummer {i} " in joined for i in range(80)), "no text may be lost"


def test_chunk_ids_are_stable_and_change_with_the_text() -> None:
    body = "## Teil\n\n" + _sentences("A", 10)
    first = [c.chunk_id for c in chunk_document(_doc(body), 100, 20)]
    again = [c.chunk_id for c in chunk_document(_doc(body), 100, 20)]
    edited = [c.chunk_id for c in chunk_document(_doc(body.replace("Nummer 9", "Nr. 9")), 100, 20)]
    assert first == again
    assert len(set(first)) == len(first)
    assert all(cid.startswith("long.de::") for cid in first)
    assert first[0] == edited[0] and first[-1] != edited[-1]
