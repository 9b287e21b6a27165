"""The evaluation question sets stay honest (issue 10, item 7).

Every question file under eval/ is checked against the real knowledge base: the passages a
question names exist, every key fact occurs in one of them, the held-out splits share no
question with the tune split and hold the mix of questions the issue asks for. Files in
eval/test/ form the test split and files in eval/test-blind/ the blind test split; everything
else (eval/tune/ and the older eval/*.yaml sets, which were used for tuning) is the tune
split. The older files have a simpler format: no `kind` tags, and answers.yaml names no
passages, so only what they state is checked.

The newest format (eval/tune/advice.yaml, eval/test-blind/) names document pairs without a
language (a section piece may match a heading in either language), keeps the chat history as
turns with a role, and adds `concepts` (what a good advice answer contains) and, in the tune
split, `playbook` (the entry that should answer). The blind split is read here only for its
format; no check prints one of its questions (failures name ids only).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from channelwise.i18n import LANGUAGES
from channelwise.knowledge.loader import load_documents
from channelwise.knowledge.playbook import PlaybookEntry, load_playbook
from channelwise.knowledge.questions import section_texts
from channelwise.knowledge.records import KnowledgeDocument, pair_id

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / "eval"
KNOWLEDGE = REPO / "knowledge"

KINDS = frozenset(
    {"colloquial", "follow-up", "article", "cross-lingual", "figure", "advice", "out-of-scope"}
)
# A question tagged `article` must name the source article in its text or its chat history.
ARTICLE_TERMS = ("article", "artikel", "gastbeitrag", "guest post", "wiese", "author", "autor")
NEW_FORMAT_KEYS = frozenset({"id", "question", "lang", "history", "expected", "facts", "kind"})
# The newest format (tune/advice.yaml, test-blind/): `playbook` is optional.
PAIR_FORMAT_KEYS = NEW_FORMAT_KEYS | {"concepts"}
PAIR_FORMAT_OPTIONAL = frozenset({"playbook"})
PAIR_FORMAT_IDS = {
    "tune": r"tune-adv-\d{3,4}",
    "test-blind": r"blind-\d{3}",
    "test-blind-2": r"fresh-\d{3}",
    "test-blind-3": r"blind3-\d{3}",
    "test-blind-4": r"blind4-\d{3}",
}
BLIND_KINDS = frozenset({"factual", "advice", "follow-up", "out-of-scope", "colloquial", "article"})
PAIR_FORMAT_KINDS = {
    "tune": KINDS | {"factual"},
    "test-blind": BLIND_KINDS,
    "test-blind-2": BLIND_KINDS,
    "test-blind-3": BLIND_KINDS,
    "test-blind-4": BLIND_KINDS,
}
BLIND_SPLITS = ("test-blind", "test-blind-2", "test-blind-3", "test-blind-4")
"""Written by someone who saw only the documents' prose (the second, third and fourth later,
for fresh measurements)."""
SPLITS = ("tune", "test", *BLIND_SPLITS)
HELD_OUT = ("test", *BLIND_SPLITS)
# Two questions whose word sets overlap this much are the same question.
PARAPHRASE_JACCARD = 0.75


@dataclass(frozen=True)
class EvalQuestion:
    file: str
    split: str  # one of SPLITS
    row: dict[str, Any]

    def __repr__(self) -> str:  # failure reports show reprs: never a question's content
        return f"EvalQuestion({self.label})"

    @property
    def label(self) -> str:
        return f"{self.file}:{self.row.get('id')}"

    @property
    def text(self) -> str:
        return str(self.row.get("question", ""))

    @property
    def turns(self) -> list[tuple[str, str]]:
        """The chat history as (role, text); older files list only the user's questions."""
        out = []
        for turn in self.row.get("history") or []:
            if isinstance(turn, dict):
                out.append((str(turn.get("role")), str(turn.get("content") or "")))
            else:
                out.append(("user", str(turn)))
        return out

    @property
    def history(self) -> list[str]:
        return [text for _, text in self.turns]

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

    @property
    def pair_format(self) -> bool:
        """The newest format (document pairs, turns with roles, concepts)."""
        return "concepts" in self.row


