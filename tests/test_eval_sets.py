"""The evaluation question sets stay honest (issue 10, item 7).

Every question file under eval/ is checked against the real knowledge base: the passages a
question names exist, every key fact occurs in one of them, the held-out test split shares no
question with the tune split and holds the mix of questions the issue asks for. Files in
eval/test/ form the test split; everything else (eval/tune/ and the older eval/*.yaml sets,
which were used for tuning) is the tune split. The older files have a simpler format: no
`kind` tags, and answers.yaml names no passages, so only what they state is checked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from channelwise.i18n import LANGUAGES
from channelwise.knowledge.loader import load_documents
from channelwise.knowledge.questions import section_texts
from channelwise.knowledge.records import KnowledgeDocument

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / "eval"
KNOWLEDGE = REPO / "knowledge"

KINDS = frozenset(
    {"colloquial", "follow-up", "article", "cross-lingual", "figure", "advice", "out-of-scope"}
)
# A question tagged `article` must name the source article in its text or its chat history.
ARTICLE_TERMS = ("article", "artikel", "gastbeitrag", "guest post", "wiese", "author", "autor")
NEW_FORMAT_KEYS = frozenset({"id", "question", "lang", "history", "expected", "facts", "kind"})
# Two questions whose word sets overlap this much are the same question.
PARAPHRASE_JACCARD = 0.75


@dataclass(frozen=True)
class EvalQuestion:
    file: str
    split: str  # "tune" or "test"
    row: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.file}:{self.row.get('id')}"

    @property
    def text(self) -> str:
        return str(self.row.get("question", ""))

    @property
    def history(self) -> list[str]:
        return [str(h) for h in self.row.get("history") or []]

    @property
    def expected(self) -> list[dict[str, Any]] | None:
        """The answering passages; None when the file names none (answers.yaml)."""
        return self.row.get("expected")

    @property
    def facts(self) -> list[Any]:
        return list(self.row.get("facts") or [])

    @property
    def in_scope(self) -> bool:
        return self.row.get("in_scope", True) is not False and self.expected != []

    @property
    def kinds(self) -> set[str] | None:
        """The `kind` tags of the new format; None for the older files."""
        return set(self.row["kind"]) if "kind" in self.row else None


def _question_files() -> list[Path]:
    legacy = sorted(EVAL.glob("*.yaml"))
    return legacy + sorted(EVAL.glob("tune/**/*.yaml")) + sorted(EVAL.glob("test/**/*.yaml"))


def _load(path: Path) -> list[EvalQuestion]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = raw.get("questions") if isinstance(raw, dict) else raw
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError(f"{path}: expected a list of questions (or a mapping with 'questions')")
    relative = path.relative_to(EVAL)
    split = "test" if relative.parts[0] == "test" else "tune"
    return [EvalQuestion(str(relative), split, row) for row in rows]


QUESTIONS = [q for path in _question_files() for q in _load(path)]
TEST = [q for q in QUESTIONS if q.split == "test"]
NEW_TUNE = [q for q in QUESTIONS if q.split == "tune" and q.kinds is not None]
WITH_PASSAGES = [q for q in QUESTIONS if q.expected]
NEW_FORMAT = [q for q in QUESTIONS if q.kinds is not None]


def _ids(questions: Iterable[EvalQuestion]) -> list[str]:
    return [q.label for q in questions]


@pytest.fixture(scope="module")
def documents() -> dict[str, KnowledgeDocument]:
    return {doc.doc_id: doc for doc in load_documents(KNOWLEDGE)}


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*$", re.MULTILINE)


def sections(body: str) -> list[tuple[str, str]]:
    """(heading, text) for every heading of level 2 or deeper; the text before the first
    such heading (title and lead) comes first with the heading ""."""
    parts: list[tuple[str, str]] = []
    heading, start = "", 0
    for match in _HEADING.finditer(body):
        if len(match.group(1)) < 2:
            continue
        parts.append((heading, body[start : match.start()]))
        heading, start = match.group(2), match.end()
    parts.append((heading, body[start:]))
    return parts


def passage_text(
    doc: KnowledgeDocument, section: str | None, documents: dict[str, KnowledgeDocument]
) -> str:
    """The text a retrieval hit on (doc, section) can show: the matching sections, or the
    body, in both files of the document pair (they state the same facts)."""
    pair = [d for d in documents.values() if d.pair_id == doc.pair_id]
    if not section:
        return "\n".join(d.body for d in pair)
    needle = section.casefold()
    indices = [i for i, heading in enumerate(doc.sections) if i and needle in heading.casefold()]
    return "\n".join(section_texts(d.body)[i] for d in pair for i in indices)


def normalise(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" ?!.")


def words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.casefold()))


def test_sections_split_on_second_level_headings() -> None:
    body = "# Title\n\nLead by Jane.\n\n## Audience\n\nYoung.\n\n## Risks\n\nBans.\n"
    assert [(h, t.strip()) for h, t in sections(body)] == [
        ("", "# Title\n\nLead by Jane."),
        ("Audience", "Young."),
        ("Risks", "Bans."),
    ]


def test_every_eval_file_is_read() -> None:
    assert {"test/questions.yaml", "tune/questions.yaml"} <= {q.file for q in QUESTIONS}


def test_ids_are_unique_across_all_files() -> None:
    counts = Counter(str(q.row.get("id")) for q in QUESTIONS)
    assert [qid for qid, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("q", QUESTIONS, ids=_ids(QUESTIONS))
def test_question_has_id_text_and_language(q: EvalQuestion) -> None:
    assert str(q.row.get("id", "")).strip()
    assert q.text.strip()
    assert q.row.get("lang") in LANGUAGES
    assert all(h.strip() for h in q.history)


@pytest.mark.parametrize("q", WITH_PASSAGES, ids=_ids(WITH_PASSAGES))
def test_expected_passages_exist(q: EvalQuestion, documents: dict[str, KnowledgeDocument]) -> None:
    assert q.expected is not None
    for passage in q.expected:
        doc = documents.get(str(passage["doc"]))
        assert doc is not None, f"no document {passage['doc']!r} in knowledge/"
        section = passage.get("section")
        if section is not None:
            headings = [h for h, _ in sections(doc.body) if h]
            assert any(str(section).casefold() in h.casefold() for h in headings), (
                f"{section!r} is in no heading of {doc.doc_id}: {headings}"
            )


@pytest.mark.parametrize("q", WITH_PASSAGES, ids=_ids(WITH_PASSAGES))
def test_every_fact_occurs_in_an_expected_passage(
    q: EvalQuestion, documents: dict[str, KnowledgeDocument]
) -> None:
    assert q.expected is not None
    texts = [
        passage_text(documents[str(p["doc"])], p.get("section"), documents).casefold()
        for p in q.expected
        if str(p["doc"]) in documents
    ]
    for fact in q.facts:
        assert isinstance(fact, list), f"a fact is a list of alternatives, got {fact!r}"
        assert fact, "a fact needs at least one alternative"
        assert all(isinstance(a, str) and a.strip() for a in fact), fact
        assert any(a.casefold() in text for a in fact for text in texts), (
            f"none of {fact} occurs in the expected passages"
        )


@pytest.mark.parametrize("q", QUESTIONS, ids=_ids(QUESTIONS))
def test_out_of_scope_questions_have_no_facts(q: EvalQuestion) -> None:
    if not q.in_scope:
        assert q.facts == []


@pytest.mark.parametrize("q", NEW_FORMAT, ids=_ids(NEW_FORMAT))
def test_new_format_question_is_complete_and_tagged_truthfully(
    q: EvalQuestion, documents: dict[str, KnowledgeDocument]
) -> None:
    assert set(q.row) == NEW_FORMAT_KEYS
    assert re.fullmatch(rf"{q.split}-\d{{3}}", str(q.row["id"])), "ids are test-NNN / tune-NNN"
    assert isinstance(q.row["history"], list)
    kinds = q.kinds
    assert kinds is not None
    assert kinds <= KINDS, f"unknown kind {kinds - KINDS}"
    assert ("out-of-scope" in kinds) == (not q.in_scope)
    assert ("follow-up" in kinds) == bool(q.history)
    if q.in_scope:
        assert 1 <= len(q.facts) <= 3
        languages = {documents[str(p["doc"])].language for p in q.expected or []}
        cross_lingual = q.row["lang"] not in languages
        assert ("cross-lingual" in kinds) == cross_lingual, (
            f"answering documents are in {languages}, the question in {q.row['lang']}"
        )
    else:
        assert kinds == {"out-of-scope"} or kinds == {"out-of-scope", "colloquial"}
    if "article" in kinds:
        chat = " ".join([*q.history, q.text]).casefold()
        assert any(term in chat for term in ARTICLE_TERMS), "an article question names it"


def _counts(questions: list[EvalQuestion]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for q in questions:
        counts.update(q.kinds or ())
        counts["in-scope" if q.in_scope else "out-of-scope-total"] += 1
        counts[f"lang-{q.row['lang']}"] += 1
    return counts


def test_test_split_is_entirely_new_format() -> None:
    assert TEST, "eval/test/ holds no questions"
    assert [q.label for q in TEST if q.kinds is None] == []


def test_test_split_has_the_mix_the_issue_asks_for() -> None:
    counts = _counts(TEST)
    assert counts["in-scope"] >= 85
    assert counts["out-of-scope-total"] >= 15
    assert counts["follow-up"] >= 12
    assert counts["article"] >= 12
    assert counts["cross-lingual"] >= 20
    assert counts["figure"] >= 20
    assert counts["advice"] >= 10
    assert counts["colloquial"] >= len(TEST) // 2
    for lang in LANGUAGES:  # about half each
        assert 0.4 <= counts[f"lang-{lang}"] / len(TEST) <= 0.6, lang


def test_tune_split_has_new_questions_in_the_same_style() -> None:
    counts = _counts(NEW_TUNE)
    assert len(NEW_TUNE) >= 40
    assert counts["out-of-scope-total"] >= 6
    assert counts["follow-up"] >= 4
    assert counts["article"] >= 4
    assert counts["cross-lingual"] >= 8
    assert counts["figure"] >= 8
    for lang in LANGUAGES:
        assert 0.4 <= counts[f"lang-{lang}"] / len(NEW_TUNE) <= 0.6, lang


def _chat_texts(questions: Iterable[EvalQuestion]) -> set[str]:
    """Question and history texts: tuning sees both, so neither may reach the test split."""
    return {normalise(t) for q in questions for t in (q.text, *q.history)}


def test_no_question_text_is_in_both_splits() -> None:
    tune = [q for q in QUESTIONS if q.split == "tune"]
    assert _chat_texts(TEST) & _chat_texts(tune) == set()


def test_no_test_question_paraphrases_a_tune_question() -> None:
    tune = [words(t) for t in _chat_texts(q for q in QUESTIONS if q.split == "tune")]
    close = []
    for q in TEST:
        mine = words(q.text)
        for other in tune:
            overlap = len(mine & other) / len(mine | other)
            if len(mine) >= 4 and overlap >= PARAPHRASE_JACCARD:
                close.append((q.label, " ".join(sorted(other))))
    assert close == []
