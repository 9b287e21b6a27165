"""Answer evaluation on a question split: facts, citations, language, not covered, defects.

Per answer:

* **key facts**: each expected fact (any of its alternatives) occurs in the answer text;
* **citation precision**: every cited (answer sentence, evidence) pair is checked by a rule
  stricter than, and separate from, the answer checker: the sentence's figures and names all
  occur in the cited evidence, and most of its content words do (or, across languages, the
  embedder finds it a close paraphrase);
* **language**: the answer's own words (quotations and citation markers removed) are in the
  question's language;
* **not covered**: precision and recall of "not covered" against the out-of-scope questions;
* **defects** in the final answer and in the model's raw output: echoes of the question,
  prompt tags, placeholders, repeated sentences.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from channelwise.chat.answer import Answer
from channelwise.chat.engine import ChatEngine
from channelwise.chat.followup import Turn
from channelwise.chat.stream import answer as answer_question
from channelwise.grounding.figures import figure_values, unsupported_figures, unsupported_names
from channelwise.grounding.language import content_terms, detect_language
from channelwise.grounding.sentence_check import detect_defects
from channelwise.knowledge.records import Citation
from channelwise.knowledge.retrieval_eval import Question
from channelwise.knowledge.sentences import split_sentences

_MARKER = re.compile(r"\s*\[\d{1,2}\]")
_QUOTED = re.compile(r"„[^“”]*[“”]|“[^”]*”|\"[^\"]*\"")
DEFECTS = ("echo", "tag", "placeholder", "repetition")
ADVICE_WORDS = 180
"""Longest advice answer the issue allows."""


@dataclass(frozen=True)
class CaseResult:
    question: Question
    answer: Answer
    facts_found: int
    cited_pairs: int
    precise_pairs: int
    language_ok: bool
    defects: dict[str, int]
    """Defects found in the final answer (should all be 0)."""
    raw_defects: dict[str, int]
    """What the checker dropped from the model's raw output."""
    concepts_found: int = 0
    words: int = 0
    """Words of the answer text (citation markers not counted)."""

    @property
    def facts_total(self) -> int:
        return len(self.question.facts)

    @property
    def concepts_total(self) -> int:
        return len(self.question.concepts)

    @property
    def correct(self) -> bool:
        """Every key fact and every concept group is in the answer (in-scope questions)."""
        return self.facts_found == self.facts_total and self.concepts_found == self.concepts_total


def _fact_present(alternatives: Sequence[str], text: str) -> bool:
    lowered = text.casefold()
    return any(a.casefold() in lowered for a in alternatives)


_QUOTE_LINE = re.compile(r"^- [„“\"].*[“”\"]\s*((?:\[\d{1,2}\])*)(.*)$")


def own_words(text: str) -> str:
    """The answer without quotations and citation markers (for the language check): a
    quoted line of an evidence answer keeps only what follows the quote (its marks)."""
    lines = []
    for line in text.splitlines():
        match = _QUOTE_LINE.match(line.strip())
        lines.append(match.group(2) if match else _QUOTED.sub(" ", line))
    return _MARKER.sub("", "\n".join(lines))


def supports(sentence: str, citation: Citation, names: frozenset[str], similarity: float) -> bool:
    """Does the cited evidence support the sentence (the evaluation's own, strict rule)?"""
    evidence = f"{citation.title} {citation.excerpt}"
    if unsupported_figures(sentence, figure_values([evidence])):
        return False
    if unsupported_names(sentence, evidence, names):
        return False
    terms = content_terms(sentence)
    shared = len(terms & content_terms(evidence)) / len(terms) if terms else 0.0
    return shared >= 0.5 or similarity >= 0.6


def score_case(
    question: Question,
    answer: Answer,
    names: frozenset[str],
    embed: Callable[[Sequence[str]], object],
) -> CaseResult:
    by_number = {c.number: c for c in answer.citations}
    cited = precise = 0
    for line in split_sentences(answer.text):
        numbers = [int(n) for n in re.findall(r"\[(\d{1,2})\]", line)]
        sentence = _MARKER.sub("", line).strip(" -")
        for number in numbers:
            citation = by_number.get(number)
            cited += 1
            if citation is None:
                continue
            vectors = embed([sentence, citation.excerpt])
            similarity = float(vectors[0] @ vectors[1])  # type: ignore[index]
            precise += supports(sentence, citation, names, similarity)
    words = own_words(answer.text)
    language_ok = detect_language(words, default=answer.language) == question.lang
    return CaseResult(
        question=question,
        answer=answer,
        facts_found=sum(_fact_present(f, answer.text) for f in question.facts),
        concepts_found=sum(_fact_present(c, answer.text) for c in question.concepts),
        words=len(_MARKER.sub("", answer.text).split()),
        cited_pairs=cited,
        precise_pairs=precise,
        language_ok=language_ok,
        defects=detect_defects(answer.text, question.text),
        raw_defects={d: answer.check.dropped.get(d, 0) for d in DEFECTS},
    )


