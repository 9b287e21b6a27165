"""Checks across the two files of a document pair, and of the questions of every section.

Every document exists as ``<id>.de.md`` and ``<id>.en.md`` (knowledge/README.md). The two
files must say the same: the same sections in the same order, the same figures and dates in
each section (German and English number and date formats normalised), the same sources,
``as_of`` and topics. Every section lists 4-8 questions in each file, and each piece that
ties a question to its answer must lie in exactly one sentence of that section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date

from channelwise.knowledge.month_names import MONTH_PATTERN, MONTHS
from channelwise.knowledge.problems import Problem, RawDocument
from channelwise.knowledge.questions import (
    QuestionBlockError,
    answer_sentences,
    section_headings,
    section_sentences,
    split_questions,
)
from channelwise.knowledge.records import pair_id

RULE_PAIR = "pair"
RULE_PAIR_SECTIONS = "pair-sections"
RULE_PAIR_FIGURES = "pair-figures"
RULE_PAIR_META = "pair-meta"
RULE_QUESTIONS = "questions"
MIN_QUESTIONS, MAX_QUESTIONS = 4, 12

_DATE = re.compile(
    rf"\b(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d))\b"
    rf"|\b(?P<nd>[0-3]?\d)\.(?P<nm>[01]?\d)\.(?P<ny>(?:19|20)\d\d)\b"
    rf"|(?:\b(?P<d>[0-3]?\d)\.?\s+)?\b(?P<m>{MONTH_PATTERN})\.?\s+(?:(?P<md>[0-3]?\d),\s+)?"
    rf"(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _date_key(match: re.Match[str]) -> str:
    if match["iso"]:
        return match["iso"]
    if match["ny"]:
        year, month, day = int(match["ny"]), int(match["nm"]), int(match["nd"])
    else:
        year, month = int(match["y"]), MONTHS[match["m"].casefold()]
        day = int(match["d"] or match["md"] or 0)
    try:
        return date(year, month, day or 1).isoformat()[: 10 if day else 7]
    except ValueError:
        return match.group(0)


def _number_key(token: str, language: str) -> str:
    """A number token as a canonical decimal, read with the language's separators (or the
    other language's, for a token like "2.0" in a German text)."""
    conventions = [(".", ","), (",", ".")]
    if language != "de":
        conventions.reverse()
    for thousands, decimal in conventions:
        whole, _, frac = token.partition(decimal)
        groups = whole.split(thousands)
        if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
            whole = "".join(groups)
        if whole.isdigit() and (not frac or frac.isdigit()):
            value = whole.lstrip("0") or "0"
            frac = frac.rstrip("0")
            return f"{value}.{frac}" if frac else value
    return token  # an odd form ("1.2.3"): compared as written


def figures_and_dates(text: str, language: str) -> set[str]:
    """The dates (ISO) and other numbers (canonical) a text states."""
    found: set[str] = set()

    def date_to_key(match: re.Match[str]) -> str:
        found.add(_date_key(match))
        return " "

    rest = _DATE.sub(date_to_key, text)
    found.update(_number_key(t.rstrip(".,"), language) for t in _NUMBER.findall(rest))
    return found


def pair_problems(docs: Mapping[str, RawDocument]) -> Iterator[Problem]:
    """Problems of pairs and of section questions, for every document in ``docs``."""
    for doc_id, doc in sorted(docs.items()):
        yield from _question_problems(doc)
        base, language = pair_id(doc_id), doc_id.rpartition(".")[2]
        if language not in ("de", "en") or base == doc_id:
            yield _problem(
                doc_id,
                RULE_PAIR,
                "The file name must end in .de.md or .en.md (one file per language).",
                "Der Dateiname muss auf .de.md oder .en.md enden (eine Datei je Sprache).",
            )
            continue
        other_id = f"{base}.{'en' if language == 'de' else 'de'}"
        other = docs.get(other_id)
        if other is None:
            yield _problem(
                doc_id,
                RULE_PAIR,
                f"The document has no {other_id}.md. Write it for that readership, with the "
                "same sections, figures, dates and sources.",
                f"Zum Dokument fehlt {other_id}.md. Schreibe es für diese Leserschaft, mit "
                "denselben Abschnitten, Zahlen, Daten und Quellen.",
            )
        elif language == "de":
            yield from _compare(doc, other)


