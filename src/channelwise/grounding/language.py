"""Tell German from English in short texts (questions, answers) without a model."""

from __future__ import annotations

import re

from channelwise.i18n import Language

# Frequent function words that are common in one language and rare in the other
# (ambiguous ones such as "in", "an", "so", "man" are left out on purpose).
_GERMAN = frozenset(
    """
    der die das den dem des und ist sind nicht ich wie was wer warum wann welche welcher
    welches sollte sollten soll kann können könnte mein meine meinen für mit auf ein eine
    einen einem zu im vom zum zur von bei oder aber auch wir ihr es wird werden mehr viel
    viele oft gibt bitte lohnt sich über noch nach wenn dass sein seine sie mich mir uns
    unser unsere kein keine am beim wo wieso weshalb jetzt schon nur sehr gut besser
    brauche habe hat haben bin bist wäre würde welchen erreiche erreichen posten poste
    eigentlich gibts nen ne mal halt echt hilfe denn doch dann euch euer eure ob weil etwas
    alle alles immer wirklich lieber macht machen mache geht gehts kostet kosten preis
    sollen muss darf nutzen neue neuen neues heute unseren unserem unserer jemand niemand
    nichts gehackt gesperrt konto kanal seite zahlen frage woche wochen jahr monat kunden
    firma war waren nochmal dieser dieses diese diesen diesem da dort hier
    """.split()
)
_ENGLISH = frozenset(
    """
    the and is are not how what who why when which should could can my for with on a to
    of by or but also we you it will be more many often does do there please worth about
    if that this these those their our your i me us no any at where now already only very
    good better need have has am was were would reach post posting get much than from
    """.split()
)
_WORD = re.compile(r"[a-zäöüß]+", re.IGNORECASE)
_GERMAN_LETTERS = re.compile(r"[äöüß]", re.IGNORECASE)


def language_scores(text: str) -> tuple[int, int]:
    """(german, english) evidence counts."""
    words = [w.lower() for w in _WORD.findall(text)]
    german = sum(w in _GERMAN for w in words) + len(_GERMAN_LETTERS.findall(text))
    english = sum(w in _ENGLISH for w in words)
    return german, english


def detect_language(text: str, default: Language = "en") -> Language:
    """``de`` or ``en``; ``default`` when the text gives no evidence either way."""
    german, english = language_scores(text)
    if german > english:
        return "de"
    if english > german:
        return "en"
    return default


def has_language_evidence(text: str) -> bool:
    german, english = language_scores(text)
    return german != english


_TERM = re.compile(r"[0-9a-zäöüß]{3,}", re.IGNORECASE)
_CONTENT_STOP = frozenset(
    (
        "the and for are how what which with does from that this have when wie was und der "
        "die das für mit ich mein meine sich sind wird kann soll sollte auf ein eine einen"
    ).split()
)


def content_terms(text: str) -> set[str]:
    """Lower-cased stems (first five letters) of the content words, for overlap scores.

    Five letters make "Newsletters" meet "Newsletter" and "Reichweiten" meet "Reichweite".
    """
    return {w.lower()[:5] for w in _TERM.findall(text) if w.lower() not in _CONTENT_STOP}
