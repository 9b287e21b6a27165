"""Check a model's answer against the evidence, sentence by sentence (code, not the model).

Every sentence of the answer is kept only when

* it holds no prompt tag (``<sources>``, ``</channel_stats>``), code fence or placeholder
  (``[Name des Gastbeitrags]``, ``XX``, ``TBD``);
* it does not restate the question and does not repeat an earlier sentence;
* every figure in it occurs in the evidence or the user's figures, and every name in it
  occurs in the evidence, the question or the user's figures;
* an evidence sentence supports it: dense similarity (cross-lingual) and a share of its
  content words found in that evidence's window.

Kept sentences are cited with the evidence that supports them best; a citation marker the
model wrote is kept only when that evidence supports the sentence too. The caller decides
from the result whether enough survived (see :meth:`CheckResult.usable`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from channelwise.grounding.evidence import Evidence
from channelwise.grounding.figures import (
    figure_values,
    misattributed_figures,
    unsupported_figures,
    unsupported_names,
)
from channelwise.grounding.language import content_terms, detect_language, language_scores
from channelwise.i18n import Language
from channelwise.knowledge.sentences import split_sentences

Vector = npt.NDArray[np.float32]
Problem = Literal[
    "tag",
    "placeholder",
    "echo",
    "repetition",
    "figure",
    "name",
    "contradiction",
    "fragment",
    "unsupported",
    "language",
]

_MARKER = re.compile(
    r"\[\s*(?:(?:sources?|quellen?|src|evidence|belege?)\s*)?(\d{1,2}(?:\s*[,;]\s*\d{1,2})*)\s*\]",
    re.IGNORECASE,
)
_TAG = re.compile(r"</?\s*[a-zA-Z_][\w-]*(?:\s[^<>]*)?>|```|&lt;|&gt;")
_PLACEHOLDER = re.compile(
    r"\[[^\]\d]{3,}\]|\{[^}]*\}|\bX{2,}\b|\bTBD\b|\bTODO\b|\blorem ipsum\b|\.\.\.\]|\[\.\.\.",
    re.IGNORECASE,
)
_NO_ANSWER = re.compile(r"\bNO_ANSWER\b|^\s*NO ANSWER\s*$", re.IGNORECASE)
_PROMPT_LABEL = re.compile(
    r"^(?:(?:evidence|belege?|answer|antwort|question|frage)(?:\s*\((?:english|deutsch)\))?"
    r"\s*:\s*)+",
    re.IGNORECASE,
)
"""Labels of the compact prompt a small model sometimes repeats before its answer."""


@dataclass(frozen=True)
class Thresholds:
    dense: float = 0.35
    """Least cosine similarity of a sentence with its best evidence window."""
    lexical: float = 0.35
    """Least share of the sentence's content words found in that window."""
    lexical_alone: float = 0.7
    """A sentence sharing this much of its words with a window is supported by it anyway."""
    cross_lingual: float = 0.45
    """A sentence in another language than the evidence is supported by similarity alone
    at this level (content words cannot overlap across languages)."""
    cite_dense: float = 0.25
    """A citation the model wrote is kept when its evidence reaches this similarity."""
    echo: float = 0.75
    """Share of a sentence's content words taken from the question, above which (and
    without a new figure or name) it only restates the question."""
    repetition: float = 0.8


@dataclass(frozen=True)
class SentenceVerdict:
    text: str
    """The sentence without citation markers."""
    problems: tuple[Problem, ...]
    citations: tuple[int, ...]
    support: float
    detail: str = ""
    relevance: float = 0.0
    """Similarity with the question (an answer must be about it, not only supported)."""

    @property
    def kept(self) -> bool:
        return not self.problems


@dataclass
class CheckResult:
    verdicts: list[SentenceVerdict] = field(default_factory=list)
    no_answer: bool = False
    """The model said the evidence does not answer the question."""

    @property
    def kept(self) -> list[SentenceVerdict]:
        return [v for v in self.verdicts if v.kept]

    def count(self, problem: Problem) -> int:
        return sum(problem in v.problems for v in self.verdicts)

    def text(self) -> str:
        return " ".join(
            f"{v.text}{''.join(f' [{n}]' for n in v.citations)}".rstrip()
            + ("" if v.text.endswith((".", "!", "?")) else ".")
            for v in self.kept
        )

    def cited(self) -> list[int]:
        seen: list[int] = []
        for verdict in self.kept:
            seen.extend(n for n in verdict.citations if n not in seen)
        return seen


Embed = Callable[[Sequence[str]], Vector]
"""Embeds sentences (rows L2-normalised) with the same model as the evidence windows."""


