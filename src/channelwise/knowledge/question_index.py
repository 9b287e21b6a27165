"""The curated questions of every section, embedded at ingest and kept in the search file.

Hypothetical-question indexing with questions written by editors (as in HyPE): a user's
question is matched against the questions each section answers, so "reicht das für geld von
yt?" finds the monetisation section of the YouTube profile even when it shares few words with
the passage. Each question is stored with its document, section, language and the sentence
ids of its answer (the pieces its editor tied it to, resolved against the stored sentences).
Vectors are reused by question text, so an unchanged question is never embedded twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from channelwise.i18n import Language
from channelwise.knowledge.aliases import expand
from channelwise.knowledge.declined import DeclinedTopic
from channelwise.knowledge.playbook import PlaybookEntry
from channelwise.knowledge.questions import answer_sentences
from channelwise.knowledge.records import Chunk, KnowledgeDocument
from channelwise.knowledge.sentence_index import SentenceTable, Vector, unit_rows


@dataclass(frozen=True)
class QuestionRecord:
    """One curated question of a document section."""

    row: int
    doc_id: str
    section: int
    language: Language
    text: str
    sentence_ids: tuple[str, ...]
    """The sentences that answer it, in document order (``<chunk_id>#<position>``)."""


class QuestionTable:
    """Every curated question of one generation with its unit vector."""

    def __init__(
        self,
        doc_ids: Sequence[str],
        sections: Sequence[int],
        languages: Sequence[Language],
        texts: Sequence[str],
        sentence_ids: Sequence[Sequence[str]],
        vectors: Vector,
    ) -> None:
        self.doc_ids = list(doc_ids)
        self.sections = list(sections)
        self.languages = list(languages)
        self.texts = list(texts)
        self.sentence_ids = [tuple(ids) for ids in sentence_ids]
        self.vectors = vectors
        self._terms: list[frozenset[str]] | None = None
        self._rows_of: dict[tuple[str, int], list[int]] = {}
        for row, key in enumerate(zip(self.doc_ids, self.sections, strict=True)):
            self._rows_of.setdefault(key, []).append(row)

    def __len__(self) -> int:
        return len(self.texts)

    def record(self, row: int) -> QuestionRecord:
        return QuestionRecord(
            row,
            self.doc_ids[row],
            self.sections[row],
            self.languages[row],
            self.texts[row],
            self.sentence_ids[row],
        )

    def terms(self, analyse: Callable[[str, Language], list[str]]) -> list[frozenset[str]]:
        """Each question's search terms (computed once per table)."""
        if self._terms is None:
            self._terms = [
                frozenset(analyse(expand(text), lang))
                for text, lang in zip(self.texts, self.languages, strict=True)
            ]
        return self._terms

    def rows_of(self, doc_id: str, section: int) -> list[int]:
        """Rows of the questions of one document section."""
        return self._rows_of.get((doc_id, section), [])

    def similarities(self, vector: Vector) -> Vector:
        scores: Vector = self.vectors @ vector if len(self) else np.zeros(0, np.float32)
        return scores

    def nearest(self, vector: Vector, n: int) -> list[tuple[QuestionRecord, float]]:
        """The ``n`` curated questions most similar to ``vector`` (a unit vector)."""
        if not len(self) or n <= 0:
            return []
        similarity = self.similarities(vector)
        n = min(n, len(self))
        top = np.argpartition(-similarity, n - 1)[:n]
        top = top[np.argsort(-similarity[top], kind="stable")]
        return [(self.record(int(row)), float(similarity[row])) for row in top]

    def rows(self) -> list[list[object]]:
        """The table without vectors, as JSON-ready rows (for the search file)."""
        return [
            [d, s, lang, t, list(ids)]
            for d, s, lang, t, ids in zip(
                self.doc_ids,
                self.sections,
                self.languages,
                self.texts,
                self.sentence_ids,
                strict=True,
            )
        ]

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[object]], vectors: Vector) -> QuestionTable:
        data = [tuple(r) for r in rows]
        return cls(
            [str(r[0]) for r in data],
            [int(str(r[1])) for r in data],
            [r[2] for r in data],  # type: ignore[misc]
            [str(r[3]) for r in data],
            [[str(i) for i in r[4]] for r in data],  # type: ignore[attr-defined]
            vectors,
        )

    def vectors_by_text(self) -> dict[str, Vector]:
        return {text: self.vectors[row] for row, text in enumerate(self.texts)}

    @classmethod
    def for_playbook(
        cls,
        entries: Sequence[PlaybookEntry],
        embed_queries: Callable[[Sequence[str]], Vector],
        previous: Mapping[str, Vector] | None = None,
    ) -> QuestionTable:
        """The playbook's questions and titles (``doc_id`` = entry id), reusing known
        vectors."""
        rows = [
            (entry.entry_id, lang, text)
            for entry in entries
            for lang, texts in entry.questions.items()
            for text in (entry.title[lang], *texts)
        ]
        return cls._of(rows, embed_queries, previous)

    @classmethod
    def for_declined(
        cls,
        topics: Sequence[DeclinedTopic],
        embed_queries: Callable[[Sequence[str]], Vector],
        previous: Mapping[str, Vector] | None = None,
    ) -> QuestionTable:
        """The questions the knowledge base declines (``doc_id`` = topic id)."""
        rows = [
            (topic.topic_id, lang, text)
            for topic in topics
            for lang, texts in topic.questions.items()
            for text in texts
        ]
        return cls._of(rows, embed_queries, previous)

    @classmethod
    def _of(
        cls,
        rows: Sequence[tuple[str, Language, str]],
        embed_queries: Callable[[Sequence[str]], Vector],
        previous: Mapping[str, Vector] | None,
    ) -> QuestionTable:
        texts = [text for _, _, text in rows]
        return cls(
            [doc_id for doc_id, _, _ in rows],
            [0] * len(rows),
            [lang for _, lang, _ in rows],
            texts,
            [()] * len(rows),
            _embedded(texts, embed_queries, previous or {}),
        )

    @classmethod
    def build(
        cls,
        documents: Sequence[KnowledgeDocument],
        chunks: Sequence[Chunk],
        sentences: SentenceTable | None,
        embed_queries: Callable[[Sequence[str]], Vector],
        previous: Mapping[str, Vector] | None = None,
    ) -> QuestionTable:
        """Resolve every question's answer pieces to sentence ids and embed new questions."""
        previous = previous or {}
        by_section: dict[tuple[str, int], list[tuple[str, str]]] = {}
        if sentences is not None:
            section_of = {c.chunk_id: (c.doc_id, c.section) for c in chunks}
            for row, chunk_id in enumerate(sentences.chunk_ids):
                key = section_of.get(chunk_id)
                if key is not None:
                    sid = f"{chunk_id}#{sentences.positions[row]}"
                    by_section.setdefault(key, []).append((sid, sentences.texts[row]))
        doc_ids: list[str] = []
        sections: list[int] = []
        languages: list[Language] = []
        texts: list[str] = []
        answers: list[list[str]] = []
        for doc in documents:
            for question in doc.questions:
                stored = by_section.get((doc.doc_id, question.section), [])
                texts_only = [text for _, text in stored]
                found = {
                    position
                    for piece in question.answers
                    for position in answer_sentences(piece, texts_only)[:1]
                }
                ids = [stored[position][0] for position in sorted(found)]  # document order
                doc_ids.append(doc.doc_id)
                sections.append(question.section)
                languages.append(doc.language)
                texts.append(question.text)
                answers.append(ids)
        matrix = _embedded(texts, embed_queries, previous)
        return cls(doc_ids, sections, languages, texts, answers, matrix)


def _embedded(
    texts: Sequence[str],
    embed_queries: Callable[[Sequence[str]], Vector],
    previous: Mapping[str, Vector],
) -> Vector:
    """Unit vectors of ``texts``, embedded as a user's question is (platform short names
    spelled out, see ``aliases``); a text in ``previous`` keeps its vector."""
    todo = sorted({t for t in texts if t not in previous})
    fresh: dict[str, Vector] = {}
    if todo:
        fresh = dict(zip(todo, unit_rows(embed_queries([expand(t) for t in todo])), strict=True))
    if not texts:
        dim = next(iter(previous.values()), np.zeros(0)).shape[0]
        return np.zeros((0, dim), dtype=np.float32)
    return np.vstack([fresh[t] if t in fresh else previous[t] for t in texts]).astype(np.float32)
