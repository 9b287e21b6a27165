"""Checks of the playbook (run by ``channelwise knowledge check``).

Every entry answers in both languages, each variant states the same figures in both, every
sentence cites a section that exists, every figure of a sentence is in the cited section or
comes from a slot filled by code, slots are used only where the variant's conditions make
sure the user's stats have them, and an answer stays short (the recommendation first).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from channelwise.errors import KnowledgeError
from channelwise.i18n import LANGUAGES
from channelwise.knowledge.pair_check import figures_and_dates
from channelwise.knowledge.playbook import (
    SLOT_PATTERN,
    PlaybookEntry,
    parse_entry,
    playbook_paths,
    resolve_cite,
)
from channelwise.knowledge.problems import Problem

RULE_PLAYBOOK = "playbook"
RULE_PLAYBOOK_CITE = "playbook-cite"
RULE_PLAYBOOK_FIGURES = "playbook-figures"
MIN_QUESTIONS = 4
MAX_WORDS = 120


def playbook_problems(
    knowledge_dir: Path,
    headings: Mapping[str, Sequence[Sequence[str]]],
    texts: Mapping[tuple[str, int], Mapping[str, str]],
) -> Iterator[Problem]:
    """``headings``: pair id -> each file's section headings; ``texts``: (pair id, section)
    -> language -> the section's text."""
    entries: dict[str, PlaybookEntry] = {}
    for path in playbook_paths(knowledge_dir):
        name = f"playbook/{path.stem}"
        try:
            entries[name] = parse_entry(path, path.read_bytes())
        except KnowledgeError as err:
            yield Problem(name, RULE_PLAYBOOK, err.message_en, err.message_de)
    known = {e.entry_id for e in entries.values()}
    for name, entry in entries.items():
        yield from _entry_problems(name, entry, known, headings, texts)


def _problem(name: str, rule: str, en: str, de: str) -> Problem:
    return Problem(name, rule, en, de)


def _entry_problems(
    name: str,
    entry: PlaybookEntry,
    known: set[str],
    headings: Mapping[str, Sequence[Sequence[str]]],
    texts: Mapping[tuple[str, int], Mapping[str, str]],
) -> Iterator[Problem]:
    for lang in LANGUAGES:
        if len(entry.questions[lang]) < MIN_QUESTIONS:
            yield _problem(
                name,
                RULE_PLAYBOOK,
                f"'questions.{lang}' lists {len(entry.questions[lang])}; it needs at least "
                f"{MIN_QUESTIONS}, phrased the way managers ask.",
                f"'questions.{lang}' nennt {len(entry.questions[lang])}; nötig sind mindestens "
                f"{MIN_QUESTIONS}, so formuliert, wie Manager fragen.",
            )
    for other in entry.related:
        if other not in known:
            yield _problem(
                name,
                RULE_PLAYBOOK,
                f"'related' names {other!r}, which is no playbook entry.",
                f"'related' nennt {other!r}, das ist kein Eintrag des Playbooks.",
            )
    for number, variant in enumerate(entry.variants, start=1):
        de, en = variant.sentences["de"], variant.sentences["en"]
        where = f"answer {number}"
        if len(de) != len(en):
            yield _problem(
                name,
                RULE_PLAYBOOK,
                f"{where} has {len(de)} German and {len(en)} English sentences; give both "
                "languages the same sentences in the same order.",
                f"{where} hat {len(de)} deutsche und {len(en)} englische Sätze; gib beiden "
                "Sprachen dieselben Sätze in derselben Reihenfolge.",
            )
        allowed = {c.slot for c in variant.when}
        for lang in LANGUAGES:
            words = sum(len(s.text.split()) for s in variant.sentences[lang])
            if words > MAX_WORDS:
                yield _problem(
                    name,
                    RULE_PLAYBOOK,
                    f"{where} ({lang}) has {words} words; keep it to {MAX_WORDS}: the "
                    "recommendation first, then the why.",
                    f"{where} ({lang}) hat {words} Wörter; höchstens {MAX_WORDS}: zuerst die "
                    "Empfehlung, dann die Begründung.",
                )
            for sentence in variant.sentences[lang]:
                yield from _sentence_problems(name, where, lang, sentence.text, sentence.cite,
                                              allowed, headings, texts)  # fmt: skip
        for s_de, s_en in zip(de, en, strict=False):
            a = figures_and_dates(SLOT_PATTERN.sub(" ", s_de.text), "de")
            b = figures_and_dates(SLOT_PATTERN.sub(" ", s_en.text), "en")
            if a != b:
                yield _problem(
                    name,
                    RULE_PLAYBOOK_FIGURES,
                    f"{where}: the German sentence {s_de.text!r} states {sorted(a)}, the English "
                    f"one {sorted(b)}. State the same figures in both.",
                    f"{where}: der deutsche Satz {s_de.text!r} nennt {sorted(a)}, der englische "
                    f"{sorted(b)}. Nenne in beiden dieselben Zahlen.",
                )


def _sentence_problems(
    name: str,
    where: str,
    lang: str,
    text: str,
    cite: str,
    allowed: set[str],
    headings: Mapping[str, Sequence[Sequence[str]]],
    texts: Mapping[tuple[str, int], Mapping[str, str]],
) -> Iterator[Problem]:
    target = resolve_cite(cite, headings)
    if target is None:
        yield _problem(
            name,
            RULE_PLAYBOOK_CITE,
            f"{where} ({lang}): the cite {cite!r} names no single section. Write "
            "'<document pair id>: <a piece of one section heading>'.",
            f"{where} ({lang}): der Beleg {cite!r} nennt keinen eindeutigen Abschnitt. "
            "Schreibe '<Dokumentpaar-ID>: <Teil einer Abschnittsüberschrift>'.",
        )
        return
    slots = set(SLOT_PATTERN.findall(text))
    unknown = sorted(slots - allowed)
    if unknown:
        yield _problem(
            name,
            RULE_PLAYBOOK,
            f"{where} ({lang}) uses the slot(s) {unknown} but its 'when' does not test them: "
            "a slot is filled only when the user's stats have that figure.",
            f"{where} ({lang}) nutzt die Platzhalter {unknown}, die ihr 'when' nicht prüft: "
            "ein Platzhalter wird nur gefüllt, wenn die Statistik diese Zahl hat.",
        )
    stated = figures_and_dates(SLOT_PATTERN.sub(" ", text), lang)
    section = texts.get(target, {})
    backed = set().union(*(figures_and_dates(t, k) for k, t in section.items()))
    missing = sorted(stated - backed)
    if missing:
        yield _problem(
            name,
            RULE_PLAYBOOK_FIGURES,
            f"{where} ({lang}): {missing} in {text!r} are not in the cited section ({cite}). "
            "Cite the section that states them, or use a slot for the user's figures.",
            f"{where} ({lang}): {missing} in {text!r} stehen nicht im belegten Abschnitt "
            f"({cite}). Belege den Abschnitt, der sie nennt, oder nutze einen Platzhalter.",
        )
