"""Which evidence to quote when no written text can be used (a plan section whose model
text failed the check, or that has no model): the best items, those in the reader's
language first among similarly good ones.
"""

from __future__ import annotations

from collections.abc import Sequence

from channelwise.grounding.evidence import Evidence
from channelwise.i18n import Language


def pick_quotes(evidence: Sequence[Evidence], language: Language, limit: int = 3) -> list[Evidence]:
    """The best ``limit`` evidence items, same-language ones first among similar scores."""
    if not evidence:
        return []
    best = evidence[0].score
    near = [e for e in evidence if e.score >= best * 0.85]
    ordered = sorted(near, key=lambda e: (e.language != language, -e.score))
    rest = [e for e in evidence if e not in near]
    return (ordered + rest)[:limit]
