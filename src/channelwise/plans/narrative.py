"""A plan's narrative: evidence from code, a few words from the model, a check by code.

Per section (:func:`~channelwise.plans.records.section_keys`):

1. **Fixed words** from code (:func:`~channelwise.plans.drafts.build_draft`): formats,
   experiments, actions, steps, ideas, rules, extra tasks and risks. Figures stay in the
   skeleton.
2. **Evidence** for the section's query, chosen by the chat's
   :class:`~channelwise.grounding.evidence.EvidenceFinder`: from passages in the plan's language
   first, from all languages when those are too few; only sentences that fit the section
   (:mod:`~channelwise.plans.quote_rules`: a channel's are about that channel, none only
   points to other documents), and no sentence another section already quotes.
3. **Prose**, only for a channel's ``why`` and the owned part's ``summary``: the model
   answers the section's question in one sentence in the chat's prompt (for a
   small local model the compact one: fixed instructions, two numbered evidence items, the
   question last; a remote model also sees the plan's figures as data). A local model
   serves chat answers first (``priority=PLAN`` at its gate) and stops after its first
   sentence or at a new line.
4. **Check**: every sentence goes through the chat's
   :class:`~channelwise.grounding.sentence_check.AnswerChecker` (support by the evidence;
   figures only from
   the evidence or the plan; names; no echo, tags, placeholders, repetition or wrong
   language) and is cited by code into the plan's source list. When nothing usable
   survives, the best evidence sentence is quoted, cited, next to the fixed text.

The situation's summary is computed, the content and AI parts keep their fixed ideas and
rules (each with a quoted evidence sentence), the timeline and risks are the skeleton's:
those sections make no model call. A model error marks
that section and the ones after it missing and keeps everything else.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from langchain_core.messages import BaseMessage

from channelwise.errors import ChannelwiseError
from channelwise.grounding import prompts as chat_prompts
from channelwise.grounding.evidence import Evidence, EvidenceSet
from channelwise.grounding.fallback import pick_quotes
from channelwise.grounding.generate import MIN_RELEVANCE, model_text
from channelwise.grounding.sentence_check import CheckResult, with_citations
from channelwise.i18n import Language, pick, register, t
from channelwise.knowledge.records import Citation
from channelwise.knowledge.sentences import split_sentences
from channelwise.plans import section_queries
from channelwise.plans.drafts import build_draft, facts
from channelwise.plans.playbook_link import channel_sentences, plan_figures
from channelwise.plans.quote_rules import (
    about_channel,
    only_points_elsewhere,
    quotable,
    said_in,
)
from channelwise.plans.records import (
    AIDraft,
    ChannelDraft,
    ContentDraft,
    OwnedDraft,
    Plan,
    PlanSource,
    Section,
    SectionMode,
    SituationDraft,
    _Draft,
    section_keys,
)
from channelwise.plans.source_numbers import SourceRegistry, compact_sources, iter_strings
from channelwise.plans.texts import section_title
from channelwise.providers.factory import ChatBackend
from channelwise.providers.gate import PLAN
from channelwise.stats import Platform

if TYPE_CHECKING:
    from channelwise.grounding.grounder import Grounder

Status = Literal["writing", "waiting", "written", "missing"]

PROSE_TOKENS = 60
"""Longest answer of a compact-prompt model: one sentence (a German one too)."""
MAX_SENTENCES = 1
"""Sentences of the model's answer that are checked and kept: one, next to the fixed words
(on two shared cores every further sentence of the 0.5B model costs seconds per section)."""
PROMPT_EVIDENCE = 3
"""Evidence items a remote model is shown (and the check uses)."""
COMPACT_EVIDENCE = 2
"""Evidence items a small local model is shown: each costs prompt time on two cores, and
the best two carry what one sentence can say."""
MIN_SAME_LANGUAGE = 2
"""Evidence items in the plan's language needed before other languages are searched."""
_CONFUSED = frozenset({"tag", "placeholder"})
"""A reply that leaks prompt structure is not trusted, even where a sentence passed."""
_COMPLETE = re.compile(r"(?:[.!?…][\"'”“»)]*|\])\s*$")


@dataclass(frozen=True)
class SectionEvent:
    """Progress for a UI: ``writing``, maybe ``waiting`` (for the local model), then the
    outcome (``written`` or ``missing``), per section."""

    key: str
    title: str
    index: int
    """1-based position among the sections being written."""
    total: int
    status: Status
    section: Section | None = None
    plan: Plan | None = None
    """With an outcome: the plan as it stands (the skeleton, every section finished so far
    and their sources), for a UI that shows the sections as they come."""
    position: int | None = None
    """With ``waiting``: the place in the local model's queue (1 = next)."""


ProgressCallback = Callable[[SectionEvent], None]


