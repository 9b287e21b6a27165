# ruff: noqa: E501  (the knowledge base's sentences are kept whole, one per line)
"""Which evidence sentence may stand as a quote: about the section's channel, more than a
pointer to other documents, once per plan. Sentences and titles are the knowledge base's."""

from __future__ import annotations

import pytest

from channelwise.grounding.evidence import Evidence
from channelwise.plans.quote_rules import (
    about_channel,
    document_platform,
    only_points_elsewhere,
    platforms_named,
    quotable,
)
from channelwise.stats import Platform

INSTAGRAM_DOC = ("Instagram: Plattformprofil", "platform-instagram.de")
FACEBOOK_DOC = ("Facebook: platform profile", "platform-facebook.en")
YOUTUBE_DOC = ("YouTube (long-form and Shorts): platform profile", "platform-youtube.en")
NEWSLETTER_DOC = (
    "Owned channel: the email newsletter (tools, growth, deliverability, double opt-in)",
    "owned-newsletter.en",
)
USAGE_DOC = (
    "Deutschland: Nutzung von Social Media, Video, Podcasts und Messengern",
    "germany-platform-usage.de",
)
HISTORY_DOC = (
    "Organische Reichweite bei Meta: Geschichte der Änderungen seit 2012",
    "meta-organic-reach-history.de",
)

RHYTHM = (
    "Ein realistischer Grundrhythmus sind zwei bis drei Reels oder Karussells pro Woche plus "
    "regelmäßige Stories und das Beantworten von Kommentaren und DMs."
)
EFFORT = "Instagram ist für kleine Teams aufwendig, weil mehrere Formate parallel erwartet werden."
PLAN_POINTER = (
    "Wie man daraus einen Plan macht, beschreiben „Platform diversification method: "
    "concentration risk and phasing (test, learn, scale)“ und „Follower von gemieteten "
    "Plattformen in eigene Kanäle überführen“."
)


def evidence(text: str, doc: tuple[str, str], number: int = 1) -> Evidence:
    title, doc_id = doc
    return Evidence(
        number=number,
        sentence_id=f"{doc_id}#{number}",
        chunk_id=f"{doc_id}#0",
        doc_id=doc_id,
        title=title,
        heading="",
        url="https://example.org/",
        language="de" if doc_id.endswith(".de") else "en",
        position=number,
        text=text,
        window=text,
        score=1.0 / number,
        dense=0.5,
        lexical=0.5,
    )


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (EFFORT, [Platform.INSTAGRAM]),
        (
            "Reels lassen sich mit TikTok und YouTube Shorts teilen.",
            [Platform.TIKTOK, Platform.YOUTUBE],
        ),
        ("Kontakte, etwa Newsletter-Abonnenten, sind geschützt.", [Platform.NEWSLETTER]),
        ("Auf X (früher Twitter) und Threads posten.", [Platform.X, Platform.THREADS]),
        ("Comment threads and the x-axis of a chart.", []),
        (RHYTHM, []),
    ],
)
def test_platforms_are_found_in_the_order_a_sentence_names_them(
    text: str, named: list[Platform]
) -> None:
    assert platforms_named(text) == named


@pytest.mark.parametrize(
    ("doc", "platform"),
    [
        (INSTAGRAM_DOC, Platform.INSTAGRAM),
        (YOUTUBE_DOC, Platform.YOUTUBE),
        (NEWSLETTER_DOC, Platform.NEWSLETTER),
        (("Eigener Kanal: Website, Blog und Suche", "owned-website-search.de"), Platform.WEBSITE),
        (("Podcasts (Audio und Video): Plattformprofil", "platform-podcasts.de"), Platform.PODCAST),
        (
            ("WhatsApp Channels: platform profile", "platform-whatsapp-channels.en"),
            Platform.WHATSAPP,
        ),
        (("TikTok basics", "tiktok-basics.en"), Platform.TIKTOK),
        (("Instagram: Reichweite verstehen", "reichweite-instagram.de"), Platform.INSTAGRAM),
        (USAGE_DOC, None),
        (HISTORY_DOC, None),
        (
            ("Germany: Impressum duty, newsletter consent", "germany-impressum-newsletter-law.en"),
            None,
        ),
        (
            (
                "Follower von gemieteten Plattformen in eigene Kanäle überführen",
                "owned-moving-followers.de",
            ),
            None,
        ),
    ],
)
def test_a_document_is_about_the_channel_its_id_or_its_title_names(
    doc: tuple[str, str], platform: Platform | None
) -> None:
    assert document_platform(*doc) == platform


