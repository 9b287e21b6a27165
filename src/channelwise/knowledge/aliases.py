"""What users type that the documents spell differently: platform short names and "the article".

Social-media managers write "insta", "IG", "YT" or "LI", and they call the source article
"der Artikel", "der Gastbeitrag", "the guest post" or just "Wiese". The documents never do.
:func:`expand` appends the names the documents use to the query, for both BM25 and the
dense embedding, so such questions find the passages that answer them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from channelwise.knowledge.names import PLATFORMS

PLATFORM_ALIASES: dict[str, str] = {
    "insta": "Instagram",
    "ig": "Instagram",
    "yt": "YouTube",
    "fb": "Facebook",
    "li": "LinkedIn",
    "tt": "TikTok",
    "wa": "WhatsApp",
    "whatsapp-kanal": "WhatsApp Channels",
    "bsky": "Bluesky",
}
_ALIAS = re.compile(r"\b(" + "|".join(map(re.escape, PLATFORM_ALIASES)) + r")\b", re.IGNORECASE)
_ARTICLE = re.compile(
    r"\b(?:(?:der|den|dem|des|im|vom|zum|laut|the|this|that|in|per)\s+(?:artikel|article)\b"
    r"|gastbeitrag\w*|guest[- ](?:post|article)|wiese\b)",
    re.IGNORECASE,
)
ARTICLE_TOPIC = "source-article"
"""The topic of the source article and its summary (their front matter says so)."""


def refers_to_article(query: str) -> bool:
    return bool(_ARTICLE.search(query))


def expand(query: str) -> str:
    """``query`` plus the document spelling of every alias it uses."""
    extra = [PLATFORM_ALIASES[m.group(1).casefold()] for m in _ALIAS.finditer(query)]
    extra = [e for e in dict.fromkeys(extra) if e.casefold() not in query.casefold()]
    return f"{query} ({' '.join(extra)})" if extra else query


_PLATFORM_NAMES = {p.casefold(): p for p in PLATFORMS} | {
    alias: name for alias, name in PLATFORM_ALIASES.items()
}
_NAMES = "|".join(sorted(map(re.escape, _PLATFORM_NAMES), key=len, reverse=True))
_PLATFORM = re.compile(r"\b(" + _NAMES + r")\b", re.IGNORECASE)


_TIMES = re.compile(r"\d\s*$")
_TIMES_AFTER = re.compile(r"\s*(\d|-?mal\b|times\b)|\.\w")


def _is_x(text: str, match: re.Match[str]) -> bool:
    """A lower-case "x" is the platform ("sollen wir x verlassen?", "our x account") unless
    it multiplies ("3 x pro woche", "x-mal", "x times") or is part of an address ("x.com")."""
    return match.group(1) == "X" or not (
        _TIMES.search(text, 0, match.start()) or _TIMES_AFTER.match(text, match.end())
    )


def _named(text: str) -> Iterator[re.Match[str]]:
    """Every place ``text`` names a platform."""
    for match in _PLATFORM.finditer(text):
        if match.group(1).casefold() != "x" or _is_x(text, match):
            yield match


def platforms_in(text: str) -> list[str]:
    """The platforms ``text`` names (short names resolved to the documents' spelling), in
    order, each once."""
    return list(dict.fromkeys(_PLATFORM_NAMES[m.group(1).casefold()] for m in _named(text)))


_AT = re.compile(
    r"\b(?:on|auf|bei|about|for|für|in|at|to|zu|über|with|mit|nach|from|von)\s+(?:the\s+|der\s+|"
    r"die\s+|dem\s+|den\s+)?$",
    re.IGNORECASE,
)


def platforms_at(text: str) -> list[str]:
    """The platforms ``text`` names after a preposition ("and on insta", "und bei yt shorts",
    "what about linkedin?"), not in passing ("unsere insta follower")."""
    found = (m for m in _named(text) if _AT.search(text, 0, m.start()))
    return list(dict.fromkeys(_PLATFORM_NAMES[m.group(1).casefold()] for m in found))


def replace_platforms(text: str, old: Sequence[str], new: str) -> str:
    """``text`` with every platform of ``old`` it names replaced by ``new``."""
    return _PLATFORM.sub(
        lambda m: new if _PLATFORM_NAMES[m.group(1).casefold()] in old else m[0], text
    )


_SPELLED = {
    name.casefold(): name
    for name in PLATFORMS
    if len(name) >= 7 and name not in ("Threads", "Twitch", "Reddit")
}
"""Platform names long enough that a word one typo away is a typo ("facebok", "pintrest")."""
_TYPO_FREE = frozenset({"youtuber", "youtubers", "messengers", "discard", "discards"})
_SPLIT_NAMES = re.compile(
    r"\b(tik[ -]to[ck]k?|tik-?tock|tic[ -]?to[ck]k?|you tube|linked in|whats app|insta gram)\b",
    re.IGNORECASE,
)
_SPLIT_SPELLING = {
    "tik": "TikTok",
    "tic": "TikTok",
    "you": "YouTube",
    "lin": "LinkedIn",
    "wha": "WhatsApp",
    "ins": "Instagram",
}
"""A name typed in two words, by its first three letters."""
_LETTERS = re.compile(r"[^\W\d_]{6,}")


def _one_typo(word: str, name: str) -> bool:
    """``word`` is ``name`` with one letter after the first wrong, missing, added or two
    swapped ("interest" is a word, not "pinterest")."""
    if word == name or word[0] != name[0] or abs(len(word) - len(name)) > 1:
        return False
    if len(word) == len(name):
        diff = [i for i, (a, b) in enumerate(zip(word, name, strict=True)) if a != b]
        swapped = (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and (word[diff[0]], word[diff[1]]) == (name[diff[1]], name[diff[0]])
        )
        return len(diff) == 1 or swapped
    short, long = sorted((word, name), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def spelled(text: str) -> str:
    """``text`` with platform names spelled as the documents do ("facebok" -> "Facebook",
    "tik tok" -> "TikTok"): a misspelled name matches nothing about its platform."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0).casefold()
        if word in _SPELLED or word in _TYPO_FREE:
            return match.group(0)
        name = next((n for n in _SPELLED if _one_typo(word, n)), None)
        return _SPELLED[name] if name else match.group(0)

    text = _SPLIT_NAMES.sub(lambda m: _SPLIT_SPELLING[m.group(1)[:3].casefold()], text)
    return _LETTERS.sub(fix, text)


_CONTEXT = re.compile(
    r"\b(?:neben|besides|on top of|apart from|außer|zusätzlich zu|as well as|"
    r"kommt (?:\w+ )?(?:von|über|aus)|kommen (?:\w+ )?(?:von|über|aus)|"
    r"comes? (?:\w+ )?from|läuft (?:\w+ )?über|laufen (?:\w+ )?über|"
    r"(?:followers?|fans|leute|leuten|people|abonnenten|abos|reichweite|reach|kunden|"
    r"customers|kundschaft|audience|publikum)\s+(?:auf|on|bei|von|from|über|via|in))\s+"
    r"((?:" + _NAMES + r")(?:\s*(?:,|und|and|&|\+|oder|or)\s*(?:" + _NAMES + r"))*)\b",
    re.IGNORECASE,
)


def context_platforms(text: str) -> list[str]:
    """The platforms ``text`` names only as where the asker stands ("neben insta und fb
    noch tiktok stemmen", "80 % unserer reichweite kommt von insta", "3000 leute auf fb"),
    not as what it asks about: named there and nowhere else."""
    spans = [m.span(1) for m in _CONTEXT.finditer(text)]
    inside = platforms_in(" ".join(text[a:b] for a, b in spans))
    rest = "".join(c if not any(a <= i < b for a, b in spans) else " " for i, c in enumerate(text))
    elsewhere = set(platforms_in(rest))
    return [p for p in inside if p not in elsewhere]
