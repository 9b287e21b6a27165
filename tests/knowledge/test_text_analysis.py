from __future__ import annotations

import pytest

from channelwise.knowledge.text_analysis import Analyzer, words


def test_words_casefold_sharp_s_and_split_hyphenated_compounds() -> None:
    assert words("Straße, Newsletter-Abonnenten!") == [
        "strasse",
        "newsletter-abonnenten",
        "newsletter",
        "abonnenten",
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Reichweite", "Reichweiten"),
        ("Größe", "grösse"),
        ("Nutzer", "Nutzern"),
        ("Videos", "Video"),
    ],
)
def test_german_inflections_and_umlauts_share_a_term(a: str, b: str) -> None:
    analyzer = Analyzer()
    assert analyzer.terms(a, ["de"]) == analyzer.terms(b, ["de"])


def test_compounds_split_into_known_corpus_words() -> None:
    analyzer = Analyzer(
        Analyzer.corpus_vocabulary([words("Die Reichweite und der Verlust Plattform")])
    )
    assert analyzer.split_compound("reichweitenverlust") == ("reichweite", "verlust")
    assert analyzer.split_compound("plattformreichweite") == ("plattform", "reichweite")
    assert analyzer.split_compound("zahnarzttermin") == ()
    assert set(analyzer.terms("Reichweitenverlust", ["de"])) >= {"reichweit", "verlust"}


def test_stopwords_are_dropped() -> None:
    assert Analyzer().terms("Wie ist die Reichweite?", ["de"]) == ["reichweit"]


def test_query_terms_add_glossary_translations_both_ways() -> None:
    analyzer = Analyzer()
    assert {"reach", "audienc"} <= set(analyzer.query_terms("Reichweite und Zielgruppe"))
    assert {"reichweit", "kennzeichn"} <= set(analyzer.query_terms("reach and labelling"))
