"""The answer checker, sentence by sentence, with inputs taken from real failures of the
bundled 0.5B model (issue 10), over the real multilingual embedder."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from channelwise.grounding.evidence import Evidence
from channelwise.grounding.sentence_check import AnswerChecker, Problem, detect_defects
from channelwise.knowledge.embeddings import get_embedder
from channelwise.knowledge.names import PLATFORMS, entity_lexicon
from channelwise.knowledge.sentence_index import Vector

ARTICLE = Evidence(
    number=1,
    sentence_id="meta-genai-creators.de::0000::a#2",
    chunk_id="meta-genai-creators.de::0000::a",
    doc_id="meta-genai-creators.de",
    title="Metas generative KI: Bedrohung für Creator und Influencer? (Gastbeitrag von Jens Wiese)",
    heading="",
    url="https://allfacebook.de/x",
    language="de",
    position=2,
    text="Gastbeitrag von Jens Wiese, erstmals veröffentlicht am 14. Oktober 2024.",
    window="Gastbeitrag von Jens Wiese, erstmals veröffentlicht am 14. Oktober 2024. Die Aussagen "
    "geben den Stand und die Einschätzung des Autors zu diesem Datum wieder.",
    score=1.0,
    dense=0.5,
    lexical=0.5,
)
REACH = Evidence(
    number=2,
    sentence_id="meta-genai-creators.de::0004::b#2",
    chunk_id="meta-genai-creators.de::0004::b",
    doc_id="meta-genai-creators.de",
    title=ARTICLE.title,
    heading="Auswirkungen auf YouTuber und Influencer",
    url="https://allfacebook.de/x",
    language="de",
    position=2,
    text="Für Meta ist das nichts Neues, da es in der Vergangenheit radikale Veränderungen "
    "vorgenommen hat, wie zum Beispiel die Eliminierung der organischen Reichweite für "
    "bestimmte Features.",
    window="KI-generierte Inhalte haben das Potenzial, menschliche Beiträge zu ersetzen. Für Meta "
    "ist das nichts Neues, da es in der Vergangenheit radikale Veränderungen vorgenommen hat, "
    "wie zum Beispiel die Eliminierung der organischen Reichweite für bestimmte Features.",
    score=0.9,
    dense=0.5,
    lexical=0.5,
)
STUDY = Evidence(
    number=3,
    sentence_id="platform-facebook.en::0002::c#0",
    chunk_id="platform-facebook.en::0002::c",
    doc_id="platform-facebook.en",
    title="Facebook: platform profile",
    heading="Audience",
    url="https://example.org/facebook",
    language="en",
    position=0,
    text="The ARD/ZDF media study 2025 puts Facebook's weekly reach at 31 percent of people "
    "aged 14 and over, second only to Instagram (40 percent).",
    window="Facebook remains one of the largest networks in Germany but skews older. The ARD/ZDF "
    "media study 2025 puts Facebook's weekly reach at 31 percent of people aged 14 and over, "
    "second only to Instagram (40 percent).",
    score=0.8,
    dense=0.5,
    lexical=0.5,
)
NETWORKS = Evidence(
    number=4,
    sentence_id="meta-genai-creators.de::0007::d#1",
    chunk_id="meta-genai-creators.de::0007::d",
    doc_id="meta-genai-creators.de",
    title=ARTICLE.title,
    heading="Strategische Empfehlungen für Social-Media-Manager",
    url="https://allfacebook.de/x",
    language="de",
    position=1,
    text="Investieren Sie in alternative Netzwerke wie TikTok, YouTube oder aufstrebende "
    "Plattformen.",
    window="Plattformdiversifizierung: Verlassen Sie sich nicht ausschließlich auf "
    "Metaplattformen. Investieren Sie in alternative Netzwerke wie TikTok, YouTube oder "
    "aufstrebende Plattformen.",
    score=0.8,
    dense=0.5,
    lexical=0.5,
)
EVIDENCE = (ARTICLE, REACH, STUDY, NETWORKS)
NAMES = entity_lexicon(["Posts on Facebook, Instagram and TikTok; Jens Wiese wrote it."], PLATFORMS)


def embed(texts: Sequence[str]) -> Vector:
    vectors = get_embedder("use").embed_passages(list(texts))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def checker(question: str, language: str = "de", stats: str | None = None) -> AnswerChecker:
    windows = embed([f"{e.title} — {e.heading}\n{e.window}" for e in EVIDENCE])
    return AnswerChecker(question, language, EVIDENCE, windows, embed, NAMES, stats=stats)  # type: ignore[arg-type]


def problems(question: str, sentence: str, language: str = "de") -> tuple[Problem, ...]:
    return checker(question, language).check_sentence(sentence).problems


def test_a_supported_sentence_is_kept_and_cited_by_code() -> None:
    verdict = checker("Wer hat den Gastbeitrag geschrieben und wann?").check_sentence(
        "Jens Wiese hat den Gastbeitrag geschrieben; er erschien am 14. Oktober 2024 [3]."
    )
    assert verdict.kept
    assert verdict.citations == (1,)  # the model's [3] did not support it: replaced


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # the answer repeats the question word for word
        (
            "Wer hat den Gastbeitrag geschrieben und wann?",
            "Wer hat den Gastbeitrag geschrieben und wann?",
            "echo",
        ),
        # prompt tags copied into the answer
        (
            "Wie hoch ist mein Meta-Anteil?",
            "<channel_stats>30%</channel_stats>",
            "tag",
        ),
        # placeholders
        (
            "Wer hat den Gastbeitrag geschrieben?",
            "Der Beitrag [Name des Gastbeitrags] stammt von Jens Wiese [1].",
            "placeholder",
        ),
        # the word limit of its own system prompt, given as a fact
        ("Wer hat den Gastbeitrag geschrieben?", "Der Gastbeitrag hat 120 Wörter [1].", "figure"),
        # Facebook's share given as Instagram's
        (
            "What share of Germans use Instagram weekly?",
            "Instagram reaches 31 percent of people aged 14 and over every week [3].",
            "figure",
        ),
        # networks named without a source
        (
            "Welche Netzwerke empfiehlt der Artikel statt Meta?",
            "Der Artikel empfiehlt Facebook und Twitter als alternative Netzwerke [4].",
            "name",
        ),
        # contradicts the source
        (
            "Hat Meta früher schon die Reichweite verändert?",
            "Meta hat in der Vergangenheit keine radikalen Veränderungen an der Reichweite "
            "vorgenommen [2].",
            "contradiction",
        ),
        # unrelated to every evidence sentence
        (
            "Wer hat den Gastbeitrag geschrieben?",
            "Podcasts eignen sich gut für lange Gespräche mit Gästen.",
            "unsupported",
        ),
    ],
)
def test_real_failures_are_dropped(question: str, sentence: str, expected: Problem) -> None:
    language = "en" if question.startswith("What") else "de"
    assert expected in problems(question, sentence, language)


def test_repetition_is_dropped_after_the_first_time() -> None:
    check = checker("Welche Netzwerke empfiehlt der Artikel?")
    sentence = "Der Artikel empfiehlt alternative Netzwerke wie TikTok und YouTube [4]."
    first, second = check.check_sentence(sentence), check.check_sentence(sentence)
    assert first.kept and second.problems == ("repetition",)


def test_the_wrong_language_is_dropped() -> None:
    verdict = checker("Wer hat den Gastbeitrag geschrieben und wann?").check_sentence(
        "The guest article was written by Jens Wiese and first published on 14 October 2024."
    )
    assert "language" in verdict.problems


def test_a_sentence_in_the_other_language_than_its_evidence_is_supported() -> None:
    verdict = checker("Which networks does the article recommend?", "en").check_sentence(
        "The article recommends investing in alternative networks such as TikTok and YouTube."
    )
    assert verdict.kept and verdict.citations == (4,)


def test_figures_from_the_users_stats_are_allowed() -> None:
    check = AnswerChecker(
        "Wie abhängig bin ich von Meta?",
        "de",
        EVIDENCE,
        embed([e.window for e in EVIDENCE]),
        embed,
        NAMES,
        stats="Meta-Anteil an der Reichweite: 73,4 %",
    )
    assert "figure" not in check.check_sentence("Ihr Meta-Anteil liegt bei 73,4 % [2].").problems
    assert "figure" in check.check_sentence("Ihr Meta-Anteil liegt bei 81 % [2].").problems


def test_no_answer_is_recognised() -> None:
    check = checker("Wie backe ich Brot?")
    check.check_text("NO_ANSWER")
    assert check.result.no_answer and not check.result.kept


def test_defects_of_a_final_text_are_counted() -> None:
    text = (
        "Wer hat den Gastbeitrag geschrieben? Jens Wiese [1]. <sources> [Name] "
        "Jens Wiese schrieb den Gastbeitrag im Oktober 2024 [1]. "
        "Jens Wiese schrieb den Gastbeitrag im Oktober 2024 [1]."
    )
    defects = detect_defects(text, "Wer hat den Gastbeitrag geschrieben?")
    assert defects == {"echo": 1, "tag": 1, "placeholder": 1, "repetition": 1}


def test_a_word_cut_off_mid_way_is_dropped_and_prompt_labels_are_stripped() -> None:
    check = checker("Brauchen Firmenprofile ein Impressum?")
    cut = check.check_sentence(
        "Evidence: Gastbeitrag von Jens Wiese, erstmals veröffentl am 14. Oktober 2024 [1]."
    )
    assert "fragment" in cut.problems and "veröffentl" in cut.detail
    label = check.check_sentence("Antwort (Deutsch): Jens Wiese schrieb den Gastbeitrag [1].")
    assert label.kept and label.text == "Jens Wiese schrieb den Gastbeitrag."
