"""German and English: the one ``Language`` type and the one text catalog.

Feature modules keep their texts next to their code and register them here::

    register({"copy": {"en": "Copy", "de": "Kopieren"}})
    t("copy", "de")  # -> "Kopieren"

Keys are unique across the whole catalog (registering a key twice with another text is an
error), every entry has both languages, and a missing key raises ``KeyError``: there is
no silent fallback to English or to the key. A module that looks a key up imports the
module that registers it, so the catalog is filled by the imports that already exist.

For a text that is not worth a catalog entry (a label next to its only use, a number
format), :func:`pick` chooses between an English and a German literal.

Data that carries its own text in both languages (a metric's label, a stored summary)
holds a :class:`Bilingual` rather than two fields ``x_en`` / ``x_de``. Messages (errors,
warnings, check problems) take the English and the German text as two arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, TypeVar

Language = Literal["de", "en"]
LANGUAGES: tuple[Language, ...] = ("de", "en")

Texts = Mapping[str, Mapping[Language, str]]
T = TypeVar("T")

_CATALOG: dict[str, dict[Language, str]] = {}


def register(texts: Texts) -> None:
    """Add entries to the catalog; each needs a non-empty German and English text."""
    for key, entry in texts.items():
        if set(entry) != set(LANGUAGES) or not all(entry[lang] for lang in LANGUAGES):
            raise ValueError(f"catalog entry {key!r} needs a German and an English text")
        known = _CATALOG.get(key)
        if known is not None and known != dict(entry):
            raise ValueError(f"catalog key {key!r} is registered twice with different texts")
        _CATALOG[key] = {lang: entry[lang] for lang in LANGUAGES}


def t(key: str, lang: Language, **values: object) -> str:
    """The text for ``key`` in ``lang``; ``values`` fill its ``{placeholders}``."""
    try:
        text = _CATALOG[key][lang]
    except KeyError:
        raise KeyError(
            f"no text {key!r} in the catalog (is the module that registers it imported?)"
        ) from None
    return text.format(**values) if values else text


def pick(lang: Language, en: T, de: T) -> T:
    """``de`` for German, ``en`` for English (texts, formats, tuples of lines)."""
    return de if lang == "de" else en


@dataclass(frozen=True)
class Bilingual:
    """A text in English and German that a record carries (a label, a summary); ``.get(lang)``
    reads it."""

    en: str
    de: str

    def get(self, lang: Language) -> str:
        return self.de if lang == "de" else self.en


def catalog() -> Mapping[str, Mapping[Language, str]]:
    """Every registered entry (read-only), for tests and tools."""
    return MappingProxyType(_CATALOG)
