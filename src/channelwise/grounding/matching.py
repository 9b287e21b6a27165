"""Match a question against everything curated: playbook entries, the questions each section
answers, passages and sentences, into one ranking of what can answer it.

The unit of an answer is a *section of a document pair* (the same section exists in German
and English) or a *playbook entry*. Retrieval hits in either language, the nearest curated
questions in either language and the nearest playbook questions all vote; the asker's
language only decides which file's words are shown later.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from channelwise.grounding.intent import IntentModel
from channelwise.grounding.scoring import LEXICAL_WEIGHT, question_scores
from channelwise.knowledge.aliases import context_platforms, expand, platforms_in
from channelwise.knowledge.playbook import PlaybookEntry
from channelwise.knowledge.question_index import QuestionRecord, QuestionTable
from channelwise.knowledge.records import Chunk, SearchResult, pair_id
from channelwise.knowledge.retrieval import Retrieval
from channelwise.knowledge.sentence_index import Vector, unit_rows
from channelwise.knowledge.snapshot import IndexSnapshot

SectionKey = tuple[str, int]
"""(document pair id, section index)."""


@dataclass(frozen=True)
class SectionMatch:
    key: SectionKey
    score: float
    """Fused score (reciprocal ranks of the question match and the passage hits)."""
    question_similarity: float
    """Score of the nearest curated question of this section (cosine plus shared words,
    ``grounding.scoring``; 0 if none came close)."""
    question: QuestionRecord | None
    passage_rank: int | None
    """Rank of the section's best passage among the retrieval hits (1-based)."""


@dataclass(frozen=True)
class PlaybookMatch:
    entry: PlaybookEntry
    similarity: float
    question: str
    """The entry's question nearest to the user's."""


@dataclass(frozen=True)
class Declined:
    topic: str
    score: float
    """Cosine similarity plus shared words, as for curated questions."""


@dataclass(frozen=True)
class Matches:
    query: str
    vector: Vector
    search: SearchResult
    sections: tuple[SectionMatch, ...]
    playbook: tuple[PlaybookMatch, ...]
    declined: Declined | None = None
    """The nearest question the knowledge base declines (``knowledge.declined``)."""

    @property
    def best_question(self) -> float:
        """Similarity of the nearest curated question of any section."""
        return max((s.question_similarity for s in self.sections), default=0.0)

    @property
    def best_playbook(self) -> float:
        return self.playbook[0].similarity if self.playbook else 0.0


@dataclass(frozen=True)
class Reading:
    """Another way of asking a follow-up (from the conversation)."""

    text: str
    swap: bool = False
    """The previous question with the follow-up's platform or business type swapped in
    ("und bei yt?"): when there is one, it is how the question is read."""
    refers: bool = False
    """The follow-up refers back ("that", "dazu") without naming a platform of its own: the
    typed question alone is ambiguous, so a reading with the conversation may win."""
    typed: str = ""
    """The typed follow-up inside a reading that adds the conversation to it (its share of
    the reading's vector: ``MatchWeights.follow``)."""
    carried: bool = False
    """The follow-up with only the previous question's platform added ("und wie wird man
    das? (Twitch)"): it keeps the platform but drops what the previous question asked."""


