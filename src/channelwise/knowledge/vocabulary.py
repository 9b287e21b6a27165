"""Words of a question that the knowledge base has never heard of.

A question about "Winterreifen", "sourdough" or "Shopify" is out of scope even when its
embedding lands near some passage. A word counts as *unknown* when it is a rare word of
German and English (Zipf frequency below :data:`RARE_ZIPF` in ``wordfreq``'s bundled lists,
so everyday words like "wann" or "think" never count) and neither it, its stems nor its
glossary translations occur in the indexed documents. Platform short names ("insta", "yt")
are known through their aliases.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import lru_cache

from channelwise.knowledge.aliases import PLATFORM_ALIASES
from channelwise.knowledge.text_analysis import STOPWORDS, Analyzer, translations, words

RARE_ZIPF = 4.0
"""Words rarer than this (about 1 per 10,000 words of ordinary text) can be topical."""
_MIN_LENGTH = 4


@lru_cache(maxsize=8192)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # loads its bundled word lists on first use

    return max(zipf_frequency(word, "de"), zipf_frequency(word, "en"))


def known_prefixes(words: Iterable[str]) -> frozenset[str]:
    """Every prefix of four letters or more of ``words`` (for "risky" meeting "risks")."""
    return frozenset(w[:n] for w in words for n in range(_MIN_LENGTH, len(w) + 1))


def unknown_terms(
    query: str, analyzer: Analyzer, known_terms: Collection[str], prefixes: Collection[str]
) -> tuple[str, ...]:
    """Rare words of ``query`` that occur nowhere in the knowledge base.

    ``prefixes`` are those of the corpus words (:func:`known_prefixes`): a word whose stem
    (all but its last two letters, at least four) begins a corpus word is known.
    """
    out: list[str] = []
    for word in words(query):
        if (
            "-" in word
            or len(word) < _MIN_LENGTH
            or not word.isalpha()
            or word in STOPWORDS["de"]
            or word in STOPWORDS["en"]
            or word in PLATFORM_ALIASES
            or word[: max(_MIN_LENGTH, len(word) - 2)] in prefixes
        ):
            continue
        if _zipf(word) >= RARE_ZIPF:
            continue
        candidates = set(analyzer.word_terms([word], ["de", "en"]))
        for translation in translations(word):
            candidates.update(analyzer.word_terms([translation], ["de", "en"]))
        if not candidates & set(known_terms):
            out.append(word)
    return tuple(dict.fromkeys(out))
