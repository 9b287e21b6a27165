"""Questions to ask next: each one the knowledge base answers, in the asker's language.

After an answer, two or three questions from the entry or section that answered (the
playbook entry's related entries; the section's questions about its other sentences), then
the next-best section. For a question the knowledge base does not cover, the covered
questions nearest to it, from different sections.
"""

from __future__ import annotations

from collections.abc import Sequence

from channelwise.grounding.compose import Composed
from channelwise.grounding.matching import Matches, SectionKey
from channelwise.i18n import Language
from channelwise.knowledge.sentence_index import Vector
from channelwise.knowledge.snapshot import IndexSnapshot

MAX_SUGGESTIONS = 3
NEAR = 0.5
"""Below this, the nearest curated question is no help: suggest where managers begin."""
STARTERS = ("meta-dependence-level", "article-recommendations", "first-90-days")


def suggest(
    snap: IndexSnapshot,
    matches: Matches,
    composed: Composed,
    language: Language,
    asked: Sequence[str] = (),
) -> list[str]:
    """Up to three questions (never one of ``asked``, the conversation's questions)."""
    seen = {" ".join(q.casefold().split()) for q in asked}
    out: list[str] = []

    def add(question: str | None) -> None:
        if question is None or len(out) >= MAX_SUGGESTIONS:
            return
        key = " ".join(question.casefold().split())
        if key not in seen:
            seen.add(key)
            out.append(question)

    if composed.mode == "not_covered":
        if max(matches.best_question, matches.best_playbook) < NEAR:
            for entry_id in STARTERS:  # nothing near: where managers usually begin
                entry = snap.playbook.get(entry_id)
                if entry is not None and entry.questions[language]:
                    add(entry.questions[language][0])
            return out
        for key in _keys(matches, 6):
            add(_nearest_question(snap, key, language, matches.vector))
        return out
    if composed.entry_id is not None:
        entry = snap.playbook.get(composed.entry_id)
        for related in entry.related if entry else ():
            other = snap.playbook.get(related)
            if other is not None and other.questions[language]:
                add(other.questions[language][0])
    for key in composed.sections[:1]:
        for question in _other_questions(snap, key, language, matches.vector):
            if len(out) < 2:
                add(question)
    for key in _keys(matches, 4):
        if key not in composed.sections:
            add(_nearest_question(snap, key, language, matches.vector))
    return out


def _keys(matches: Matches, n: int) -> list[SectionKey]:
    return [m.key for m in matches.sections[:n]]


def _rows(snap: IndexSnapshot, key: SectionKey, language: Language) -> list[int]:
    table = snap.question_table
    return table.rows_of(f"{key[0]}.{language}", key[1]) if table is not None else []


def _nearest_question(
    snap: IndexSnapshot, key: SectionKey, language: Language, vector: Vector
) -> str | None:
    table = snap.question_table
    rows = _rows(snap, key, language)
    if table is None or not rows:
        return None
    return table.texts[max(rows, key=lambda r: float(table.vectors[r] @ vector))]


def _other_questions(
    snap: IndexSnapshot, key: SectionKey, language: Language, vector: Vector
) -> list[str]:
    """Questions of the section about other sentences than the one nearest ``vector``."""
    table = snap.question_table
    rows = _rows(snap, key, language)
    if table is None or not rows:
        return []
    rows = sorted(rows, key=lambda r: -float(table.vectors[r] @ vector))
    covered = set(table.sentence_ids[rows[0]])
    out = []
    for row in rows[1:]:
        answers = set(table.sentence_ids[row])
        if answers and not answers & covered:
            covered |= answers
            out.append(table.texts[row])
    return out
