"""The answer pipeline, one straight line:

    condense -> retrieve -> evidence -> prompt -> generate -> check -> cite

``ChatEngine.prepare()`` runs everything up to the prompt (no model call for local models),
so a UI shows the evidence at once. ``ChatEngine.stream()`` returns an :class:`AnswerStream`:
iterating it yields the model's answer one *checked* sentence at a time (each already
cited by code); afterwards ``stream.answer`` holds the final :class:`Answer`. When too little
of the model's answer survives the check, or the model is busy or fails, the final answer
is the evidence itself (``mode == "evidence"``) and a UI replaces what it streamed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage

from channelwise.chat.condense import clean_condensed, heuristic_standalone, merge_results
from channelwise.errors import ChannelwiseError, ModelError
from channelwise.grounding import prompts
from channelwise.grounding.evidence import Evidence, EvidenceFinder, EvidenceSet
from channelwise.grounding.fallback import evidence_answer
from channelwise.grounding.language import detect_language, has_language_evidence
from channelwise.grounding.sentence_check import AnswerChecker, CheckResult, Embed, with_citations
from channelwise.i18n import Language, register, t
from channelwise.knowledge.embeddings import Embedder
from channelwise.knowledge.records import Citation, SearchResult
from channelwise.knowledge.retrieval import Retrieval, Retriever
from channelwise.knowledge.sentence_index import Vector
from channelwise.knowledge.sentences import split_sentences
from channelwise.providers.errors import ModelBusyError
from channelwise.providers.factory import ChatBackend
from channelwise.providers.gate import CHAT, OnWait

Role = Literal["user", "assistant"]
AnswerMode = Literal["model", "evidence", "not_covered"]


@dataclass(frozen=True)
class Turn:
    role: Role
    content: str


@dataclass(frozen=True)
class AnswerContext:
    """Pre-formatted text blocks from other modules, passed to the model as data."""

    stats: str | None = None
    """Channel-stats figures computed by code (``channelwise.stats``)."""
    plan: str | None = None
    """A diversification plan the user is working on."""


def citation_of(evidence: Evidence) -> Citation:
    """An evidence sentence as the user sees it: where it comes from, what it says."""
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


@dataclass(frozen=True)
class CheckSummary:
    """What the check did to the model's answer (for the UI's details and the eval)."""

    kept: int
    dropped: dict[str, int]
    """Problem name -> number of sentences dropped for it."""
    fallback_reason: str | None


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    language: Language
    mode: AnswerMode
    covered: bool
    citations: tuple[Citation, ...]
    """Evidence the answer cites, in order of first citation."""
    evidence: tuple[Citation, ...]
    """Every evidence sentence shown to the user."""
    standalone_query: str
    provider: str
    raw_text: str
    """What the model wrote, before the check (empty when no model ran)."""
    check: CheckSummary
    first_token_s: float | None
    evidence_s: float
    total_s: float


@dataclass(frozen=True)
class Prepared:
    """Everything up to the prompt: shown to the user before the model starts."""

    question: str
    language: Language
    standalone_query: str
    covered: bool
    evidence: EvidenceSet
    messages: list[BaseMessage] | None = field(repr=False)
    """None when no model call is needed (or no model is configured)."""
    advice: bool
    """The messages ask for unsourced general advice (remote models, not covered)."""
    stats: str | None
    started: float
    evidence_s: float

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(citation_of(e) for e in self.evidence.items)


register(
    {
        "chat.not_covered": {
            "en": "The knowledge base does not cover this question, so I have no source for it.",
            "de": "Dazu enthält die Wissensbasis nichts, ich habe also keine Quelle dafür.",
        },
        "chat.advice_label": {
            "en": "General advice (no source): ",
            "de": "Allgemeiner Rat (ohne Quelle): ",
        },
        "chat.mode.model": {
            "en": "Answer by {model}, checked against the evidence by channelwise",
            "de": "Antwort von {model}, von channelwise gegen die Belege geprüft",
        },
        "chat.mode.evidence": {
            "en": "Answered with the evidence itself ({reason})",
            "de": "Mit den Belegen selbst beantwortet ({reason})",
        },
        "chat.mode.not_covered": {
            "en": "Not covered by the knowledge base",
            "de": "Nicht in der Wissensbasis",
        },
        "chat.reason.no model": {
            "en": "no language model is available",
            "de": "kein Sprachmodell verfügbar",
        },
        "chat.reason.model failed": {
            "en": "the language model failed",
            "de": "das Sprachmodell ist ausgefallen",
        },
        "chat.reason.model busy": {
            "en": "the language model was busy",
            "de": "das Sprachmodell war ausgelastet",
        },
        "chat.reason.checked": {
            "en": "the model's answer did not pass the check",
            "de": "die Antwort des Modells hat die Prüfung nicht bestanden",
        },
    }
)


def mode_label(answer: Answer, lang: Language) -> str:
    """Which mode answered, in words the user understands."""
    return describe_mode(answer.mode, answer.provider, answer.check.fallback_reason, lang)


def describe_mode(mode: str, provider: str, reason: str | None, lang: Language) -> str:
    if mode == "model":
        return t("chat.mode.model", lang, model=provider)
    if mode == "evidence":
        key = f"chat.reason.{reason}" if reason in _REASONS else "chat.reason.checked"
        return t("chat.mode.evidence", lang, reason=t(key, lang))
    return t("chat.mode.not_covered", lang)


_REASONS = ("no model", "model failed", "model busy")

_FIGURE_QUESTION = re.compile(
    r"\b(how (many|much|long|big|high|often)|what share|what percentage|when|since when|"
    r"wie (viele?|lang|hoch|groß|oft)|welchen anteil|wann|seit wann|ab wann)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
MIN_RELEVANCE = 0.15
"""Least similarity of the best answer sentence with the question (tune split)."""
COMPACT_ANSWER_TOKENS = 160
"""A small model writes one to three sentences; longer answers only repeat themselves."""


class ChatEngine:
    def __init__(
        self,
        backend: ChatBackend | None,
        retriever: Retrieval,
        finder: EvidenceFinder,
        embed: Embed,
        names: Callable[[], frozenset[str]],
        *,
        k: int = 5,
    ) -> None:
        self.backend = backend
        self.retriever = retriever
        self.finder = finder
        self.embed = embed
        self.names = names
        self.k = k

    @property
    def label(self) -> str:
        return self.backend.label if self.backend else "evidence only"

    @property
    def model(self) -> BaseChatModel:
        """The chat model (a ModelError when the engine answers with evidence only)."""
        if self.backend is None:
            raise ModelError(
                "No language model is configured; answers are made of the evidence.",
                "Kein Sprachmodell eingerichtet; die Antworten bestehen aus den Belegen.",
            )
        return self.backend.model

    @property
    def compact(self) -> bool:
        """The compact prompt for small local models (see ``prompts``)."""
        return self.backend is not None and self.backend.compact_prompt

    def warm_up(self) -> None:
        """Load a local model's weights and pre-read the fixed instructions into its cache.

        llama.cpp reuses the longest common prefix of consecutive prompts, and the local
        prompt starts with the same instructions for every question, so afterwards a question
        only pays for its evidence. Remote models need no warm-up.
        """
        if not self.compact or self.backend is None:
            return
        messages = prompts.local_messages("OK", "en", ())
        with model_errors():
            self.backend.model.invoke(messages, max_tokens=1)

    def without_model(self) -> ChatEngine:
        """The same pipeline answering with the evidence alone (the evaluation's baseline)."""
        return ChatEngine(None, self.retriever, self.finder, self.embed, self.names, k=self.k)

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
        query = self.condense(question, history, language)
        result = self._retrieve(question, query)
        evidence = self.finder.find(question, query, result.hits)
        if not result.covered:
            evidence = EvidenceSet((), evidence.vectors[:0])
        stats = context.stats if context.stats and prompts.asks_about_stats(question) else None
        messages, advice = self._prompt(question, language, evidence, history, context, stats)
        return Prepared(
            question=question,
            language=language,
            standalone_query=query,
            covered=result.covered,
            evidence=evidence,
            messages=messages,
            advice=advice,
            stats=stats,
            started=started,
            evidence_s=time.perf_counter() - started,
        )

    def stream(
        self,
        question: str,
        history: Sequence[Turn] = (),
        *,
        lang: Language | None = None,
        context: AnswerContext | None = None,
        on_wait: OnWait | None = None,
    ) -> AnswerStream:
        """``on_wait`` hears the queue position while a busy local model is awaited."""
        prepared = self.prepare(question, history, lang=lang, context=context)
        return AnswerStream(self, prepared, on_wait)

    def answer(
        self,
        question: str,
        history: Sequence[Turn] = (),
        *,
        lang: Language | None = None,
        context: AnswerContext | None = None,
    ) -> Answer:
        stream = self.stream(question, history, lang=lang, context=context)
        for _ in stream:
            pass
        return stream.answer

    # --- steps ------------------------------------------------------------------------

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
        return "en"

    def condense(self, question: str, history: Sequence[Turn], lang: Language) -> str:
        """A standalone search query for a follow-up question."""
        if not any(t.role == "user" for t in history):
            return question
        if self.backend is None or not self.backend.condense_with_model:
            return heuristic_standalone(question, history)
        recent = [(t.role, t.content) for t in history][-6:]
        with model_errors():
            reply = self.backend.model.invoke(
                prompts.condense_messages(lang, recent, question), stop=["\n"]
            )
        return clean_condensed(reply.text, question, history)

    def _retrieve(self, question: str, query: str) -> SearchResult:
        result = self.retriever.search(query, k=self.k)
        if query == question or (self.backend and self.backend.condense_with_model):
            return result
        # heuristic follow-up: the previous question can dominate the combined query, so
        # interleave the hits for the follow-up alone ("and for LinkedIn?") with them
        alone = self.retriever.search(question, k=self.k)
        return merge_results(query, alone, result, self.k)

    def _prompt(
        self,
        question: str,
        language: Language,
        evidence: EvidenceSet,
        history: Sequence[Turn],
        context: AnswerContext,
        stats: str | None,
    ) -> tuple[list[BaseMessage] | None, bool]:
        if self.backend is None:
            return None, False
        if self.compact:
            if not evidence.items:
                return None, False  # a small model's unsourced advice is not worth showing
            return prompts.local_messages(question, language, evidence.items, stats), False
        pairs = [(t.role, t.content) for t in history][-6:]
        if not evidence.items:
            return (
                prompts.advice_messages(
                    question, language, history=pairs, stats=context.stats, plan=context.plan
                ),
                True,
            )
        messages = prompts.remote_messages(
            question,
            language,
            evidence.items,
            history=pairs,
            stats=context.stats,
            plan=context.plan,
        )
        return messages, False

    def checker(self, prepared: Prepared) -> AnswerChecker:
        return AnswerChecker(
            prepared.question,
            prepared.language,
            prepared.evidence.items,
            prepared.evidence.vectors,
            self.embed,
            self.names(),
            stats=prepared.stats,
            topic=prepared.standalone_query,
        )


class AnswerStream:
    """Iterate once for checked answer sentences; then ``answer`` holds the result.

    The streamed text equals ``answer.text`` in ``model`` mode. In ``evidence`` mode (too
    little survived the check, or the model failed) ``answer.text`` is the evidence answer
    and replaces whatever was streamed.
    """

    def __init__(
        self, engine: ChatEngine, prepared: Prepared, on_wait: OnWait | None = None
    ) -> None:
        self.engine = engine
        self.prepared = prepared
        self.on_wait = on_wait
        self._parts: list[str] = []
        self._raw: list[str] = []
        self._answer: Answer | None = None
        self._first_token_s: float | None = None
        self.error: ChannelwiseError | None = None
        """A model failure that made the evidence the answer (shown with its fix)."""

    @property
    def evidence(self) -> tuple[Citation, ...]:
        return self.prepared.citations

    @property
    def text(self) -> str:
        """What was streamed so far."""
        return "".join(self._parts)

    def _emit(self, text: str) -> str:
        self._parts.append(text)
        return text

    def __iter__(self) -> Iterator[str]:
        if self._answer is not None:
            raise RuntimeError("an AnswerStream can be consumed only once")
        p = self.prepared
        checker = self.engine.checker(p)
        if not p.covered:
            yield self._emit(t("chat.not_covered", p.language))
            if p.messages is not None:
                yield self._emit("\n\n" + t("chat.advice_label", p.language))
                yield from self._advice()
            self._answer = self._finish("not_covered", checker.result, None)
            return
        reason: str | None = None
        if p.messages is None:
            reason = "no model" if self.engine.backend is None else "no evidence"
        else:
            try:
                for sentence in self._sentences():
                    verdict = checker.check_sentence(sentence)
                    if verdict.kept:
                        space = " " if self._parts else ""
                        yield self._emit(space + with_citations(verdict.text, verdict.citations))
            except ChannelwiseError as err:
                self.error = err
                reason = "model busy" if isinstance(err, ModelBusyError) else "model failed"
            reason = reason or _fallback_reason(checker.result, p)
        self._answer = self._finish("evidence" if reason else "model", checker.result, reason)

    def _model_chunks(self) -> Iterator[str]:
        backend = self.engine.backend
        assert backend is not None and self.prepared.messages is not None
        with model_errors():
            if backend.provider == "local":  # queued at the model's gate, chat first
                chunks = backend.model.stream(
                    self.prepared.messages,
                    max_tokens=COMPACT_ANSWER_TOKENS,
                    priority=CHAT,
                    on_wait=self.on_wait,
                )
            elif backend.compact_prompt:
                chunks = backend.model.stream(
                    self.prepared.messages, max_tokens=COMPACT_ANSWER_TOKENS
                )
            else:
                chunks = backend.model.stream(self.prepared.messages)
            for chunk in chunks:
                if chunk.text and self._first_token_s is None:
                    self._first_token_s = time.perf_counter() - self.prepared.started
                self._raw.append(chunk.text)
                yield chunk.text

    def _sentences(self) -> Iterator[str]:
        """Complete sentences as soon as the model has written them."""
        buffer = ""
        for text in self._model_chunks():
            buffer += text
            sentences = split_sentences(buffer)
            if len(sentences) > 1:
                yield from sentences[:-1]
                buffer = sentences[-1] + buffer[len(buffer.rstrip()) :]
        yield from split_sentences(buffer)

    def _advice(self) -> Iterator[str]:
        for text in self._model_chunks():
            cleaned = re.sub(r"\[\d+\]", "", text)
            if cleaned:
                yield self._emit(cleaned)

    def _finish(self, mode: AnswerMode, result: CheckResult, reason: str | None) -> Answer:
        p = self.prepared
        evidence = p.citations
        if mode == "evidence":
            text = evidence_answer(p.evidence.items, p.language)
            cited_numbers = [e.number for e in p.evidence.items if f"[{e.number}]" in text]
        elif mode == "model":
            text = self.text.strip()
            cited_numbers = result.cited()
        else:
            text = self.text.strip()
            cited_numbers = []
        by_number = {c.number: c for c in evidence}
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
            citations=tuple(by_number[n] for n in cited_numbers if n in by_number),
            evidence=evidence,
            standalone_query=p.standalone_query,
            provider=self.engine.label,
            raw_text="".join(self._raw),
            check=CheckSummary(len(result.kept), dropped, reason),
            first_token_s=self._first_token_s,
            evidence_s=p.evidence_s,
            total_s=time.perf_counter() - p.started,
        )

    @property
    def answer(self) -> Answer:
        if self._answer is None:
            raise RuntimeError("iterate the stream to the end before reading .answer")
        return self._answer


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
    items = prepared.evidence.items
    if items:
        best = items[0].score
        top = {e.number for e in items if e.score >= best * 0.9}
        if not any(set(v.citations) & top for v in kept):
            return "the answer did not use the best evidence"
    if (
        _FIGURE_QUESTION.search(prepared.question)
        and not any(_DIGIT.search(v.text) for v in kept)
        and any(_DIGIT.search(e.text) for e in items)
    ):
        return "the question asks for a figure and the answer gave none"
    return None


