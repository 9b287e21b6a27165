"""UI strings in German and English."""

from __future__ import annotations

from typing import Literal

UiLanguage = Literal["de", "en"]

STRINGS: dict[str, dict[UiLanguage, str]] = {
    "tagline": {
        "de": "Strategie-Assistent für Social-Media-Manager: weniger Abhängigkeit von Meta, "
        "mehr eigene Kanäle.",
        "en": "Strategy assistant for social-media managers: less dependence on Meta, "
        "more channels you own.",
    },
    "search_label": {"de": "Wissensbasis durchsuchen", "en": "Search the knowledge base"},
    "search_placeholder": {
        "de": "z. B. Wie viel investiert Meta in generative KI?",
        "en": "e.g. How much is Meta investing in generative AI?",
    },
    "not_covered": {
        "de": "Dazu enthält die Wissensbasis nichts Passendes. Die nächstliegenden Stellen:",
        "en": "The knowledge base does not cover this. The closest passages:",
    },
    "no_hits": {"de": "Keine Treffer.", "en": "No results."},
    "open_source": {"de": "Quelle öffnen", "en": "Open source"},
    "index_status": {
        "de": "Wissensbasis: {documents} Dokumente, {chunks} Abschnitte (Stand {built_at})",
        "en": "Knowledge base: {documents} documents, {chunks} passages (indexed {built_at})",
    },
    "language": {"de": "Sprache", "en": "Language"},
}


def t(key: str, lang: UiLanguage, **values: object) -> str:
    return STRINGS[key][lang].format(**values)
