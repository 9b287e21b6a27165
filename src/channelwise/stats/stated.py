"""Channel shares a user types into a question instead of uploading exports.

"unsere reichweite kommt zu 70% von insta, 20% fb und 10% newsletter. ist das schlimm?"
states a reach split: code reads it (:func:`stated_shares`) and computes the same figures an
upload gives (``advice_figures.stated_figures``), so the answer can say "your HHI is 5,400"
without any model arithmetic. Only a split is read: at least two channels with a percentage
each (or Meta as a whole), adding up to at most 100 %. Rates ("60 % Öffnungsrate"),
changes ("+20 %") and budgets ("90 % davon geht in Meta-Ads") are not reach shares.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from channelwise.stats.formats.generic import PLATFORM_NAMES
from channelwise.stats.records import Platform

_NAMES: dict[str, Platform | None] = {
    **{k: v for k, v in PLATFORM_NAMES.items() if v is not Platform.OTHER and len(k) > 1},
    "li": Platform.LINKEDIN,
    "bsky": Platform.BLUESKY,
    "nl": Platform.NEWSLETTER,
    "tik tok": Platform.TIKTOK,
    "meta": None,  # Facebook, Instagram, Threads and WhatsApp together
}
"""What users call their channels (the names export files use, plus chat short forms); "X"
is read only as a capital letter on its own."""
_CHANNEL = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _NAMES), key=len, reverse=True)) + r")\b"
    r"|(?<![\w.])(?-i:(X))(?!\w)",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(?<![\d.,+−-])(\d{1,3}(?:[.,]\d)?)\s*(?:%|prozent\b|percent\b|pct\b)", re.I)
_NOT_A_SHARE = re.compile(
    r"\s*(?:\w+\s+)?(?:rate|quote|öffnung|open|klick|click|ctr|engagement|interaktion|"
    r"wachstum|growth|mehr|more|weniger|less|fewer|plus|minus|zuwachs|rückgang|drop|decline)",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"\b(budget\w*|ads?|werb\w*|anzeige\w*|spend\w*|ausgaben|kosten|costs?)\b|[€$£]", re.I
)
"""A question about money: its percentages are shares of a budget, not of reach."""
_GAP = 40
"""Characters at most between a percentage and the channel it belongs to."""

Channel = Platform | None
"""A platform, or None for Meta as a whole."""


def stated_shares(text: str) -> dict[Channel, float]:
    """The reach split ``text`` states, in percent points by channel (None: Meta as a
    whole); empty when it states none."""
    found, _ = _split(text)
    return found


def without_split(text: str, replacement: str) -> str:
    """``text`` with the split it states replaced (what it asks is matched without the
    figures: "insta 55 %, youtube 25 %, X 20 % – how concentrated is that?" asks how
    concentrated a reach split is, not about YouTube)."""
    found, span = _split(text)
    if not found or span is None:
        return text
    return f"{text[: span[0]]}{replacement}{text[span[1] :]}"


class _Mention(NamedTuple):
    start: int
    end: int
    channel: Channel
    value: float | None
    """The percentage (None: the mention is a channel)."""


def _split(text: str) -> tuple[dict[Channel, float], tuple[int, int] | None]:
    if _MONEY.search(text):
        return {}, None
    mentions: list[_Mention] = []
    for match in _CHANNEL.finditer(text):
        name = (match.group(1) or match.group(2)).casefold()
        mentions.append(_Mention(match.start(), match.end(), _NAMES.get(name, Platform.X), None))
    for match in _PERCENT.finditer(text):
        value = float(match.group(1).replace(",", "."))
        if 0 < value <= 100 and not _NOT_A_SHARE.match(text, match.end()):
            mentions.append(_Mention(match.start(), match.end(), None, value))
    mentions.sort(key=lambda m: m.start)
    if len({m.value is None for m in mentions}) < 2:
        return {}, None  # no percentage or no channel
    lead = mentions[0].value is None  # "insta 70 %, ..." (True) or "70 % von insta, ..."
    found: dict[Channel, float] = {}
    start, end = len(text), 0
    for first, second in itertools.pairwise(mentions):
        if (first.value is None) != lead or (second.value is None) == lead:
            continue
        if second.start - first.end > _GAP:
            continue
        named, number = (first, second) if lead else (second, first)
        if named.channel in found:
            return {}, None  # the same channel twice: not a split
        found[named.channel] = number.value or 0.0
        start, end = min(start, first.start), max(end, second.end)
    if sum(found.values()) > 100.5 or not (len(found) >= 2 or None in found):
        return {}, None
    return found, (start, end)