class AnswerChecker:
    """Checks answer sentences one at a time (so a stream can show each once checked)."""

    def __init__(
        self,
        question: str,
        language: Language,
        evidence: Sequence[Evidence],
        evidence_vectors: Vector,
        embed: Embed,
        names: frozenset[str],
        *,
        stats: str | None = None,
        topic: str | None = None,
        thresholds: Thresholds = Thresholds(),
    ) -> None:
        self.question = question
        self.topic = topic or question
        """What the answer must be about: the standalone query of a follow-up."""
        self.language = language
        self.evidence = list(evidence)
        self.vectors = evidence_vectors
        self.embed = embed
        self.names = names
        self.t = thresholds
        allowed_texts = [e.window for e in evidence] + [e.title for e in evidence]
        self.allowed_text = " ".join([*allowed_texts, question, stats or ""])
        self.allowed_figures = figure_values([*allowed_texts, stats or "", question])
        self.question_terms = content_terms(question)
        self.window_terms = [content_terms(f"{e.title} {e.window}") for e in evidence]
        self.result = CheckResult()
        self._question_vector: Vector | None = None
        self._seen_terms: list[set[str]] = []

    def check_text(self, text: str) -> CheckResult:
        for sentence in split_sentences(text):
            self.check_sentence(sentence)
        return self.result

    def check_sentence(self, raw: str) -> SentenceVerdict:
        if _NO_ANSWER.search(raw):
            self.result.no_answer = True
        markers = [
            int(n) for m in _MARKER.finditer(raw) for n in re.split(r"\s*[,;]\s*", m.group(1))
        ]
        text = " ".join(_MARKER.sub("", raw).split())
        text = re.sub(r"\s+([.,;:!?])", r"\1", text).strip(" -*•")
        text = _PROMPT_LABEL.sub("", text)
        problems: list[Problem] = []
        detail: list[str] = []
        if _NO_ANSWER.search(text):
            text = _NO_ANSWER.sub("", text).strip()
            if not text:
                verdict = SentenceVerdict("", ("unsupported",), (), 0.0, "no answer")
                self.result.verdicts.append(verdict)
                return verdict
        if _TAG.search(text):
            problems.append("tag")
        if _PLACEHOLDER.search(text):
            problems.append("placeholder")
        if self._wrong_language(text):
            problems.append("language")
        terms = content_terms(text)
        if self._is_echo(text, terms):
            problems.append("echo")
        if len(terms) >= MIN_REPEAT_TERMS and any(
            repeats(terms, seen, self.t.repetition) for seen in self._seen_terms
        ):
            problems.append("repetition")
        if bad := unsupported_figures(text, self.allowed_figures):
            problems.append("figure")
            detail.append("figures " + ", ".join(bad))
        if fragments := cut_words(text, self.allowed_text):
            problems.append("fragment")
            detail.append("cut-off words " + ", ".join(fragments))
        if bad_names := unsupported_names(text, self.allowed_text, self.names):
            problems.append("name")
            detail.append("names " + ", ".join(bad_names))
        citations, support, relevance = self._support(text, terms, markers)
        if not citations:
            problems.append("unsupported")
        else:
            best = self.evidence[self._index_of(citations[0])]
            if flipped := negation_flips(text, f"{best.window} {self.question}"):
                problems.append("contradiction")
                detail.append(f"negates what evidence [{best.number}] states: {', '.join(flipped)}")
            if bad := misattributed_figures(text, [e.text for e in self.evidence], self.names):
                problems.append("figure")
                detail.append("figures of another platform: " + ", ".join(bad))
        if not problems:
            self._seen_terms.append(terms)
        verdict = SentenceVerdict(
            text, tuple(problems), tuple(citations), support, "; ".join(detail), relevance
        )
        self.result.verdicts.append(verdict)
        return verdict

    def _index_of(self, number: int) -> int:
        return next(i for i, e in enumerate(self.evidence) if e.number == number)

    def _wrong_language(self, text: str) -> bool:
        german, english = language_scores(text)
        own, other = (german, english) if self.language == "de" else (english, german)
        return other >= own + 2

    def _is_echo(self, text: str, terms: set[str]) -> bool:
        if not terms:
            return True
        from_question = len(terms & self.question_terms) / len(terms)
        new_facts = bool(
            unsupported_figures(text, set()) and not _figures_only_in(text, self.question)
        )
        return from_question >= self.t.echo and not new_facts

    def _support(
        self, text: str, terms: set[str], markers: list[int]
    ) -> tuple[list[int], float, float]:
        if not self.evidence or not terms:
            return [], 0.0, 0.0
        if self._question_vector is None:
            self._question_vector = self.embed([self.topic])[0]
        vector = self.embed([text])[0]
        relevance = float(vector @ self._question_vector)
        dense = self.vectors @ vector
        lexical = np.array(
            [len(terms & w) / len(terms) for w in self.window_terms], dtype=np.float32
        )
        language = detect_language(text, default=self.language)
        supported = [
            i
            for i, item in enumerate(self.evidence)
            if (dense[i] >= self.t.dense and lexical[i] >= self.t.lexical)
            or lexical[i] >= self.t.lexical_alone
            or (item.language != language and dense[i] >= self.t.cross_lingual)
        ]
        if not supported:
            return [], float(np.max(dense)), relevance
        best = max(supported, key=lambda i: (float(dense[i] + lexical[i]), -i))
        numbers = [self.evidence[best].number]
        for marker in markers:
            index = next((i for i, e in enumerate(self.evidence) if e.number == marker), None)
            if (
                index is not None
                and marker not in numbers
                and index in supported
                and dense[index] >= self.t.cite_dense
            ):
                numbers.append(marker)
        return numbers, float(dense[best]), relevance


