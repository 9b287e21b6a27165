"""Questions just outside the knowledge base: a service it never mentions, a country whose
law it does not cover, a detail it never states.

"lohnt sich xing noch für b2b?" lands right next to the LinkedIn profile, and "how many
characters can a threads post have?" next to Threads' formats: their embeddings match well,
yet the knowledge base cannot answer them. Three checks by code catch such near misses:

* **Foreign names.** The question names a platform, app or marketing tool from
  :data:`SERVICE_NAMES` that no document mentions.
* **Foreign law.** The question asks about the law or a regulator of a country outside
  Germany and the EU.
* **Missing units.** The question asks for a price, a character count, a time of day, a
  number of hashtags, a share or a benchmark rate, and the composed answer states no such
  thing; or it asks how many people use a platform, or its character limit, and the answer
  names another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from channelwise.knowledge.aliases import platforms_in

SERVICE_NAMES = frozenset(
    """
    xing kununu glassdoor tumblr bereal lemon8 clubhouse quora vimeo dailymotion rumble
    odysee vk vkontakte wechat weibo kakaotalk threema nextdoor nebenan yelp tripadvisor etsy
    onlyfans ko-fi buymeacoffee linktree hootsuite sproutsocial agorapulse planoly semrush
    ahrefs sistrix similarweb matomo shopify woocommerce wix squarespace jimdo webflow
    cleverreach brevo sendinblue mailerlite convertkit klaviyo activecampaign getresponse
    flodesk rapidmail canva capcut hubspot salesforce zapier brandwatch talkwalker meltwater
    pixelfed peertube lemmy truthsocial parler beehiiv gumroad kajabi teachable thinkific
    skool soundcloud deezer audible riverside descript streamyard restream trovo lightroom
    photoshop vidiq tubebuddy socialblade hypeauditor modash upfluence trustpilot provenexpert
    typeform calendly hotjar plausible etracker piwik supermetrics metricool sprinklr emplifi
    publer loomly trello asana airtable temu shein zalando idealo
    """.split()
)
"""Platforms, apps and tools managers ask about (lower case). Only those the indexed
documents never mention count as foreign: adding a document about one makes it known."""
_DOMAIN = re.compile(r"\.(de|com|io|net|org|app|co|fm|tv|ai)$")
"""A service named by its domain ("plausible.io", "beehiiv.com")."""
_WORD = re.compile(r"[a-z0-9][a-z0-9.+-]*[a-z0-9]|[a-z0-9]", re.IGNORECASE)


def foreign_names(question: str, known: frozenset[str]) -> list[str]:
    """Services named in ``question`` that no word of the knowledge base (``known``, see
    :func:`known_words`) is."""
    found = []
    for token in _WORD.findall(question.casefold()):
        name = _DOMAIN.sub("", token)
        if name in SERVICE_NAMES and name not in known:
            found.append(name)
    return list(dict.fromkeys(found))


_COUNTRY = re.compile(
    r"\b(uk|u\.k\.|britain|british|england|english law|usa|u\.s\.a?\.?|america|american|"
    r"kanada|canada|canadian|australi\w*|schweiz\w*|swiss|switzerland|österreich\w*|austria\w*|"
    r"frankreich|france|french|französisch\w*|spanien|spain|spanish|italien|italy|italian|"
    r"niederlande|netherlands|dutch|kalifornien|california|indien|india|brasilien|brazil)\b"
    r"|\bUS\b",
    re.IGNORECASE,
)
"""Countries whose law no document covers (the documents cover Germany and the EU)."""
_LAW = re.compile(
    r"\b(law|laws|legal|illegal|act|rules?|regulat\w*|regulator|ftc|asa|ofcom|"
    r"\w*gesetz\w*|recht\w*|rechtlich\w*|vorschrift\w*|regel\w*|\w*pflicht\w*|erlaubt)\b",
    re.IGNORECASE,
)
_HOME = re.compile(r"\b(eu|europe\w*|europa|deutsch\w*|german\w*|dsgvo|gdpr)\b", re.IGNORECASE)


def foreign_law(question: str) -> list[str]:
    """The country whose law the question asks about, when no document covers it ("what are
    the UK ASA rules for influencer ad disclosure?"); empty when it asks about Germany or the
    EU too (the country's lower-case "us" is a pronoun)."""
    if not _LAW.search(question) or _HOME.search(question):
        return []
    countries = (m.group(0) for m in _COUNTRY.finditer(question))
    return [c.casefold() for c in countries if c.casefold() != "us" or c == "US"][:1]


_TEXT = (
    r"(?:posts?|beitr(?:a|ä)g\w*|captions?|texts?|texte|betreff\w*|subject lines?|headlines?"
    r"|überschrift\w*|bios?|tweets?)"
)
_GAP = r"(?:\W+\w+){0,6}?\W+"
"""Up to six words between two parts of a question."""

_UNITS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (  # a price
        re.compile(
            r"\b(was kostet|kostet|kosten|preis\w*|price\w*|cost\w*|how much (is|does|do|are))\b",
            re.IGNORECASE,
        ),
        re.compile(r"[€$£]|\b(euros?|eur|dollars?|us-dollars?|usd|cents?|kostenlos|free)\b", re.I),
    ),
    (  # a length in characters
        re.compile(r"\b(zeichen|characters?|chars?)\b", re.IGNORECASE),
        re.compile(r"\d[\d.,]*\s*(zeichen|characters?)", re.IGNORECASE),
    ),
    (  # a time of day
        re.compile(r"\b(uhrzeit|tageszeit|time of day|what time|best time|beste zeit)\b", re.I),
        re.compile(r"\b\d{1,2}([:.]\d{2})?\s*(uhr|am|pm|h)\b", re.IGNORECASE),
    ),
    (  # a number of hashtags
        re.compile(r"\bhow many hashtags|wie viele hashtags\b", re.IGNORECASE),
        re.compile(r"\d+\s*hashtags?", re.IGNORECASE),
    ),
    (  # a share ("welchen anteil", "what percentage") or a benchmark rate ("normal open rate")
        re.compile(
            r"\b(what|which) (share|percentage|per ?cent)|\bhow many per ?cent|"
            r"\bwelche[nrs]? anteil|\bwie ?viel\w* prozent|\bbenchmarks?\b|"
            r"\b(normal|typical|average|good|realistic|normale?[nrs]?|typische?[nrs]?|"
            r"durchschnittliche?[nrs]?|gute?[nrs]?|realistische?[nrs]?)\W+(\w+\W+){0,2}?"
            r"\w*(rate|quote)\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"%|\b(prozent|percent|per cent|half|hälfte|third|drittel|quarter|viertel)\b", re.I
        ),
    ),
    (  # the length of a text ("ideal length for a linkedin post", not "wie lange dauert …")
        re.compile(
            rf"\b(?:length|länge)\b{_GAP}{_TEXT}\b|\b{_TEXT}{_GAP}(?:length|länge)\b"
            rf"|\bhow long (?:should|can|may|is|are){_GAP}{_TEXT}(?:\W+\w+){{0,3}}?\W+be\b"
            rf"|\bwie lang\b{_GAP}{_TEXT}\b",
            re.IGNORECASE,
        ),
        re.compile(r"\d[\d.,]*\s*(zeichen|characters?|words?|wörter\w*|zeilen|lines?)\b", re.I),
    ),
)


_EFFORT = re.compile(
    r"\b(zeit|time|stunden?|hours?|minuten|minutes?|aufwand|effort|arbeit|work)\b", re.I
)
"""What a question that "costs" asks about when it is not money ("wie viel zeit kostet das")."""


def missing_units(question: str, answer: str) -> bool:
    """The question asks for a price, characters, a time of day, a hashtag count or the
    length of a text, and ``answer`` states none."""
    units = _UNITS[1:] if _EFFORT.search(question) else _UNITS  # time, not money
    return any(ask.search(question) and not has.search(answer) for ask, has in units)


_USERS = re.compile(
    r"\b(how many|wie ?viele?)\W+(\w+\W+){0,3}?(users?|people|members|nutzer\w*|menschen|"
    r"leute|mitglieder)\b",
    re.IGNORECASE,
)
_OWN_FIGURES = (_USERS, _UNITS[1][0])
"""Figures that belong to one platform: its users, its character limit."""


def missing_subject(question: str, answer: str) -> bool:
    """The question asks how many people use a platform it names ("how many monthly active
    users does discord have in germany") or its character limit, and ``answer`` names none
    of its platforms as the documents spell them (it gives another platform's figure:
    Bluesky's "threads, quote posts" are no Threads)."""
    named = platforms_in(question)
    if not named or not any(ask.search(question) for ask in _OWN_FIGURES):
        return False
    return not any(re.search(rf"\b{re.escape(name)}\b", answer) for name in named)


def known_words(texts: Iterable[str]) -> frozenset[str]:
    """Every word of the knowledge base in lower case (what :func:`foreign_names` checks)."""
    words: set[str] = set()
    for text in texts:
        for token in _WORD.findall(text.casefold()):
            words.add(token)
            words.add(token.removesuffix(".de").removesuffix(".com"))
    return frozenset(words)
