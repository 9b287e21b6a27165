"""Hybrid retrieval on the fixture knowledge base, against the embedded store and a real
Chroma server (`chroma run` on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from channelwise.errors import IndexUnavailableError
from channelwise.knowledge.retrieval import Retriever
from channelwise.knowledge.retrieval_eval import evaluate_retrieval, load_questions, split_files
from channelwise.services import Services, build_services, ingest
from tests.conftest import FIXTURE_QUESTIONS, make_settings


@pytest.fixture(
    scope="module", params=["embedded", pytest.param("chroma-server", marks=pytest.mark.server)]
)
def retriever(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Retriever:
    extra = {}
    if request.param == "chroma-server":
        host, port = request.getfixturevalue("chroma_server")
        extra = {"chroma_host": host, "chroma_port": port}
    settings = make_settings(tmp_path_factory.mktemp(request.param) / "data", **extra)
    report = ingest(settings)
    assert report.documents == 4
    return build_services(settings).retriever


def test_hits_carry_title_section_url_language_and_score(retriever: Retriever) -> None:
    result = retriever.search("What does double opt-in mean?", k=3)
    top = result.hits[0]
    assert result.covered
    assert top.chunk.doc_id == "newsletter-basics.en"
    assert top.chunk.title == "Newsletter basics for social-media teams"
    assert top.chunk.heading == "Double opt-in"
    assert top.chunk.source_url == "https://example.org/newsletter"
    assert top.chunk.language == "en"
    assert top.score > 0 and top.dense_rank is not None and top.bm25_rank is not None
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)


@pytest.mark.parametrize(
    ("question", "doc", "section"),
    [
        (
            "Wie entscheidet TikTok, wem ein neues Video gezeigt wird?",
            "tiktok-basics.en",
            "For You",
        ),
        (
            "Why don't my Instagram followers see all my posts?",
            "reichweite-instagram.de",
            "Organische",
        ),
        (
            "Do business profiles in Germany need an imprint?",
            "impressum-recht.de",
            "Impressumspflicht",
        ),
        ("Reichweitenverlust kleiner Marken", "reichweite-instagram.de", "Organische"),
    ],
)
def test_cross_lingual_and_compound_questions_find_the_passage(
    retriever: Retriever, question: str, doc: str, section: str
) -> None:
    top = retriever.search(question, k=3).hits[0].chunk
    assert (top.doc_id, section in top.heading) == (doc, True)


def test_language_and_topic_filters(retriever: Retriever) -> None:
    german = retriever.search("newsletter consent", k=5, language="de")
    assert german.hits and {h.chunk.language for h in german.hits} == {"de"}
    assert german.hits[0].chunk.heading == "Einwilligung für Newsletter"
    tiktok = retriever.search("how often should we post", k=5, topics=["tiktok"])
    assert {h.chunk.doc_id for h in tiktok.hits} == {"tiktok-basics.en"}
    legal_or_newsletter = retriever.search("consent", k=10, topics=["legal", "newsletter"])
    assert {h.chunk.doc_id for h in legal_or_newsletter.hits} == {
        "impressum-recht.de",
        "newsletter-basics.en",
    }


@pytest.mark.parametrize(
    "question", ["What is a good recipe for lasagna?", "Wie wechsle ich die Winterreifen?"]
)
def test_out_of_scope_questions_are_not_covered(retriever: Retriever, question: str) -> None:
    result = retriever.search(question)
    assert not result.covered
    assert result.best_similarity < retriever.coverage.passage_dense


def test_modes_differ_and_hybrid_uses_both(retriever: Retriever) -> None:
    q = "Wie gewinne ich mehr Abonnenten für meinen Newsletter?"
    dense = retriever.search(q, k=5, mode="dense").hits
    bm25 = retriever.search(q, k=5, mode="bm25").hits
    assert all(h.bm25_rank is None for h in dense) and all(h.dense_rank is None for h in bm25)
    assert retriever.search(q, k=1).hits[0].chunk.heading == "Growing subscribers"


def test_fixture_questions_all_answered_at_5(retriever: Retriever) -> None:
    report = evaluate_retrieval(retriever, load_questions([FIXTURE_QUESTIONS]))
    assert report.by_mode["hybrid"]["all"]["recall@5"] == 1.0
    assert report.coverage["out_of_scope_flagged"] == 1.0
    assert report.coverage["in_scope_covered"] == 1.0


def test_unreachable_chroma_server_names_the_setting(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", chroma_host="127.0.0.1", chroma_port=9)
    with pytest.raises(IndexUnavailableError, match="CHROMA_HOST"):
        build_services(settings).retriever.search("reach")


def test_real_knowledge_base_meets_the_retrieval_targets(real_services: Services) -> None:
    """The curated knowledge base and the tune split's retrieval questions (eval/tune/, not
    the advice questions a playbook entry answers): hybrid recall@5 >= 0.9 in each language,
    hybrid at least as good as dense-only, BM25-only and question matching alone at 5, and
    retrieval's own "not covered" signal never drops an answerable question. (Whether a
    question is covered is decided later, by the answer policy: tests/chat; the held-out
    splits, and the tune files written like them without sight of the curated questions
    (extra.yaml, fresh.yaml, fresh3.yaml to fresh10.yaml), are reported by `channelwise eval
    retrieval`, not asserted here.)"""
    root = Path(__file__).parents[2]
    reported = (
        "advice.yaml",
        "extra.yaml",
        "fresh.yaml",
        "fresh3.yaml",
        "fresh4.yaml",
        "fresh5.yaml",
        "fresh6.yaml",
        "fresh7.yaml",
        "fresh8.yaml",
        "fresh9.yaml",
        "fresh10.yaml",
    )
    files = [p for p in split_files("tune", root / "eval") if p.name not in reported]
    report = evaluate_retrieval(real_services.retriever, load_questions(files))
    hybrid = report.by_mode["hybrid"]
    assert hybrid["de"]["recall@5"] >= 0.9, report.failures["hybrid"]
    assert hybrid["en"]["recall@5"] >= 0.9, report.failures["hybrid"]
    for metric in ("recall@5", "mrr", "ndcg@10"):
        best_single = max(report.by_mode[m]["all"][metric] for m in ("dense", "bm25", "questions"))
        assert hybrid["all"][metric] >= best_single - 0.02, metric
    assert report.coverage["in_scope_covered"] >= 0.98
