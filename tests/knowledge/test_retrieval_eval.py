from __future__ import annotations

import math
from pathlib import Path

import pytest

from channelwise.errors import ChannelwiseError
from channelwise.knowledge.coverage import decide
from channelwise.knowledge.embeddings import get_embedder
from channelwise.knowledge.generations import LocalLocation
from channelwise.knowledge.records import Chunk
from channelwise.knowledge.retrieval import Retriever
from channelwise.knowledge.retrieval_eval import (
    SPLITS,
    CoverageSample,
    Expected,
    Question,
    calibrate_coverage,
    evaluate_retrieval,
    expected_keys,
    is_relevant,
    load_questions,
    score_question,
    section_headings,
    split_files,
)
from channelwise.services import ingest

from ..conftest import make_settings
from .pair_kb import write_pair_kb

EVAL = Path(__file__).resolve().parents[2] / "eval"


def chunk(doc: str, heading: str, section: int = 0, ordinal: int = 0) -> Chunk:
    return Chunk(
        f"{doc}::{ordinal}", doc, "h", ordinal, "T", heading, "text", doc[-2:], "https://x",
        section=section,
    )  # fmt: skip


HEADINGS = {
    "a.de": {0: "", 1: "Organische Reichweite", 2: "Risiken"},
    "a.en": {0: "", 1: "Organic reach", 2: "Risks"},
    "b.en": {0: "", 1: "Reach and impressions", 2: "Reach by age"},
}


@pytest.mark.parametrize(
    ("expected", "keys"),
    [
        (Expected("a.en", "reach"), {("a", 1)}),
        (Expected("a.de", "reach"), set()),  # the German headings say "Reichweite"
        (Expected("a.de", "Reichweite"), {("a", 1)}),
        (Expected("a", "REACH"), {("a", 1)}),  # a pair: either language's headings
        (Expected("a", "Risiken"), {("a", 2)}),
        (Expected("a", None), {("a", None)}),
        (Expected("a.en", None), {("a", None)}),
        (Expected("b.en", "reach"), {("b", 1), ("b", 2)}),
        (Expected("b", "age"), {("b", 2)}),  # only the English file exists
        (Expected("c", "reach"), set()),
    ],
)
def test_expected_names_sections_of_the_pair(
    expected: Expected, keys: set[tuple[str, int | None]]
) -> None:
    assert expected.keys(HEADINGS) == keys


def test_a_passage_in_either_language_of_the_pair_is_relevant() -> None:
    keys = Expected("a.en", "reach").keys(HEADINGS)
    assert is_relevant(keys, chunk("a.de", "Organische Reichweite", section=1))
    assert is_relevant(keys, chunk("a.en", "Organic reach", section=1))
    assert not is_relevant(keys, chunk("a.en", "Risks", section=2))
    assert not is_relevant(keys, chunk("b.en", "Reach and impressions", section=1))
    whole = {("b", None)}
    assert is_relevant(whole, chunk("b.en", "Reach by age", section=2))
    assert not is_relevant(whole, chunk("a.en", "Organic reach", section=1))


def test_section_headings_come_from_the_passages() -> None:
    chunks = [
        chunk("a.en", "", 0, 0),
        chunk("a.en", "Risks", 2, 1),
        chunk("a.en", "Risks > Bans", 2, 2),
        chunk("a.de", "Risiken", 2, 0),
    ]
    headings = section_headings(chunks)
    assert headings == {"a.en": {0: "", 2: "Risks\nRisks > Bans"}, "a.de": {2: "Risiken"}}
    assert Expected("a", "bans").keys(headings) == {("a", 2)}


Q = Question("q", "question?", "en", (Expected("a.en", "Reach"), Expected("b", None)))


def test_expected_keys_join_every_expected_passage() -> None:
    assert expected_keys(Q, HEADINGS) == {("a", 1), ("b", None)}


def test_relevant_at_rank_three_scores_by_hand() -> None:
    keys = expected_keys(Q, HEADINGS)
    ranked = [chunk("c.en", "x"), chunk("a.en", "Risks", 2), chunk("a.de", "Reichweite", 1)]
    s = score_question(keys, ranked, relevant_total=2)
    assert s.recall_at_1 == [0.0]
    assert s.recall_at_5 == [1.0]
    assert s.mrr == [pytest.approx(1 / 3)]
    # DCG = 1/log2(4) = 0.5; ideal with 2 relevant chunks = 1 + 1/log2(3)
    assert s.ndcg_at_10 == [pytest.approx(0.5 / (1 + 1 / math.log2(3)))]


