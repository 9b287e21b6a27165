"""The questions each section of a document answers, written by its editors.

Below every section of a curated document a comment block lists the questions the section
answers, each tied to the sentence(s) that answer it (knowledge/README.md shows the format)::

    <!-- questions
    - q: "ab wie vielen followern zahlt tiktok was?"
      a: "Das Creator Rewards Program verlangt"
    -->

A Markdown viewer hides the block. :func:`split_questions` removes the blocks from the text
(the chunker and readers see clean prose) and returns the questions with the index of the
section they belong to: 0 for the text before the first ``##`` heading, then 1, 2, ... for the
``##`` sections in order. The two files of a document pair have the same sections in the same
order, so a section index names the same section in both languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from channelwise.knowledge.sentences import split_sentences

_BLOCK = re.compile(r"<!--\s*questions[ \t]*\n(?P<body>.*?)-->[ \t]*\n?", re.DOTALL)
_SECTION = re.compile(r"^##[ \t]+(?P<heading>.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class CuratedQuestion:
    """A question an editor tied to the sentences of one section that answer it."""

    text: str
    section: int
    answers: tuple[str, ...]
    """Verbatim pieces of the answering sentences (each inside exactly one sentence)."""


class QuestionBlockError(ValueError):
    """A question block that cannot be read (the message says what is wrong)."""


def section_headings(body: str) -> tuple[str, ...]:
    """The ``##`` headings of a body in order, after ``""`` for the text before them."""
    return ("", *(m["heading"].strip() for m in _SECTION.finditer(body)))


def section_of(body: str, offset: int) -> int:
    """Index of the section that holds ``offset`` of ``body`` (0: before the first ``##``)."""
    return sum(1 for m in _SECTION.finditer(body) if m.start() < offset)


def section_texts(body: str) -> list[str]:
    """The text of each section (index as in :func:`section_headings`), headings removed."""
    texts: list[str] = []
    start = 0
    for match in _SECTION.finditer(body):
        texts.append(body[start : match.start()])
        start = match.end()
    texts.append(body[start:])
    return [_without_title(t) if i == 0 else t.strip() for i, t in enumerate(texts)]


def _without_title(text: str) -> str:
    return re.sub(r"^#[ \t]+.*$", "", text, flags=re.MULTILINE).strip()


def split_questions(body: str) -> tuple[str, tuple[CuratedQuestion, ...]]:
    """The body without question blocks, and the questions with their section index."""
    questions: list[CuratedQuestion] = []
    kept: list[str] = []
    start = 0
    for block in _BLOCK.finditer(body):
        kept.append(body[start : block.start()])
        start = block.end()
        section = section_of(body, block.start())
        questions.extend(_parse_block(block["body"], section))
    kept.append(body[start:])
    clean = re.sub(r"\n{3,}", "\n\n", "".join(kept)).strip()
    return clean, tuple(questions)


def _parse_block(text: str, section: int) -> list[CuratedQuestion]:
    try:
        rows = yaml.safe_load(text)
    except yaml.YAMLError as err:
        first = str(err).splitlines()[0]
        raise QuestionBlockError(
            f"the questions block of section {section} is not valid YAML ({first})"
        ) from None
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise QuestionBlockError(
            f"the questions block of section {section} must be a list of '- q: … a: …' items"
        )
    out: list[CuratedQuestion] = []
    for row in rows:
        if not isinstance(row, dict) or not str(row.get("q") or "").strip():
            raise QuestionBlockError(
                f"each question of section {section} needs 'q' (the question), got {row!r}"
            )
        answers = row.get("a")
        pieces = [answers] if isinstance(answers, str) else answers
        if (
            not isinstance(pieces, list)
            or not pieces
            or not all(isinstance(p, str) and p.strip() for p in pieces)
        ):
            raise QuestionBlockError(
                f"question {row['q']!r} (section {section}) needs 'a': the piece(s) of the "
                "sentence(s) that answer it"
            )
        out.append(
            CuratedQuestion(
                " ".join(str(row["q"]).split()), section, tuple(" ".join(p.split()) for p in pieces)
            )
        )
    return out


def answer_sentences(piece: str, sentences: list[str]) -> list[int]:
    """Positions of the sentences that contain ``piece`` (whitespace-insensitive)."""
    wanted = " ".join(piece.split()).casefold()
    return [i for i, s in enumerate(sentences) if wanted in " ".join(s.split()).casefold()]


def section_sentences(body: str) -> list[list[str]]:
    """The sentences of every section of a clean body (index as in ``section_headings``)."""
    return [split_sentences(text) for text in section_texts(body)]