@dataclass(frozen=True)
class EvalSummary:
    model: str
    n: int
    in_scope: int
    out_of_scope: int
    key_facts: float
    """Share of expected facts present (in-scope questions)."""
    all_facts: float
    """Share of in-scope questions whose answer holds every fact."""
    citation_precision: float
    language_match: float
    not_covered_precision: float
    not_covered_recall: float
    in_scope_not_covered: int
    """In-scope questions answered "not covered" (target 0)."""
    modes: dict[str, int]
    defects: dict[str, int]
    raw_defects: dict[str, int]
    median_evidence_s: float
    median_first_token_s: float
    median_total_s: float
    by_kind: dict[str, float] = field(default_factory=dict)
    """Key facts per question kind (colloquial, follow-up, article, cross-lingual, ...)."""
    correct_by_kind: dict[str, float] = field(default_factory=dict)
    """Share of in-scope questions per kind whose answer holds every fact and concept."""
    advice_concepts: float = 1.0
    """Share of advice questions whose answer holds every concept group."""
    advice_short: float = 1.0
    """Share of advice answers of at most 180 words."""
    playbook_hits: float = 1.0
    """Share of questions labelled with a playbook entry that this entry answered."""
    median_words: float = 0.0


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 1.0


def summarise(model: str, results: Sequence[CaseResult]) -> EvalSummary:
    inside = [r for r in results if r.question.in_scope]
    outside = [r for r in results if not r.question.in_scope]
    said_not_covered = [r for r in results if r.answer.mode == "not_covered"]
    true_flags = sum(not r.question.in_scope for r in said_not_covered)
    facts_total = sum(r.facts_total for r in inside)
    kinds = sorted({k for r in inside for k in r.question.kinds})
    by_kind = {}
    for kind in kinds:
        group = [r for r in inside if kind in r.question.kinds]
        total = sum(r.facts_total for r in group)
        by_kind[kind] = _share(sum(r.facts_found for r in group), total)
    correct_by_kind = {
        kind: _share(
            sum(r.correct for r in inside if kind in r.question.kinds),
            sum(1 for r in inside if kind in r.question.kinds),
        )
        for kind in kinds
    }
    advice = [r for r in inside if r.question.concepts and "advice" in r.question.kinds]
    labelled = [r for r in results if r.question.playbook]
    modes: dict[str, int] = {}
    for r in results:
        modes[r.answer.mode] = modes.get(r.answer.mode, 0) + 1
    first = [r.answer.first_token_s for r in results if r.answer.first_token_s is not None]
    return EvalSummary(
        model=model,
        n=len(results),
        in_scope=len(inside),
        out_of_scope=len(outside),
        key_facts=_share(sum(r.facts_found for r in inside), facts_total),
        all_facts=_share(
            sum(r.facts_found == r.facts_total for r in inside if r.facts_total),
            sum(1 for r in inside if r.facts_total),
        ),
        citation_precision=_share(
            sum(r.precise_pairs for r in results), sum(r.cited_pairs for r in results)
        ),
        language_match=_share(sum(r.language_ok for r in results), len(results)),
        not_covered_precision=_share(true_flags, len(said_not_covered)),
        not_covered_recall=_share(true_flags, len(outside)),
        in_scope_not_covered=sum(r.answer.mode == "not_covered" for r in inside),
        modes=modes,
        defects={d: sum(r.defects.get(d, 0) for r in results) for d in DEFECTS},
        raw_defects={d: sum(r.raw_defects.get(d, 0) for r in results) for d in DEFECTS},
        median_evidence_s=statistics.median(r.answer.evidence_s for r in results)
        if results
        else 0.0,
        median_first_token_s=statistics.median(first) if first else 0.0,
        median_total_s=statistics.median(r.answer.total_s for r in results) if results else 0.0,
        by_kind=by_kind,
        correct_by_kind=correct_by_kind,
        advice_concepts=_share(
            sum(r.concepts_found == r.concepts_total for r in advice), len(advice)
        ),
        advice_short=_share(sum(r.words <= ADVICE_WORDS for r in advice), len(advice)),
        playbook_hits=_share(
            sum(r.answer.entry_id == r.question.playbook for r in labelled), len(labelled)
        ),
        median_words=statistics.median(r.words for r in inside) if inside else 0.0,
    )


def evaluate_answers(
    engine: ChatEngine,
    questions: Sequence[Question],
    progress: Callable[[CaseResult], None] | None = None,
) -> list[CaseResult]:
    names = engine.grounder.names()
    results = []
    for question in questions:
        history = [Turn(role, text) for role, text in question.history]
        answer = answer_question(engine, question.text, history)  # language as in the app
        result = score_case(question, answer, names, engine.grounder.embed)
        results.append(result)
        if progress:
            progress(result)
    return results