def test_only_the_top_ten_count() -> None:
    keys = expected_keys(Q, HEADINGS)
    ranked = [chunk("c.en", "x")] * 10 + [chunk("b.en", "Reach by age", 2)]
    s = score_question(keys, ranked, relevant_total=1)
    assert (s.recall_at_5, s.mrr, s.ndcg_at_10) == ([0.0], [0.0], [0.0])
    top = score_question(keys, [chunk("b.en", "Reach by age", 2)], relevant_total=1)
    assert (top.recall_at_1, top.mrr, top.ndcg_at_10) == ([1.0], [1.0], [1.0])


def test_nothing_relevant_scores_zero() -> None:
    s = score_question(expected_keys(Q, HEADINGS), [chunk("c.en", "x")] * 10, relevant_total=3)
    assert (s.recall_at_1, s.recall_at_5, s.mrr, s.ndcg_at_10) == ([0.0], [0.0], [0.0], [0.0])


def test_cross_lingual_means_every_answer_is_in_the_other_language() -> None:
    assert not Question("q", "?", "en", (Expected("a.de"), Expected("b.en"))).cross_lingual()
    assert Question("q", "?", "en", (Expected("a.de"),)).cross_lingual()
    assert not Question("q", "?", "en", (Expected("a"),)).cross_lingual()  # a pair: both
    assert not Question("q", "?", "en", ()).cross_lingual()


def sample(
    qid: str, in_scope: bool, passage: float, sentence: float, bm25: float
) -> CoverageSample:
    return CoverageSample(qid, in_scope, passage, sentence, bm25)


def test_calibration_keeps_every_in_scope_question_covered_and_flags_the_most() -> None:
    samples = [
        sample("a", True, 0.50, 0.50, 9.0),
        sample("b", True, 0.20, 0.45, 3.0),  # only its sentence signal is high
        sample("c", True, 0.18, 0.20, 8.0),  # only BM25 sees it
        sample("x", False, 0.30, 0.30, 2.0),
        sample("y", False, 0.15, 0.25, 4.0),
        sample("z", False, 0.45, 0.46, 9.5),  # looks in scope on every signal
    ]
    t = calibrate_coverage(samples, margin=0.0)
    verdicts = {
        s.qid: decide(s.passage_dense, s.sentence_dense, s.bm25, t).covered for s in samples
    }
    assert verdicts == {"a": True, "b": True, "c": True, "x": False, "y": False, "z": True}


def test_question_files_of_every_format_load(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(
        "- id: r1\n  question: Wie?\n  lang: de\n  expected: [{doc: a.de, section: X}]\n"
        "- id: r2\n  question: Recipe?\n  lang: en\n  expected: []\n",
        encoding="utf-8",
    )
    new = tmp_path / "new.yaml"
    new.write_text(
        "questions:\n"
        "  - id: t1\n    question: und auf LinkedIn?\n    lang: de\n"
        "    history: ['lohnt sich Threads?']\n    expected: [{doc: b.en}]\n"
        "    facts: [[22, 22 Mio]]\n    kind: [follow-up]\n"
        "  - id: a1\n    question: What?\n    lang: en\n    facts: [[x]]\n",
        encoding="utf-8",
    )
    pairs = tmp_path / "pairs.yaml"
    pairs.write_text(
        "questions:\n"
        "  - id: p1\n    question: and on yt?\n    lang: en\n"
        "    history:\n"
        "      - {role: user, content: 'does tiktok pay?'}\n"
        "      - {role: assistant, content: 'Yes, from 10,000 followers.'}\n"
        "    expected: [{doc: platform-youtube, section: Monetization}]\n"
        "    playbook: shift-effort-to-youtube\n"
        "    facts: []\n"
        "    concepts: [[Shorts], [six to eight weeks, sechs bis acht Wochen]]\n"
        "    kind: [follow-up, advice]\n",
        encoding="utf-8",
    )
    r1, r2, t1, a1, p1 = load_questions([old, new, pairs])
    assert (r1.in_scope, r2.in_scope, t1.in_scope, a1.in_scope, p1.in_scope) == (
        True, False, True, True, True,
    )  # fmt: skip
    assert t1.history == (("user", "lohnt sich Threads?"),)
    assert t1.facts == (("22", "22 Mio"),) and t1.kinds == ("follow-up",)
    assert t1.cross_lingual() and not r1.cross_lingual()
    assert (t1.concepts, t1.playbook) == ((), None)
    assert p1.history == (
        ("user", "does tiktok pay?"),
        ("assistant", "Yes, from 10,000 followers."),
    )
    assert p1.expected == (Expected("platform-youtube", "Monetization"),)
    assert p1.playbook == "shift-effort-to-youtube"
    assert p1.facts == ()
    assert p1.concepts == (("Shorts",), ("six to eight weeks", "sechs bis acht Wochen"))
    assert p1.kinds == ("follow-up", "advice")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- id: x\n  question: q\n  lang: fr\n", "lang must be one of"),
        ("- id: x\n  lang: de\n", "'question'"),
        ("- [not, a, mapping]\n", "Cannot read the question file"),
    ],
)
def test_a_broken_question_file_names_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChannelwiseError, match=message) as err:
        load_questions([path])
    assert str(path) in err.value.message_en


