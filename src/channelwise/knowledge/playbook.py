"""The playbook: short strategy answers to the decisions managers face, in both languages.

Each entry is one YAML file in ``knowledge/playbook/`` (knowledge/README.md shows the format):
the questions it answers in German and English, and one or more answer variants. A variant
may hold only for certain figures of the user's channel stats (``when: "meta_share >= 70"``);
the variant without ``when`` answers everyone else. Every sentence of an answer cites the
knowledge-base section it rests on; ``{meta_share}``-style slots are filled by code from the
user's figures (the slot names are :data:`SLOTS`), never by a model.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from channelwise.errors import KnowledgeError
from channelwise.i18n import LANGUAGES, Language

PLAYBOOK_DIR = "playbook"
SLOTS: dict[str, str] = {
    "meta_share": "percent",
    "top_platform": "name",
    "top_share": "percent",
    "fastest_platform": "name",
    "fastest_growth": "percent",
    "owned_share": "percent",
    "hhi": "number",
    "platforms": "number",
    "concentration": "band",
}
"""Figures of the user's channel stats an answer may use, and how each is shown."""
SLOT_PATTERN = re.compile(r"\{([a-z_]+)\}")
_CONDITION = re.compile(r"^\s*(?P<slot>[a-z_]+)\s*(?P<op>>=|<=|==|!=|>|<)\s*(?P<value>[-\w.]+)\s*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}$")


@dataclass(frozen=True)
class Condition:
    """``slot op value``: a comparison of one figure (percent slots in percent points)."""

    slot: str
    op: str
    value: float | str

    def holds(self, figures: Mapping[str, float | str]) -> bool:
        have = figures.get(self.slot)
        if have is None:
            return False
        if isinstance(self.value, str) or isinstance(have, str):
            equal = str(have).casefold() == str(self.value).casefold()
            return equal if self.op == "==" else not equal if self.op == "!=" else False
        number = float(have)
        match self.op:
            case ">=":
                return number >= self.value
            case "<=":
                return number <= self.value
            case ">":
                return number > self.value
            case "<":
                return number < self.value
            case "==":
                return number == self.value
            case _:
                return number != self.value


@dataclass(frozen=True)
class Cited:
    """One sentence of an answer and the section it rests on."""

    text: str
    cite: str
    """``<document pair id>: <heading piece>`` (a heading in either language)."""

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(SLOT_PATTERN.findall(self.text))


@dataclass(frozen=True)
class Variant:
    when: tuple[Condition, ...]
    """All must hold (empty: the default variant)."""
    sentences: Mapping[Language, tuple[Cited, ...]]

    def holds(self, figures: Mapping[str, float | str]) -> bool:
        return all(c.holds(figures) for c in self.when)


@dataclass(frozen=True)
class PlaybookEntry:
    entry_id: str
    title: Mapping[Language, str]
    questions: Mapping[Language, tuple[str, ...]]
    variants: tuple[Variant, ...]
    related: tuple[str, ...] = ()
    """Entries to suggest as the next question."""

    @functools.cached_property
    def documents(self) -> frozenset[str]:
        """The document pairs the entry's sentences cite (in any variant)."""
        return frozenset(
            c.cite.partition(":")[0].strip()
            for v in self.variants
            for sentences in v.sentences.values()
            for c in sentences
        )

    def variant(self, figures: Mapping[str, float | str]) -> Variant:
        """The first variant whose conditions hold for ``figures`` (the default otherwise)."""
        for variant in self.variants:
            if variant.when and variant.holds(figures):
                return variant
        return next(v for v in self.variants if not v.when)


def file_error(path: Path, problem: str, section: str = "The playbook") -> KnowledgeError:
    """A broken curated YAML file, with where knowledge/README.md shows its format."""
    return KnowledgeError(
        f"{path}: {problem}. Fix the file as knowledge/README.md (section '{section}') shows "
        "and run `channelwise knowledge check`.",
        f"{path}: {problem}. Korrigieren Sie die Datei wie in knowledge/README.md (Abschnitt "
        f"'{section}') beschrieben und führen Sie `channelwise knowledge check` aus.",
    )


def parse_condition(text: str) -> Condition:
    """``"meta_share >= 70"`` -> a Condition (ValueError for anything else)."""
    match = _CONDITION.match(text)
    if match is None or match["slot"] not in SLOTS:
        raise ValueError(f"condition {text!r} is not '<slot> <op> <value>' with a known slot")
    raw = match["value"]
    try:
        value: float | str = float(raw)
    except ValueError:
        value = raw
    return Condition(match["slot"], match["op"], value)


def by_language(
    path: Path, raw: Any, what: str, section: str = "The playbook"
) -> dict[Language, Any]:
    """``raw``'s value per language; a KnowledgeError unless it has exactly both."""
    if not isinstance(raw, dict) or set(raw) != set(LANGUAGES):
        raise file_error(
            path, f"'{what}' needs exactly the languages {', '.join(LANGUAGES)}", section
        )
    return {lang: raw[lang] for lang in LANGUAGES}