def _question_files() -> list[Path]:
    legacy = sorted(EVAL.glob("*.yaml"))
    return legacy + [p for split in SPLITS for p in sorted(EVAL.glob(f"{split}/**/*.yaml"))]


def _load(path: Path) -> list[EvalQuestion]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = raw.get("questions") if isinstance(raw, dict) else raw
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError(f"{path}: expected a list of questions (or a mapping with 'questions')")
    relative = path.relative_to(EVAL)
    split = relative.parts[0] if relative.parts[0] in HELD_OUT else "tune"
    return [EvalQuestion(str(relative), split, row) for row in rows]


QUESTIONS = [q for path in _question_files() for q in _load(path)]
TEST = [q for q in QUESTIONS if q.split == "test"]
BLIND = [q for q in QUESTIONS if q.split == "test-blind"]
BLIND_2 = [q for q in QUESTIONS if q.split == "test-blind-2"]
BLIND_3 = [q for q in QUESTIONS if q.split == "test-blind-3"]
NEW_TUNE = [q for q in QUESTIONS if q.split == "tune" and q.kinds is not None and not q.pair_format]
WITH_PASSAGES = [q for q in QUESTIONS if q.expected]
NEW_FORMAT = [q for q in QUESTIONS if q.kinds is not None and not q.pair_format]
PAIR_FORMAT = [q for q in QUESTIONS if q.pair_format]
WITH_PLAYBOOK = [q for q in QUESTIONS if "playbook" in q.row]
WRITTEN_BLIND = (
    "tune/extra.yaml",
    "tune/fresh.yaml",
    "tune/fresh3.yaml",
    "tune/fresh4.yaml",
    "tune/fresh5.yaml",
)
"""Tune questions written from the prose alone: their concepts measure what the playbook
lacks (the labelled entry often does not hold them), so they are not held to it."""
UNLABELLED = tuple(f"tune/fresh{n}.yaml" for n in ("", 3, 4, 5, 6, 7, 8, 9, 10))
"""Written from the prose alone to check that a change transfers; it measures answers, so
its advice questions name no playbook entry."""


def _ids(questions: Iterable[EvalQuestion]) -> list[str]:
    return [q.label for q in questions]


def shown(q: EvalQuestion, value: object) -> str:
    """What a failure message may show of a question's content: nothing of the blind split."""
    return "(not shown: blind split)" if q.split in BLIND_SPLITS else repr(value)


@pytest.fixture(scope="module")
def documents() -> dict[str, KnowledgeDocument]:
    return {doc.doc_id: doc for doc in load_documents(KNOWLEDGE)}


@pytest.fixture(scope="module")
def playbook() -> dict[str, PlaybookEntry]:
    return {entry.entry_id: entry for entry in load_playbook(KNOWLEDGE)}


def files_of(doc: str, documents: dict[str, KnowledgeDocument]) -> list[KnowledgeDocument]:
    """The files an expected `doc` names: one file (``platform-x.de``), or both files of a
    pair named without a language (``platform-x``)."""
    if doc in documents:
        return [documents[doc]]
    return [documents[f"{doc}.{lang}"] for lang in LANGUAGES if f"{doc}.{lang}" in documents]


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


def passage_text(doc: str, section: str | None, documents: dict[str, KnowledgeDocument]) -> str:
    """The text a retrieval hit on (doc, section) can show: the matching sections, or the
    body, in both files of the document pair (they state the same facts). A section piece
    matches the headings of the named file, or of either file when ``doc`` names a pair."""
    named = files_of(doc, documents)
    pair = [d for d in documents.values() if d.pair_id == pair_id(doc)]
    if not section:
        return "\n".join(d.body for d in pair)
    needle = section.casefold()
    indices = sorted(
        {
            i
            for d in named
            for i, heading in enumerate(d.sections)
            if i and needle in heading.casefold()
        }
    )
    return "\n".join(section_texts(d.body)[i] for d in pair for i in indices)