@dataclass(frozen=True)
class MatchWeights:
    questions: float = 1.0
    passages: float = 1.0
    rrf_k: int = 5
    depth: int = 40
    """Curated questions looked at."""
    lexical: float = LEXICAL_WEIGHT
    other_platform: float = 0.15
    """Penalty of a question about a platform nobody named (tune split)."""
    intent: float = 0.4
    """Weight of the intent model's probability when ranking playbook entries (tune split;
    0: nearest questions alone)."""
    blend: float = 0.3
    """Share of the mean of a candidate's ``top`` best questions in its score (tune split)."""
    top: int = 3
    follow: float = 0.25
    """Share of the typed follow-up's vector in a reading that adds the conversation to it
    (the previous question no longer drowns out what the follow-up asks; tune split, 0 ->
    0.25: key facts 81.5 -> 82.6 %, follow-ups fully right 57 -> 60 %; 0.3 the same, 0.2
    and 0.4 worse)."""
    context_platform: float = 0.2
    """Penalty of a playbook entry about platforms the question names only as where the
    asker stands ("neben insta und fb noch tiktok stemmen" is not asking whether to keep
    Instagram; ``aliases.context_platforms``). Tune split: 0.1 +1, 0.2 +2 (no answer lost),
    0.3 as 0.2; applied to sections as well, no answer gained."""
    ask: float = 0.25
    """Share of the asking sentence's vector in the question's vector when context comes
    before it ("creator here, 40k on insta doing home workouts. should i start a youtube
    channel too?"; tune split)."""


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def ask(query: str) -> str:
    """The sentence that asks, without the context before it ("creator here, 40k on insta.
    should i start a youtube channel too?" asks the last sentence)."""
    parts = [p for p in _SENTENCE.split(query.strip()) if p]
    asking = [i for i, p in enumerate(parts) if p.rstrip().endswith("?")]
    if len(parts) < 2 or not asking:
        return query
    return " ".join(parts[asking[0] :])


class Matcher:
    def __init__(
        self,
        retriever: Retrieval,
        snapshot: Callable[[], IndexSnapshot],
        embed_query: Callable[[str], Vector],
        *,
        k: int = 8,
        weights: MatchWeights = MatchWeights(),
    ) -> None:
        self.retriever = retriever
        self.snapshot = snapshot
        self.embed_query = embed_query
        self.k = k
        self.weights = weights
        self._intents: tuple[IndexSnapshot, IntentModel] | None = None

    def vector(self, query: str, typed: str = "") -> Vector:
        vector: Vector = unit_rows(self.embed_query(expand(query)))[0]
        core, share = (typed, self.weights.follow) if typed else (ask(query), self.weights.ask)
        if core != query and share:
            own = unit_rows(self.embed_query(expand(core)))[0]
            vector = unit_rows((1 - share) * vector + share * own)[0]
        return vector

    def match(self, query: str, context: str = "", typed: str = "") -> Matches:
        """``context``: the conversation so far (platforms named there count as named);
        ``typed``: the follow-up as typed, when ``query`` adds the conversation to it."""
        snap = self.snapshot()
        vector = self.vector(query, typed)
        search = self.retriever.search(query, k=self.k)
        w = self.weights
        terms = snap.query_terms(expand(query))
        named = set(platforms_in(f"{query} {context}"))
        where = frozenset(context_platforms(query))
        by_question: dict[SectionKey, tuple[float, QuestionRecord]] = {}
        table = snap.question_table
        for record, row_scores in _best(snap, table, vector, terms, w, named):
            key = (pair_id(record.doc_id), record.section)
            if key not in by_question and table is not None:
                pair, section = key
                rows = table.rows_of(f"{pair}.de", section) + table.rows_of(f"{pair}.en", section)
                by_question[key] = (_aggregate(row_scores, rows, w), record)
        by_passage: dict[SectionKey, int] = {}
        for rank, hit in enumerate(search.hits, start=1):
            by_passage.setdefault(section_key(hit.chunk), rank)
        scores: dict[SectionKey, float] = {}
        for rank, key in enumerate(by_question, start=1):
            scores[key] = w.questions / (w.rrf_k + rank)
        for key, rank in by_passage.items():
            scores[key] = scores.get(key, 0.0) + w.passages / (w.rrf_k + rank)
        ordered = sorted(scores, key=lambda key: -scores[key])
        sections = tuple(
            SectionMatch(
                key=key,
                score=round(scores[key], 6),
                question_similarity=by_question[key][0] if key in by_question else 0.0,
                question=by_question[key][1] if key in by_question else None,
                passage_rank=by_passage.get(key),
            )
            for key in ordered
        )
        entries: dict[str, PlaybookMatch] = {}
        playbook = snap.playbook_table
        for record, row_scores in _best(snap, playbook, vector, terms, w, named, where):
            entry = snap.playbook.get(record.doc_id)
            if entry is not None and record.doc_id not in entries and playbook is not None:
                rows = playbook.rows_of(record.doc_id, 0)
                entries[record.doc_id] = PlaybookMatch(
                    entry, _aggregate(row_scores, rows, w), record.text
                )
        ranked = sorted(entries.values(), key=lambda m: -m.similarity)
        if w.intent and ranked:
            intent = self._intent(snap).probabilities(vector)
            ranked.sort(key=lambda m: -(m.similarity + w.intent * intent.get(m.entry.entry_id, 0)))
        return Matches(
            query, vector, search, sections, tuple(ranked), _declined(snap, vector, terms, w)
        )

    def _intent(self, snap: IndexSnapshot) -> IntentModel:
        """The intent model of ``snap``'s playbook questions (trained once per index
        generation)."""
        if self._intents is None or self._intents[0] is not snap:
            table = snap.playbook_table
            model = IntentModel(
                table.vectors if table is not None else np.zeros((0, 1), dtype=np.float32),
                table.doc_ids if table is not None else [],
            )
            self._intents = (snap, model)
        return self._intents[1]


