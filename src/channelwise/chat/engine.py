"""The answer pipeline: condense -> retrieve -> budget -> fenced prompt -> streamed answer.

``ChatEngine.stream()`` does retrieval eagerly (so a UI can show the sources at once) and
returns an :class:`AnswerStream`; iterating it yields text deltas with only valid
citations, and afterwards ``stream.answer`` holds the finished :class:`Answer`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal, Protocol

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from channelwise.chat import prompts
from channelwise.chat.budget import (
    Budget,
    fit_block,
    fit_history,
    focus_sources,
    select_sources,
    tokens,
)
from channelwise.chat.citations import CitationFilter, attribute
from channelwise.chat.condense import clean_condensed, heuristic_standalone, merge_results
from channelwise.chat.language import detect_language, has_language_evidence
from channelwise.chat.prompts import PromptSource
from channelwise.errors import ChannelwiseError, ModelError
from channelwise.i18n import Language
from channelwise.knowledge.records import Hit, SearchResult
from channelwise.providers.factory import ChatBackend

Role = Literal["user", "assistant"]


class Retrieval(Protocol):
    """What the pipeline needs from retrieval (``channelwise.knowledge.retrieval.Retriever``)."""

    def search(
        self,
        query: str,
        k: int = 5,
        language: str | None = None,
        topics: Sequence[str] | None = None,
    ) -> SearchResult: ...


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


@dataclass(frozen=True)
class Citation:
    number: int
    title: str
    heading: str
    url: str
    chunk_id: str
    doc_id: str
    excerpt: str


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    language: Language
    covered: bool
    citations: tuple[Citation, ...]
    """Sources the answer cites, in order of first citation."""
    sources: tuple[Citation, ...]
    """Every passage the model was given."""
    removed_citations: tuple[int, ...]
    """Numbers the model wrote that matched no passage (removed from ``text``)."""
    citations_inferred: bool
    """The model cited nothing; markers were added to sentences that restate a passage."""
    standalone_query: str
    provider: str
    first_token_s: float | None
    total_s: float


@dataclass(frozen=True)
class PreparedPrompt:
    question: str
    language: Language
    standalone_query: str
    covered: bool
    sources: tuple[Citation, ...]
    messages: list[BaseMessage] = field(repr=False)
    source_texts: tuple[str, ...] = field(repr=False)
    """The text of each source exactly as the model saw it (same order as ``sources``)."""
    preface: str
    """Fixed text emitted before the model's words (the "not covered" notice)."""
    started: float


