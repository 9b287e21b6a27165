from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from channelwise.errors import KnowledgeError
from channelwise.knowledge.loader import load_documents, parse_document
from channelwise.knowledge.records import SourceRef, pair_id

from ..conftest import FIXTURE_KNOWLEDGE

GOOD = """---
title: "Newsletter basics"
language: en
author: Jane Doe
published: 2024-10-14
as_of: 2026-11-01
topics: [owned-channels, Newsletter]
sources:
  - title: "A source"
    url: https://example.org/a
  - https://example.org/b
---
# Newsletter basics

## Why
Text.
"""


def test_parses_every_front_matter_field() -> None:
    doc = parse_document(Path("k/newsletter.en.md"), GOOD.encode())
    assert doc.doc_id == "newsletter.en"
    assert doc.title == "Newsletter basics"
    assert doc.language == "en"
    assert doc.author == "Jane Doe"
    assert doc.published == date(2024, 10, 14)
    assert doc.as_of == date(2026, 11, 1)
    assert doc.topics == ("owned-channels", "newsletter")
    assert doc.sources == (
        SourceRef("A source", "https://example.org/a"),
        SourceRef("https://example.org/b", "https://example.org/b"),
    )
    assert doc.body.startswith("# Newsletter basics")
    assert len(doc.content_hash) == 64


def test_utf8_bom_and_crlf_are_accepted() -> None:
    raw = ("\ufeff" + GOOD).replace("\n", "\r\n").encode()
    assert parse_document(Path("x.en.md"), raw).title == "Newsletter basics"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"# just markdown\n", "has no front matter"),
        (GOOD.replace("title: ", "title: [").encode(), "not valid YAML"),
        (GOOD.replace("language: en\n", "").encode(), "lacks language"),
        (GOOD.replace("language: en", "language: fr").encode(), "'language' must be one of de, en"),
        (GOOD.replace("https://example.org/a", "ftp://x").encode(), "must start with http"),
        (GOOD.replace("as_of: 2026-11-01", "as_of: soon").encode(), "'as_of' must be a date"),
        (GOOD.replace("topics: [owned-channels, Newsletter]", "topics: []").encode(), "non-empty"),
        (GOOD.split("# Newsletter")[0].encode(), "has no text"),
        (GOOD.replace("Text.", "Gr\u00fc\u00dfe").encode("cp1252"), "is not UTF-8"),
        (b"---\n- a\n- b\n---\nbody\n", "must be a YAML mapping"),
    ],
)
def test_broken_documents_name_the_file_and_the_fix(raw: bytes, message: str) -> None:
    with pytest.raises(KnowledgeError) as err:
        parse_document(Path("knowledge/broken.en.md"), raw)
    text = str(err.value)
    assert "knowledge/broken.en.md" in text
    assert message in text
    assert "channelwise ingest" in text


def test_load_reports_every_broken_file_and_duplicate_ids(tmp_path: Path) -> None:
    (tmp_path / "a.en.md").write_text(GOOD)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.en.md").write_text(GOOD)  # same id as the first
    (tmp_path / "b.en.md").write_text("no front matter")
    with pytest.raises(KnowledgeError) as err:
        load_documents(tmp_path)
    text = str(err.value)
    assert "b.en.md: has no front matter" in text
    assert "document id 'a.en' is also used by" in text


def test_empty_and_missing_folders(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("not a document")
    with pytest.raises(KnowledgeError, match="has no Markdown documents"):
        load_documents(tmp_path)
    with pytest.raises(KnowledgeError, match="CHANNELWISE_KNOWLEDGE_DIR"):
        load_documents(tmp_path / "missing")


def test_fixture_knowledge_base_loads_and_skips_readme() -> None:
    docs = load_documents(FIXTURE_KNOWLEDGE)
    assert sorted(d.doc_id for d in docs) == [
        "impressum-recht.de",
        "newsletter-basics.en",
        "reichweite-instagram.de",
        "tiktok-basics.en",
    ]


def test_real_knowledge_base_is_valid() -> None:
    """Every curated document in knowledge/ passes validation and states sources."""
    docs = load_documents(Path(__file__).parents[2] / "knowledge")
    assert any(d.doc_id == "meta-genai-creators.de" for d in docs)
    article = next(d for d in docs if d.doc_id == "meta-genai-creators.de")
    assert article.author == "Jens Wiese"
    assert article.published == date(2024, 10, 14)
    assert article.language == "de"
    assert all(d.sources and d.as_of for d in docs)


WITH_QUESTIONS = (
    GOOD.replace("## Why\nText.\n", "")
    + """
Lead text before the sections.

<!-- questions
- q: "what is this about?"
  a: "Lead text before"
-->

## Why

Text.

<!-- questions
- q: "why a nl?"
  a: ["Text."]
-->

## How

More text.
"""
)


def test_documents_carry_their_questions_and_sections() -> None:
    doc = parse_document(Path("k/owned-newsletter.en.md"), WITH_QUESTIONS.encode())
    assert doc.sections == ("", "Why", "How")
    assert [(q.text, q.section, q.answers) for q in doc.questions] == [
        ("what is this about?", 0, ("Lead text before",)),
        ("why a nl?", 1, ("Text.",)),
    ]
    assert "<!--" not in doc.body and "why a nl" not in doc.body
    assert doc.body.endswith("## Why\n\nText.\n\n## How\n\nMore text.")
    assert doc.pair_id == "owned-newsletter"


def test_a_document_without_blocks_has_no_questions() -> None:
    doc = parse_document(Path("k/newsletter.en.md"), GOOD.encode())
    assert doc.questions == ()
    assert doc.sections == ("", "Why")


@pytest.mark.parametrize(
    ("doc_id", "pair"),
    [
        ("platform-tiktok.de", "platform-tiktok"),
        ("platform-tiktok.en", "platform-tiktok"),
        ("meta.genai.en", "meta.genai"),
        ("platform-tiktok.fr", "platform-tiktok.fr"),
        ("platform-tiktok", "platform-tiktok"),
        (".en", ".en"),
    ],
)
def test_pair_id_drops_only_a_language_suffix(doc_id: str, pair: str) -> None:
    assert pair_id(doc_id) == pair


def test_a_broken_question_block_names_the_file() -> None:
    raw = WITH_QUESTIONS.replace('a: ["Text."]', "a: [").encode()
    with pytest.raises(KnowledgeError) as err:
        parse_document(Path("knowledge/owned-newsletter.en.md"), raw)
    assert "knowledge/owned-newsletter.en.md: the questions block of section 1 is not valid" in (
        err.value.message_en
    )
    assert "ein Fragenblock ist nicht lesbar" in err.value.message_de


def test_real_documents_have_questions_in_every_section_and_pairs_match() -> None:
    docs = {d.doc_id: d for d in load_documents(Path(__file__).parents[2] / "knowledge")}
    for doc in docs.values():
        other = docs[f"{doc.pair_id}.{'en' if doc.language == 'de' else 'de'}"]
        assert len(doc.sections) == len(other.sections), doc.doc_id
        asked = {q.section for q in doc.questions}
        assert asked >= set(range(1, len(doc.sections))), doc.doc_id