def _sentences(path: Path, raw: Any) -> tuple[Cited, ...]:
    if not isinstance(raw, list) or not raw:
        raise file_error(path, "every answer needs a list of '- say: … cite: …' sentences")
    out = []
    for item in raw:
        if not isinstance(item, dict) or not str(item.get("say") or "").strip():
            raise file_error(path, f"a sentence needs 'say' (its text), got {item!r}")
        cite = str(item.get("cite") or "").strip()
        if ":" not in cite:
            raise file_error(
                path, f"the sentence {item['say']!r} needs 'cite: <document>: <section>'"
            )
        out.append(Cited(" ".join(str(item["say"]).split()), cite))
    return tuple(out)


def parse_entry(path: Path, raw: bytes) -> PlaybookEntry:
    try:
        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as err:
        first = str(err).splitlines()[0]
        raise file_error(path, f"is not valid UTF-8 YAML ({first})") from None
    if not isinstance(data, dict):
        raise file_error(path, "must be a YAML mapping")
    entry_id = str(data.get("id") or "")
    if entry_id != path.stem or not _ID.match(entry_id):
        raise file_error(path, f"'id' must be the file name without .yaml ({path.stem!r})")
    title = by_language(path, data.get("title"), "title")
    questions = by_language(path, data.get("questions"), "questions")
    for lang, rows in questions.items():
        if not isinstance(rows, list) or not all(isinstance(q, str) and q.strip() for q in rows):
            raise file_error(path, f"'questions.{lang}' must be a list of questions")
    answers = data.get("answers")
    if not isinstance(answers, list) or not answers:
        raise file_error(path, "'answers' must be a list of variants")
    variants = []
    for item in answers:
        if not isinstance(item, dict):
            raise file_error(path, f"an answer variant must be a mapping, got {item!r}")
        when = item.get("when") or []
        try:
            conditions = tuple(
                parse_condition(c) for c in ([when] if isinstance(when, str) else when)
            )
        except ValueError as err:
            raise file_error(path, str(err)) from None
        texts = by_language(path, {k: v for k, v in item.items() if k != "when"}, "answers")
        variants.append(Variant(conditions, {k: _sentences(path, v) for k, v in texts.items()}))
    if not any(not v.when for v in variants):
        raise file_error(path, "one answer variant must have no 'when' (it answers everyone else)")
    return PlaybookEntry(
        entry_id=entry_id,
        title={k: str(v).strip() for k, v in title.items()},
        questions={k: tuple(" ".join(q.split()) for q in v) for k, v in questions.items()},
        variants=tuple(variants),
        related=tuple(str(r) for r in data.get("related") or ()),
    )


def playbook_paths(knowledge_dir: Path) -> list[Path]:
    folder = knowledge_dir / PLAYBOOK_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def load_playbook(knowledge_dir: Path) -> list[PlaybookEntry]:
    """Every entry of ``knowledge/playbook/``; every broken file is reported."""
    entries: list[PlaybookEntry] = []
    problems: list[KnowledgeError] = []
    for path in playbook_paths(knowledge_dir):
        try:
            entries.append(parse_entry(path, path.read_bytes()))
        except KnowledgeError as err:
            problems.append(err)
    if problems:
        raise KnowledgeError(
            "\n".join(p.message_en for p in problems), "\n".join(p.message_de for p in problems)
        )
    return entries


def playbook_digest(entries: Sequence[PlaybookEntry]) -> str:
    """Changes whenever an entry changes (the index then refreshes the playbook)."""
    data = json.dumps([entry_to_json(e) for e in entries], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def entry_to_json(entry: PlaybookEntry) -> dict[str, Any]:
    """The entry as plain data (the search file stores the playbook with its vectors)."""
    return {
        "id": entry.entry_id,
        "title": dict(entry.title),
        "questions": {k: list(v) for k, v in entry.questions.items()},
        "related": list(entry.related),
        "answers": [
            {
                "when": [f"{c.slot} {c.op} {c.value}" for c in v.when],
                **{
                    lang: [{"say": s.text, "cite": s.cite} for s in sentences]
                    for lang, sentences in v.sentences.items()
                },
            }
            for v in entry.variants
        ],
    }


def entry_from_json(data: Mapping[str, Any]) -> PlaybookEntry:
    return PlaybookEntry(
        entry_id=str(data["id"]),
        title=dict(data["title"]),
        questions={k: tuple(v) for k, v in data["questions"].items()},
        related=tuple(data.get("related") or ()),
        variants=tuple(
            Variant(
                tuple(parse_condition(c) for c in v["when"]),
                {lang: tuple(Cited(s["say"], s["cite"]) for s in v[lang]) for lang in LANGUAGES},
            )
            for v in data["answers"]
        ),
    )


def resolve_cite(
    cite: str, headings: Mapping[str, Sequence[Sequence[str]]]
) -> tuple[str, int] | None:
    """``"platform-tiktok: Monetization"`` -> (pair id, section index), when exactly one
    section of the pair has a heading (in either language) containing the piece.

    ``headings`` maps each pair id to its files' section headings (index 0: introduction,
    which a cite names with an empty piece or ``introduction``/``Einleitung``)."""
    pair, _, piece = cite.partition(":")
    pair, needle = pair.strip(), piece.strip().casefold()
    files = headings.get(pair)
    if not files:
        return None
    if needle in ("", "introduction", "einleitung"):
        return pair, 0
    found = {
        index
        for heads in files
        for index, heading in enumerate(heads)
        if index and needle in heading.casefold()
    }
    return (pair, found.pop()) if len(found) == 1 else None
