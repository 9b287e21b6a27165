"""The grounding layer's entry point: a question in, a composed, cited answer out.

``Grounder.ground`` runs match -> choose -> evidence -> compose in well under a second and
needs no language model; chat shows the result at once, and a model may then only restate it
(checked sentence by sentence). Plans ask the same grounder for a channel's "why".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from channelwise.grounding.compose import Composed, Composer
from channelwise.grounding.evidence import Evidence, EvidenceFinder, EvidenceSet
from channelwise.grounding.matching import Matcher, Matches, merge_matches
from channelwise.grounding.policy import DEFAULT_POLICY, Choice, Policy, choose
from channelwise.grounding.suggestions import suggest
from channelwise.grounding.tailor import Figures
from channelwise.i18n import Language
from channelwise.knowledge.aliases import expand
from channelwise.knowledge.embeddings import Embedder
from channelwise.knowledge.records import Hit
from channelwise.knowledge.retrieval import Retriever
from channelwise.knowledge.snapshot import IndexSnapshot

EVIDENCE_SECTIONS = 3
"""Sections whose passages (in the asker's language) the evidence is chosen from."""


@dataclass(frozen=True)
class Grounding:
    question: str
    query: str
    language: Language
    matches: Matches
    choice: Choice
    composed: Composed
    evidence: EvidenceSet
    """Evidence sentences in the asker's language (for a model prompt and its check)."""
    suggestions: tuple[str, ...]
    seconds: float

    @property
    def covered(self) -> bool:
        return self.composed.mode != "not_covered"


class Grounder:
    def __init__(
        self,
        matcher: Matcher,
        finder: EvidenceFinder,
        composer: Composer,
        snapshot: Callable[[], IndexSnapshot],
        policy: Policy = DEFAULT_POLICY,
    ) -> None:
        self.matcher = matcher
        self.finder = finder
        self.composer = composer
        self.snapshot = snapshot
        self.policy = policy

    def ground(
        self,
        question: str,
        language: Language,
        *,
        queries: Sequence[str] = (),
        figures: Figures | None = None,
        asked: Sequence[str] = (),
    ) -> Grounding:
        """``queries``: other ways of asking (a follow-up resolved with the conversation),
        matched besides ``question``; ``asked``: the conversation's earlier questions."""
        started = time.perf_counter()
        matches = self.matcher.match(question)
        query = question
        for other in queries:
            if other and other != question:
                matches = merge_matches(self.matcher.match(other), matches)
                query = other
        choice = choose(matches, self.policy)
        evidence = self.evidence(question, query, matches, language)
        composed = self.compose(choice, matches, evidence.items, language, figures or {})
        snap = self.snapshot()
        suggestions = suggest(snap, matches, composed, language, [question, *asked])
        return Grounding(
            question=question,
            query=query,
            language=language,
            matches=matches,
            choice=choice,
            composed=composed,
            evidence=evidence,
            suggestions=tuple(suggestions),
            seconds=time.perf_counter() - started,
        )

    def evidence(
        self, question: str, query: str, matches: Matches, language: Language
    ) -> EvidenceSet:
        snap = self.snapshot()
        hits = [
            Hit(chunk=snap.chunks[row], score=0.0)
            for match in matches.sections[:EVIDENCE_SECTIONS]
            for row in snap.section_rows(f"{match.key[0]}.{language}", match.key[1])
        ]
        return self.finder.find(question, query, hits, keep=lambda e: e.language == language)

    def compose(
        self,
        choice: Choice,
        matches: Matches,
        evidence: Sequence[Evidence],
        language: Language,
        figures: Figures,
    ) -> Composed:
        composed: Composed | None = None
        if choice.kind == "playbook" and choice.playbook is not None:
            composed = self.composer.playbook(choice.playbook, language, figures)
        if composed is None and choice.section is not None:
            terms = self.snapshot().query_terms(expand(matches.query))
            composed = self.composer.section(choice.section, language, matches.vector, terms)
        if composed is None and choice.kind != "not_covered":
            composed = self.composer.evidence(evidence, language)
        return composed or self.composer.not_covered(language)


def build_grounder(
    retriever: Retriever, embedder: Embedder, policy: Policy = DEFAULT_POLICY
) -> Grounder:
    """The grounder over the retriever's current index generation."""
    snapshot = retriever.snapshot
    return Grounder(
        Matcher(retriever, snapshot, embedder.embed_query),
        EvidenceFinder(snapshot, embedder.embed_query),
        Composer(snapshot, embedder.embed_query),
        snapshot,
        policy,
    )