def normalise(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" ?!.")


def normalise_space(text: str) -> str:
    return " ".join(text.casefold().split())


def words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.casefold()))


def test_sections_split_on_second_level_headings() -> None:
    body = "# Title\n\nLead by Jane.\n\n## Audience\n\nYoung.\n\n## Risks\n\nBans.\n"
    assert [(h, t.strip()) for h, t in sections(body)] == [
        ("", "# Title\n\nLead by Jane."),
        ("Audience", "Young."),
        ("Risks", "Bans."),
    ]


def test_passage_text_reads_a_pair_in_both_languages() -> None:
    def doc(doc_id: str, heading: str, text: str) -> KnowledgeDocument:
        body = f"# T\n\nLead.\n\n## {heading}\n\n{text}\n"
        return KnowledgeDocument(
            doc_id, Path(doc_id), "T", doc_id[-2:], (), date(2026, 1, 1), ("t",), body, "h",
            sections=("", heading),
        )  # fmt: skip

    documents = {
        "p.de": doc("p.de", "Reichweite", "Zehn Prozent."),
        "p.en": doc("p.en", "Reach", "Ten percent."),
        "q.en": doc("q.en", "Reach", "Other."),
    }
    assert passage_text("p", "reach", documents) == "Zehn Prozent.\nTen percent."
    assert passage_text("p", "reichweite", documents) == "Zehn Prozent.\nTen percent."
    assert passage_text("p.de", "reach", documents) == ""  # the German file has no "Reach"
    assert passage_text("p.en", "reach", documents) == "Zehn Prozent.\nTen percent."
    assert passage_text("p", "risks", documents) == ""
    assert [d.doc_id for d in files_of("p", documents)] == ["p.de", "p.en"]
    assert [d.doc_id for d in files_of("q.en", documents)] == ["q.en"]
    assert files_of("missing", documents) == []


def test_every_eval_file_is_read() -> None:
    assert {
        "test/questions.yaml",
        "tune/questions.yaml",
        "tune/advice.yaml",
        "test-blind/questions.yaml",
        "test-blind-2/questions.yaml",
        "test-blind-3/questions.yaml",
    } <= {q.file for q in QUESTIONS}
    for split in BLIND_SPLITS:
        assert {q.split for q in QUESTIONS if q.file.startswith(f"{split}/")} == {split}
    assert {q.split for q in QUESTIONS if q.file == "tune/advice.yaml"} == {"tune"}


def test_the_newest_files_are_entirely_in_the_pair_format() -> None:
    assert BLIND, "eval/test-blind/ holds no questions"
    assert BLIND_2, "eval/test-blind-2/ holds no questions"
    assert BLIND_3, "eval/test-blind-3/ holds no questions"
    newest = [q for q in QUESTIONS if q.split in BLIND_SPLITS or q.file == "tune/advice.yaml"]
    assert [q.label for q in newest if not q.pair_format] == []