@dataclass(frozen=True)
class Prose:
    """The prose of one section: fixed text plus checked model sentences or a quote."""

    text: str
    """With plan-wide citation markers."""
    mode: SectionMode
    reason: str | None = None
    """Why the model's sentences were not used (``evidence`` mode after a model call)."""


class ModelFailedError(Exception):
    """The model call of a section failed (the plan keeps everything else)."""

    def __init__(self, cause: Exception) -> None:
        self.cause = cause
        super().__init__(self.localized("en"))

    def localized(self, lang: Language) -> str:
        """What went wrong, in the plan's language (a plan shows it where the section is)."""
        cause = self.cause
        if isinstance(cause, ChannelwiseError):
            detail = cause.localized(lang)
        else:
            detail = f"{type(cause).__name__}: {cause}"
        return t("narrative.model_failed", lang, detail=detail)


register(
    {
        "narrative.model_failed": {
            "en": "The language model failed: {detail}",
            "de": "Das Sprachmodell ist ausgefallen: {detail}",
        },
        "narrative.not_written": {
            "en": "Not written: the language model failed while writing '{title}'. Try again "
            "later (the figures are complete).",
            "de": "Nicht geschrieben: Das Sprachmodell ist beim Schreiben von „{title}“ "
            "ausgefallen. Versuchen Sie es später erneut (die Zahlen sind vollständig).",
        },
    }
)


