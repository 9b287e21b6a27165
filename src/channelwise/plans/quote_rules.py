"""Which evidence sentence may stand as a quote in a plan section.

Three rules, for every section that quotes a source:

* **It fits the channel.** A channel's "why" quotes a sentence about that channel: one from
  the channel's own document that names no other platform first, or one from a general
  document that names the channel first. Instagram's posting rhythm never stands under
  Facebook, and "Instagram ist für kleine Teams aufwendig" never under YouTube.
* **It says something.** A sentence that only points to other documents ("Details stehen in
  „…“", "See “…” for KPIs per stage") is never quoted; one with a pointer as an aside
  ("… (siehe „…“)") is.
* **Once per plan.** A sentence quoted in one section is not quoted again in another.

Pure functions over :class:`~channelwise.grounding.evidence.Evidence`; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from channelwise.grounding.evidence import Evidence
from channelwise.grounding.language import content_terms
from channelwise.stats import Platform

#: How documents and sentences name each channel (German and English; compounds such as
#: "Newsletter-Abonnenten" or "YouTube-Kanal" count). X and Threads only capitalised.
_NAMES: dict[Platform, str] = {
    Platform.YOUTUBE: r"(?i:youtube)",
    Platform.FACEBOOK: r"(?i:facebook)",
    Platform.INSTAGRAM: r"(?i:instagram)",
    Platform.THREADS: r"Threads\b",
    Platform.WHATSAPP: r"(?i:whatsapp)",
    Platform.TIKTOK: r"(?i:tik ?tok)",
    Platform.LINKEDIN: r"(?i:linkedin)",
    Platform.X: r"(?:X\b(?!-Achse)|(?i:twitter))",
    Platform.PINTEREST: r"(?i:pinterest)",
    Platform.SNAPCHAT: r"(?i:snapchat)",
    Platform.TWITCH: r"(?i:twitch)",
    Platform.BLUESKY: r"(?i:bluesky)",
    Platform.MASTODON: r"(?i:mastodon)",
    Platform.REDDIT: r"(?i:reddit)",
    Platform.PODCAST: r"(?i:podcast)",
    Platform.NEWSLETTER: r"(?i:newsletter|e-mail-liste|e-mail-verteiler|email list|mailing list)",
    Platform.WEBSITE: r"(?i:website|webseite|homepage|blog)",
}
_NAME = re.compile("|".join(rf"(?P<{p.value}>\b{pattern})" for p, pattern in _NAMES.items()))
#: Document ids of channel documents: ``platform-tiktok.de``, ``owned-newsletter.en``.
_CHANNEL_DOC = re.compile(r"^(?:platform|owned)-(?P<name>[a-z]+)")
_ID_NAMES = {"podcasts": Platform.PODCAST, "whatsapp": Platform.WHATSAPP}

#: A quoted title: „…“ (German), “…” (English), "…" or «…», at least two words.
_QUOTED = re.compile(r"[„“\"«][^„“”\"«»]*?\s[^„“”\"«»]*?[“”\"»]")
_ASIDE = re.compile(r"\([^()]*\)")
#: Words that point the reader elsewhere.
_POINTS = re.compile(
    r"\b(?:see|described|describes|covered|covers|summari[sz]ed|details?|are in|is in"
    r"|siehe|beschreib\w*|stehen in|steht in|zusammengefasst|erklärt)\b",
    re.IGNORECASE,
)
#: A clause with at least this many content words says something of its own.
_CLAIM_TERMS = 3
#: Citation markers as code writes them (``with_citations``: "… findet [7]." or "[3][7]").
_MARKERS = re.compile(r"\s*(?:\[\d+\])+")


def platforms_named(text: str) -> list[Platform]:
    """The channels ``text`` names, in the order it names them first."""
    found: list[Platform] = []
    for match in _NAME.finditer(text):
        platform = Platform(next(k for k, v in match.groupdict().items() if v))
        if platform not in found:
            found.append(platform)
    return found


def document_platform(title: str, doc_id: str) -> Platform | None:
    """The channel a document is about: its id (``platform-…``, ``owned-…``) or the one
    channel its title names before a colon ("Instagram: Reichweite verstehen")."""
    if found := _CHANNEL_DOC.match(doc_id):
        name = found.group("name")
        if name in _ID_NAMES:
            return _ID_NAMES[name]
        try:
            return Platform(name)
        except ValueError:
            pass
    named = platforms_named(title.split(":", 1)[0])
    return named[0] if len(named) == 1 else None


def about_channel(item: Evidence, channel: Platform) -> bool:
    """True when the evidence sentence is about ``channel``: from the channel's document
    and naming no other channel before it, or from a general document and naming the
    channel first. A sentence from another channel's document never is."""
    named = platforms_named(item.text)
    home = document_platform(item.title, item.doc_id)
    if home is None:
        return bool(named) and named[0] == channel
    if home != channel:
        return False
    return not named or named[0] == channel


def only_points_elsewhere(sentence: str) -> bool:
    """True for a sentence whose only content is a pointer to other documents.

    "Details stehen in „…“." and "Wie man daraus einen Plan macht, beschreiben „…“ und
    „…“." are; "Ein Grundrhythmus … (siehe „…“)." (the pointer is an aside) and "Die
    Kontenzahl zählt Registrierungen, nicht aktive Nutzer; siehe „…“." (a claim of its own
    before the pointer) are not.
    """
    text = _ASIDE.sub(" ", sentence)
    if not _QUOTED.search(text):
        return False
    if not _POINTS.search(_QUOTED.sub(" ", text)):
        return False
    for clause in text.split(";"):
        if _QUOTED.search(clause):
            continue
        if len(content_terms(_POINTS.sub(" ", clause))) >= _CLAIM_TERMS:
            return False  # a claim of its own beside the pointer
    return True


def quotable(
    items: Sequence[Evidence],
    *,
    channel: Platform | None = None,
    quoted: Collection[str] = (),
) -> list[Evidence]:
    """The items that may be quoted (order kept): about ``channel`` when one is given, not
    a mere pointer, and not already quoted in the plan (``quoted``: the plan's other texts)."""
    return [
        item
        for item in items
        if (channel is None or about_channel(item, channel))
        and not only_points_elsewhere(item.text)
        and not said_in(item.text, quoted)
    ]


def said_in(sentence: str, texts: Collection[str]) -> bool:
    """True when one of ``texts`` already holds ``sentence``: quoted, or stated with its
    citation markers (a playbook sentence stands as "… findet [7].")."""
    words = unmarked(sentence)
    return any(words in unmarked(text) for text in texts)


def unmarked(text: str) -> str:
    """``text`` without citation markers, whitespace made single spaces."""
    return normalized(_MARKERS.sub("", text))


def normalized(text: str) -> str:
    """Whitespace made single spaces (a quote in a plan is the sentence on one line)."""
    return " ".join(text.split())