@pytest.mark.parametrize(
    ("text", "doc", "channel", "fits"),
    [
        # the plan: Instagram's sentences under Facebook, the newsletter and YouTube
        (RHYTHM, INSTAGRAM_DOC, Platform.FACEBOOK, False),
        (RHYTHM, INSTAGRAM_DOC, Platform.NEWSLETTER, False),
        (EFFORT, INSTAGRAM_DOC, Platform.YOUTUBE, False),
        (RHYTHM, INSTAGRAM_DOC, Platform.INSTAGRAM, True),
        (EFFORT, INSTAGRAM_DOC, Platform.INSTAGRAM, True),
        # another channel's document never speaks for this one, even when it names it
        (
            "Reels lassen sich mit TikTok und YouTube Shorts teilen.",
            INSTAGRAM_DOC,
            Platform.TIKTOK,
            False,
        ),
        # the channel's own document, unless the sentence is about another channel
        ("Groups remain the strongest organic format.", FACEBOOK_DOC, Platform.FACEBOOK, True),
        ("Instagram is the more visual network.", FACEBOOK_DOC, Platform.FACEBOOK, False),
        ("A list of subscribers stays yours.", NEWSLETTER_DOC, Platform.NEWSLETTER, True),
        # a general document: the sentence names the channel first
        (
            "YouTube ist die reichweitenstärkste Videoplattform in Deutschland.",
            USAGE_DOC,
            Platform.YOUTUBE,
            True,
        ),
        (
            "WhatsApp, YouTube und Instagram sind die meistgenutzten Dienste.",
            USAGE_DOC,
            Platform.YOUTUBE,
            False,
        ),
        (
            "Kontakte, etwa Newsletter-Abonnenten, sind gegen solche Schocks geschützt.",
            HISTORY_DOC,
            Platform.NEWSLETTER,
            True,
        ),
        (
            "Reichweite auf gemieteten Plattformen ist eine Leihgabe.",
            HISTORY_DOC,
            Platform.FACEBOOK,
            False,
        ),
    ],
)
def test_a_channels_quote_is_about_that_channel(
    text: str, doc: tuple[str, str], channel: Platform, fits: bool
) -> None:
    assert about_channel(evidence(text, doc), channel) is fits


