"""Proper names of the knowledge base: platforms, companies, people, products.

Answers may only name what the evidence names; this lexicon says which words are names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CAPITALISED = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-ZÄÖÜ][\w'’-]+")


PLATFORMS = frozenset(
    """Facebook Instagram Threads WhatsApp Messenger TikTok YouTube LinkedIn X Twitter Bluesky
    Pinterest Snapchat Telegram Twitch Mastodon Reddit Discord Substack Beehiiv Mailchimp
    Spotify""".split()
)


def entity_lexicon(english_texts: Iterable[str], extra: Iterable[str] = ()) -> frozenset[str]:
    """Proper names: words capitalised in the middle of English sentences, plus ``extra``.

    English capitalises only names (and "I"), so a word that is capitalised mid-sentence in
    the English documents is a platform, company, person or product. German documents are
    not used: German capitalises every noun.
    """
    names: set[str] = {e for e in extra}
    for text in english_texts:
        for line in text.splitlines():
            for match in _CAPITALISED.finditer(line.strip()):
                word = match.group(0).rstrip("'’-")
                if word.endswith(("'s", "’s")):
                    word = word[:-2]
                if len(word) > 1 and not word.isupper():
                    names.add(word)
    return frozenset(names - _NOT_NAMES)


_NOT_NAMES = frozenset(
    """The This That These Those It Its In On At For From With By To Of And Or But If When
    While As A An Since Until After Before During Why How What Which Who Where Is Are Be
    Was Were Do Does Did Not No Yes All Some Most Many Few Each Every More Less Also Only
    Then Than So Such Both Either Neither Our Your Their His Her We You They He She I""".split()
)