class PlanWriter:
    """Writes (or rewrites) the narrative sections of a plan.

    ``grounder`` provides the knowledge base (playbook entries, evidence, the sentence check);
    without it (no knowledge index) the sections hold the fixed words only and the model is
    not asked: it would have nothing to write from.
    """

    def __init__(
        self, backend: ChatBackend | None, grounder: Grounder | None = None, *, k: int = 5
    ) -> None:
        self.backend = backend
        self.grounder = grounder
        self.k = k
        self.calls = 0
        """Model calls made (for the benchmark)."""

    def write(
        self,
        plan: Plan,
        *,
        only: Collection[str] | None = None,
        on_section: ProgressCallback | None = None,
    ) -> Plan:
        """A new plan with the sections in ``only`` (default: all) written."""
        all_keys = section_keys(plan.skeleton)
        keys = [k for k in all_keys if only is None or k in only]
        registry = SourceRegistry(plan.sources)
        written: dict[str, Section] = {s.key: s for s in plan.sections}
        failure: str | None = None
        wrote_prose = False
        lang = plan.language
        for index, key in enumerate(keys, start=1):
            title = section_title(key, lang)

            def emit(status: Status, **extra: Any) -> None:
                if on_section is not None:
                    on_section(SectionEvent(key, title, index, len(keys), status, **extra))  # noqa: B023

            if failure is not None:
                section = Section(key=key, status="missing", error=failure)
            else:
                emit("writing")
                elsewhere = _texts_besides(written, key)
                try:
                    section = self._section(
                        key, plan, registry, elsewhere, lambda n: emit("waiting", position=n)
                    )
                except ModelFailedError as exc:
                    section = Section(key=key, status="missing", error=exc.localized(lang))
                    failure = t("narrative.not_written", lang, title=title)
            wrote_prose = wrote_prose or section.mode == "model"
            written[key] = section
            if on_section is not None:
                outcome: Status = "missing" if section.status == "missing" else "written"
                emit(outcome, section=section, plan=_assemble(plan, written, registry))
        result = _assemble(plan, written, registry)
        model = self.backend.label if wrote_prose and self.backend else plan.model
        return result.model_copy(update={"model": model})

    # --- one section ------------------------------------------------------------------

    def _section(
        self,
        key: str,
        plan: Plan,
        registry: SourceRegistry,
        elsewhere: list[str],
        on_wait: Callable[[int], None],
    ) -> Section:
        """``elsewhere``: the plan's other texts (a sentence quoted there is not quoted here)."""
        draft = build_draft(key, plan)
        kind = section_queries.kind(key)
        if kind not in section_queries.QUERY_KINDS:
            return Section(key=key, status="written", content=draft, mode="code")
        question = self._question(key, plan) if kind in section_queries.QUESTION_KINDS else None
        evidence = self._evidence(key, plan, question)
        fixed = _prose_of(draft)
        channel = _channel_of(key)
        candidates = quotable(evidence.items, channel=channel, quoted=elsewhere)
        playbook = self._playbook(channel, plan, registry, elsewhere)
        if playbook is not None:
            prose = Prose(f"{fixed} {playbook}", "playbook")
        elif not evidence.items:
            prose = Prose(fixed, "code")
        elif question is None or kind not in section_queries.PROSE_KINDS or self.backend is None:
            prose = _quoted(fixed, candidates, plan.language, registry)
        else:
            prose = self._written(
                key, plan, question, fixed, evidence, candidates, registry, on_wait
            )
        return Section(
            key=key,
            status="written",
            content=_with_prose(draft, prose.text),
            mode=prose.mode,
            error=prose.reason,
        )

    def _playbook(
        self,
        channel: Platform | None,
        plan: Plan,
        registry: SourceRegistry,
        elsewhere: list[str],
    ) -> str | None:
        """The channel's playbook sentences about that channel, tailored to the plan's
        figures and cited into the plan (None when there are none, or none new)."""
        if channel is None or self.grounder is None:
            return None
        try:
            found = channel_sentences(self.grounder, channel, plan.language, plan_figures(plan))
        except ChannelwiseError:
            return None  # no knowledge index: the fixed words only
        fresh = [(text, c) for text, c in found if not said_in(text, elsewhere)]
        if not fresh:
            return None
        return " ".join(
            with_citations(text, [registry.number(_source_of_citation(c))]) for text, c in fresh
        )

    def _question(self, key: str, plan: Plan) -> str:
        if not key.startswith("channel:"):
            return section_queries.question(key, plan.language)
        channel = plan.skeleton.channel(Platform(key.split(":", 1)[1]))
        assert channel is not None  # section_keys lists the skeleton's channels only
        return section_queries.question(
            key, plan.language, role=channel.role, channel=channel.platform.label
        )

    def _evidence(self, key: str, plan: Plan, question: str | None) -> EvidenceSet:
        """The section's evidence, in the plan's language when enough of it is."""
        values = {}
        channel = _channel_of(key)
        if channel is not None:
            values["channel"] = channel.label
        query = section_queries.query(key, plan.language, **values)
        try:
            same = self._find(query, question or query, plan.language, channel)
            if len(same.items) >= MIN_SAME_LANGUAGE:
                return same
            other = self._find(query, question or query, None, channel)
            return other if other.items else same
        except ChannelwiseError:
            return _NO_EVIDENCE  # no knowledge index: the fixed words only

    def _find(
        self, query: str, question: str, language: Language | None, channel: Platform | None
    ) -> EvidenceSet:
        """Evidence in ``language`` (any when None) that fits the section: about the
        ``channel`` of a channel's section, and never a sentence that only points elsewhere."""
        if self.grounder is None:
            return _NO_EVIDENCE
        return self.grounder.find(
            query,
            question,
            language=language,
            k=self.k,
            keep=lambda e: (
                (language is None or e.language == language)
                and (channel is None or about_channel(e, channel))
                and not only_points_elsewhere(e.text)
            ),
        )

    def _written(
        self,
        key: str,
        plan: Plan,
        question: str,
        fixed: str,
        found: EvidenceSet,
        candidates: list[Evidence],
        registry: SourceRegistry,
        on_wait: Callable[[int], None],
    ) -> Prose:
        """The model answers the section's question from the best evidence; what passes the
        check is kept. Else one of the ``candidates`` is quoted."""
        assert self.grounder is not None and self.backend is not None
        lang = plan.language
        evidence = _top(found, COMPACT_EVIDENCE if self.backend.compact_prompt else PROMPT_EVIDENCE)
        figures = facts(key, plan)
        messages = self._messages(question, lang, evidence, figures)
        reply = self._ask(messages, on_wait)
        checker = self.grounder.checker(question, lang, evidence, stats=figures, topic=question)
        for sentence in _complete_sentences(reply)[:MAX_SENTENCES]:
            checker.check_sentence(sentence)
        reason = _unusable(checker.result)
        if reason is not None:
            quoted = _quoted(fixed, candidates, lang, registry)
            return dataclasses.replace(quoted, reason=f"model text not used: {reason}")
        by_number = {e.number: e for e in evidence.items}
        sentences = [
            with_citations(v.text, [registry.number(_source(by_number[n])) for n in v.citations])
            for v in checker.result.kept
        ]
        return Prose(" ".join([fixed, *sentences]), "model")

    def _messages(
        self, question: str, lang: Language, evidence: EvidenceSet, figures: str
    ) -> list[BaseMessage]:
        """The chat's prompt for the section's question. A small local model gets no figures
        block: it answers "why" from the evidence, and given the figures it copies them line
        by line instead (they are in the plan anyway; the check still accepts them)."""
        assert self.backend is not None
        if self.backend.compact_prompt:
            return chat_prompts.local_messages(question, lang, evidence.items)
        return chat_prompts.remote_messages(question, lang, evidence.items, plan=figures)

    def _ask(self, messages: list[BaseMessage], on_wait: Callable[[int], None]) -> str:
        """The model's answer, stopped once it has begun more sentences than are kept, or a
        second line (the answer is one short paragraph; a new line starts a list or an echo
        of the prompt). A local model serves chat answers first (``PLAN`` priority)."""
        assert self.backend is not None
        self.calls += 1
        text = ""
        chunks = model_text(
            self.backend, messages, priority=PLAN, on_wait=on_wait, max_tokens=PROSE_TOKENS
        )
        try:
            for chunk in chunks:
                text += chunk
                if "\n" in text.strip() or len(split_sentences(text)) > MAX_SENTENCES:
                    break
        except Exception as exc:  # any backend failure: keep the rest of the plan
            raise ModelFailedError(exc) from exc
        finally:
            chunks.close()  # stops the model
        return text