def _compare(de: RawDocument, en: RawDocument) -> Iterator[Problem]:
    for key in ("as_of", "topics"):  # a missing field is the front-matter rule's to report
        if None not in (de.meta.get(key), en.meta.get(key)) and str(de.meta[key]) != str(
            en.meta[key]
        ):
            yield _problem(
                de.doc_id,
                RULE_PAIR_META,
                f"'{key}' differs from {en.doc_id}: {de.meta.get(key)!r} vs "
                f"{en.meta.get(key)!r}. Give both files the same value.",
                f"'{key}' weicht von {en.doc_id} ab: {de.meta.get(key)!r} gegenüber "
                f"{en.meta.get(key)!r}. Gib beiden Dateien denselben Wert.",
            )
    urls_de, urls_en = set(de.source_urls()), set(en.source_urls())
    if urls_de != urls_en and urls_de and urls_en:
        only = sorted(urls_de ^ urls_en)
        yield _problem(
            de.doc_id,
            RULE_PAIR_META,
            f"The sources differ from {en.doc_id} ({', '.join(only)} only in one file). Cite "
            "the same URLs in both files.",
            f"Die Quellen weichen von {en.doc_id} ab ({', '.join(only)} nur in einer Datei). "
            "Zitiere in beiden Dateien dieselben URLs.",
        )
    body_de, body_en = _clean(de.body), _clean(en.body)
    heads_de, heads_en = section_headings(body_de), section_headings(body_en)
    if len(heads_de) != len(heads_en):
        yield _problem(
            de.doc_id,
            RULE_PAIR_SECTIONS,
            f"{len(heads_de) - 1} sections here, {len(heads_en) - 1} in {en.doc_id}. Give both "
            "files the same ## sections in the same order.",
            f"Hier {len(heads_de) - 1} Abschnitte, in {en.doc_id} {len(heads_en) - 1}. Gib "
            "beiden Dateien dieselben ##-Abschnitte in derselben Reihenfolge.",
        )
        return
    sentences_de, sentences_en = section_sentences(body_de), section_sentences(body_en)
    for index, (text_de, text_en) in enumerate(zip(sentences_de, sentences_en, strict=True)):
        got_de = figures_and_dates(" ".join(text_de), "de")
        got_en = figures_and_dates(" ".join(text_en), "en")
        if got_de == got_en:
            continue
        name = f"'{heads_de[index]}' / '{heads_en[index]}'" if index else "the introduction"
        only_de, only_en = sorted(got_de - got_en), sorted(got_en - got_de)
        yield _problem(
            de.doc_id,
            RULE_PAIR_FIGURES,
            f"Section {name}: figures or dates only in German: {only_de or '-'}; only in "
            f"English ({en.doc_id}): {only_en or '-'}. State the same figures and dates in both "
            "files (digits in both or words in both).",
            f"Abschnitt {name}: Zahlen oder Daten nur im Deutschen: {only_de or '-'}; nur im "
            f"Englischen ({en.doc_id}): {only_en or '-'}. Nenne in beiden Dateien dieselben "
            "Zahlen und Daten (in beiden als Ziffern oder in beiden als Wort).",
        )


def _clean(body: str) -> str:
    try:
        return split_questions(body)[0]
    except QuestionBlockError:
        return body


def _question_problems(doc: RawDocument) -> Iterator[Problem]:
    try:
        body, questions = split_questions(doc.body)
    except QuestionBlockError as err:
        yield _problem(
            doc.doc_id,
            RULE_QUESTIONS,
            f"A questions block cannot be read: {err}. Write it as knowledge/README.md shows.",
            f"Ein Fragenblock ist nicht lesbar: {err}. Schreibe ihn wie in knowledge/README.md.",
        )
        return
    headings = section_headings(body)
    sentences = section_sentences(body)
    for index, heading in enumerate(headings):
        if index == 0 and not sentences[0]:
            continue  # no introduction
        count = sum(1 for q in questions if q.section == index)
        if not MIN_QUESTIONS <= count <= MAX_QUESTIONS:
            name = f"'{heading}'" if index else "the introduction"
            yield _problem(
                doc.doc_id,
                RULE_QUESTIONS,
                f"Section {name} has {count} questions; it needs {MIN_QUESTIONS} to "
                f"{MAX_QUESTIONS} in a questions block below its text.",
                f"Abschnitt {name} hat {count} Fragen; nötig sind {MIN_QUESTIONS} bis "
                f"{MAX_QUESTIONS} in einem Fragenblock unter seinem Text.",
            )
    for question in questions:
        for piece in question.answers:
            hits = len(answer_sentences(piece, sentences[question.section]))
            if hits == 1:
                continue
            where = "no sentence" if hits == 0 else f"{hits} sentences"
            yield _problem(
                doc.doc_id,
                RULE_QUESTIONS,
                f"The answer piece {piece!r} of the question {question.text!r} matches {where} "
                "of its section. Quote a piece of exactly one sentence of that section.",
                f"Das Antwortstück {piece!r} der Frage {question.text!r} passt auf "
                f"{'keinen Satz' if hits == 0 else f'{hits} Sätze'} seines Abschnitts. Zitiere "
                "ein Stück aus genau einem Satz dieses Abschnitts.",
            )


def _problem(doc_id: str, rule: str, en: str, de: str) -> Problem:
    return Problem(doc_id, rule, en, de)