@pytest.mark.parametrize(
    ("sentence", "pointer"),
    [
        (PLAN_POINTER, True),
        (
            "Die Methode dahinter beschreibt „Platform diversification method: concentration risk“.",
            True,
        ),
        ("Details stehen in „Podcasts (Audio und Video): Plattformprofil“.", True),
        (
            "Für Werbekennzeichnung, Impressum und Newsletter-Recht siehe „Germany: Impressum duty, newsletter consent“.",
            True,
        ),
        (
            "Die Arbeitsabläufe und Prüfschritte beschreibt „AI as a tool: workflows“, die Kennzeichnungspflichten „KI-Kennzeichnung und Urheberrecht“.",
            True,
        ),
        (
            "KPIs and resource planning per stage are in “Diversifizierung mit kleinem Team: Ressourcen planen”.",
            True,
        ),
        (
            "AI-specific labelling duties under the EU AI Act are covered in “KI-Kennzeichnung und Urheberrecht”.",
            True,
        ),
        (
            "See “Follower von gemieteten Plattformen in eigene Kanäle überführen” for moving social followers to the list.",
            True,
        ),
        (
            "The original October 2024 analysis is summarised in “Summary (English): Jens Wiese's guest article”.",
            True,
        ),
        # a claim with the pointer as an aside, or beside it
        (
            "Typical steps: a fixed publishing rhythm and deliberate moves of followers into owned channels (see “Follower von gemieteten Plattformen”).",
            False,
        ),
        (
            "Für Marken heißt das: WhatsApp Channels erreichen Menschen in einer App, die sie täglich öffnen (siehe „WhatsApp Channels: platform profile“).",
            False,
        ),
        (
            "Die Kontenzahl von Bluesky zählt Registrierungen, nicht aktive Nutzer; siehe „Metric definitions across platforms: reach“.",
            False,
        ),
        (
            "Meta's generative-AI push (see “Meta's generative-AI push: products”) affects all its apps at once.",
            False,
        ),
        # quoted names that are not pointers
        (
            "Im Report „Building Trust in the Age of AI“ von Getty Images wollten etwa 90 Prozent wissen, ob ein Bild mit KI erstellt wurde.",
            False,
        ),
        (
            "Instagram-Chef Adam Mosseri nennt Aufrufe und „Sends per Reach“ als wichtigste Signale.",
            False,
        ),
        ("Vergütet werden „qualifizierte“ Aufrufe aus dem Für-dich-Feed.", False),
        (RHYTHM, False),
    ],
)
def test_a_sentence_that_only_points_to_other_documents_is_a_pointer(
    sentence: str, pointer: bool
) -> None:
    assert only_points_elsewhere(sentence) is pointer


def test_quotable_keeps_the_order_and_drops_pointers_other_channels_and_quoted_ones() -> None:
    items = [
        evidence(PLAN_POINTER, HISTORY_DOC, 1),
        evidence(RHYTHM, INSTAGRAM_DOC, 2),
        evidence("Groups remain the strongest organic format.", FACEBOOK_DOC, 3),
        evidence("Page posts reach only a fraction of followers organically.", FACEBOOK_DOC, 4),
    ]
    assert [e.number for e in quotable(items, channel=Platform.FACEBOOK)] == [3, 4]
    # quoted elsewhere in the plan (on other lines, with other spacing): not again
    taken = ["Aus den Quellen: “Groups remain the  strongest\norganic format.” [2]"]
    assert [e.number for e in quotable(items, channel=Platform.FACEBOOK, quoted=taken)] == [4]
    # without a channel (situation, content, AI): only the pointer goes
    assert [e.number for e in quotable(items)] == [2, 3, 4]


def test_a_sentence_the_plan_already_states_with_a_citation_is_not_quoted_again() -> None:
    """A playbook sentence stands in the plan with its marker before the full stop ("…
    findet [7]."); a source sentence with the same words is not quoted in a later section
    (the playbook's "podcast-worth-it" says word for word what "platform-podcasts" says)."""
    sentence = "Ohne bestehende Reichweite dauert es oft Monate, bis ein Podcast Hörer findet."
    podcasts = ("Podcasts: Plattformprofil", "platform-podcasts.de")
    items = [evidence(sentence, podcasts, 1), evidence(EFFORT, INSTAGRAM_DOC, 2)]
    stated = "Ein Test. Ohne bestehende Reichweite dauert es oft Monate, bis ein Podcast Hörer findet [7]."
    assert [e.number for e in quotable(items, quoted=[stated])] == [2]
    cited_twice = (
        "Ohne bestehende Reichweite dauert es oft Monate, bis ein Podcast Hörer findet [3][7]."
    )
    assert [e.number for e in quotable(items, quoted=[cited_twice])] == [2]
    # other words are another sentence, marker or not
    other = "Ohne bestehende Reichweite dauert es Monate, bis ein Podcast Hörer findet [7]."
    assert [e.number for e in quotable(items, quoted=[other])] == [1, 2]
