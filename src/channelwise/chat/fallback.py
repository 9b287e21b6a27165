"""The extractive answer: the best evidence sentences, quoted and cited.

Used when too little of the model's answer survives the check, when the model is busy or
failed, and by tests as the floor every answer must reach. Prefers sentences in the user's
language; a sentence only available in the other language is quoted as it is and marked.
"""

from __future__ import annotations

from collections.abc import Sequence

from channelwise.chat.evidence import Evidence
from channelwise.i18n import Language, pick, register, t

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
    """A short answer made only of quoted evidence sentences with their numbers."""
    opening, closing = pick(language, ("“", "”"), ("„", "“"))
    lines = [t("chat.fallback_intro", language)]
    for item in pick_quotes(evidence, language, limit):
        mark = f" {t('chat.other_language', language)}" if item.language != language else ""
        lines.append(f"- {opening}{item.text}{closing} [{item.number}]{mark}")
    return "\n".join(lines)