def _best(
    snap: IndexSnapshot,
    table: QuestionTable | None,
    vector: Vector,
    terms: Sequence[str],
    weights: MatchWeights,
    named: set[str],
    where: frozenset[str] = frozenset(),
) -> list[tuple[QuestionRecord, Vector]]:
    """The ``depth`` best questions of ``table`` by combined score, best first, each with
    the scores of every row (to judge its candidate as a whole). A question
    about a platform that neither the question nor the conversation names loses
    ``weights.other_platform`` ("und was kostet das an zeit?" after a Pinterest question is
    not about Mastodon); one about platforms the question names only as ``where`` the
    asker stands loses ``weights.context_platform``."""
    if table is None or not len(table):
        return []
    scores = question_scores(snap, table, vector, terms, weights.lexical)
    if weights.other_platform:
        about = [_platforms_of(snap, doc_id) for doc_id in table.doc_ids]
        off = np.fromiter(
            (bool(p) and not p & named for p in about), dtype=np.float32, count=len(table)
        )
        scores = scores - weights.other_platform * off
    if where and weights.context_platform:
        about = [_platforms_of(snap, doc_id) for doc_id in table.doc_ids]
        stands = np.fromiter(
            (bool(p) and p <= where for p in about), dtype=np.float32, count=len(table)
        )
        scores = scores - weights.context_platform * stands
    n = min(weights.depth, len(table))
    top = np.argpartition(-scores, n - 1)[:n]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(table.record(int(row)), scores) for row in top]


def _declined(
    snap: IndexSnapshot, vector: Vector, terms: Sequence[str], weights: MatchWeights
) -> Declined | None:
    table = snap.declined_table
    if table is None or not len(table):
        return None
    scores = question_scores(snap, table, vector, terms, weights.lexical)
    row = int(np.argmax(scores))
    return Declined(table.doc_ids[row], float(scores[row]))


def _aggregate(scores: Vector, rows: Sequence[int], weights: MatchWeights) -> float:
    """A candidate's score from all its questions: the best, blended with the mean of its
    ``weights.top`` best (one stray question that happens to share a word weighs less than
    several that ask the same thing)."""
    if not rows:
        return 0.0
    own = np.sort(scores[list(rows)])[::-1]
    best = float(own[0])
    return (1 - weights.blend) * best + weights.blend * float(np.mean(own[: weights.top]))


@functools.lru_cache(maxsize=4096)
def _platforms_from(text: str) -> frozenset[str]:
    return frozenset(platforms_in(text))


def _platforms_of(snap: IndexSnapshot, doc_id: str) -> frozenset[str]:
    """The platforms a document (``platform-tiktok.de``) or playbook entry is about."""
    entry = snap.playbook.get(doc_id)
    if entry is not None:
        return _platforms_from(entry.title["en"])
    name = pair_id(doc_id)
    if not name.startswith("platform-"):
        return frozenset()
    return _platforms_from(name.removeprefix("platform-").replace("-", " ").title())


def section_key(chunk: Chunk) -> SectionKey:
    return pair_id(chunk.doc_id), chunk.section
