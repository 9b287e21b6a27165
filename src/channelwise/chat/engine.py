"""A chat answer, one straight line:

    follow-up readings -> ground (match, choose, compose) -> [model restates, checked] -> cite

``ChatEngine.prepare()`` reads the question with the conversation and asks the grounder for
the composed answer: a playbook entry tailored to the user's figures, a section's answer
sentences, the best evidence or "not covered", in the asker's language, with sources and
suggestions. That needs no language model and takes well under a second. When a remote model
is configured (or ``CHANNELWISE_SMOOTH_ANSWERS`` asks the local one), the model then writes
the answer from the same composed text and evidence; each sentence is checked by code before
it is shown, and when too little survives the composed answer stands.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.messages import BaseMessage

from channelwise.chat.answer import AnswerContext
from channelwise.chat.followup import Turn, readings
from channelwise.errors import ChannelwiseError, ModelError
from channelwise.grounding import prompts
from channelwise.grounding.evidence import Evidence, EvidenceSet
from channelwise.grounding.generate import model_errors
from channelwise.grounding.grounder import Grounder, Grounding
from channelwise.grounding.language import detect_language, has_language_evidence
from channelwise.grounding.matching import Reading
from channelwise.grounding.sentence_check import AnswerChecker
from channelwise.grounding.tailor import Figures
from channelwise.i18n import Bilingual, Language
from channelwise.knowledge.aliases import spelled
from channelwise.knowledge.records import Citation
from channelwise.providers.factory import ChatBackend
from channelwise.stats.advice_figures import stated_figures
from channelwise.stats.stated import without_split

_OUR_REACH = Bilingual("our reach", "unsere Reichweite")
"""What a typed reach split is read as when the question is matched."""


@dataclass(frozen=True)
class Prepared:
    """Everything before a model writes: shown to the user at once."""

    question: str
    language: Language
    grounding: Grounding
    draft: EvidenceSet
    """What a model may say: the composed answer's sentences (numbered as its citations),
    then further evidence; the checker tests every model sentence against these."""
    messages: list[BaseMessage] | None = field(repr=False)
    """None when no model writes (the composed answer is the answer)."""
    advice: bool
    """A remote model gives unsourced general advice (the question is not covered)."""
    stats: str | None
    started: float
    evidence_s: float

    @property
    def citations(self) -> tuple[Citation, ...]:
        return self.grounding.composed.citations

    @property
    def covered(self) -> bool:
        return self.grounding.covered


class ChatEngine:
    def __init__(
        self,
        grounder: Grounder,
        backend: ChatBackend | None,
        *,
        smooth: bool = False,
        model_error: ModelError | None = None,
    ) -> None:
        self.grounder = grounder
        self.model_error = model_error
        """Why no model could be built (the answers are the composed ones), with the fix."""
        self.backend = backend
        self.smooth = smooth
        """Let a local model restate composed answers (off by default: slower, no better)."""

    @property
    def label(self) -> str:
        return self.backend.label if self.backend else "channelwise"

    @property
    def writes(self) -> bool:
        """Whether a model writes the answers (else the composed answer is shown)."""
        return self.backend is not None and (not self.backend.compact_prompt or self.smooth)

    def warm_up(self) -> None:
        """Load a local model and pre-read its fixed instructions (only when it writes)."""
        if self.backend is None or not self.backend.compact_prompt or not self.smooth:
            return
        from channelwise.providers.gate import WARM_UP

        messages = prompts.restate_messages("OK", "en", [(1, "OK.")])
        with model_errors():
            options: dict[str, Any] = {"max_tokens": 1}
            if self.backend.provider == "local":
                options["priority"] = WARM_UP
            self.backend.model.invoke(messages, **options)

    def without_model(self) -> ChatEngine:
        """The same pipeline with no model (the composed answers alone)."""
        return ChatEngine(self.grounder, None)

    # --- the straight line ------------------------------------------------------------

    def prepare(
        self,
        question: str,
        history: Sequence[Turn] = (),
        *,
        lang: Language | None = None,
        context: AnswerContext | None = None,
    ) -> Prepared:
        started = time.perf_counter()
        question = question.strip()
        if not question:
            raise ChannelwiseError(
                "The question is empty: type a question first.",
                "Die Frage ist leer: Bitte zuerst eine Frage eingeben.",
            )
        context = context or AnswerContext()
        language = self.answer_language(question, history, lang)
        typed = spelled(question)  # "facebok" is matched as "Facebook"
        turns = [Turn(t.role, spelled(t.content)) for t in history]
        queries = readings(typed, turns)
        asked = without_split(typed, _OUR_REACH.get(language))
        if asked != typed:  # a typed reach split: its figures are computed, not matched
            queries = [*queries, Reading(asked)]
        grounding = self.grounder.ground(
            typed,
            language,
            queries=queries,
            figures=answer_figures(typed, turns, context.figures),
            asked=[t.content for t in turns if t.role == "user"],
            context=" ".join(t.content for t in turns[-2:]),
        )
        draft = self.draft(grounding)
        stats = context.stats if context.stats and prompts.asks_about_stats(question) else None
        messages, advice = self._prompt(grounding, draft, history, context, stats)
        return Prepared(
            question=question,
            language=language,
            grounding=grounding,
            draft=draft,
            messages=messages,
            advice=advice,
            stats=stats,
            started=started,
            evidence_s=time.perf_counter() - started,
        )

    def answer_language(
        self, question: str, history: Sequence[Turn], lang: Language | None
    ) -> Language:
        if lang is not None:
            return lang
        if has_language_evidence(question):
            return detect_language(question)
        for turn in reversed(history):
            if turn.role == "user" and has_language_evidence(turn.content):
                return detect_language(turn.content)
        return detect_language(question)

    def draft(self, grounding: Grounding) -> EvidenceSet:
        """What a model may say, as evidence: the composed answer's sentences (one item per
        citation number), then the further evidence (only a remote model's prompt shows it)."""
        composed = grounding.composed
        by_number = {c.number: c for c in composed.citations}
        groups: dict[int, list[str]] = {}
        for number, text in composed.numbered():
            groups.setdefault(number, []).append(text)
        items = [
            _as_evidence(n, " ".join(texts), by_number[n])
            for n, texts in groups.items()
            if n in by_number
        ]
        used = {c.sentence_id for c in composed.citations}
        further = [e for e in grounding.evidence.items if e.sentence_id not in used]
        start = max(by_number, default=0)
        items += [dataclasses.replace(e, number=start + i) for i, e in enumerate(further, 1)]
        vectors = (
            self.grounder.embed([e.window for e in items])
            if items
            else np.zeros((0, grounding.matches.vector.shape[0]), dtype=np.float32)
        )
        return EvidenceSet(tuple(items), vectors)

    def _prompt(
        self,
        grounding: Grounding,
        draft: EvidenceSet,
        history: Sequence[Turn],
        context: AnswerContext,
        stats: str | None,
    ) -> tuple[list[BaseMessage] | None, bool]:
        if self.backend is None or not self.writes:
            return None, False
        question, language = grounding.question, grounding.language
        pairs = [(t.role, t.content) for t in history][-6:]
        if not grounding.covered:
            if self.backend.compact_prompt:
                return None, False  # a small model's unsourced advice is not worth showing
            return (
                prompts.advice_messages(
                    question, language, history=pairs, stats=context.stats, plan=context.plan
                ),
                True,
            )
        if self.backend.compact_prompt:
            drafted = {c.number for c in grounding.composed.citations}
            lines = [(e.number, e.text) for e in draft.items if e.number in drafted]
            return prompts.restate_messages(question, language, lines), False
        messages = prompts.remote_messages(
            question,
            language,
            draft.items,
            history=pairs,
            stats=stats or context.stats,
            plan=context.plan,
            drafted=len(grounding.composed.citations),
        )
        return messages, False

    def checker(self, prepared: Prepared) -> AnswerChecker:
        return self.grounder.checker(
            prepared.question,
            prepared.language,
            prepared.draft,
            stats=prepared.stats,
            topic=prepared.grounding.query,
        )


def answer_figures(
    question: str, history: Sequence[Turn] = (), uploaded: Figures | None = None
) -> Figures:
    """The figures an answer is tailored to, from one source: a reach split typed into the
    question, else the uploaded stats, else the split typed into the latest earlier question
    that has one ("70 % insta, 20 % fb, 10 % newsletter. ist das schlimm?", then "wie
    schnell sollten wir umschichten?")."""
    typed: Figures = stated_figures(question)
    if typed or uploaded:
        return typed or uploaded or {}
    for turn in reversed(history):
        earlier = stated_figures(turn.content) if turn.role == "user" else {}
        if earlier:
            return earlier
    return {}


def _as_evidence(number: int, text: str, source: Citation) -> Evidence:
    window = text if source.sentence in text else f"{text} {source.sentence}".strip()
    return Evidence(
        number=number,
        sentence_id=source.sentence_id,
        chunk_id=source.chunk_id,
        doc_id=source.doc_id,
        title=source.title,
        heading=source.heading,
        url=source.url,
        language=source.language or "en",  # type: ignore[arg-type]
        position=0,
        text=text,
        window=window,
        score=1.0,
        dense=1.0,
        lexical=1.0,
    )


def build_chat_engine(
    backend: ChatBackend | None,
    grounder: Grounder,
    *,
    smooth: bool = False,
    model_error: ModelError | None = None,
) -> ChatEngine:
    return ChatEngine(grounder, backend, smooth=smooth, model_error=model_error)
