"""A plan channel's "why" from the playbook: the entry for that channel, tailored to the
plan's figures, and only its sentences that rest on the channel's own document.

"Soll ich zu TikTok wechseln?" has a playbook entry whose answer cites, among others,
TikTok's profile; those sentences (about TikTok) stand under the plan's TikTok channel, with
the user's Meta share filled in by code where the entry's variant uses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from channelwise.i18n import Language
from channelwise.knowledge.records import Citation
from channelwise.plans.quote_rules import document_platform
from channelwise.plans.records import Plan
from channelwise.stats import Platform
from channelwise.stats.advice_figures import BAND_KEYS

if TYPE_CHECKING:
    from channelwise.grounding.grounder import Grounder

CHANNEL_ENTRIES: dict[Platform, str] = {
    Platform.TIKTOK: "shift-effort-to-tiktok",
    Platform.YOUTUBE: "shift-effort-to-youtube",
    Platform.LINKEDIN: "shift-effort-to-linkedin",
    Platform.PINTEREST: "shift-effort-to-pinterest",
    Platform.THREADS: "shift-effort-to-threads",
    Platform.BLUESKY: "shift-effort-to-bluesky",
    Platform.NEWSLETTER: "shift-effort-to-newsletter",
    Platform.INSTAGRAM: "keep-instagram",
    Platform.FACEBOOK: "keep-facebook-page",
    Platform.X: "leave-x",
    Platform.WHATSAPP: "whatsapp-channels-worth-it",
    Platform.REDDIT: "reddit-for-brands",
    Platform.SNAPCHAT: "snapchat-worth-it",
    Platform.MASTODON: "mastodon-for-brands",
    Platform.PODCAST: "podcast-worth-it",
    Platform.TWITCH: "twitch-worth-it",
    Platform.WEBSITE: "move-followers-to-website",
}
MAX_SENTENCES = 2


def plan_figures(plan: Plan) -> dict[str, float | str | int | None]:
    """The plan's figures as playbook slots (shares in percent points)."""
    situation = plan.skeleton.situation
    shares = {c.platform: c.reach_share for c in situation.channels if c.reach_share is not None}
    growth = {
        c.platform: c.growth_relative for c in situation.channels if c.growth_relative is not None
    }
    top = max(shares, key=lambda p: shares[p], default=None)
    fastest = max(growth, key=lambda p: growth[p], default=None)

    def points(value: float | None) -> float | None:
        return None if value is None else round(100.0 * value, 1)

    return {
        "meta_share": points(situation.meta_reach_share),
        "owned_share": points(situation.owned_reach_share),
        "hhi": round(situation.hhi) if situation.hhi is not None else None,
        "concentration": BAND_KEYS[situation.band] if situation.band is not None else None,
        "top_platform": top.label if top is not None else None,
        "top_share": points(shares[top]) if top is not None else None,
        "fastest_platform": fastest.label if fastest is not None else None,
        "fastest_growth": points(growth[fastest]) if fastest is not None else None,
        "platforms": len(situation.channels) or None,
    }


def channel_sentences(
    grounder: Grounder,
    channel: Platform,
    language: Language,
    figures: dict[str, float | str | int | None],
) -> list[tuple[str, Citation]]:
    """The channel's playbook sentences that cite the channel's own document, with their
    citations (empty when the channel has no entry or none of its sentences does)."""
    entry_id = CHANNEL_ENTRIES.get(channel)
    if entry_id is None:
        return []
    composed = grounder.entry(entry_id, language, figures)
    if composed is None:
        return []
    by_number = {c.number: c for c in composed.citations}
    out = []
    for number, text in composed.numbered():
        citation = by_number.get(number)
        if citation is not None and document_platform(citation.title, citation.doc_id) == channel:
            out.append((text, citation))
    return out[:MAX_SENTENCES]
