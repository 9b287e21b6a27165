"""The model writes the narrative into the skeleton, one section at a time.

Per section: retrieve passages, show the model the plan facts (fenced), the passages
(fenced, numbered plan-wide) and a JSON draft; validate the reply (:mod:`.validate`); on
problems retry once with them, then repair, else mark the section missing. A model error
marks that section and the ones after it missing and keeps everything else. Figures are
never taken from the model: sections hold only words.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from channelwise.chat.citations import cited_numbers
from channelwise.errors import ChannelwiseError
from channelwise.i18n import t
from channelwise.plans import prompts
from channelwise.plans.drafts import build_draft, facts
from channelwise.plans.model import AnyDraft, Plan, PlanSource, Section, _Draft, section_keys
from channelwise.plans.sources import PromptSource, fence, render_sources, select_sources
from channelwise.plans.texts import section_title
from channelwise.plans.validate import Checker, figures_in, map_strings
from channelwise.providers.factory import ChatBackend
from channelwise.stats import Platform

if TYPE_CHECKING:
    from channelwise.knowledge.retrieval import Retrieval

Status = Literal["writing", "written", "repaired", "missing"]
MAX_SECTION_SOURCE_TOKENS = 900
_MARKER = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class SectionEvent:
    """Progress for a UI: one ``writing`` event, then the outcome, per section."""

    key: str
    title: str
    index: int
    """1-based position among the sections being written."""
    total: int
    status: Status
    section: Section | None = None


ProgressCallback = Callable[[SectionEvent], None]


class _Registry:
    """Plan-wide source numbers: a passage keeps its number across sections."""

    def __init__(self, existing: Sequence[PlanSource]) -> None:
        self.by_chunk = {s.chunk_id: s for s in existing}

    def number(self, source: PlanSource) -> PlanSource:
        found = self.by_chunk.get(source.chunk_id)
        if found is not None:
            return found
        numbered = source.model_copy(update={"number": len(self.by_chunk) + 1})
        self.by_chunk[source.chunk_id] = numbered
        return numbered

    def by_number(self) -> dict[int, PlanSource]:
        return {s.number: s for s in self.by_chunk.values()}


class PlanWriter:
    """Writes (or rewrites) narrative sections of a plan."""

    def __init__(
        self, backend: ChatBackend, retriever: Retrieval | None = None, *, k: int = 3
    ) -> None:
        self.backend = backend
        self.retriever = retriever
        self.k = k

    def write(
        self,
        plan: Plan,
        *,
        only: Collection[str] | None = None,
        on_section: ProgressCallback | None = None,
    ) -> Plan:
        """A new plan with the sections in ``only`` (default: all) written."""
        keys = [k for k in section_keys(plan.skeleton) if only is None or k in only]
        registry = _Registry(plan.sources)
        written: dict[str, Section] = {s.key: s for s in plan.sections}
        failure: str | None = None
        lang = plan.language
        for index, key in enumerate(keys, start=1):
            title = section_title(key, lang)

            def emit(status: Status, section: Section | None = None) -> None:
                if on_section is not None:
                    on_section(SectionEvent(key, title, index, len(keys), status, section))  # noqa: B023

            if failure is not None:
                section = Section(key=key, status="missing", error=failure)
            else:
                emit("writing")
                try:
                    section = self._section(key, plan, registry)
                except Exception as exc:  # any backend failure: keep the rest of the plan
                    detail = (
                        str(exc)
                        if isinstance(exc, ChannelwiseError)
                        else (f"{type(exc).__name__}: {exc}")
                    )
                    section = Section(
                        key=key, status="missing", error=f"The language model failed: {detail}"
                    )
                    failure = (
                        f"Not written: the language model failed while writing '{title}'. "
                        "Try again later (the figures are complete)."
                    )
            written[key] = section
            emit(section.status, section)
        ordered = [written[k] for k in section_keys(plan.skeleton) if k in written]
        sections, sources = compact_sources(ordered, registry.by_number())
        return plan.model_copy(
            update={
                "sections": tuple(sections),
                "sources": tuple(sources),
                "model": self.backend.label,
            }
        )

    # --- one section ------------------------------------------------------------------

    def _sources(self, key: str, plan: Plan, registry: _Registry) -> list[PromptSource]:
        if self.retriever is None:
            return []
        values = {}
        if key.startswith("channel:"):
            values["channel"] = Platform(key.split(":", 1)[1]).label
        try:
            result = self.retriever.search(prompts.query(key, plan.language, **values), k=self.k)
        except ChannelwiseError:
            return []  # no index: the section is written without sources
        if not result.hits:
            return []
        limit = min(self.backend.source_tokens, MAX_SECTION_SOURCE_TOKENS)
        out: list[PromptSource] = []
        for source, hit in select_sources(result.hits, limit):
            c = hit.chunk
            numbered = registry.number(
                PlanSource(
                    number=0,
                    title=c.title,
                    heading=c.heading,
                    url=c.source_url,
                    chunk_id=c.chunk_id,
                    doc_id=c.doc_id,
                    excerpt=_excerpt(c.text),
                )
            )
            out.append(dataclasses.replace(source, number=numbered.number))
        return out

    def _section(self, key: str, plan: Plan, registry: _Registry) -> Section:
        lang = plan.language
        sources = self._sources(key, plan, registry)
        numbers = [s.number for s in sources]
        draft = build_draft(key, plan, sources)
        draft_line = json.dumps(draft.model_dump(exclude={"kind"}), ensure_ascii=False)
        fact_text = facts(key, plan)
        allowed = figures_in(fact_text) | figures_in(draft_line)
        for s in sources:
            allowed |= figures_in(s.text)
        checker = Checker(type(draft), numbers, allowed)
        values = {}
        if key.startswith("channel:"):
            channel = plan.skeleton.channel(Platform(key.split(":", 1)[1]))
            values = {
                "channel": channel.platform.label if channel else key,
                "role": t(f"role.{channel.role}", lang) if channel else "",
            }
        blocks = [render_sources(sources)] if sources else []
        blocks.append(fence("plan", fact_text))
        blocks.append(
            f"{prompts.task(key, lang, **values)}\n{prompts.reply_line(lang)}\n{draft_line}"
        )
        messages: list[BaseMessage] = [
            SystemMessage(prompts.system(lang)),
            HumanMessage("\n\n".join(blocks)),
        ]
        reply = self.backend.model.invoke(messages).text
        result, problems, data = checker.check(reply)
        if result is not None:
            return Section(key=key, status="written", content=cast(AnyDraft, result))
        messages += [
            AIMessage(reply),
            HumanMessage(f"{prompts.retry_line(lang, '; '.join(problems))}\n{draft_line}"),
        ]
        retry = self.backend.model.invoke(messages).text
        result, retry_problems, retry_data = checker.check(retry)
        if result is not None:
            return Section(key=key, status="written", content=cast(AnyDraft, result))
        for candidate in (retry_data, data):
            if candidate is not None and (repaired := checker.repair(candidate, draft)):
                return Section(
                    key=key,
                    status="repaired",
                    content=cast(AnyDraft, repaired),
                    error="repaired: " + "; ".join(retry_problems),
                )
        return Section(
            key=key,
            status="missing",
            error="The model's reply could not be used, also after a retry: "
            + "; ".join(retry_problems),
        )


def _excerpt(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + " …"


def compact_sources(
    sections: Sequence[Section], by_number: dict[int, PlanSource]
) -> tuple[list[Section], list[PlanSource]]:
    """Keep the cited passages only, numbered 1..n in order of first citation."""
    order: list[int] = []
    for section in sections:
        if section.content is None:
            continue
        for text in _strings(section.content):
            for n in cited_numbers(text):
                if n in by_number and n not in order:
                    order.append(n)
    mapping = {old: new for new, old in enumerate(order, start=1)}

    def renumber(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            number = int(match.group(1))
            return f"[{mapping[number]}]" if number in mapping else ""

        return _MARKER.sub(one, text)

    out: list[Section] = []
    for section in sections:
        if section.content is None:
            out.append(section)
            continue
        data = map_strings(section.content.model_dump(), renumber)
        content = type(section.content).model_validate(data)
        out.append(section.model_copy(update={"content": content}))
    sources = [by_number[old].model_copy(update={"number": new}) for old, new in mapping.items()]
    return out, sources


def _strings(draft: _Draft) -> list[str]:
    from channelwise.plans.validate import iter_strings

    return list(iter_strings(draft.model_dump()))


def write_narrative(
    plan: Plan,
    backend: ChatBackend,
    retriever: Retrieval | None = None,
    *,
    only: Collection[str] | None = None,
    on_section: ProgressCallback | None = None,
    k: int = 3,
) -> Plan:
    """Convenience wrapper around :class:`PlanWriter`."""
    return PlanWriter(backend, retriever, k=k).write(plan, only=only, on_section=on_section)
