"""The declined questions: parsing, the editorial check, and the real file."""

from __future__ import annotations

from pathlib import Path

import pytest

from channelwise.errors import KnowledgeError
from channelwise.knowledge.declined import (
    DECLINED_FILE,
    RULE_DECLINED,
    DeclinedTopic,
    declined_digest,
    declined_problems,
    load_declined,
    parse_declined,
)
from tests.knowledge.pair_kb import DECLINED

REPO_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
EN_QUESTIONS = '["how much is brevo?", "cleverreach pricing?", "cheapest mail tool?"]'


def parse(text: str) -> list[DeclinedTopic]:
    return parse_declined(Path(DECLINED_FILE), text.encode())


def test_a_topic_has_an_id_what_it_is_about_and_questions_in_both_languages() -> None:
    (topic,) = parse(DECLINED)
    assert topic.topic_id == "mail-tool-prices"
    assert topic.about["en"] == "Prices of newsletter tools"
    assert topic.questions["de"] == (
        "was kostet brevo?",
        "preis von cleverreach?",
        "welches mail tool ist billig?",
    )
    assert len(topic.questions["en"]) == 3


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("topics: [", "is not valid UTF-8 YAML"),
        ("questions: []", "must be a mapping with a list 'topics'"),
        (DECLINED.replace("mail-tool-prices", "Mail Tools"), "kebab-case 'id'"),
        (DECLINED.replace('      en: "Prices of newsletter tools"\n', ""), "'mail-tool-prices"),
        (DECLINED.replace(EN_QUESTIONS, "[]"), "questions.en' must be a list"),
        (DECLINED.replace('"how much is brevo?"', '"  "'), "holds an empty question"),
        (DECLINED + DECLINED.removeprefix("topics:\n"), "is used twice"),
    ],
)
def test_a_broken_file_says_what_to_fix(text: str, problem: str) -> None:
    with pytest.raises(KnowledgeError) as caught:
        parse(text)
    assert problem in caught.value.message_en
    assert "channelwise knowledge check" in caught.value.message_de


def test_the_digest_changes_with_any_question(tmp_path: Path) -> None:
    before = declined_digest(parse(DECLINED))
    assert declined_digest(parse(DECLINED)) == before
    assert declined_digest(parse(DECLINED.replace("billig", "günstig"))) != before
    assert load_declined(tmp_path) == []  # no file: nothing is declined


def test_the_check_finds_thin_topics_and_questions_that_are_also_answered(
    tmp_path: Path,
) -> None:
    (tmp_path / DECLINED_FILE).write_text(
        DECLINED.replace(', "cheapest mail tool?"', ""), encoding="utf-8"
    )
    problems = list(declined_problems(tmp_path, ["Was kostet  Brevo?"]))
    assert [p.rule for p in problems] == [RULE_DECLINED, RULE_DECLINED]
    assert "'mail-tool-prices.questions.en' lists 2; it needs at least 3" in problems[1].message_en
    assert "'was kostet brevo?' (mail-tool-prices) is also a curated question" in (
        problems[0].message_en
    )
    (tmp_path / DECLINED_FILE).write_text("topics: [", encoding="utf-8")
    (broken,) = declined_problems(tmp_path, [])
    assert "is not valid UTF-8 YAML" in broken.message_en


def test_the_real_file_declines_at_least_forty_topics_in_both_languages() -> None:
    topics = load_declined(REPO_KNOWLEDGE)
    assert len(topics) >= 40
    assert all(len(t.questions[lang]) >= 4 for t in topics for lang in ("de", "en"))
