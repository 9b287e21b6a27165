"""Question blocks below each section: parsed into questions with their section index and
answer pieces, removed from the text readers and the chunker see."""

from __future__ import annotations

import re

import pytest

from channelwise.knowledge.questions import (
    CuratedQuestion,
    QuestionBlockError,
    answer_sentences,
    section_headings,
    section_of,
    section_sentences,
    section_texts,
    split_questions,
)

BODY = """# Newsletter

Newsletters reach readers directly. No algorithm sits in between.

<!-- questions
- q: "is a nl worth it?"
  a: "Newsletters reach readers"
-->

## Double opt-in

Double opt-in is required in Germany. The subscriber confirms by e-mail.

<!-- questions
- q: "do i  need   double opt-in?"
  a: "Double opt-in is required"
- q: "how does confirming work"
  a: ["The subscriber confirms", "Double opt-in is"]
-->

## Tools ##

Several tools exist.
"""


def test_blocks_are_removed_and_questions_keep_their_section() -> None:
    clean, questions = split_questions(BODY)
    assert "<!--" not in clean and "q:" not in clean
    assert clean == (
        "# Newsletter\n\nNewsletters reach readers directly. No algorithm sits in between.\n\n"
        "## Double opt-in\n\nDouble opt-in is required in Germany. The subscriber confirms by "
        "e-mail.\n\n## Tools ##\n\nSeveral tools exist."
    )
    assert questions == (
        CuratedQuestion("is a nl worth it?", 0, ("Newsletters reach readers",)),
        CuratedQuestion("do i need double opt-in?", 1, ("Double opt-in is required",)),
        CuratedQuestion(
            "how does confirming work", 1, ("The subscriber confirms", "Double opt-in is")
        ),
    )


def test_section_indices_headings_and_texts() -> None:
    clean, _ = split_questions(BODY)
    assert section_headings(clean) == ("", "Double opt-in", "Tools")
    assert section_texts(clean) == [
        "Newsletters reach readers directly. No algorithm sits in between.",
        "Double opt-in is required in Germany. The subscriber confirms by e-mail.",
        "Several tools exist.",
    ]
    assert section_of(clean, 0) == 0
    assert section_of(clean, clean.index("Double opt-in is")) == 1
    assert section_of(clean, clean.index("Several")) == 2
    assert section_sentences(clean) == [
        ["Newsletters reach readers directly.", "No algorithm sits in between."],
        ["Double opt-in is required in Germany.", "The subscriber confirms by e-mail."],
        ["Several tools exist."],
    ]


def test_a_body_without_sections_or_blocks() -> None:
    assert split_questions("# T\n\nOnly text.\n") == ("# T\n\nOnly text.", ())
    assert section_headings("# T\n\nOnly text.") == ("",)
    assert section_texts("# T\n\nOnly text.") == ["Only text."]
    assert section_headings("### Deep\n\nx") == ("",)  # only ## starts a section


def test_an_empty_block_holds_no_questions() -> None:
    clean, questions = split_questions("## A\n\nText.\n\n<!-- questions\n-->\n")
    assert (clean, questions) == ("## A\n\nText.", ())


def test_other_comments_stay_in_the_text() -> None:
    clean, questions = split_questions("## A\n\nText.\n\n<!-- editor note -->\n")
    assert clean == "## A\n\nText.\n\n<!-- editor note -->"
    assert questions == ()


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ('- q: "a?"\n  a: [unclosed\n', "section 1 is not valid YAML"),
        ("q: just a mapping\n", "section 1 must be a list"),
        ('- a: "Text"\n', "each question of section 1 needs 'q'"),
        ('- q: "   "\n  a: "Text"\n', "each question of section 1 needs 'q'"),
        ('- q: "a?"\n', "question 'a?' (section 1) needs 'a'"),
        ('- q: "a?"\n  a: []\n', "question 'a?' (section 1) needs 'a'"),
        ('- q: "a?"\n  a: ["Text", ""]\n', "question 'a?' (section 1) needs 'a'"),
        ('- q: "a?"\n  a: 42\n', "question 'a?' (section 1) needs 'a'"),
    ],
)
def test_broken_blocks_say_what_is_wrong(block: str, message: str) -> None:
    with pytest.raises(QuestionBlockError, match=re.escape(message)):
        split_questions(f"# T\n\n## A\n\nText.\n\n<!-- questions\n{block}-->\n")


def test_answer_pieces_match_sentences_ignoring_case_and_spacing() -> None:
    sentences = ["Double opt-in is required.", "The subscriber\nconfirms by e-mail.", "Double."]
    assert answer_sentences("the subscriber   confirms", sentences) == [1]
    assert answer_sentences("DOUBLE OPT-IN", sentences) == [0]
    assert answer_sentences("Double", sentences) == [0, 2]
    assert answer_sentences("required. The", sentences) == []  # never across a sentence end
