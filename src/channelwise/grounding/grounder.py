"""The grounding layer's entry point: a question in, a composed, cited answer out.

``Grounder.ground`` runs match -> choose -> evidence -> compose in well under a second and
needs no language model; chat shows the result at once, and a model may then only restate it
(checked sentence by sentence). Plans ask the same grounder for a channel's "why".
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from channelwise.grounding.aspects import (
    aspect_of,
    heading_of,
    platform_docs,
    platform_docs_at,
    section_of,
    sections_on,
)
from channelwise.grounding.compose import (
    Composed,
    Composer,
    asks_open,
    said_in,
    without_verdict,
)
from channelwise.grounding.evidence import Evidence, EvidenceFinder, EvidenceSet
from channelwise.grounding.matching import (
    Matcher,
    Matches,
    PlaybookMatch,
    Reading,
    SectionKey,
    SectionMatch,
)
from channelwise.grounding.policy import (
    DEFAULT_POLICY,
    Choice,
    Policy,
    choose,
    covered,
    declines,
    lacks_figure,
    section_choice,
    strength,
)
from channelwise.grounding.scope import foreign_law, foreign_names, known_words
from channelwise.grounding.scoring import question_scores
from channelwise.grounding.sentence_check import AnswerChecker, Embed, with_citations
from channelwise.grounding.suggestions import suggest
from channelwise.grounding.tailor import Figures
from channelwise.i18n import Language
from channelwise.knowledge.aliases import expand, platforms_in
from channelwise.knowledge.embeddings import Embedder
from channelwise.knowledge.playbook import PlaybookEntry
from channelwise.knowledge.records import Citation, Hit, pair_id
from channelwise.knowledge.retrieval import Retriever
from channelwise.knowledge.sentence_index import Vector, unit_rows
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
        embed: Embed,
        policy: Policy = DEFAULT_POLICY,
    ) -> None:
        self.matcher = matcher
        self.finder = finder
        self.composer = composer
        self.snapshot = snapshot
        self.embed = embed
        """Unit vectors of texts (what the sentence check compares)."""
        self.policy = policy
        self._known: tuple[IndexSnapshot, frozenset[str]] | None = None

    def foreign(self, question: str) -> list[str]:
        """Services the question names that no document mentions, and countries whose law
        it asks about (the documents cover Germany and the EU)."""
        snap = self.snapshot()
        if self._known is None or self._known[0] is not snap:
            texts = [c.text for c in snap.chunks] + [e.entry_id for e in snap.playbook.values()]
            self._known = (snap, known_words(texts))
        return foreign_names(question, self._known[1]) + foreign_law(question)

    def names(self) -> frozenset[str]:
        """Proper names of the knowledge base (a checked sentence names no other)."""
        return self.snapshot().names()

    def checker(
        self,
        question: str,
        language: Language,
        evidence: EvidenceSet,
        *,
        stats: str | None = None,
        topic: str | None = None,
    ) -> AnswerChecker:
        """The check a model's sentences pass before anyone sees them."""
        return AnswerChecker(
            question,
            language,
            evidence.items,
            evidence.vectors,
            self.embed,
            self.names(),
            stats=stats,
            topic=topic or question,
        )

    def find(
        self,
        query: str,
        question: str,
        *,
        language: Language | None = None,
        keep: Callable[[Evidence], bool] | None = None,
        k: int = 5,
    ) -> EvidenceSet:
        """Evidence for ``query`` (in ``language`` when given) that ``keep`` accepts; empty
        when the knowledge base does not cover it."""
        result = self.matcher.retriever.search(query, k=k, language=language)
        if not result.covered or not result.hits:
            return EvidenceSet((), np.zeros((0, 0), dtype=np.float32))
        return self.finder.find(question, query, result.hits, keep=keep)

    def entry(self, entry_id: str, language: Language, figures: Figures) -> Composed | None:
        """A playbook entry's answer for these figures (None if there is no such entry)."""
        found = self.snapshot().playbook.get(entry_id)
        if found is None:
            return None
        return self.composer.playbook(PlaybookMatch(found, 1.0, ""), language, figures)

    def ground(
        self,
        question: str,
        language: Language,
        *,
        queries: Sequence[Reading] = (),
        figures: Figures | None = None,
        asked: Sequence[str] = (),
        context: str = "",
    ) -> Grounding:
        """``queries``: other ways of asking (a follow-up read with the conversation),
        matched besides ``question``; ``asked``: the conversation's earlier questions;
        ``context``: the conversation's recent text."""
        started = time.perf_counter()
        swapped = next((r for r in queries if r.swap), None)
        # every question after the first is read with the conversation, also one that does
        # not look like a follow-up ("how would we actually make money from the streams?")
        prior = self.matcher.match(asked[-1]) if asked else None
        if swapped is not None:  # "und bei yt?": the previous question about YouTube
            matches = self.matcher.match(swapped.text)
        else:
            matches = self.matcher.match(question, context)
            refers = any(r.refers for r in queries)
            bonus = -self.policy.refer_bonus if refers else self.policy.typed_bonus
            topic = self.topic_of(prior) if prior is not None else frozenset()
            best = strength(matches) + bonus + self.on_topic(matches, topic)
            # the typed words weigh in a reading with the conversation when they mean
            # something on their own ("und darf ich die kontakte importieren?", not "and
            # how do we become one?")
            meaningful = covered(matches, self.policy)
            for reading in queries:
                typed = reading.typed if meaningful else ""
                candidate = self.matcher.match(reading.text, context, typed)
                score = strength(candidate) + self.on_topic(candidate, topic)
                score -= self.policy.carried_handicap if reading.carried else 0.0
                if score > best and (
                    not self.policy.covered_reading
                    or covered(candidate, self.policy)
                    or not covered(matches, self.policy)
                ):
                    matches, best = candidate, score
        query = matches.query
        choice = choose(matches, self.policy)
        if (
            prior is not None
            and self.policy.fresh_follow_up
            and repeats(choice, prior, self.policy)
        ):
            fresh = section_choice(matches, self.policy)
            if (
                fresh is None
                and swapped is not None
                and self.policy.fresh_swap
                and not platforms_in(question)
            ):
                # "und wenn wir ein lokalverlag wären?" after the local-shop entry: the
                # swapped question keeps the shop's words; the typed one names the publisher
                # (a platform's own entry would answer whether the platform is worth it)
                own = self.matcher.match(question, context)
                other = choose(own, self.policy)
                if other.kind == "playbook" and not repeats(other, prior, self.policy):
                    matches, fresh = own, other
            choice = fresh or choice
            query = matches.query
        if prior is not None and choice.kind != "not_covered":
            choice = self.topic_section(question, choice, prior) or choice
            aspect = (
                self.aspect_section(question, asked[-1], prior)
                if self.policy.aspect_follow_up
                else None
            )
            before = choose(prior, self.policy).section
            if (
                aspect is not None
                and aspect.section
                and before
                and aspect.section.key == before.key
            ):
                choice, aspect = aspect, None  # the section just read: another may answer
            if aspect is not None:
                choice = aspect
            elif self.policy.other_section <= 1:
                choice = self.other_section(question, choice, prior, matches) or choice
            if swapped is not None and self.policy.swapped_platform:
                choice = self.platform_section(question, choice, matches) or choice
            if self.policy.switched_platform:
                switched = self.switched_section(question, asked[-1], prior)
                aspect = switched or aspect
                choice = switched or choice
            if self.policy.paraphrase_follow_up and aspect is None:
                choice = self.paraphrased_section(question, choice, prior) or choice
        if self.policy.foreign_names and self.foreign(question):
            choice = Choice("not_covered")
        evidence = self.evidence(question, query, matches, language)
        said = said_in(context) if asked and self.policy.unsaid else frozenset()
        composed = self.compose(choice, matches, evidence.items, language, figures or {}, said)
        composed = self.checked_figure(question, composed, evidence.items, language)
        composed = self.widened(composed, matches, language, said)
        if composed.mode == "playbook" and asks_open(question, language):
            composed = without_verdict(composed)
        snap = self.snapshot()
        declined = snap.declined.get(matches.declined.topic) if matches.declined else None
        if composed.mode == "not_covered" and declined and declines(matches, self.policy):
            composed = self.composer.not_covered(language, declined.about[language])
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

    def topic_section(self, question: str, choice: Choice, prior: Matches) -> Choice | None:
        """The section of the documents the previous answer rested on whose curated
        question is nearest the typed follow-up (``Policy.topic_section``), for a follow-up
        that would get the playbook entry the previous question got, evidence, or a section
        of another document."""
        docs = answered_from(prior, self.policy)
        if choice.section is not None and choice.section.key[0] in docs:
            return None
        if choice.kind == "playbook" and not repeats(choice, prior, self.policy):
            return None
        nearest = self.nearest_section(question, lambda doc, _: doc in docs)
        current = choice.section.question_similarity if choice.section is not None else 0.0
        if nearest is None or nearest.question_similarity < max(self.policy.topic_section, current):
            return None
        return Choice("section", section=nearest)

    def paraphrased_section(self, question: str, choice: Choice, prior: Matches) -> Choice | None:
        """The section of the documents the previous answer rested on whose curated question
        the follow-up paraphrases (at least ``Policy.section_sure`` similar), when it is
        nearer than what ``choice`` rests on ("welche formate kann die ki denn schlecht
        nachmachen?" after a question on AI content: that section, not another entry)."""
        docs = answered_from(prior, self.policy)
        nearest = self.nearest_section(question, lambda doc, _: doc in docs)
        if nearest is None or nearest.question_similarity < self.policy.section_sure:
            return None
        if choice.section is not None:
            current = choice.section.question_similarity
            if choice.section.key == nearest.key:
                return None
        else:
            current = choice.playbook.similarity if choice.playbook is not None else 0.0
        return Choice("section", section=nearest) if nearest.question_similarity > current else None

    def aspect_section(self, question: str, previous: str, prior: Matches) -> Choice | None:
        """For a follow-up that asks about one part of a platform document (its audience,
        formats, distribution, money, effort, metrics or risks: ``grounding.aspects``),
        that section of the conversation's platform: the one the follow-up or else the
        previous question names, when the previous answer rests on it; or the one document
        the previous answer rests on with such a section (for metrics also a section on
        measuring, "Measuring community health", when its curated question is at least
        ``Policy.uncovered_question`` similar: "wie oft sollten wir das neu messen?" is no
        question on measuring concentration)."""
        heading = aspect_of(question)
        if heading is None:
            return None
        # "wie messen wir, ob die leute aus insta in den newsletter wandern?" names Instagram
        # but is answered from the newsletter documents; "could we earn with it on
        # spotify?" after a podcast question names the document the answer rested on
        rested = answered_from(prior, self.policy)
        named = platform_docs(question) or platform_docs(previous)
        docs = [d for d in named if d in rested]
        snap = self.snapshot()
        if not named:  # the one document the answer rested on with such sections
            docs = [d for d in rested if sections_on(snap, d, heading)]
            docs = docs if len(docs) == 1 else []
        keys = sections_on(snap, docs[0], heading) if docs else frozenset()
        nearest = self.nearest_section(question, lambda doc, section: (doc, section) in keys)
        if nearest is None:
            return None
        if (
            heading_of(snap, nearest.key) != heading
            and nearest.question_similarity < self.policy.uncovered_question
        ):
            return None  # a section on measuring something else ("wie oft neu messen?")
        return Choice("section", section=nearest)

    def other_section(
        self, question: str, choice: Choice, prior: Matches, matches: Matches
    ) -> Choice | None:
        """For a follow-up that would get the section the previous question got (as its
        section answer, or as the first section of its evidence), the document's section
        whose curated question is nearest the typed follow-up, when it is another one and at
        least ``Policy.other_section`` similar ("und was war 2018 nochmal mit dem news
        feed?" after the 2012-2014 section). For a follow-up that would get another section
        of a document the previous answer rested on, that document's nearest section when
        it is also ``Policy.doc_margin`` nearer than the one chosen ("wie lange bleiben die
        nachrichten da sichtbar?" after WhatsApp channels: formats, not risks)."""
        before = choose(prior, self.policy)
        if choice.kind == "section" and choice.section is not None:
            current = choice.section.key
        elif choice.kind == "evidence" and matches.sections:
            current = matches.sections[0].key
        else:
            return None
        sections = self.nearest_sections(question, lambda doc, _: doc == current[0])
        if not sections:
            return None
        nearest = max(sections.values(), key=lambda s: s.question_similarity)
        least = self.policy.other_section
        if before.section is None or current != before.section.key or before.kind != "section":
            if choice.kind != "section" or current[0] not in answered_from(prior, self.policy):
                return None
            own = sections.get(current)
            if own is None:
                return None
            least = max(least, own.question_similarity + self.policy.doc_margin)
        if nearest.key == current or nearest.question_similarity < least:
            return None
        return Choice("section", section=nearest)

    def platform_section(self, question: str, choice: Choice, matches: Matches) -> Choice | None:
        """For a follow-up that swaps in a platform ("and on youtube?" after a question on
        labelling AI images on Instagram) and would get a section of another document, the
        retrieved section of the named platform's document whose curated question is nearest,
        when it is at least ``Policy.section`` similar (``Policy.swapped_platform``)."""
        named = platform_docs(question)
        if not named or choice.section is None or choice.section.key[0] in named:
            return None
        own = [
            s
            for s in matches.sections
            if s.key[0] in named and s.question_similarity >= self.policy.section
        ]
        if not own:
            return None
        return Choice("section", section=max(own, key=lambda s: s.question_similarity))

    def switched_section(self, question: str, previous: str, prior: Matches) -> Choice | None:
        """For a follow-up that turns to another platform ("what about linkedin?" after "how
        does tiktok decide who sees our vids?"), the same part of that platform's document:
        the section the follow-up asks about (``grounding.aspects``), the previous question
        asked about, or the platform section the previous answer came from."""
        named = platform_docs(question)
        if len(named) != 1 or named[0] in platform_docs(previous):
            return None
        if named != platform_docs_at(question):
            return None  # named in passing: "can i ask our insta followers to upvote it?"
        if not any(d.startswith("platform-") for d in answered_from(prior, self.policy)):
            return None  # "what about youtube ads instead?" after Meta's ban on issue ads
        before = choose(prior, self.policy).section
        snap = self.snapshot()
        heading = aspect_of(question) or aspect_of(previous)
        if heading is None and before is not None and before.key[0].startswith("platform-"):
            heading = heading_of(snap, before.key)
        key = section_of(snap, named[0], heading) if heading else None
        nearest = self.nearest_section(question, lambda doc, section: (doc, section) == key)
        return Choice("section", section=nearest) if nearest is not None else None

    def nearest_section(
        self, question: str, among: Callable[[str, int], bool]
    ) -> SectionMatch | None:
        """The section whose curated question is nearest ``question``, among the sections
        (document pair id, section index) ``among`` accepts."""
        sections = self.nearest_sections(question, among).values()
        return max(sections, key=lambda s: s.question_similarity, default=None)

    def nearest_sections(
        self, question: str, among: Callable[[str, int], bool]
    ) -> dict[SectionKey, SectionMatch]:
        """Each section ``among`` accepts, with its curated question nearest ``question``."""
        snap = self.snapshot()
        table = snap.question_table
        if table is None:
            return {}
        rows = [i for i, d in enumerate(table.doc_ids) if among(pair_id(d), table.sections[i])]
        if not rows:
            return {}
        vector = self.matcher.vector(question)
        scores = question_scores(snap, table, vector, snap.query_terms(expand(question)))
        best: dict[SectionKey, SectionMatch] = {}
        for row in rows:
            record = table.record(row)
            key = (pair_id(record.doc_id), record.section)
            if key not in best or float(scores[row]) > best[key].question_similarity:
                best[key] = SectionMatch(key, 0.0, float(scores[row]), record, None)
        return best

    def topic(self, question: str) -> frozenset[str]:
        """The documents the answer to ``question`` (the previous one) rests on, and those
        of its best-matching sections."""
        return self.topic_of(self.matcher.match(question))

    def topic_of(self, matches: Matches) -> frozenset[str]:
        """:meth:`topic` of the previous question's matches."""
        if not self.policy.on_topic:
            return frozenset()
        nearest = {s.key[0] for s in matches.sections[:EVIDENCE_SECTIONS]}
        return answered_from(matches, self.policy) | nearest

    def on_topic(self, matches: Matches, topic: frozenset[str]) -> float:
        """A follow-up stays with the conversation's topic: a reading whose answer rests on
        the documents the previous answer rested on gains ``Policy.on_topic``."""
        return self.policy.on_topic if answered_from(matches, self.policy) & topic else 0.0

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

    def checked_figure(
        self,
        question: str,
        composed: Composed,
        evidence: Sequence[Evidence],
        language: Language,
    ) -> Composed:
        """A fact answer to a "how many / what does it cost" question must state a figure:
        else the best evidence with one answers, or it is honestly not covered."""
        if not self.policy.figure_check or composed.mode == "not_covered":
            return composed
        if not lacks_figure(question, composed.text):
            return composed
        with_figure = [e for e in evidence if not lacks_figure(question, e.text)]
        fallback = self.composer.evidence(with_figure, language) if with_figure else None
        return fallback or self.composer.not_covered(language)

    def widened(
        self, composed: Composed, matches: Matches, language: Language, said: frozenset[str]
    ) -> Composed:
        """An evidence answer as the answer of its best sentence's section, followed by its
        sentences from other sections as far as they fit (``Policy.widen_evidence``). Only
        a curated section (one with curated questions) is widened to: its sentences are the
        team's answer; an uncurated one's may be anything."""
        if composed.mode != "evidence" or not self.policy.widen_evidence:
            return composed
        snap = self.snapshot()

        def key_of(citation: Citation) -> SectionKey | None:
            chunk = snap.chunk(citation.chunk_id)
            return (pair_id(citation.doc_id), chunk.section) if chunk is not None else None

        keys = [key_of(c) for c in composed.citations]
        match = next((m for m in matches.sections if keys and m.key == keys[0]), None)
        if match is None or match.key[1] == 0:  # an introduction (the byline) is never filled
            return composed
        table = snap.question_table
        if table is None or not table.rows_of(f"{match.key[0]}.{language}", match.key[1]):
            return composed  # only a section with curated questions has an answer to give
        terms = snap.query_terms(expand(matches.query))
        widened = self.composer.section(
            match, language, matches.vector, terms, self.policy.section_fill, said
        )
        if widened is None:
            return composed
        for key, citation, sentence in zip(
            keys, composed.citations, composed.sentences, strict=False
        ):
            if key is not None and key != match.key:
                other = Composed(
                    "evidence",
                    with_citations(sentence, [1]),
                    (citation,),
                    (key,),
                    sentences=(sentence,),
                )
                widened = self.composer.with_section(widened, other)
        return widened

    def related_runner_up(self, chosen: PlaybookMatch, matches: Matches) -> PlaybookMatch | None:
        """The next playbook entry when it is related to ``chosen`` and matches about as
        well (``Policy.runner_up``): its recommendation follows."""
        others = [m for m in matches.playbook if m.entry.entry_id != chosen.entry.entry_id]
        if not others or self.policy.runner_up < 0:
            return None
        runner = others[0]
        if not _related(chosen.entry, runner.entry):
            return None
        close = runner.similarity >= chosen.similarity - self.policy.runner_up
        # an entry too far off to answer on its own adds nothing either
        return runner if close and runner.similarity >= self.policy.playbook else None

    def compose(
        self,
        choice: Choice,
        matches: Matches,
        evidence: Sequence[Evidence],
        language: Language,
        figures: Figures,
        said: frozenset[str] = frozenset(),
    ) -> Composed:
        """``said``: the previous answer's sentences, which a section answer does not repeat
        to fill its words (``Policy.unsaid``)."""
        composed: Composed | None = None
        terms = self.snapshot().query_terms(expand(matches.query))
        if choice.kind == "playbook" and choice.playbook is not None:
            composed = self.composer.playbook(choice.playbook, language, figures)
            # a related entry matched about as well: its recommendation follows
            runner = self.related_runner_up(choice.playbook, matches)
            lead = self.composer.playbook(runner, language, figures) if runner else None
            if composed is not None and lead is not None and lead.sentences:
                composed = self.composer.with_section(composed, first_sentence(lead))
            top = matches.sections[0] if matches.sections else None
            if (
                composed is not None
                and top is not None
                and top.key[1] != 0  # an introduction (the article's byline) adds nothing
                and top.question_similarity >= self.policy.section_after_playbook
            ):
                section = self.composer.section(
                    top, language, matches.vector, terms, self.policy.section_fill, said
                )
                if section is not None:
                    composed = self.composer.with_section(composed, section)
        if composed is None and choice.section is not None:
            composed = self.composer.section(
                choice.section, language, matches.vector, terms, self.policy.section_fill, said
            )
        if composed is None and choice.kind != "not_covered":
            composed = self.composer.evidence(evidence, language)
        return composed or self.composer.not_covered(language)


