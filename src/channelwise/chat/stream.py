"""Streaming a prepared answer: the composed text at once, or a model's checked sentences.

Iterate an :class:`AnswerStream` once; each item is text to append to what is shown. When no
model writes, the single item is the composed answer. When a model writes, each sentence it
finishes is checked (support by the composed answer and evidence, figures, names, no echoes,
tags, placeholders or repetition, the right language) and only kept sentences are yielded,
cited by code. Afterwards ``answer`` holds the final :class:`Answer`; when too little of the
model's text survived (or the model failed or was busy) its text is the composed answer, and
a UI replaces what it streamed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence

from channelwise.chat.answer import Answer, AnswerContext, AnswerMode, CheckSummary
from channelwise.chat.engine import ChatEngine, Prepared
from channelwise.chat.followup import Turn
from channelwise.errors import ChannelwiseError
from channelwise.grounding.compose import evidence_citation
from channelwise.grounding.evidence import Evidence
from channelwise.grounding.generate import MIN_RELEVANCE, model_text, sentences, timed_first
from channelwise.grounding.sentence_check import CheckResult, with_citations
from channelwise.i18n import Language, register, t
from channelwise.knowledge.records import Citation
from channelwise.providers.errors import ModelBusyError
from channelwise.providers.gate import CHAT, OnWait

_FIGURE_QUESTION = re.compile(
    r"\b(how (many|much|long|big|high|often)|what share|what percentage|when|since when|"
    r"wie (viele?|lang|hoch|groß|oft)|welchen anteil|wann|seit wann|ab wann)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")

register(
    {
        "chat.advice_label": {
            "en": "General advice (no source): ",
            "de": "Allgemeiner Rat (ohne Quelle): ",
        },
    }
)


def stream(
    engine: ChatEngine,
    question: str,
    history: Sequence[Turn] = (),
    *,
    lang: Language | None = None,
    context: AnswerContext | None = None,
    on_wait: OnWait | None = None,
) -> AnswerStream:
    """Prepare the answer (shown at once) and return the stream that finishes it;
    ``on_wait`` hears the queue position while a busy local model is awaited."""
    prepared = engine.prepare(question, history, lang=lang, context=context)
    return AnswerStream(engine, prepared, on_wait)


def answer(
    engine: ChatEngine,
    question: str,
    history: Sequence[Turn] = (),
    *,
    lang: Language | None = None,
    context: AnswerContext | None = None,
) -> Answer:
    """The finished answer (what the CLI and the evaluation use)."""
    running = stream(engine, question, history, lang=lang, context=context)
    for _ in running:
        pass
    return running.answer


class AnswerStream:
    def __init__(
        self, engine: ChatEngine, prepared: Prepared, on_wait: OnWait | None = None
    ) -> None:
        self.engine = engine
        self.prepared = prepared
        self.on_wait = on_wait
        self._parts: list[str] = []
        self._raw: list[str] = []
        self._first: list[float] = []
        self._answer: Answer | None = None
        self.error: ChannelwiseError | None = engine.model_error
        """Why no model wrote although one should have (it could not be built, failed or was
        busy): the composed answer stands; shown with the fix."""

    @property
    def evidence(self) -> tuple[Citation, ...]:
        return self.prepared.citations

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def _emit(self, text: str) -> str:
        self._parts.append(text)
        return text

    def __iter__(self) -> Iterator[str]:
        if self._answer is not None:
            raise RuntimeError("an AnswerStream can be consumed only once")
        p = self.prepared
        composed = p.grounding.composed
        checker = self.engine.checker(p)
        if p.messages is None:
            yield self._emit(composed.text)
            self._answer = self._finish(composed.mode, checker.result, "not asked")
            return
        if p.advice:
            yield self._emit(composed.text)
            yield self._emit("\n\n" + t("chat.advice_label", p.language))
            try:
                for chunk in self._model():
                    cleaned = re.sub(r"\s*\[\d+\]", "", chunk)
                    if cleaned:
                        yield self._emit(cleaned)
            except ChannelwiseError as err:
                self.error = err
            self._answer = self._finish("not_covered", checker.result, None)
            return
        reason: str | None = None
        try:
            for sentence in sentences(self._model()):
                verdict = checker.check_sentence(sentence)
                if verdict.kept:
                    space = " " if self._parts else ""
                    yield self._emit(space + with_citations(verdict.text, verdict.citations))
        except ChannelwiseError as err:
            self.error = err
            reason = "model busy" if isinstance(err, ModelBusyError) else "model failed"
        reason = reason or _fallback_reason(checker.result, p)
        mode: AnswerMode = composed.mode if reason else "model"
        self._answer = self._finish(mode, checker.result, reason)

    def _model(self) -> Iterator[str]:
        backend = self.engine.backend
        assert backend is not None and self.prepared.messages is not None
        for text in model_text(
            backend,
            self.prepared.messages,
            priority=CHAT,
            on_wait=self.on_wait,
            on_first=timed_first(self.prepared.started, self._first),
        ):
            self._raw.append(text)
            yield text

    def _finish(self, mode: AnswerMode, result: CheckResult, reason: str | None) -> Answer:
        p = self.prepared
        composed = p.grounding.composed
        if mode == "model":
            text = self.text.strip()
            numbers = result.cited()
            by_number = {e.number: e for e in p.draft.items}
            citations = tuple(_citation_of(by_number[n], p) for n in numbers if n in by_number)
        elif p.advice:  # no sources: markers the model wrote anyway go
            unmarked = re.sub(r"\s*\[\d+\]", "", self.text)
            text, citations = re.sub(r"\s+([.!?,;:])", r"\1", unmarked).strip(), ()
        else:
            text, citations = composed.text, composed.citations
        dropped: dict[str, int] = {}
        for verdict in result.verdicts:
            for problem in verdict.problems:
                dropped[problem] = dropped.get(problem, 0) + 1
        return Answer(
            question=p.question,
            text=text,
            language=p.language,
            mode=mode,
            covered=p.covered,
            citations=citations,
            suggestions=p.grounding.suggestions,
            standalone_query=p.grounding.query,
            provider=self.engine.label,
            raw_text="".join(self._raw),
            check=CheckSummary(len(result.kept), dropped, reason),
            composed_mode=composed.mode,
            entry_id=composed.entry_id,
            sections=tuple(f"{pair}#{section}" for pair, section in composed.sections),
            tailored=composed.tailored,
            first_token_s=self._first[0] if self._first else None,
            evidence_s=p.evidence_s,
            total_s=time.perf_counter() - p.started,
        )

    @property
    def answer(self) -> Answer:
        if self._answer is None:
            raise RuntimeError("iterate the stream to the end before reading .answer")
        return self._answer


def _citation_of(evidence: Evidence, prepared: Prepared) -> Citation:
    """The source a model sentence cites: the composed answer's citation of that number,
    or the evidence item's own source."""
    for citation in prepared.citations:
        if citation.number == evidence.number:
            return citation
    return evidence_citation(evidence)


def _fallback_reason(result: CheckResult, prepared: Prepared) -> str | None:
    """Why the model's checked answer is not good enough to show (None: it is)."""
    kept = result.kept
    if not kept:
        return "nothing survived the check" if result.verdicts else "empty answer"
    confused = sum(
        bool({"echo", "tag", "placeholder", "repetition", "language"} & set(v.problems))
        for v in result.verdicts
    )
    if confused * 2 >= len(result.verdicts):
        return "the answer was mostly echo, tags, placeholders, repetition or wrong language"
    if max(v.relevance for v in kept) < MIN_RELEVANCE:
        return "the answer does not address the question"
    drafted = {c.number for c in prepared.citations}
    if drafted and not any(set(v.citations) & drafted for v in kept):
        return "the answer did not use channelwise's composed answer"
    if (
        _FIGURE_QUESTION.search(prepared.question)
        and not any(_DIGIT.search(v.text) for v in kept)
        and any(_DIGIT.search(s) for s in prepared.grounding.composed.sentences)
    ):
        return "the question asks for a figure and the answer gave none"
    return None
