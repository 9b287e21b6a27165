from __future__ import annotations

import itertools
from pathlib import Path

from channelwise.knowledge.chunking import CHUNKER_VERSION, chunk_document
from channelwise.knowledge.loader import parse_document
from channelwise.knowledge.sentences import split_sentences
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


def _july_paragraph(n: int) -> str:
    """One long German paragraph; every third sentence dates a rule "seit dem 15. Juli 2025"
    (an ordinal date: its period ends no sentence)."""
    sentences = []
    for i in range(n):
        if i % 3 == 0:
            sentences.append(f"Regel {i} gilt seit dem 15. Juli 2025 für alle Konten im Test.")
        else:
            sentences.append(f"Satz {i} beschreibt, wie die Plattform Beiträge verteilt.")
    return " ".join(sentences)


def test_the_chunker_version_is_five() -> None:  # 5: quotations keep sentences open
    assert CHUNKER_VERSION == 5


def test_a_passage_never_ends_inside_a_sentence() -> None:
    paragraph = _july_paragraph(60)
    body = "# Long document\n\n## Verteilung\n\n" + paragraph + "\n"
    chunks = chunk_document(_doc(body), chunk_tokens=120, overlap=30)
    section = split_sentences(paragraph)
    assert len(section) == 60 and sum("15. Juli 2025" in s for s in section) == 20
    assert len(chunks) >= 4
    for c in chunks:
        assert count_tokens(c.text) <= 120
        assert set(split_sentences(c.text)) <= set(section), c.text
        assert not c.text.endswith("15."), c.text
        assert not c.text.startswith("Juli 2025"), c.text
        assert c.text.count("15. Juli 2025") == c.text.count("seit dem")
        assert (c.heading, c.section) == ("Verteilung", 1)
    joined = {s for c in chunks for s in split_sentences(c.text)}
    assert joined == set(section), "every sentence is in a passage, whole"
    for left, right in itertools.pairwise(chunks):
        assert split_sentences(right.text)[0] in split_sentences(left.text), "whole overlap"


def test_a_sentence_longer_than_a_passage_stays_whole() -> None:
    long_sentence = (
        "Seit dem 15. Juli 2025 gilt " + ", ".join(f"Punkt {i}" for i in range(80)) + "."
    )
    body = f"## Teil\n\nEin kurzer Satz. {long_sentence} Noch ein Satz."
    chunks = chunk_document(_doc(body), chunk_tokens=64, overlap=0)
    assert [c.text for c in chunks] == ["Ein kurzer Satz.", long_sentence, "Noch ein Satz."]


def test_paragraphs_and_list_items_are_packed_whole() -> None:
    items = "\n".join(f"- Punkt {i}: seit dem 15. Juli 2025 gilt Regel {i}." for i in range(30))
    body = "## Liste\n\nEinleitung der Liste.\n\n" + items
    chunks = chunk_document(_doc(body), chunk_tokens=80, overlap=0)
    assert len(chunks) >= 3
    lines = [c.text.splitlines() for c in chunks]
    assert lines[0][0] == "Einleitung der Liste."
    found = [line for part in lines for line in part if line.startswith("- Punkt")]
    assert found == [f"- Punkt {i}: seit dem 15. Juli 2025 gilt Regel {i}." for i in range(30)]


def test_passages_carry_the_index_of_their_section() -> None:
    body = (
        "# Long document\n\nIntro.\n\n## Erster Teil\n\nA.\n\n### Unterpunkt\n\nB.\n\n"
        "## Zweiter Teil\n\nC.\n\n## Erster Teil\n\nD.\n"
    )
    doc = _doc(body)
    assert doc.sections == ("", "Erster Teil", "Zweiter Teil", "Erster Teil")
    chunks = chunk_document(doc, chunk_tokens=200, overlap=0)
    assert [(c.text, c.section) for c in chunks] == [
        ("Intro.", 0),
        ("A.", 1),
        ("B.", 1),
        ("C.", 2),
        ("D.", 3),  # the same heading again: the later section
    ]
