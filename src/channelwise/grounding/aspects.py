"""Which part of a platform's document a follow-up asks about.

Every platform document has the same sections (audience, formats, distribution,
monetisation, effort, metrics, risks). "can the channel itself make us any money?" after a
Telegram question asks for Telegram's monetisation section; matched as a whole, the
conversation's words pull it to the section the previous answer came from, or to another
platform's monetisation.
"""

from __future__ import annotations

import re

from channelwise.grounding.matching import SectionKey
from channelwise.knowledge.aliases import platforms_at, platforms_in
from channelwise.knowledge.records import pair_id
from channelwise.knowledge.snapshot import IndexSnapshot

_ASPECTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (heading, re.compile(words, re.IGNORECASE))
    for heading, words in (
        (
            "Monetization",
            r"\b(earn\w*|money|monetis\w*|monetiz\w*|revenue|payouts?|ads|advertis\w*|"
            r"partner ?program\w*|creator fund|subs|verdien\w*|geld|einnahm\w*|monetar\w*|"
            r"auszahl\w*|werbung|werbeanzeigen|anzeigen schalten|partnerprogramm\w*)\b",
        ),
        (
            "Metrics and definitions",
            r"\b(metrics?|kpis?|numbers|stats|statistics|analytics|insights|measure\w*|"
            r"impressions|kennzahl\w*|zahlen|messen|statistik\w*|auswert\w*|impressionen|"
            r"count(?:s|ed)? as|"
            # "how do we tell if our updates are working?", "woran sehen wir, ob das klappt?",
            # "woran sehen wir denn, ob das überhaupt jemand liest?"
            r"(?:tell|know|see|check|sehen|merken|erkennen)\b.{0,40}\b(?:if|whether|ob)\b"
            r".{0,40}\b(?:work\w*|klappt|funktioniert|wirkt|ankommt|läuft)|"
            r"(?:how (?:do|can|would|will|could) (?:we|i|you) (?:tell|know|see|check)|"
            r"woran (?:sehen|merken|erkennen)|wie (?:sehen|merken|erkennen) (?:wir|ich|man))"
            r"\b.{0,30}\b(?:if|whether|ob))\b",
        ),
        (
            "Effort for a small team",
            r"\b(how much time|how many hours|hours? (?:a|per) week|time commitment|effort|"
            r"workload|how much work|aufwand\w*|wie viel zeit|zeitaufwand|wie viele stunden|"
            r"stunden (?:pro|die|in der) woche|wie viel arbeit|how (?:many|often)\b.{0,20}\bposts?|"
            r"wie (?:viele|oft)\b.{0,20}\b(?:posts?|beiträge|posten))\b",
        ),
        (
            "Risks",
            r"\b(risks?|risky|dangers?|dangerous|downsides?|pitfalls?|watch out|gefahr\w*|"
            r"risiko|risiken|riskant|haken|nachteile?|aufpassen|safe|unsafe|"
            r"(?:überhaupt|wirklich|eigentlich|denn|auch) sicher|fined|fines|penalt\w*|"
            r"sanction\w*|strafe\w*|bußgeld\w*|sanktion\w*|go wrong|schief ?gehen|banned|"
            r"gesperrt|sperre|sperrung)\b",
        ),
        (
            "Formats",
            r"\b(formats?|formate?|post types?|video length|how long can|welche art von)\b",
        ),
        (
            "How distribution works",
            r"\b(algorithm\w*|algorithmus|for you|ausgespielt|ausspiel\w*|discover\w*|"
            r"recommend\w*|empfiehlt|empfehlungs\w*|who sees|wer \w* ?sieht|"
            r"followers?\W+(?:\w+\W+){0,2}see|follower\W+(?:\w+\W+){0,2}sehen)\b",
        ),
        (
            "Audience",
            r"\b(audience|who uses|who is on|age groups?|demographics?|how old|zielgruppe\w*|"
            r"publikum|wer nutzt|wer ist (?:da|dort)|wie alt|altersgruppe\w*|how big is|"
            r"wie groß ist|wer hängt)\b",
        ),
    )
)


def aspect_of(question: str) -> str | None:
    """The heading of the one platform-document section ``question`` asks about (None when
    it asks about none, or several)."""
    found = [heading for heading, words in _ASPECTS if words.search(question)]
    return found[0] if len(found) == 1 else None


_DOC_OF = {
    "Twitter": "platform-x",
    "WhatsApp": "platform-whatsapp-channels",
    "Spotify": "platform-podcasts",
}
_WITHOUT_DOC = frozenset({"Messenger", "Discord", "Substack", "Beehiiv", "Mailchimp"})
"""Platforms the knowledge base covers inside other documents (Discord under communities)."""
_PODCAST = re.compile(r"\bpodcast\w*", re.IGNORECASE)


def platform_docs(text: str) -> list[str]:
    """The platform documents ``text`` names, in order ("podcast" names the podcasts one)."""
    named = _docs(platforms_in(text))
    if _PODCAST.search(text):
        named.append("platform-podcasts")
    return list(dict.fromkeys(named))


def platform_docs_at(text: str) -> list[str]:
    """The platform documents ``text`` names after a preposition ("and on insta …"), not in
    passing ("our insta followers")."""
    return _docs(platforms_at(text))


def _docs(platforms: list[str]) -> list[str]:
    return [_DOC_OF.get(p, f"platform-{p.casefold()}") for p in platforms if p not in _WITHOUT_DOC]


def section_of(snap: IndexSnapshot, doc: str, heading: str) -> SectionKey | None:
    """The key of ``doc``'s section headed ``heading`` (English heading)."""
    for chunk in snap.chunks:
        if chunk.doc_id == f"{doc}.en" and chunk.heading.split(" > ")[0] == heading:
            return pair_id(chunk.doc_id), chunk.section
    return None


def heading_of(snap: IndexSnapshot, key: SectionKey) -> str | None:
    """The English heading of the section ``key``."""
    for chunk in snap.chunks:
        if chunk.doc_id == f"{key[0]}.en" and chunk.section == key[1]:
            return chunk.heading.split(" > ")[0]
    return None


_ON_METRICS = re.compile(r"\b(metrics?|measuring|kpis?)\b", re.IGNORECASE)
"""Headings of other documents' sections on measuring ("Measuring community health")."""


def sections_on(snap: IndexSnapshot, doc: str, heading: str) -> frozenset[SectionKey]:
    """The sections of ``doc`` headed ``heading``; for metrics, also those whose heading is
    about measuring ("Metrics that still work", "KPIs in the test phase")."""
    found = set()
    for chunk in snap.chunks:
        if chunk.doc_id != f"{doc}.en":
            continue
        own = chunk.heading.split(" > ")[0]
        if own == heading or (heading == "Metrics and definitions" and _ON_METRICS.search(own)):
            found.add((pair_id(chunk.doc_id), chunk.section))
    return frozenset(found)