def test_no_questions_at_all_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("questions: []\n", encoding="utf-8")
    with pytest.raises(ChannelwiseError, match="No evaluation questions found"):
        load_questions([tmp_path / "empty.yaml"])


def test_splits_include_the_blind_test_splits(tmp_path: Path) -> None:
    assert SPLITS == ("tune", "test", "test-blind", "test-blind-2", "test-blind-3", "test-blind-4")
    (tmp_path / "test-blind").mkdir()
    (tmp_path / "test-blind" / "b.yaml").write_text("[]", encoding="utf-8")
    (tmp_path / "test-blind" / "a.yaml").write_text("[]", encoding="utf-8")
    (tmp_path / "test-blind" / "notes.txt").write_text("", encoding="utf-8")
    assert split_files("test-blind", tmp_path) == [
        tmp_path / "test-blind" / "a.yaml",
        tmp_path / "test-blind" / "b.yaml",
    ]
    assert split_files("test", tmp_path) == []
    with pytest.raises(ChannelwiseError, match="Unknown split 'blind'"):
        split_files("blind", tmp_path)


def test_every_split_of_the_repository_loads() -> None:
    for split in SPLITS:
        questions = load_questions(split_files(split, EVAL))
        assert all(q.qid and q.text and q.lang in ("de", "en") for q in questions), split
        assert all(len(turn) == 2 for q in questions for turn in q.history), split
    blind = load_questions(split_files("test-blind", EVAL))
    assert all(q.qid.startswith("blind-") for q in blind)
    assert any(role == "assistant" for q in blind for role, _ in q.history)
    tune = load_questions(split_files("tune", EVAL))
    assert any(q.playbook for q in tune) and any(q.concepts for q in tune)


def test_retrieval_is_scored_against_both_files_of_the_pair(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", write_pair_kb(tmp_path / "knowledge"))
    ingest(settings)
    retriever = Retriever(LocalLocation(settings.index_dir), get_embedder("use"))
    text = "wie viele nutzer hat x in der eu?"  # a curated question of the German section
    questions = [
        Question("pair", text, "de", (Expected("platform-x", "Audience"),), kinds=("figure",)),
        Question("file", text, "de", (Expected("platform-x.de", "Audience"),)),
        Question("out", "pasta carbonara recipe", "en", (), in_scope=False),
    ]
    report = evaluate_retrieval(retriever, questions, modes=("questions",), coverage=False)
    scores = report.by_mode["questions"]
    # the German file has no "Audience" heading: named by file, nothing is relevant
    assert scores["all"]["n"] == 2.0 and scores["all"]["recall@1"] == 0.5
    assert scores["kind:figure"] == {
        "recall@1": 1.0, "recall@5": 1.0, "mrr": 1.0, "ndcg@10": 1.0, "n": 1.0,
    }  # fmt: skip
    assert scores["same-language"]["n"] == 2.0 and "cross-lingual" not in scores
    assert report.failures == {"questions": ["file"]}
    assert report.coverage == {}