_VERDICT = re.compile(
    r"\b(ja|nein|yes|no|möglich|possibl[ey]|nicht|not|nur|only|usually|meist\w*|eher|rather)\b",
    re.IGNORECASE,
)


def first_sentence(entry: Composed) -> Composed:
    """A playbook answer's first sentence with its citation; its second when the first
    opens with a yes-or-no verdict ("Möglich, und garantiert ist sie ohnehin nicht: …"):
    after another entry's answer, that verdict answers a question nobody asked. A
    recommendation ("Act within the first hour: …") stays."""
    numbered = entry.numbered()
    head, colon, _ = numbered[0][1].partition(": ") if numbered else ("", "", "")
    if colon and len(head.split()) <= 8 and _VERDICT.search(head) and len(numbered) > 1:
        numbered = numbered[1:]
    number, sentence = numbered[0] if numbered else (1, entry.sentences[0])
    cited = [c for c in entry.citations if c.number == number][:1]
    keys = [k for k, c in zip(entry.sections, entry.citations, strict=False) if c.number == number]
    return dataclasses.replace(
        entry, sentences=(sentence,), citations=tuple(cited), sections=tuple(keys[:1])
    )


def _related(a: PlaybookEntry, b: PlaybookEntry) -> bool:
    return b.entry_id in a.related or a.entry_id in b.related


