"""Answers composed from curated text, in the asker's language, the answer first.

In order of preference (``grounding.policy`` decides which applies):

* a **playbook** entry: the variant that fits the user's figures, slots filled by code, each
  sentence cited to the section it rests on;
* a **section**: the sentences an editor tied to the curated question nearest to the user's
  (taken from the file of the pair in the asker's language);
* the best **evidence** sentences (from the asker's language), cited;
* **not covered**: a plain sentence saying so.

Every citation names a knowledge-base section the user can open: its document, heading,
link and the sentence that supports the answer.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from channelwise.grounding.evidence import Evidence
from channelwise.grounding.language import content_terms
from channelwise.grounding.matching import PlaybookMatch, SectionKey, SectionMatch
from channelwise.grounding.scoring import LEXICAL_WEIGHT, likeness, overlap
from channelwise.grounding.sentence_check import repeats, with_citations
from channelwise.grounding.tailor import Figures, is_tailored, tailored
from channelwise.i18n import Language, register, t
from channelwise.knowledge.playbook import resolve_cite
from channelwise.knowledge.records import Citation, pair_id
from channelwise.knowledge.sentence_index import SentenceRecord, Vector
from channelwise.knowledge.sentences import split_sentences
from channelwise.knowledge.snapshot import IndexSnapshot

ComposedMode = Literal["playbook", "section", "evidence", "not_covered"]
MAX_WORDS = 150
EVIDENCE_FLOOR = 0.9
"""An evidence answer quotes further sentences only when they score this close to the best."""
SENTENCE_WEIGHTS = (1.0, 0.6, 1.0)
"""How a section's sentence is scored as the answer: its window's similarity, the share of
the user's terms it contains, and its best tied curated question (tune split)."""
_MARKER = re.compile(r"\[(\d{1,2})\]")
_MARKERS = re.compile(r"\s*\[\d{1,2}\]")
_POINTER = re.compile(
    r"\s*\((?:siehe|see|vgl\.|mehr dazu|more in|details in)\b(?:[^()]|\([^()]*\))*\)",
    re.IGNORECASE,
)


def _normal(sentence: str) -> str:
    return " ".join(_MARKERS.sub("", sentence).split())


def plain_sentences(text: str) -> list[str]:
    """The sentences of an answer without their citation markers."""
    return [_normal(s) for s in split_sentences(text) if s.strip()]


def said_in(text: str) -> frozenset[str]:
    """The sentences of ``text`` (an earlier answer), as :meth:`Composer.section` compares
    them."""
    return frozenset(plain_sentences(text))


def without_pointers(text: str) -> str:
    """``text`` without asides that only point to another document ("(siehe „…“)")."""
    return _POINTER.sub("", text)


register(
    {
        "chat.not_covered": {
            "en": "The knowledge base does not cover this question, so I have no source for it.",
            "de": "Dazu enthält die Wissensbasis nichts, ich habe also keine Quelle dafür.",
        },
        "chat.declined_topic": {
            "en": "Not part of it: {about}.",
            "de": "Nicht enthalten: {about}.",
        },
    }
)