def _excerpt(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + " …"


def _citation(number: int, hit: Hit) -> Citation:
    c = hit.chunk
    return Citation(
        number, c.title, c.heading, c.source_url, c.chunk_id, c.doc_id, _excerpt(c.text)
    )


class ChatEngine:
    def __init__(self, backend: ChatBackend, retriever: Retrieval, *, k: int = 5) -> None:
        self.backend = backend
        self.retriever = retriever
        self.k = k

    @property
    def model(self) -> BaseChatModel:
        return self.backend.model

    def warm_up(self, lang: Language = "de") -> None:
        """Load a local model's weights and pre-read the system rules into its prompt cache.

        llama.cpp reuses the longest common prefix of consecutive prompts, so the first
        question in ``lang`` then only pays for its sources and question. Remote models
        need no warm-up. Call it once at start-up (the app does this in the background).
        """
        if self.backend.provider != "local":
            return
        messages: list[BaseMessage] = [
            SystemMessage(prompts.system_prompt(lang, covered=True)),
            HumanMessage("OK"),
        ]
        with _model_errors():
            self.model.invoke(messages, max_tokens=1)

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
        if not self.backend.condense_with_model:
            return heuristic_standalone(question, history)
        recent = [(t.role, t.content) for t in history][-6:]
        messages: list[BaseMessage] = [
            SystemMessage(prompts.condense_system(lang)),
            HumanMessage(prompts.condense_user(lang, recent, question)),
        ]
        with _model_errors():
            reply = self.model.invoke(messages, stop=["\n"])
        return clean_condensed(reply.text, question, history)

    def _retrieve(self, question: str, query: str) -> SearchResult:
        result = self.retriever.search(query, k=self.k)
        if self.backend.condense_with_model or query == question:
            return result
        # heuristic follow-up: the previous question can dominate the combined query, so
        # interleave the hits for the follow-up alone ("and for LinkedIn?") with them
        alone = self.retriever.search(question, k=self.k)
        return merge_results(query, alone, result, self.k)

    @staticmethod
    def _sources(
        result: SearchResult, question: str, query: str, limit: int
    ) -> list[tuple[PromptSource, Hit]]:
        """Whole passages when at least two fit; else the best-matching sentences of several."""
        if not (result.covered and result.hits):
            return []
        whole = select_sources(result.hits, limit)
        if len(whole) >= min(2, len(result.hits)):
            return whole
        focus_query = question if query == question else f"{query} {question}"
        return focus_sources(result.hits, focus_query, limit) or whole

    def prepare(
        self,
        question: str,
        history: Sequence[Turn] = (),
        *,
        lang: Language | None = None,
        context: AnswerContext | None = None,
    ) -> PreparedPrompt:
        started = time.perf_counter()
        question = question.strip()
        if not question:
            raise ChannelwiseError("The question is empty: type a question first.")
        context = context or AnswerContext()
        language = self.answer_language(question, history, lang)
        query = self.condense(question, history, language)
        result = self._retrieve(question, query)
        covered = result.covered and bool(result.hits)
        system = prompts.system_prompt(language, covered=covered)
        budget = Budget(
            self.backend.context_tokens, self.backend.max_answer_tokens, self.backend.source_tokens
        )
        block_limit = max(budget.context_tokens // 4, 100)
        stats = fit_block(context.stats, block_limit)
        plan = fit_block(context.plan, block_limit)
        room = budget.available(system, question, stats or "", plan or "")
        if room <= 0:
            raise ModelError(
                "The question and the attached figures do not fit the model's context window. "
                "Shorten the question, or raise CHANNELWISE_LOCAL_CONTEXT_TOKENS."
            )
        pairs = self._sources(result, question, query, min(budget.source_tokens, room))
        chosen = [source for source, _ in pairs]
        used = sum(tokens(prompts.render_source(s)) for s in chosen)
        history_pairs = fit_history([(t.role, t.content) for t in history], (room - used) // 2)
        messages: list[BaseMessage] = [SystemMessage(system)]
        for role, text in history_pairs:
            messages.append(HumanMessage(text) if role == "user" else AIMessage(text))
        messages.append(
            HumanMessage(
                prompts.user_message(language, question, sources=chosen, stats=stats, plan=plan)
            )
        )
        return PreparedPrompt(
            question=question,
            language=language,
            standalone_query=query,
            covered=covered,
            sources=tuple(_citation(source.number, hit) for source, hit in pairs),
            messages=messages,
            source_texts=tuple(source.text for source in chosen),
            preface="" if covered else prompts.NOT_COVERED_NOTICE[language],
            started=started,
        )

    def stream(
        self,
        question: str,
        history: Sequence[Turn] = (),
        *,
        lang: Language | None = None,
        context: AnswerContext | None = None,
    ) -> AnswerStream:
        prepared = self.prepare(question, history, lang=lang, context=context)
        return AnswerStream(prepared, self.model, self.backend.label)

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


@contextmanager
def _model_errors() -> Iterator[None]:
    """Anything a backend raises that is not already a ChannelwiseError becomes a ModelError."""
    try:
        yield
    except ChannelwiseError:
        raise
    except Exception as exc:
        raise ModelError(
            f"The language model failed ({type(exc).__name__}: {exc}). Your question was "
            "kept: try again, or switch the model with CHANNELWISE_LLM."
        ) from exc


class AnswerStream:
    """Iterate once for text deltas; then ``answer`` holds the result.

    ``answer.text`` equals the streamed text, except when the model cited nothing and
    markers were inferred (``answer.citations_inferred``): show ``answer.text`` at the end.
    """

    def __init__(self, prepared: PreparedPrompt, model: BaseChatModel, provider: str) -> None:
        self.prepared = prepared
        self._model = model
        self._provider = provider
        self._filter = CitationFilter({s.number for s in prepared.sources})
        self._parts: list[str] = []
        self._answer: Answer | None = None
        self._first_token_s: float | None = None

    @property
    def sources(self) -> tuple[Citation, ...]:
        return self.prepared.sources

    @property
    def text(self) -> str:
        """What was streamed so far (also after an error)."""
        return "".join(self._parts)

    def _emit(self, text: str) -> str:
        if text and self._first_token_s is None:
            self._first_token_s = time.perf_counter() - self.prepared.started
        self._parts.append(text)
        return text

    def __iter__(self) -> Iterator[str]:
        if self._answer is not None:
            raise RuntimeError("an AnswerStream can be consumed only once")
        if self.prepared.preface:
            yield self._emit(self.prepared.preface)
        with _model_errors():
            for chunk in self._model.stream(self.prepared.messages):
                if out := self._filter.feed(chunk.text):
                    yield self._emit(out)
        if rest := self._filter.flush():
            yield self._emit(rest)
        self._answer = self._finish()

    def _finish(self) -> Answer:
        p = self.prepared
        by_number = {s.number: s for s in p.sources}
        text, used = self.text.strip(), list(self._filter.used)
        inferred = False
        if p.covered and p.sources and not used:
            texts = {s.number: t for s, t in zip(p.sources, p.source_texts, strict=True)}
            text, used = attribute(text, texts)
            inferred = bool(used)
        return Answer(
            question=p.question,
            text=text,
            language=p.language,
            covered=p.covered,
            citations=tuple(by_number[n] for n in used),
            sources=p.sources,
            removed_citations=tuple(self._filter.removed),
            citations_inferred=inferred,
            standalone_query=p.standalone_query,
            provider=self._provider,
            first_token_s=self._first_token_s,
            total_s=time.perf_counter() - p.started,
        )

    @property
    def answer(self) -> Answer:
        if self._answer is None:
            raise RuntimeError("iterate the stream to the end before reading .answer")
        return self._answer


def build_chat_engine(backend: ChatBackend, retriever: Retrieval, *, k: int = 5) -> ChatEngine:
    return ChatEngine(backend, retriever, k=k)
