"""The extractive answer: the best evidence, quoted and cited.

Used when too little of the model's answer survives the check, when the model is busy or
failed, or when no model is configured. Each of the best evidence items is quoted with its
neighbours (its window: a sentence alone often lacks its subject or its figure), no
sentence twice. Items in the user's language come first among similarly good ones; an
item only available in the other language is quoted as it is and marked.
"""

from __future__ import annotations

from collections.abc import Sequence

from channelwise.grounding.evidence import Evidence
from channelwise.grounding.language import content_terms
from channelwise.grounding.sentence_check import repeats
from channelwise.i18n import Language, pick, register, t
from channelwise.knowledge.sentences import split_sentences

register(
    {
        "chat.fallback_intro": {"en": "From the sources:", "de": "Aus den Quellen:"},
        "chat.other_language": {"en": "(German source)", "de": "(englische Quelle)"},
    }
)


def pick_quotes(evidence: Sequence[Evidence], language: Language, limit: int = 3) -> list[Evidence]:
    """The best ``limit`` evidence items, same-language ones first among similar scores."""
    if not evidence:
        return []
    best = evidence[0].score
    near = [e for e in evidence if e.score >= best * 0.85]
    ordered = sorted(near, key=lambda e: (e.language != language, -e.score))
    rest = [e for e in evidence if e not in near]
    return (ordered + rest)[:limit]


def evidence_answer(evidence: Sequence[Evidence], language: Language, limit: int = 3) -> str:
    """A short answer made only of quoted evidence windows with their numbers."""
    opening, closing = pick(language, ("“", "”"), ("„", "“"))
    lines = [t("chat.fallback_intro", language)]
    quoted: list[set[str]] = []
    for item in pick_quotes(evidence, language, limit):
        fresh = []
        for sentence in split_sentences(item.window):
            terms = content_terms(sentence)
            if any(terms == seen or repeats(terms, seen) for seen in quoted):
                continue
            quoted.append(terms)
            fresh.append(sentence)
        if not fresh:
            continue
        mark = f" {t('chat.other_language', language)}" if item.language != language else ""
        lines.append(f"- {opening}{' '.join(fresh)}{closing} [{item.number}]{mark}")
    return "\n".join(lines)