_NO_EVIDENCE = EvidenceSet((), np.zeros((0, 0), dtype=np.float32))


def _channel_of(key: str) -> Platform | None:
    return Platform(key.split(":", 1)[1]) if key.startswith("channel:") else None


def _texts_besides(written: dict[str, Section], key: str) -> list[str]:
    """Every text of the sections other than ``key`` (their quotes are taken)."""
    return [
        text
        for other, section in written.items()
        if other != key and section.content is not None
        for text in iter_strings(section.content.model_dump())
    ]


def _top(found: EvidenceSet, n: int) -> EvidenceSet:
    return EvidenceSet(found.items[:n], found.vectors[:n])


def _complete_sentences(reply: str) -> list[str]:
    """The reply's sentences; a last one cut off by the token limit is left out."""
    sentences = split_sentences(reply)
    if sentences and not _COMPLETE.search(sentences[-1]):
        sentences = sentences[:-1]
    return sentences


def _unusable(result: CheckResult) -> str | None:
    """Why the checked answer is not used (None: it is)."""
    if not result.verdicts:
        return "empty answer"
    if not result.kept:
        problems = sorted({p for v in result.verdicts for p in v.problems})
        return "no sentence passed the check (" + ", ".join(problems) + ")"
    if any(_CONFUSED & set(v.problems) for v in result.verdicts):
        return "the answer held prompt tags or placeholders"
    if max(v.relevance for v in result.kept) < MIN_RELEVANCE:
        return "the answer does not address the section's question"
    return None


def _quoted(
    fixed: str, items: Sequence[Evidence], lang: Language, registry: SourceRegistry
) -> Prose:
    """The fixed text and the best evidence sentence (same language first), quoted, cited;
    the fixed text alone when no sentence may be quoted here (see :mod:`.quote_rules`)."""
    if not items:
        return Prose(fixed, "code")
    item = pick_quotes(items, lang, 1)[0]
    opening, closing_mark = pick(lang, ("“", "”"), ("„", "“"))
    number = registry.number(_source(item))
    other = f" {t('source.other_language', lang)}" if item.language != lang else ""
    quote = " ".join(item.text.split())
    label = t("source.quote", lang)
    return Prose(f"{fixed} {label}: {opening}{quote}{closing_mark} [{number}]{other}", "evidence")


def _source_of_citation(citation: Citation) -> PlanSource:
    return PlanSource(
        number=0,
        title=citation.title,
        heading=citation.heading,
        url=citation.url,
        chunk_id=citation.chunk_id,
        doc_id=citation.doc_id,
        excerpt=" ".join(citation.excerpt.split()),
        language="de" if citation.language == "de" else "en",
    )


def _source(item: Evidence) -> PlanSource:
    return PlanSource(
        number=0,
        title=item.title,
        heading=item.heading,
        url=item.url,
        chunk_id=item.chunk_id,
        doc_id=item.doc_id,
        excerpt=" ".join(item.window.split()),
        language=item.language,
    )


def _prose_of(draft: _Draft) -> str:
    """The fixed text of a section's prose field."""
    match draft:
        case ChannelDraft():
            return draft.why
        case SituationDraft() | OwnedDraft() | ContentDraft() | AIDraft():
            return draft.summary
    raise TypeError(type(draft).__name__)


def _with_prose(draft: _Draft, text: str) -> Any:
    field = "why" if isinstance(draft, ChannelDraft) else "summary"
    return type(draft).model_validate({**draft.model_dump(), field: text})


def _assemble(plan: Plan, written: dict[str, Section], registry: SourceRegistry) -> Plan:
    ordered = [written[k] for k in section_keys(plan.skeleton) if k in written]
    sections, sources = compact_sources(ordered, registry.by_number())
    return plan.model_copy(update={"sections": tuple(sections), "sources": tuple(sources)})


def write_narrative(
    plan: Plan,
    backend: ChatBackend | None,
    grounder: Grounder | None = None,
    *,
    only: Collection[str] | None = None,
    on_section: ProgressCallback | None = None,
    k: int = 5,
) -> Plan:
    """Convenience wrapper around :class:`PlanWriter`."""
    return PlanWriter(backend, grounder, k=k).write(plan, only=only, on_section=on_section)