@contextmanager
def model_errors() -> Iterator[None]:
    """Anything a backend raises that is not a ChannelwiseError becomes a ModelError."""
    try:
        yield
    except ChannelwiseError:
        raise
    except Exception as exc:
        raise ModelError(
            f"The language model failed ({type(exc).__name__}: {exc}). The answer below is "
            "made of the evidence; try again, or switch the model with CHANNELWISE_LLM.",
            f"Das Sprachmodell ist ausgefallen ({type(exc).__name__}: {exc}). Die Antwort "
            "unten besteht aus den Belegen; versuchen Sie es erneut oder wechseln Sie das "
            "Modell mit CHANNELWISE_LLM.",
        ) from exc


def build_chat_engine(
    backend: ChatBackend | None,
    retriever: Retriever,
    embedder: Embedder,
    *,
    k: int = 5,
) -> ChatEngine:
    """The engine over the retriever's current index generation and the bundled embedder."""

    def embed(texts: Sequence[str]) -> Vector:
        vectors = embedder.embed_passages(list(texts))
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        unit: Vector = (vectors / norms).astype(np.float32)
        return unit

    finder = EvidenceFinder(retriever.snapshot, embedder.embed_query)
    return ChatEngine(
        backend,
        retriever,
        finder,
        embed,
        lambda: retriever.snapshot().names(),
        k=k,
    )
