"""Answer evaluation: language, citations, "not covered" handling and key facts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from channelwise.chat.citations import cited_numbers
from channelwise.chat.engine import Answer, ChatEngine
from channelwise.chat.language import detect_language
from channelwise.chat.prompts import NOT_COVERED_NOTICE
from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language


@dataclass(frozen=True)
class AnswerCase:
    id: str
    question: str
    language: Language
    in_scope: bool
    facts: tuple[tuple[str, ...], ...]
    """Each fact is a tuple of alternatives; a fact is present if any alternative is."""


@dataclass(frozen=True)
class CaseResult:
    case: AnswerCase
    answer: Answer
    language_ok: bool
    citations_ok: bool
    """Every [n] shown in the answer points to a passage the model was given."""
    raw_citations_ok: bool
    """The model itself wrote no citation that had to be removed."""
    coverage_ok: bool
    """In-scope: answered from sources. Out-of-scope: said "not covered", cites nothing."""
    facts_found: int

    @property
    def facts_total(self) -> int:
        return len(self.case.facts)


def load_cases(path: Path) -> list[AnswerCase]:
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ChannelwiseError(f"Cannot read the answer set {path}: {exc}") from exc
    items = raw.get("questions") if isinstance(raw, dict) else raw
    if not isinstance(items, list) or not items:
        raise ChannelwiseError(f"{path} must hold a list under 'questions'.")
    cases = []
    for item in items:
        lang = item.get("lang")
        if lang not in ("de", "en"):
            raise ChannelwiseError(f"{path}: question {item.get('id')!r} needs lang de or en.")
        facts = tuple(
            tuple(str(a) for a in (f if isinstance(f, list) else [f]))
            for f in item.get("facts", [])
        )
        cases.append(
            AnswerCase(
                id=str(item["id"]),
                question=str(item["question"]),
                language=lang,
                in_scope=bool(item.get("in_scope", True)),
                facts=facts,
            )
        )
    return cases


def _fact_present(alternatives: Sequence[str], text: str) -> bool:
    lowered = text.casefold()
    return any(a.casefold() in lowered for a in alternatives)


def score_case(case: AnswerCase, answer: Answer) -> CaseResult:
    numbers = {s.number for s in answer.sources}
    body = answer.text
    notice = NOT_COVERED_NOTICE[answer.language].split("\n")[0]
    if case.in_scope:
        coverage_ok = answer.covered
    else:
        coverage_ok = (not answer.covered) and body.startswith(notice) and not answer.citations
    return CaseResult(
        case=case,
        answer=answer,
        language_ok=detect_language(body, default=answer.language) == case.language,
        citations_ok=all(n in numbers for n in cited_numbers(body)),
        raw_citations_ok=not answer.removed_citations,
        coverage_ok=coverage_ok,
        facts_found=sum(_fact_present(f, body) for f in case.facts),
    )


@dataclass(frozen=True)
class EvalSummary:
    n: int
    language_match: float
    citations_valid: float
    raw_citations_valid: float
    not_covered_handled: float
    """Share of out-of-scope questions answered with the plain "not covered" notice."""
    in_scope_answered: float
    """Share of in-scope questions answered from sources."""
    facts_present: float
    with_citation: float
    """Share of in-scope answers that cite at least one source."""
    mean_first_token_s: float
    mean_total_s: float


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 1.0


def summarise(results: Sequence[CaseResult]) -> EvalSummary:
    inside = [r for r in results if r.case.in_scope]
    outside = [r for r in results if not r.case.in_scope]
    facts_total = sum(r.facts_total for r in results)
    ttft = [r.answer.first_token_s for r in results if r.answer.first_token_s is not None]
    return EvalSummary(
        n=len(results),
        language_match=_share(r.language_ok for r in results),
        citations_valid=_share(r.citations_ok for r in results),
        raw_citations_valid=_share(r.raw_citations_ok for r in results),
        not_covered_handled=_share(r.coverage_ok for r in outside),
        in_scope_answered=_share(r.coverage_ok for r in inside),
        facts_present=sum(r.facts_found for r in results) / facts_total if facts_total else 1.0,
        with_citation=_share(bool(r.answer.citations) for r in inside),
        mean_first_token_s=sum(ttft) / len(ttft) if ttft else 0.0,
        mean_total_s=sum(r.answer.total_s for r in results) / len(results) if results else 0.0,
    )


def evaluate_answers(
    engine: ChatEngine,
    cases: Sequence[AnswerCase],
    progress: Callable[[CaseResult], None] | None = None,
) -> list[CaseResult]:
    results = []
    for case in cases:
        result = score_case(case, engine.answer(case.question))
        results.append(result)
        if progress:
            progress(result)
    return results