@dataclass(frozen=True)
class Composed:
    mode: ComposedMode
    text: str
    """The answer, citation markers ``[n]`` included."""
    citations: tuple[Citation, ...]
    sections: tuple[SectionKey, ...] = ()
    """What the answer rests on (a follow-up carries this forward)."""
    entry_id: str | None = None
    tailored: bool = False
    """A playbook variant chosen by the user's figures."""
    sentences: tuple[str, ...] = field(default=(), repr=False)
    """The answer's sentences without markers (for a model that smooths them)."""

    def numbered(self) -> list[tuple[int, str]]:
        """Each sentence with the number of the citation its marker gives it."""
        out: list[tuple[int, str]] = []
        rest = self.text
        for sentence in self.sentences:
            at = rest.find(sentence[: max(8, len(sentence) // 2)])
            tail = rest[at + len(sentence) :] if at >= 0 else rest
            marker = _MARKER.search(tail)
            if marker is None:
                continue
            out.append((int(marker.group(1)), sentence))
            rest = tail[marker.end() :]
        return out


_REFERS_BACK = re.compile(
    r"(He|She|It|They|This|These|That|Those|His|Her|Its|Their|But|However|Er|Ihr|Dies|"
    r"Diese[rsmn]?|Doch|Dabei|Dafür|Damit|Deshalb|Daher|Dazu)\b"
)
"""A sentence that opens with these words needs the one before it ("He considers …")."""
_OPEN_QUESTION = {
    "en": re.compile(
        r"^\W*((and|so|ok|okay|but)\W+)?(what|which|how|when|where|why|who)\b(?! about\b)",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"^\W*((und|also|ok|okay|aber)\W+)?"
        r"(was|welche\w*|wie|wann|wo|warum|wieso|weshalb|wer|woran|wozu|womit|wodurch)\b"
        r"(?! ist mit\b| wäre\b| sieht)",
        re.IGNORECASE,
    ),
}
"""A question that asks what, how or which ("what about …" asks whether)."""
_CONDITION = re.compile(r"(if|when|unless|as long as|wenn|falls|sofern|solange)\b", re.I)
_YES_NO = re.compile(r"^(yes|no|ja|nein)(, (but|aber) |, |: | – )", re.IGNORECASE)


def asks_open(question: str, language: Language) -> bool:
    return bool(_OPEN_QUESTION[language].search(question))


def without_verdict(answer: Composed) -> Composed:
    """``answer`` without the yes or no its first sentence opens with ("Yes, if you want to
    reach B2B customers: …" -> "If you want to reach B2B customers: …"): a playbook entry
    answers whether; asked what or how, a "yes" answers a question nobody asked."""
    first = answer.sentences[0] if answer.sentences else ""
    verdict = _YES_NO.match(first)
    if verdict is None or not answer.text.startswith(verdict.group(0)):
        return answer
    rest = first[verdict.end() :]
    if _CONDITION.match(rest) and ": " not in rest:
        return answer  # "Yes, if you have evergreen content." has no clause without its yes

    def capital(text: str) -> str:
        return text[:1].upper() + text[1:]

    return dataclasses.replace(
        answer,
        text=capital(answer.text[verdict.end() :]),
        sentences=(capital(rest), *answer.sentences[1:]),
    )


class Composer:
    def __init__(
        self,
        snapshot: Callable[[], IndexSnapshot],
        embed_query: Callable[[str], Vector],
    ) -> None:
        self.snapshot = snapshot
        self.embed_query = embed_query

    # --- the four kinds of answer ----------------------------------------------------

    def playbook(
        self, match: PlaybookMatch, language: Language, figures: Figures
    ) -> Composed | None:
        """The entry's answer for ``figures`` (None if a cite no longer resolves)."""
        snap = self.snapshot()
        headings = _headings_by_pair(snap)
        sentences = tailored(match.entry, language, figures)
        numbers: dict[SectionKey, int] = {}
        citations: list[Citation] = []
        parts: list[str] = []
        for sentence in sentences:
            key = resolve_cite(sentence.cite, headings)
            if key is None:
                return None
            if key not in numbers:
                record = self._supporting(key, language, self._unit(sentence.text))
                citation = self._citation(len(citations) + 1, key, language, record)
                if citation is None:
                    return None
                numbers[key] = citation.number
                citations.append(citation)
            parts.append(with_citations(sentence.text, [numbers[key]]))
        return Composed(
            mode="playbook",
            text=" ".join(parts),
            citations=tuple(citations),
            sections=tuple(numbers),
            entry_id=match.entry.entry_id,
            tailored=is_tailored(match.entry, figures),
            sentences=tuple(s.text for s in sentences),
        )

    def section(
        self,
        match: SectionMatch,
        language: Language,
        vector: Vector,
        terms: Sequence[str],
        fill: int = 0,
        said: frozenset[str] = frozenset(),
    ) -> Composed | None:
        """The tied answer sentences of the section's curated question nearest the user's
        (``vector`` and search ``terms`` of their question); when they say fewer than
        ``fill`` words, the section's next-best sentences follow until they do (in document
        order: a one-line answer to "how do we get followers onto our list?" leaves out the
        how). An introduction is never filled (the article's byline says nothing), and never
        with a sentence in ``said`` (the previous answer's, :func:`said_in`)."""
        fill = fill if match.key[1] else 0
        records = self._answer_sentences(match.key, language, vector, terms, fill, said)
        if not records:
            return None
        citation = self._citation(1, match.key, language, records[0])
        if citation is None:
            return None
        texts = _limit([without_pointers(r.text) for r in records])
        text = " ".join([*texts[:-1], with_citations(texts[-1], [1])])
        return Composed("section", text, (citation,), (match.key,), sentences=tuple(texts))

    def evidence(self, items: Sequence[Evidence], language: Language) -> Composed | None:
        """The best evidence sentences as the answer, each cited."""
        if not items:
            return None
        best = items[0].score
        chosen = [e for e in items[:3] if e.score >= EVIDENCE_FLOOR * best]
        texts = _limit([without_pointers(e.text) for e in chosen])
        parts = [with_citations(text, [e.number]) for text, e in zip(texts, chosen, strict=False)]
        citations = tuple(evidence_citation(e) for e in chosen[: len(texts)])
        keys = tuple(dict.fromkeys((pair_id(e.doc_id), self._section_of(e)) for e in chosen))
        return Composed("evidence", " ".join(parts), citations, keys, sentences=tuple(texts))

    @staticmethod
    def with_section(answer: Composed, section: Composed) -> Composed:
        """``answer`` (a playbook entry's) followed by ``section``'s answer sentences that it
        does not already say (in other words either), as far as they fit into MAX_WORDS; the
        section's citation is numbered after the answer's."""
        said = [content_terms(s) for s in answer.sentences]
        fresh = [s for s in section.sentences if not any(_says(terms, s) for terms in said)]
        room = MAX_WORDS - len(_MARKER.sub("", answer.text).split())
        texts: list[str] = []
        for text in fresh:
            room -= len(text.split())
            if room < 0:
                break
            texts.append(text)
        if not texts or not section.citations:
            return answer
        number = len(answer.citations) + 1
        cited = dataclasses.replace(section.citations[0], number=number)
        added = " ".join([*texts[:-1], with_citations(texts[-1], [number])])
        return dataclasses.replace(
            answer,
            text=f"{answer.text} {added}",
            citations=(*answer.citations, cited),
            sections=tuple(dict.fromkeys((*answer.sections, *section.sections))),
            sentences=(*answer.sentences, *texts),
        )

    @staticmethod
    def not_covered(language: Language, about: str | None = None) -> Composed:
        """``about``: the topic the knowledge base declines, when the question is one
        (``knowledge/declined.yaml``)."""
        text = t("chat.not_covered", language)
        if about:
            text = f"{text} {t('chat.declined_topic', language, about=about)}"
        return Composed("not_covered", text, ())

    # --- helpers ----------------------------------------------------------------------

    def _unit(self, text: str) -> Vector:
        vector = np.asarray(self.embed_query(text), dtype=np.float32)
        norm = float(np.linalg.norm(vector))
        unit: Vector = vector / norm if norm else vector
        return unit

    def _section_of(self, evidence: Evidence) -> int:
        chunk = self.snapshot().chunk(evidence.chunk_id)
        return chunk.section if chunk is not None else 0

    def _records(self, key: SectionKey, language: Language) -> tuple[str, list[SentenceRecord]]:
        """The doc id in ``language`` (the other language if missing) and its section's
        sentences in order."""
        snap = self.snapshot()
        pair, section = key
        for lang in (language, "en" if language == "de" else "de"):
            doc_id = f"{pair}.{lang}"
            rows = snap.section_rows(doc_id, section)
            if rows:
                chunk_ids = [snap.chunks[r].chunk_id for r in rows]
                stored = snap.sentences(chunk_ids)
                records: list[SentenceRecord] = []
                seen: set[str] = set()
                for chunk_id in chunk_ids:
                    for record in stored.get(chunk_id, []):
                        if record.text not in seen:  # overlapping chunks repeat sentences
                            seen.add(record.text)
                            records.append(record)
                return doc_id, records
        return f"{pair}.{language}", []

    def _supporting(
        self, key: SectionKey, language: Language, vector: Vector
    ) -> SentenceRecord | None:
        _, records = self._records(key, language)
        if not records:
            return None
        return max(records, key=lambda r: float(r.vector @ vector))

    def _answer_sentences(
        self,
        key: SectionKey,
        language: Language,
        vector: Vector,
        terms: Sequence[str],
        fill: int = 0,
        said: frozenset[str] = frozenset(),
    ) -> list[SentenceRecord]:
        """The section's sentence that best answers the user (by its window's meaning, its
        words and the curated questions tied to it), with the sentences its best question
        ties to it (in document order), then the next best until they say ``fill`` words (in
        document order)."""
        snap = self.snapshot()
        doc_id, records = self._records(key, language)
        if not records:
            return []
        new = {r.text for r in records if _normal(without_pointers(r.text)) not in said}
        table = snap.question_table
        rows = table.rows_of(doc_id, key[1]) if table is not None else []
        idf = snap.idf()
        asked: dict[str, tuple[float, int]] = {}  # sentence text -> (best question, its row)
        if table is not None and rows:
            by_id = {r.sentence_id: r.text for r in records}
            all_terms = table.terms(snap.text_terms)
            for row in rows:
                similarity = float(table.vectors[row] @ vector) + LEXICAL_WEIGHT * likeness(
                    terms, all_terms[row], idf
                )
                for text in self._texts_of(table.sentence_ids[row], by_id):
                    if text not in asked or similarity > asked[text][0]:
                        asked[text] = (similarity, row)

        def score(record: SentenceRecord) -> float:
            words = frozenset(snap.text_terms(record.text, language))
            tied = asked.get(record.text, (0.0, -1))[0]
            return (
                SENTENCE_WEIGHTS[0] * float(record.vector @ vector)
                + SENTENCE_WEIGHTS[1] * overlap(terms, words, idf)
                + SENTENCE_WEIGHTS[2] * tied
            )

        ranked = sorted(records, key=score, reverse=True)
        best = ranked[0]
        chosen = {best.text}
        if best.text in asked and table is not None:
            by_id = {r.sentence_id: r.text for r in records}
            chosen.update(self._texts_of(table.sentence_ids[asked[best.text][1]], by_id))
        answer = [r for r in records if r.text in chosen]
        at = records.index(answer[0])
        if at and _REFERS_BACK.match(answer[0].text) and records[at - 1].text in new:
            answer.insert(0, records[at - 1])  # "He considers …": who is he?
            chosen.add(records[at - 1].text)
        words = sum(len(r.text.split()) for r in answer)
        more: set[str] = set()
        for record in ranked[1:]:
            if words >= fill:
                break
            if (
                record.text not in chosen
                and record.text in new
                and words + len(record.text.split()) <= MAX_WORDS
            ):
                more.add(record.text)
                words += len(record.text.split())
        return answer + [r for r in records if r.text in more]

    def _texts_of(self, sentence_ids: Sequence[str], by_id: dict[str, str]) -> list[str]:
        """The texts of stored sentence ids (a sentence repeated by an overlapping passage
        has another id but the same text)."""
        texts = []
        for sentence_id in sentence_ids:
            text = by_id.get(sentence_id)
            if text is None:
                chunk_id = sentence_id.partition("#")[0]
                stored = self.snapshot().sentences([chunk_id]).get(chunk_id, [])
                text = next((r.text for r in stored if r.sentence_id == sentence_id), None)
            if text is not None:
                texts.append(text)
        return texts

    def _citation(
        self, number: int, key: SectionKey, language: Language, record: SentenceRecord | None
    ) -> Citation | None:
        snap = self.snapshot()
        doc_id, records = self._records(key, language)
        rows = snap.section_rows(doc_id, key[1])
        if not rows:
            return None
        chunk = snap.chunks[rows[0]]
        if record is not None:
            chunk = snap.chunk(record.chunk_id) or chunk
        sentence = record or (records[0] if records else None)
        return Citation(
            number=number,
            title=chunk.title,
            heading=chunk.heading,
            url=chunk.source_url,
            chunk_id=chunk.chunk_id,
            doc_id=chunk.doc_id,
            excerpt=sentence.window if sentence else chunk.text[:400],
            sentence_id=sentence.sentence_id if sentence else "",
            sentence=sentence.text if sentence else "",
            language=chunk.language,
        )


def _says(terms: set[str], sentence: str) -> bool:
    """A sentence with ``terms`` already says ``sentence``: the same words, most of them in
    other words, or most of the (shorter) sentence's words within a longer one."""
    own = content_terms(sentence)
    if own == terms or repeats(own, terms, 0.6):
        return True
    return bool(own) and len(own & terms) / len(own) >= 0.7


def _limit(texts: list[str], words: int = MAX_WORDS) -> list[str]:
    """The leading sentences that fit into ``words`` (at least one)."""
    out: list[str] = []
    total = 0
    for text in texts:
        n = len(text.split())
        if out and total + n > words:
            break
        out.append(text)
        total += n
    return out


def _headings_by_pair(snap: IndexSnapshot) -> dict[str, list[tuple[str, ...]]]:
    """Each pair's section headings per file (what a playbook cite names)."""
    by_doc: dict[str, dict[int, str]] = {}
    for chunk in snap.chunks:
        heads = by_doc.setdefault(chunk.doc_id, {0: ""})
        heads.setdefault(chunk.section, chunk.heading.split(" > ")[0])
    out: dict[str, list[tuple[str, ...]]] = {}
    for doc_id, heads in by_doc.items():
        size = max(heads) + 1
        out.setdefault(pair_id(doc_id), []).append(tuple(heads.get(i, "") for i in range(size)))
    return out


def evidence_citation(evidence: Evidence) -> Citation:
    return Citation(
        number=evidence.number,
        title=evidence.title,
        heading=evidence.heading,
        url=evidence.url,
        chunk_id=evidence.chunk_id,
        doc_id=evidence.doc_id,
        excerpt=evidence.window,
        sentence_id=evidence.sentence_id,
        sentence=evidence.text,
        language=evidence.language,
    )
