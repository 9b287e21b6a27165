"""Keyword analysis for BM25 in German and English.

Lower-casing with ``casefold`` (``ß`` -> ``ss``), Snowball stemming (the German stemmer
folds umlauts: ``Reichweite`` and ``Reichweiten`` share a stem; the -s plural of
loanwords such as ``Videos`` is folded too), stop words, and German
compound splitting against the corpus vocabulary (``Reichweitenverlust`` also indexes
``reichweit`` and ``verlust`` when those words occur in the knowledge base).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

from channelwise.i18n import LANGUAGES, Language
from channelwise.knowledge.glossary import PAIRS

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_MIN_PART = 4
_MIN_COMPOUND = 9
_LINKERS = ("", "s", "es", "n", "en", "e", "er")

STOPWORDS: dict[str, frozenset[str]] = {
    "de": frozenset(
        """aber alle allem allen aller alles als also am an ander andere anderem anderen
        anderer anderes auch auf aus bei beim bin bis bist da damit dann das dass dem den
        der des dessen die dies diese diesem diesen dieser dieses doch dort du durch ein
        eine einem einen einer eines er es etwas euch euer für gegen habe haben hat hatte
        hier ich ihr ihre ihrem ihren ihrer im in ins ist ja jede jedem jeden jeder jedes
        kann kein keine man mich mir mit muss nach nicht noch nun nur ob oder ohne sehr sein
        seine sich sie sind so soll sollte sondern um und uns unser unter viel vom von vor
        war waren was weil welche welchem welchen welcher welches wenn werden wie wieviel
        wieviele wir wird wo zu zum zur zwischen über""".split()
    ),
    "en": frozenset(
        """a an and are as at be been but by can could do does for from had has have how i if
        in into is it its me my no not of on or our should so than that the their them then
        there these they this those to too us was we were what when where which while who
        why will with would you your""".split()
    ),
}
_ALL_STOPWORDS = STOPWORDS["de"] | STOPWORDS["en"]
_STEMMER_NAMES: dict[str, str] = {"de": "german", "en": "english"}


@lru_cache(maxsize=4)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMER_NAMES[language])


def words(text: str) -> list[str]:
    """Case-folded words; hyphenated compounds also yield their parts."""
    out: list[str] = []
    for match in _WORD.finditer(text.casefold()):
        word = match.group(0).replace("’", "'")
        out.append(word)
        if "-" in word:
            out.extend(part for part in word.split("-") if part)
    return out


@lru_cache(maxsize=1)
def _translations() -> dict[str, tuple[str, ...]]:
    """Stem (German or English) -> words of the other language, from the glossary."""
    table: dict[str, set[str]] = {}
    for german, english in PAIRS:
        for source, language, target in ((german, "de", english), (english, "en", german)):
            for word in words(source):
                stem = _stemmer(language).stemWord(word)
                table.setdefault(f"{language}:{stem}", set()).update(words(target))
    return {key: tuple(sorted(value)) for key, value in table.items()}


def translations(word: str) -> tuple[str, ...]:
    """Glossary words of the other language for ``word`` (either language)."""
    table = _translations()
    out: list[str] = []
    for language in LANGUAGES:
        out.extend(table.get(f"{language}:{_stemmer(language).stemWord(word)}", ()))
    return tuple(dict.fromkeys(out))


class Analyzer:
    """Turns text into BM25 terms; knows the corpus vocabulary for compound splitting."""

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        self.vocabulary = frozenset(w for w in vocabulary if len(w) >= _MIN_PART)
        """Words German compounds may be split into (persisted with the index)."""
        self._split_cache: dict[str, tuple[str, ...]] = {}
        self._term_cache: dict[str, dict[str, tuple[str, ...]]] = {}

    @staticmethod
    def corpus_vocabulary(tokenized: Iterable[list[str]]) -> set[str]:
        """Words (from :func:`words`) that compounds may be split into."""
        vocab: set[str] = set()
        for tokens in tokenized:
            vocab.update(w for w in tokens if "-" not in w and len(w) >= _MIN_PART)
        return vocab

    def split_compound(self, word: str) -> tuple[str, ...]:
        """Known words a German compound is made of, or () when it is not one."""
        cached = self._split_cache.get(word)
        if cached is None:
            cached = self._split(word, depth=0)
            self._split_cache[word] = cached
        return cached

    def _split(self, word: str, depth: int) -> tuple[str, ...]:
        if len(word) < _MIN_COMPOUND or depth > 3 or not word.isalpha():
            return ()
        for cut in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            if tail not in self.vocabulary:
                continue
            for linker in _LINKERS:
                if linker and not head.endswith(linker):
                    continue
                stem = head[: len(head) - len(linker)] if linker else head
                if len(stem) < _MIN_PART:
                    continue
                if stem in self.vocabulary:
                    return (stem, tail)
                inner = self._split(stem, depth + 1)
                if inner:
                    return (*inner, tail)
        return ()

    def query_terms(self, text: str) -> list[str]:
        """Terms of a question in either language, plus the glossary's translations."""
        extra = [t for token in words(text) for t in translations(token)]
        return list(dict.fromkeys(self.terms(" ".join([text, *extra]), LANGUAGES)))

    def terms(self, text: str, languages: Iterable[Language]) -> list[str]:
        """Stemmed terms of ``text`` for each language given (a query may use both)."""
        return self.word_terms(words(text), languages)

    def word_terms(self, tokens: list[str], languages: Iterable[Language]) -> list[str]:
        out: list[str] = []
        for language in languages:
            cache = self._term_cache.setdefault(language, {})
            for token in tokens:
                terms = cache.get(token)
                if terms is None:
                    terms = cache[token] = self._token_terms(token, language)
                out.extend(terms)
        return out

    def _token_terms(self, token: str, language: Language) -> tuple[str, ...]:
        parts = [t for t in (token, *self.split_compound(token)) if t not in _ALL_STOPWORDS]
        parts = [t for t in parts if len(t) > 1]
        if language == "de":
            parts = [_strip_loanword_plural(t) for t in parts]
        return tuple(_stemmer(language).stemWords(parts))


def _strip_loanword_plural(word: str) -> str:
    """German Snowball keeps the -s plural of loanwords (Videos, Creators, Reels)."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
