"""How close a user's question is to a curated one: meaning and words together.

The bundled embedder alone ranks "werden ki massen videos noch monetarisiert?" above
"ab wann zahlt yt was?" for "ab wie vielen abonnenten zahlt youtube?"; the shared words
("Abonnenten", "YouTube") settle it. A curated question's score is its cosine similarity with
the user's question plus ``lexical`` times the IDF-weighted Dice overlap of their search
terms (:func:`likeness`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from channelwise.knowledge.question_index import QuestionTable
from channelwise.knowledge.sentence_index import Vector
from channelwise.knowledge.snapshot import IndexSnapshot

LEXICAL_WEIGHT = 0.45
"""Weight of shared words next to cosine similarity (tune split)."""


def overlap(query: Sequence[str], terms: frozenset[str], idf: Mapping[str, float]) -> float:
    """IDF-weighted share of ``query``'s terms that ``terms`` contains."""
    wanted = set(query)
    total = sum(idf.get(t, 1.0) for t in wanted)
    return sum(idf.get(t, 1.0) for t in wanted & terms) / total if total else 0.0


def likeness(query: Sequence[str], terms: frozenset[str], idf: Mapping[str, float]) -> float:
    """IDF-weighted Dice overlap of two questions' terms: words either one has alone count
    against it. "should we start a newsletter?" shares every word with "wie starten wir
    einen bezahlten newsletter?" and with "improving newsletter deliverability, where do we
    start?"; what those add ("bezahlten", "deliverability") tells them apart (tune split:
    in-scope questions refused 2.4 -> 0.8 %, playbook entries as labelled +4 points)."""
    wanted = set(query)
    total = sum(idf.get(t, 1.0) for t in wanted) + sum(idf.get(t, 1.0) for t in terms)
    return 2 * sum(idf.get(t, 1.0) for t in wanted & terms) / total if total else 0.0


def question_scores(
    snap: IndexSnapshot,
    table: QuestionTable,
    vector: Vector,
    query_terms: Sequence[str],
    lexical: float = LEXICAL_WEIGHT,
) -> Vector:
    """The combined score of every question of ``table`` (rows in table order)."""
    dense = table.similarities(vector)
    if not lexical or not query_terms or not len(table):
        return dense
    idf = snap.idf()
    words = np.fromiter(
        (likeness(query_terms, terms, idf) for terms in table.terms(snap.text_terms)),
        dtype=np.float32,
        count=len(table),
    )
    combined: Vector = dense + lexical * words
    return combined