def repeats(choice: Choice, prior: Matches, policy: Policy) -> bool:
    """Whether ``choice`` is the playbook entry the previous question (``prior``) got."""
    before = choose(prior, policy).playbook
    return (
        choice.playbook is not None
        and before is not None
        and before.entry.entry_id == choice.playbook.entry.entry_id
    )


def answered_from(matches: Matches, policy: Policy) -> frozenset[str]:
    """The document pairs the chosen answer for ``matches`` rests on."""
    choice = choose(matches, policy)
    if choice.playbook is not None:
        return choice.playbook.entry.documents
    if choice.section is not None:
        return frozenset({choice.section.key[0]})
    return frozenset(s.key[0] for s in matches.sections[:1])


def build_grounder(
    retriever: Retriever, embedder: Embedder, *, k: int = 8, policy: Policy = DEFAULT_POLICY
) -> Grounder:
    """The grounder over the retriever's current index generation (``k`` passages)."""
    snapshot = retriever.snapshot

    def embed(texts: Sequence[str]) -> Vector:
        return unit_rows(embedder.embed_passages(list(texts)))

    @lru_cache(maxsize=2048)
    def embed_query(text: str) -> Vector:
        """One question is embedded by the matcher, the evidence finder and the composer
        (and a playbook sentence on every answer it is part of): once each."""
        vector = np.asarray(embedder.embed_query(text), dtype=np.float32)
        vector.setflags(write=False)  # shared between callers
        return vector

    return Grounder(
        Matcher(retriever, snapshot, embed_query, k=k),
        EvidenceFinder(snapshot, embed_query),
        Composer(snapshot, embed_query),
        snapshot,
        embed,
        policy,
    )