def test_ids_are_unique_across_all_files() -> None:
    counts = Counter(str(q.row.get("id")) for q in QUESTIONS)
    assert [qid for qid, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("q", QUESTIONS, ids=_ids(QUESTIONS))
def test_question_has_id_text_and_language(q: EvalQuestion) -> None:
    has_id, has_text = bool(str(q.row.get("id", "")).strip()), bool(q.text.strip())
    assert has_id and has_text, "every question has an id and a text"
    language = q.row.get("lang") in LANGUAGES
    assert language, "lang is de or en"
    turns = all(h.strip() for h in q.history)
    assert turns, "every turn of the history has a text"
    assert q.split in SPLITS


@pytest.mark.parametrize("q", WITH_PASSAGES, ids=_ids(WITH_PASSAGES))
def test_expected_passages_exist(q: EvalQuestion, documents: dict[str, KnowledgeDocument]) -> None:
    assert q.expected is not None
    for passage in q.expected:
        well_formed = isinstance(passage, dict) and set(passage) <= {"doc", "section"}
        assert well_formed, f"an expected passage is {{doc, section}}: {shown(q, passage)}"
        name = str(passage["doc"])
        files = files_of(name, documents)
        exists = len(files) == (len(LANGUAGES) if name == pair_id(name) else 1)
        assert exists, f"no document {'pair ' if name == pair_id(name) else ''}{name!r}"
        section = passage.get("section")
        if section is not None:
            headings = [h for doc in files for h, _ in sections(doc.body) if h]
            found = any(str(section).casefold() in h.casefold() for h in headings)
            assert found, f"{shown(q, section)} is in no heading of {name}"


@pytest.mark.parametrize("q", WITH_PASSAGES, ids=_ids(WITH_PASSAGES))
def test_every_fact_occurs_in_an_expected_passage(
    q: EvalQuestion, documents: dict[str, KnowledgeDocument]
) -> None:
    assert q.expected is not None
    texts = [
        normalise_space(passage_text(str(p["doc"]), p.get("section"), documents))
        for p in q.expected
    ]
    for number, fact in enumerate(q.facts, start=1):
        well_formed = _alternative_groups([fact])
        assert well_formed, f"fact {number} is not a non-empty list of alternatives"
        found = any(normalise_space(a) in text for a in fact for text in texts)
        assert found, f"no alternative of fact {number} occurs in the expected passages"


@pytest.mark.parametrize("q", QUESTIONS, ids=_ids(QUESTIONS))
def test_out_of_scope_questions_have_no_facts(q: EvalQuestion) -> None:
    if not q.in_scope:
        no_facts = q.facts == []
        assert no_facts, f"{q.label} is out of scope but states facts"


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


def _alternative_groups(value: Any) -> bool:
    """A list of groups, each a non-empty list of non-empty strings (facts, concepts)."""
    return isinstance(value, list) and all(
        isinstance(group, list) and group and all(isinstance(a, str) and a.strip() for a in group)
        for group in value
    )


def pair_format_problems(q: EvalQuestion) -> list[str]:
    """What is wrong with a question of the pair format, in messages that show no content
    (the blind split's questions must not appear in a report)."""
    problems: list[str] = []
    keys = set(q.row)
    if not PAIR_FORMAT_KEYS <= keys <= PAIR_FORMAT_KEYS | PAIR_FORMAT_OPTIONAL:
        wanted = sorted(PAIR_FORMAT_KEYS)
        return [f"keys {sorted(keys)}; the format has {wanted} and optionally 'playbook'"]
    pattern = PAIR_FORMAT_IDS.get(q.split)
    if pattern is None or not re.fullmatch(pattern, str(q.row["id"])):
        problems.append(
            "ids are tune-adv-NNN (tune), blind-NNN (test-blind), fresh-NNN (test-blind-2) or "
            "blind3-NNN (test-blind-3)"
        )
    history = q.row["history"]
    if not isinstance(history, list) or not all(
        isinstance(t, dict)
        and set(t) == {"role", "content"}
        and isinstance(t["content"], str)
        and t["content"].strip()
        for t in history
    ):
        return [*problems, "history is a list of {role, content} turns, each with a text"]
    roles = [str(t["role"]) for t in history]
    if roles != ["user", "assistant"] * (len(roles) // 2):
        problems.append(f"turn roles {roles}: they alternate, the user first, the assistant last")
    kind = q.row["kind"]
    if not isinstance(kind, list) or not kind or len({str(k) for k in kind}) != len(kind):
        return [*problems, "kind is a non-empty list of distinct tags"]
    kinds = {str(k) for k in kind}
    allowed = PAIR_FORMAT_KINDS.get(q.split, frozenset())
    if not kinds <= allowed:
        problems.append(f"unknown kind {sorted(kinds - allowed)}")
    facts, concepts = q.row["facts"], q.row["concepts"]
    if not isinstance(q.row["expected"], list):
        problems.append("expected is a list of {doc, section}")
    if not (_alternative_groups(facts) and _alternative_groups(concepts)):
        return [*problems, "facts and concepts are lists of lists of alternatives"]
    if ("out-of-scope" in kinds) != (not q.in_scope):
        problems.append("tagged out-of-scope exactly when nothing is expected")
    if ("follow-up" in kinds) != bool(history):
        problems.append("tagged follow-up exactly when there is a history")
    if not q.in_scope:
        if not kinds <= {"out-of-scope", "colloquial"}:
            problems.append("an out-of-scope question is tagged out-of-scope (and colloquial)")
        if facts or concepts or "playbook" in q.row:
            problems.append("an out-of-scope question has no facts, concepts or playbook entry")
        return problems
    if not facts and not concepts:
        problems.append("an in-scope question states facts or concepts")
    if "factual" in kinds and not facts:
        problems.append("a factual question states the facts a correct answer contains")
    if "advice" in kinds and "follow-up" not in kinds and not concepts:
        problems.append("an advice question lists the concepts a good answer contains")
    if (
        "advice" in kinds
        and q.split == "tune"
        and q.file not in UNLABELLED
        and not q.row.get("playbook")
    ):
        problems.append("a tune advice question names the playbook entry that answers it")
    chat = " ".join([*q.history, q.text]).casefold()
    if "article" in kinds and not any(term in chat for term in ARTICLE_TERMS):
        problems.append("an article question names the article")
    return problems


@pytest.mark.parametrize("q", PAIR_FORMAT, ids=_ids(PAIR_FORMAT))
def test_pair_format_question_is_complete_and_tagged_truthfully(q: EvalQuestion) -> None:
    assert pair_format_problems(q) == []


def _pair_row(split: str = "test-blind", **fields: Any) -> EvalQuestion:
    row = {
        "id": "blind-001" if split == "test-blind" else "tune-adv-001",
        "question": "should we keep our fb page?",
        "lang": "en",
        "history": [],
        "expected": [{"doc": "platform-facebook", "section": "Risks"}],
        "facts": [],
        "concepts": [["Reels"]],
        "kind": ["advice", "colloquial"],
    }
    return EvalQuestion(f"{split}/x.yaml", split, row | fields)


FOLLOW_UP = [
    {"role": "user", "content": "is ig worth it?"},
    {"role": "assistant", "content": "Yes."},
]


@pytest.mark.parametrize(
    ("q", "problem"),
    [
        (_pair_row(), None),
        (_pair_row("tune", playbook="keep-facebook-page"), None),
        (_pair_row(history=FOLLOW_UP, kind=["follow-up", "advice"], concepts=[], facts=[["35"]]),
         None),
        (_pair_row(expected=[], concepts=[], kind=["out-of-scope"]), None),
        (_pair_row(notes="x"), "keys"),
        (_pair_row(id="test-001"), "ids are"),
        (_pair_row("tune"), "names the playbook entry"),
        (_pair_row(kind=["advice", "figure"]), "unknown kind ['figure']"),
        (_pair_row(concepts=[], facts=[["Reels"]]), "lists the concepts"),
        (_pair_row(concepts=["Reels"]), "lists of lists"),
        (_pair_row(kind=["colloquial"], concepts=[]), "states facts or concepts"),
        (_pair_row(kind=["factual"]), "a factual question states the facts"),
        (_pair_row(history=FOLLOW_UP), "tagged follow-up exactly"),
        (_pair_row(history=FOLLOW_UP[::-1], kind=["follow-up", "advice"]), "turn roles"),
        (_pair_row(history=["is ig worth it?"], kind=["follow-up", "advice"]), "history is"),
        (_pair_row(expected=[], kind=["out-of-scope"]), "no facts, concepts"),
        (_pair_row(kind=["out-of-scope"], facts=[["x"]]), "tagged out-of-scope exactly"),
        (_pair_row(kind=["advice", "article"]), "names the article"),
    ],
)  # fmt: skip
def test_the_pair_format_check_reports_each_problem(q: EvalQuestion, problem: str | None) -> None:
    found = pair_format_problems(q)
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0], found
    assert "fb page" not in repr(q) and "fb page" not in " ".join(found)


@pytest.mark.parametrize("q", WITH_PLAYBOOK, ids=_ids(WITH_PLAYBOOK))
def test_playbook_entries_exist_and_hold_the_concepts(
    q: EvalQuestion, playbook: dict[str, PlaybookEntry]
) -> None:
    entry = playbook.get(str(q.row["playbook"]))
    assert entry is not None, f"no playbook entry {q.row['playbook']!r} in knowledge/playbook"
    if "advice" not in (q.kinds or ()) or q.file in WRITTEN_BLIND:
        return
    answers = normalise_space(
        " ".join(
            s.text for v in entry.variants for sentences in v.sentences.values() for s in sentences
        )
    )
    missing = [
        group for group in q.row.get("concepts") or []
        if not any(normalise_space(a) in answers for a in group)
    ]  # fmt: skip
    held = not missing
    assert held, f"concept groups {shown(q, missing)} are in no answer of {entry.entry_id}"


def test_tune_advice_questions_are_not_copied_from_the_playbook(
    playbook: dict[str, PlaybookEntry],
) -> None:
    own = {normalise(t) for e in playbook.values() for ts in e.questions.values() for t in ts}
    advice = [q for q in QUESTIONS if q.file == "tune/advice.yaml"]
    assert [q.label for q in advice if normalise(q.text) in own] == []


def test_blind_split_has_the_mix_the_issue_asks_for() -> None:
    counts = _counts(BLIND)
    assert len(BLIND) >= 150
    assert counts["advice"] >= 40
    assert counts["out-of-scope"] >= 30
    follow_ups = [
        q for q in BLIND
        if "follow-up" in (q.kinds or ()) and any(role == "assistant" for role, _ in q.turns)
    ]  # fmt: skip
    assert len(follow_ups) >= 30
    for lang in LANGUAGES:  # about half each
        assert 0.4 <= counts[f"lang-{lang}"] / len(BLIND) <= 0.6, lang


def test_second_blind_split_measures_what_the_first_found_weakest() -> None:
    """Advice, follow-ups with the earlier answer, and near misses out of scope."""
    counts = _counts(BLIND_2)
    assert len(BLIND_2) >= 120
    assert counts["advice"] >= 40
    assert counts["out-of-scope"] >= 30
    assert sum(any(role == "assistant" for role, _ in q.turns) for q in BLIND_2) >= 30
    for lang in LANGUAGES:
        assert 0.4 <= counts[f"lang-{lang}"] / len(BLIND_2) <= 0.6, lang


def test_third_blind_split_has_every_kind_in_both_languages() -> None:
    """A smaller fresh measurement: 20 advice, 12 follow-ups with the earlier answer, 13
    facts, 10 near misses out of scope (five of 60 repeated a tune or curated question)."""
    counts = _counts(BLIND_3)
    assert len(BLIND_3) >= 55
    assert counts["advice"] >= 20 and counts["out-of-scope"] >= 10 and counts["factual"] >= 13
    assert sum(any(role == "assistant" for role, _ in q.turns) for q in BLIND_3) >= 12
    for lang in LANGUAGES:
        assert 0.4 <= counts[f"lang-{lang}"] / len(BLIND_3) <= 0.6, lang


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


def _chat_texts(questions: Iterable[EvalQuestion]) -> dict[str, str]:
    """Question and history texts (normalised) -> a label: tuning sees both, so neither may
    reach a held-out split."""
    return {normalise(t): q.label for q in questions for t in (q.text, *q.history)}


def shared_texts(held_out: Iterable[EvalQuestion], tune: Iterable[EvalQuestion]) -> list[str]:
    """Labels of the held-out questions whose question or history text is also a tune text."""
    seen = _chat_texts(tune)
    return sorted({q.label for q in held_out for t in (q.text, *q.history) if normalise(t) in seen})


def paraphrases(
    held_out: Iterable[EvalQuestion], tune: Iterable[EvalQuestion]
) -> list[tuple[str, str]]:
    """(held-out label, tune label) for every held-out question (or user turn of its history)
    whose words overlap a tune text's words by PARAPHRASE_JACCARD or more. Only labels: the
    blind split's questions never appear in a report."""
    tune_words = [(words(t), label) for t, label in _chat_texts(tune).items()]
    close = set()
    for q in held_out:
        own = [q.text, *(text for role, text in q.turns if role == "user")]
        for mine in map(words, own):
            if len(mine) < 4:
                continue
            for other, label in tune_words:
                if len(mine & other) / len(mine | other) >= PARAPHRASE_JACCARD:
                    close.add((q.label, label))
    return sorted(close)


def _row(split: str, qid: str, text: str, history: list[Any] | None = None) -> EvalQuestion:
    row = {"id": qid, "question": text, "lang": "en", "history": history or []}
    return EvalQuestion(f"{split}/x.yaml", split, row)


def test_the_overlap_checks_catch_copies_and_paraphrases_by_label_only() -> None:
    tune = [
        _row("tune", "t1", "Is TikTok worth it for our small bakery?"),
        _row(
            "tune", "t2", "and on youtube?", [{"role": "user", "content": "What pays on Twitch?"}]
        ),
    ]
    held = [
        _row("test-blind", "b1", "what pays on twitch"),  # a tune history turn
        _row("test-blind", "b2", "is tiktok worth it for our bakery"),  # 7 of 8 words
        _row("test-blind", "b3", "Which newsletter tool is cheapest?"),
        _row(
            "test-blind", "b4", "and youtube?", [{"role": "user", "content": "Our bakery: TikTok?"}]
        ),
    ]
    assert shared_texts(held, tune) == ["test-blind/x.yaml:b1"]
    assert paraphrases(held, tune) == [
        ("test-blind/x.yaml:b1", "tune/x.yaml:t2"),
        ("test-blind/x.yaml:b2", "tune/x.yaml:t1"),
    ]  # b4 has fewer than four words in each turn


def test_no_question_text_is_in_a_held_out_and_the_tune_split() -> None:
    tune = [q for q in QUESTIONS if q.split == "tune"]
    for split in HELD_OUT:
        assert shared_texts([q for q in QUESTIONS if q.split == split], tune) == [], split


def test_no_test_question_paraphrases_a_tune_question() -> None:
    tune = [q for q in QUESTIONS if q.split == "tune"]
    assert paraphrases(TEST, tune) == []


def test_no_blind_test_question_paraphrases_a_tune_question() -> None:
    tune = [q for q in QUESTIONS if q.split == "tune"]
    assert paraphrases(BLIND, tune) == []
    # Found after the second blind split was measured: a follow-up (fresh-034) and the first
    # turn of another (fresh-001) say what a tune question says. They stay, so the split's
    # figures remain comparable; no other may join them.
    assert paraphrases(BLIND_2, tune) == [
        ("test-blind-2/questions.yaml:fresh-001", "tune/extra.yaml:tune-adv-206"),
        ("test-blind-2/questions.yaml:fresh-034", "tune/fresh.yaml:tune-adv-363"),
    ]
    assert paraphrases(BLIND_3, tune) == []


def test_the_held_out_splits_share_no_question() -> None:
    assert shared_texts(BLIND, TEST) == []
    assert shared_texts(BLIND_3, [*TEST, *BLIND, *BLIND_2]) == []


def test_no_held_out_question_is_a_curated_question(
    documents: dict[str, KnowledgeDocument], playbook: dict[str, PlaybookEntry]
) -> None:
    """The index embeds the section and playbook questions: a held-out question among them
    would be answered by a lookup."""
    curated = {normalise(q.text) for doc in documents.values() for q in doc.questions}
    curated |= {normalise(t) for e in playbook.values() for ts in e.questions.values() for t in ts}
    held_out = [q for q in QUESTIONS if q.split in HELD_OUT]
    assert [q.label for q in held_out if normalise(q.text) in curated] == []
