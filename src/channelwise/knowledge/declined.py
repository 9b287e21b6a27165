"""Questions next to the knowledge base that it does not answer, by topic.

"wie richte ich im ads manager ne lookalike audience ein?" lands close to the documents about
Meta ads, "best mic for tiktok voiceovers?" close to the TikTok profile: their embeddings
match covered questions well enough to pass as covered. ``knowledge/declined.yaml`` lists
such topics (tool how-tos, equipment, ad benchmarks, giveaway law …), each with the
questions managers ask about it in both languages. A user's question nearer to one of these
than to any curated or playbook question is answered "not covered"
(``Policy.declined_margin``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from channelwise.errors import KnowledgeError
from channelwise.i18n import LANGUAGES, Language
from channelwise.knowledge.playbook import by_language, file_error
from channelwise.knowledge.problems import Problem

DECLINED_FILE = "declined.yaml"
SECTION = "Declined questions"
"""Where knowledge/README.md shows the file's format."""
RULE_DECLINED = "declined"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}$")


@dataclass(frozen=True)
class DeclinedTopic:
    topic_id: str
    about: Mapping[Language, str]
    """What the knowledge base does not cover, in a few words."""
    questions: Mapping[Language, tuple[str, ...]]


def _fail(path: Path, problem: str) -> KnowledgeError:
    return file_error(path, problem, SECTION)


def parse_declined(path: Path, raw: bytes) -> list[DeclinedTopic]:
    try:
        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as err:
        first = str(err).splitlines()[0]
        raise _fail(path, f"is not valid UTF-8 YAML ({first})") from None
    topics = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(topics, list):
        raise _fail(path, "must be a mapping with a list 'topics'")
    found: list[DeclinedTopic] = []
    for item in topics:
        topic_id = str(item.get("id") or "") if isinstance(item, dict) else ""
        if not _ID.match(topic_id):
            raise _fail(path, f"every topic needs a kebab-case 'id', got {item!r:.80}")
        if topic_id in {t.topic_id for t in found}:
            raise _fail(path, f"the topic id {topic_id!r} is used twice")
        about = by_language(path, item.get("about"), f"{topic_id}.about", SECTION)
        questions = by_language(path, item.get("questions"), f"{topic_id}.questions", SECTION)
        for lang, rows in questions.items():
            if not isinstance(rows, list) or not rows:
                raise _fail(path, f"'{topic_id}.questions.{lang}' must be a list of questions")
            if not all(isinstance(q, str) and q.strip() for q in rows):
                raise _fail(path, f"'{topic_id}.questions.{lang}' holds an empty question")
        found.append(
            DeclinedTopic(
                topic_id,
                {lang: " ".join(str(text).split()) for lang, text in about.items()},
                {
                    lang: tuple(" ".join(q.split()) for q in rows)
                    for lang, rows in questions.items()
                },
            )
        )
    return found


def load_declined(knowledge_dir: Path) -> list[DeclinedTopic]:
    """The topics of ``knowledge/declined.yaml`` (none when the file does not exist)."""
    path = knowledge_dir / DECLINED_FILE
    return parse_declined(path, path.read_bytes()) if path.is_file() else []


def declined_digest(topics: Sequence[DeclinedTopic]) -> str:
    """Changes whenever a topic changes (the index then refreshes its questions)."""
    data = [topic_to_json(t) for t in topics]
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def topic_to_json(topic: DeclinedTopic) -> dict[str, object]:
    return {
        "id": topic.topic_id,
        "about": dict(topic.about),
        "questions": {lang: list(rows) for lang, rows in topic.questions.items()},
    }


def topic_from_json(data: Mapping[str, Any]) -> DeclinedTopic:
    """A topic as the search file stores it (:func:`topic_to_json`)."""
    about, questions = data["about"], data["questions"]
    return DeclinedTopic(
        str(data["id"]),
        {lang: str(about[lang]) for lang in LANGUAGES},
        {lang: tuple(str(q) for q in questions[lang]) for lang in LANGUAGES},
    )


MIN_QUESTIONS = 3
"""Questions per topic and language (a topic is recognised by what its questions share)."""


def declined_problems(knowledge_dir: Path, answered: Iterable[str]) -> Iterator[Problem]:
    """The declined file's problems: it does not parse, a topic has too few questions, or a
    question is also one the knowledge base answers (``answered``: every curated section
    and playbook question)."""
    path = knowledge_dir / DECLINED_FILE
    try:
        topics = load_declined(knowledge_dir)
    except KnowledgeError as err:
        yield Problem(DECLINED_FILE, RULE_DECLINED, err.message_en, err.message_de)
        return
    known = {" ".join(q.casefold().split()) for q in answered}
    for topic in topics:
        for lang in LANGUAGES:
            rows = topic.questions[lang]
            if len(rows) < MIN_QUESTIONS:
                yield Problem(
                    DECLINED_FILE,
                    RULE_DECLINED,
                    f"{path}: '{topic.topic_id}.questions.{lang}' lists {len(rows)}; it needs "
                    f"at least {MIN_QUESTIONS}.",
                    f"{path}: '{topic.topic_id}.questions.{lang}' nennt {len(rows)}; nötig "
                    f"sind mindestens {MIN_QUESTIONS}.",
                )
            for question in rows:
                if question.casefold() in known:
                    yield Problem(
                        DECLINED_FILE,
                        RULE_DECLINED,
                        f"{path}: {question!r} ({topic.topic_id}) is also a curated question "
                        "the knowledge base answers: remove it from one of the two.",
                        f"{path}: {question!r} ({topic.topic_id}) ist auch eine kuratierte "
                        "Frage, die die Wissensbasis beantwortet: Entfernen Sie sie an einer "
                        "der beiden Stellen.",
                    )