_NEGATION = re.compile(
    r"\b(not|no|never|none|cannot|can't|don't|doesn't|didn't|isn't|aren't|wasn't|won't|"
    r"nicht|kein\w*|nie|niemals|nichts)\b",
    re.IGNORECASE,
)
_NOT_NEGATION = re.compile(
    r"\b(not only|nicht nur|no longer only|nicht mehr nur|whether or not|oder nicht)\b", re.I
)


_TOKEN = re.compile(r"[0-9a-zäöüß]+(?:'[a-z]+)?", re.IGNORECASE)
_SCOPE = 4
"""A negation covers the next few content words ("keine radikalen Veränderungen")."""


def with_citations(text: str, numbers: Sequence[int]) -> str:
    """``text`` with citation markers (each number once) before its final punctuation."""
    body = text.rstrip()
    end = ""
    while body and body[-1] in ".!?:;":
        end = body[-1] + end
        body = body[:-1].rstrip()
    marks = "".join(f"[{n}]" for n in dict.fromkeys(numbers))
    return f"{body} {marks}{end or '.'}"


def _polarity(text: str) -> tuple[set[str], set[str]]:
    """(content stems under a negation, content stems stated plainly) of ``text``."""
    negated: set[str] = set()
    plain: set[str] = set()
    left = 0
    for token in _TOKEN.findall(_NOT_NEGATION.sub(" ", text)):
        if _NEGATION.fullmatch(token):
            left = _SCOPE
            continue
        terms = content_terms(token)
        if not terms:
            continue
        if left:
            negated |= terms
            left -= 1
        else:
            plain |= terms
    return negated, plain


_LONG_WORD = re.compile(r"[^\W\d_]{7,}", re.UNICODE)


def cut_words(sentence: str, evidence: str) -> list[str]:
    """Words of ``sentence`` that are the evidence's longer words cut off ("Anbieterkennzeich"
    for "Anbieterkennzeichnung"): a small model sometimes stops mid-word."""
    known = {w.casefold() for w in _LONG_WORD.findall(evidence)}
    cut = []
    for word in _LONG_WORD.findall(sentence):
        folded = word.casefold()
        if folded in known:
            continue
        if any(k.startswith(folded) and len(k) - len(folded) >= 3 for k in known):
            cut.append(word)
    return cut


def negation_flips(sentence: str, evidence: str) -> list[str]:
    """Words ``sentence`` negates that ``evidence`` states without a negation.

    Catches "Meta made no drastic changes" against "Meta has made radical changes" while
    letting "whether or not", "not only" and negations the evidence shares pass.
    """
    negated, _ = _polarity(sentence)
    evidence_negated, evidence_plain = _polarity(evidence)
    return sorted((negated & evidence_plain) - evidence_negated)


def _figures_only_in(text: str, question: str) -> bool:
    return not unsupported_figures(text, figure_values([question]))


def detect_defects(text: str, question: str) -> dict[str, int]:
    """Echoes of the question, prompt tags, placeholders and repeated sentences in ``text``.

    The same rules the checker applies to each model sentence, run over a final answer
    (quotations included), for the evaluation's defect counts.
    """
    counts = {"echo": 0, "tag": 0, "placeholder": 0, "repetition": 0}
    question_terms = content_terms(question)
    seen: list[set[str]] = []
    for raw in split_sentences(text):
        sentence = " ".join(_MARKER.sub("", raw).split())
        terms = content_terms(sentence)
        counts["tag"] += bool(_TAG.search(sentence))
        counts["placeholder"] += bool(_PLACEHOLDER.search(sentence))
        if (
            terms
            and len(terms & question_terms) / len(terms) >= Thresholds.echo
            and not (unsupported_figures(sentence, figure_values([question])))
        ):
            counts["echo"] += 1
        if len(terms) >= MIN_REPEAT_TERMS:
            counts["repetition"] += any(repeats(terms, other) for other in seen)
            seen.append(terms)
    return counts


MIN_REPEAT_TERMS = 3
"""Fragments shorter than this ("(German source)") cannot repeat a statement."""


def repeats(terms: set[str], other: set[str], share: float = 0.8) -> bool:
    """Most of ``terms`` (and of ``other``) repeat each other (content-word stems)."""
    if not terms or not other:
        return False
    common = len(terms & other)
    return common / len(terms) >= share and common / len(other) >= share / 2
