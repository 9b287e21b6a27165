"""The curated questions of every section and the playbook's questions, embedded with the
real embedder: answer pieces resolved to stored sentences, vectors reused by text."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

from channelwise.i18n import Language
from channelwise.knowledge.aliases import expand
from channelwise.knowledge.chunking import chunk_document
from channelwise.knowledge.embeddings import get_embedder
from channelwise.knowledge.loader import load_documents, parse_document
from channelwise.knowledge.playbook import load_playbook
from channelwise.knowledge.question_index import QuestionRecord, QuestionTable
from channelwise.knowledge.questions import CuratedQuestion
from channelwise.knowledge.records import Chunk, KnowledgeDocument
from channelwise.knowledge.sentence_index import SentenceTable, unit_rows

from .pair_kb import RecordingEmbedder, write_pair_kb


class Built(NamedTuple):
    docs: list[KnowledgeDocument]
    chunks: list[Chunk]
    sentences: SentenceTable
    recorder: RecordingEmbedder
    table: QuestionTable


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pair_kb(tmp_path_factory.mktemp("pairs") / "knowledge")


@pytest.fixture(scope="module")
def built(kb: Path) -> Built:
    docs = load_documents(kb)
    chunks = [c for d in docs for c in chunk_document(d, 320, 48)]
    use = get_embedder("use")
    sentences = SentenceTable.build(chunks, use.embed_passages)
    recorder = RecordingEmbedder(use)
    table = QuestionTable.build(docs, chunks, sentences, recorder.embed_queries)
    return Built(docs, chunks, sentences, recorder, table)


def records(table: QuestionTable) -> list[QuestionRecord]:
    return [table.record(row) for row in range(len(table))]


def sentence_texts(sentences: SentenceTable) -> dict[str, str]:
    return {
        f"{cid}#{pos}": text
        for cid, pos, text in zip(
            sentences.chunk_ids, sentences.positions, sentences.texts, strict=True
        )
    }


def test_every_question_is_kept_with_its_document_section_and_language(built: Built) -> None:
    assert [(r.doc_id, r.section, r.language, r.text) for r in records(built.table)] == [
        ("owned-newsletter.de", 1, "de", "brauch ich double opt-in für den nl?"),
        ("owned-newsletter.de", 1, "de", "wie läuft die bestätigung?"),
        ("owned-newsletter.en", 1, "en", "do i need double opt-in for the nl?"),
        ("owned-newsletter.en", 1, "en", "how does confirming work?"),
        ("platform-x.de", 0, "de", "was ist x überhaupt?"),
        ("platform-x.de", 1, "de", "wie viele nutzer hat x in der eu?"),
        ("platform-x.de", 1, "de", "wer ist auf x unterwegs?"),
        ("platform-x.de", 2, "de", "ist x noch sicher für marken?"),
        ("platform-x.de", 2, "de", "wie steht es um die moderation auf x?"),
        ("platform-x.en", 0, "en", "what even is x?"),
        ("platform-x.en", 1, "en", "how many users does x have in the eu?"),
        ("platform-x.en", 1, "en", "who hangs out on x?"),
        ("platform-x.en", 2, "en", "is x still brand safe?"),
        ("platform-x.en", 2, "en", "what about moderation on x?"),
    ]
    assert [r.row for r in records(built.table)] == list(range(14))


def test_answer_pieces_resolve_to_the_stored_sentences_in_document_order(built: Built) -> None:
    text_of = sentence_texts(built.sentences)
    answers = {r.text: [text_of[i] for i in r.sentence_ids] for r in records(built.table)}
    assert answers["was ist x überhaupt?"] == [
        "X ist ein Kurznachrichtendienst für Debatten in Echtzeit."
    ]
    # the pieces name the second sentence first; the ids follow the document
    assert answers["wer ist auf x unterwegs?"] == [
        "X meldete am 10. Dezember 2025 rund 94,8 Millionen Nutzer in der EU.",
        "Viele Journalisten und Politiker lesen dort mit.",
    ]
    assert answers["wie steht es um die moderation auf x?"] == [
        "Werbekunden haben X seit 2023 in großer Zahl verlassen.",
        "Die Moderation wurde stark reduziert.",
    ]
    assert answers["how does confirming work?"] == ["Subscribers confirm by e-mail."]
    section_of = {c.chunk_id: (c.doc_id, c.section) for c in built.chunks}
    for r in records(built.table):
        assert r.sentence_ids, r.text
        assert {section_of[i.partition("#")[0]] for i in r.sentence_ids} == {(r.doc_id, r.section)}


def test_a_piece_without_its_sentence_gives_no_id(built: Built) -> None:
    doc = next(d for d in built.docs if d.doc_id == "platform-x.en")
    odd = dataclasses.replace(
        doc,
        questions=(
            CuratedQuestion("not in the text?", 1, ("nowhere in this section",)),
            CuratedQuestion("in another section?", 1, ("Advertisers have left X",)),
            CuratedQuestion("no such section?", 7, ("X is a short-message",)),
            CuratedQuestion("twice the same?", 2, ("Advertisers have", "have left X")),
        ),
    )
    use = get_embedder("use")
    table = QuestionTable.build([odd], built.chunks, built.sentences, use.embed_queries)
    ids = [r.sentence_ids for r in records(table)]
    assert ids[:3] == [(), (), ()]
    assert len(ids[3]) == 1 and sentence_texts(built.sentences)[ids[3][0]].startswith("Advert")
    without = QuestionTable.build([odd], built.chunks, None, use.embed_queries)
    assert [r.sentence_ids for r in records(without)] == [(), (), (), ()]


def test_a_section_split_into_passages_points_to_the_passage_that_answers() -> None:
    sentences = " ".join(f"Satz {i} nennt eine Zahl zur Reichweite im Test." for i in range(40))
    raw = (
        "---\ntitle: Lang\nlanguage: de\nas_of: 2026-11-28\ntopics: [test]\n"
        "sources: [{title: s, url: 'https://example.org'}]\n---\n# Lang\n\n## Teil\n\n"
        f'{sentences}\n\n<!-- questions\n- q: "was sagt satz 37?"\n  a: "Satz 37 nennt"\n'
        '- q: "und satz 2?"\n  a: ["Satz 2 nennt", "Satz 38 nennt"]\n-->\n'
    )
    doc = parse_document(Path("lang.de.md"), raw.encode())
    chunks = chunk_document(doc, 64, 0)
    assert len(chunks) >= 3 and {c.section for c in chunks} == {1}
    use = get_embedder("use")
    stored = SentenceTable.build(chunks, use.embed_passages)
    table = QuestionTable.build([doc], chunks, stored, use.embed_queries)
    text_of = sentence_texts(stored)
    (late,) = table.record(0).sentence_ids
    assert text_of[late] == "Satz 37 nennt eine Zahl zur Reichweite im Test."
    holder = next(c for c in chunks if "Satz 37 nennt" in c.text)
    assert late.startswith(f"{holder.chunk_id}#") and holder.ordinal > 0
    assert [text_of[i][:7] for i in table.record(1).sentence_ids] == ["Satz 2 ", "Satz 38"]


def test_questions_are_embedded_once_as_a_user_question_is(built: Built) -> None:
    texts = built.table.texts
    assert built.recorder.queries == [expand(t) for t in sorted(set(texts))]
    assert built.recorder.passages == []
    assert built.table.vectors.shape == (14, 512) and built.table.vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(built.table.vectors, axis=1), 1.0, atol=1e-5)
    row = texts.index("how many users does x have in the eu?")
    direct = unit_rows(get_embedder("use").embed_queries([texts[row]]))[0]
    np.testing.assert_allclose(built.table.vectors[row], direct, atol=1e-6)


def test_known_texts_keep_their_vectors(built: Built) -> None:
    sentinel = np.zeros(512, dtype=np.float32)
    sentinel[0] = 1.0
    recorder = RecordingEmbedder(get_embedder("use"))
    table = QuestionTable.build(
        built.docs, built.chunks, built.sentences, recorder.embed_queries,
        {"was ist x überhaupt?": sentinel},
    )  # fmt: skip
    row = table.texts.index("was ist x überhaupt?")
    np.testing.assert_array_equal(table.vectors[row], sentinel)
    assert expand("was ist x überhaupt?") not in recorder.queries
    assert len(recorder.queries) == 13
    again = RecordingEmbedder(get_embedder("use"))
    rebuilt = QuestionTable.build(
        built.docs, built.chunks, built.sentences, again.embed_queries,
        built.table.vectors_by_text(),
    )  # fmt: skip
    assert again.queries == []
    np.testing.assert_array_equal(rebuilt.vectors, built.table.vectors)
    assert rebuilt.rows() == built.table.rows()


def test_the_same_text_in_two_sections_is_embedded_once(built: Built) -> None:
    same = CuratedQuestion("lohnt sich insta noch?", 1, ("X reported",))
    docs = [
        dataclasses.replace(d, questions=(dataclasses.replace(same, section=s),))
        for d, s in ((built.docs[0], 1), (built.docs[3], 2))
    ]
    recorder = RecordingEmbedder(get_embedder("use"))
    table = QuestionTable.build(docs, built.chunks, built.sentences, recorder.embed_queries)
    assert recorder.queries == ["lohnt sich insta noch? (Instagram)"]
    assert [(r.doc_id, r.section) for r in records(table)] == [
        ("owned-newsletter.de", 1),
        ("platform-x.en", 2),
    ]
    np.testing.assert_array_equal(table.vectors[0], table.vectors[1])


def test_the_playbook_table_holds_titles_and_questions(kb: Path) -> None:
    entries = load_playbook(kb)
    recorder = RecordingEmbedder(get_embedder("use"))
    table = QuestionTable.for_playbook(entries, recorder.embed_queries)
    expected = [
        (e.entry_id, 0, lang, text)
        for e in entries
        for lang in ("de", "en")
        for text in (e.title[lang], *e.questions[lang])
    ]
    assert [(r.doc_id, r.section, r.language, r.text) for r in records(table)] == expected
    assert expected[0] == ("leave-x", 0, "de", "X verlassen?")
    assert ("start-newsletter", 0, "en", "Start a newsletter?") in expected
    assert all(r.sentence_ids == () for r in records(table))
    assert "nl oder insta? (Instagram)" in recorder.queries
    assert len(recorder.queries) == len({t for *_, t in expected})
    assert table.rows_of("leave-x", 0) == list(range(10))
    again = RecordingEmbedder(get_embedder("use"))
    reused = QuestionTable.for_playbook(entries, again.embed_queries, table.vectors_by_text())
    assert again.queries == []
    np.testing.assert_array_equal(reused.vectors, table.vectors)
    empty = QuestionTable.for_playbook([], again.embed_queries)
    assert len(empty) == 0 and empty.nearest(table.vectors[0], 3) == []


def test_rows_of_a_section(built: Built) -> None:
    assert built.table.rows_of("platform-x.de", 1) == [5, 6]
    assert built.table.rows_of("platform-x.en", 0) == [9]
    assert built.table.rows_of("platform-x.de", 3) == []
    assert built.table.rows_of("platform-x", 1) == []  # rows are per file, not per pair


def test_terms_are_computed_once_from_the_expanded_text(built: Built) -> None:
    seen: list[tuple[str, Language]] = []

    def analyse(text: str, language: Language) -> list[str]:
        seen.append((text, language))
        return text.casefold().rstrip("?").split()

    table = QuestionTable.from_rows(built.table.rows(), built.table.vectors)
    terms = table.terms(analyse)
    assert len(seen) == len(table) == len(terms)
    assert table.terms(analyse) is terms and len(seen) == len(table)
    assert terms[9] == frozenset({"what", "even", "is", "x"})
    assert seen[0] == ("brauch ich double opt-in für den nl?", "de")
    insta = QuestionTable(["a.de"], [1], ["de"], ["lohnt sich insta?"], [()], table.vectors[:1])
    assert insta.terms(analyse) == [frozenset({"lohnt", "sich", "insta?", "(instagram)"})]


def test_nearest_ranks_by_similarity(built: Built) -> None:
    table = built.table
    vector = table.vectors[11]
    top = table.nearest(vector, 3)
    assert len(top) == 3
    assert top[0][0] == table.record(11) and top[0][1] == pytest.approx(1.0, abs=1e-5)
    assert [s for _, s in top] == sorted((s for _, s in top), reverse=True)
    everything = table.nearest(vector, 100)
    assert sorted(r.row for r, _ in everything) == list(range(14))
    similarities = table.similarities(vector)
    assert [s for _, s in everything] == pytest.approx(sorted(similarities, reverse=True))
    assert table.nearest(vector, 0) == []


def embed(text: str) -> np.ndarray:
    return unit_rows(get_embedder("use").embed_queries([text]))[0]


def test_nearest_finds_the_section_of_a_paraphrase_in_either_language(built: Built) -> None:
    (record, _), *_ = built.table.nearest(embed("wie viele menschen nutzen x in europa?"), 1)
    assert (record.doc_id.partition(".")[0], record.section) == ("platform-x", 1)
    (record, _), *_ = built.table.nearest(embed("do i need double opt-in?"), 1)
    assert (record.doc_id.partition(".")[0], record.section) == ("owned-newsletter", 1)


def test_rows_survive_json_exactly(built: Built) -> None:
    rows = json.loads(json.dumps(built.table.rows(), ensure_ascii=False))
    table = QuestionTable.from_rows(rows, built.table.vectors)
    assert records(table) == records(built.table)
    assert table.rows() == built.table.rows()
    assert QuestionTable.build([], [], None, get_embedder("use").embed_queries).rows() == []
