"""A playbook answer tailored to the user's figures: the variant that fits, slots filled by code.

The figures come from the user's uploaded channel stats (``stats.advice_figures``), stored
with the conversation. Shares and growth are percent points and shown as percentages in the
answer's language; the concentration band in words. A slot without a figure never reaches
the user: the playbook check makes sure a variant tests every slot it uses.
"""

from __future__ import annotations

from collections.abc import Mapping

from channelwise.i18n import Bilingual, Language
from channelwise.knowledge.playbook import SLOT_PATTERN, SLOTS, Cited, PlaybookEntry
from channelwise.stats.summary import format_number, format_percent

Figures = Mapping[str, float | str | int | None]

_BANDS: dict[str, Bilingual] = {
    "diversified": Bilingual("well diversified", "gut gestreut"),
    "moderate": Bilingual("moderately concentrated", "mäßig konzentriert"),
    "concentrated": Bilingual("highly concentrated", "stark konzentriert"),
    "dominant": Bilingual("dominated by one platform", "von einer Plattform beherrscht"),
}


def slot_values(figures: Figures, language: Language) -> dict[str, str]:
    """Every known figure as the text a slot shows in ``language``."""
    out: dict[str, str] = {}
    for name, value in figures.items():
        kind = SLOTS.get(name)
        if value is None or kind is None:
            continue
        if kind == "percent":
            out[name] = format_percent(float(value) / 100.0, language, 0)
        elif kind == "number":
            out[name] = format_number(float(value), language)
        elif kind == "band":
            band = _BANDS.get(str(value))
            out[name] = band.get(language) if band else str(value)
        else:
            out[name] = str(value)
    return out


def known(figures: Figures) -> dict[str, float | str]:
    """The figures conditions can test (None left out)."""
    return {k: v for k, v in figures.items() if v is not None}


def tailored(entry: PlaybookEntry, language: Language, figures: Figures) -> list[Cited]:
    """The sentences of the variant that fits ``figures``, slots filled."""
    variant = entry.variant(known(figures))
    values = slot_values(figures, language)
    return [
        Cited(SLOT_PATTERN.sub(lambda m: values.get(m.group(1), m.group(0)), s.text), s.cite)
        for s in variant.sentences[language]
    ]


def is_tailored(entry: PlaybookEntry, figures: Figures) -> bool:
    """Whether the user's figures chose a variant of their own (not the default)."""
    return bool(entry.variant(known(figures)).when)
