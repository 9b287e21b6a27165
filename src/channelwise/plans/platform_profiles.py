"""Planning assumptions per platform: kind of work, weekly hours, output per hour, goal fit.

The hours follow the editorial planning values in the knowledge base ("Zeitbedarf pro Woche
je Kanal"): a text channel about 2-4 h a week, a short-video channel 3-6 h, a newsletter
about 3 h. They are planning assumptions, shown as such, not measurements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from channelwise.stats import META_PLATFORMS, OWNED_PLATFORMS, Platform

Goal = Literal["reach", "revenue", "community", "resilience"]
GOALS: tuple[Goal, ...] = ("reach", "revenue", "community", "resilience")
Kind = Literal["short_video", "long_video", "visual", "text", "email", "web", "messaging", "audio"]


@dataclass(frozen=True)
class Profile:
    platform: Platform
    kind: Kind
    base_hours: float
    """Hours a week to run the channel properly (midpoint of the planning range)."""
    posts_per_hour: float
    """Posts (videos, issues, articles) one hour of work yields, including replies."""
    fit: dict[Goal, int]
    """0-3: how well the channel serves each goal."""
    b2b: bool = False


def _fit(reach: int, revenue: int, community: int, resilience: int) -> dict[Goal, int]:
    return {"reach": reach, "revenue": revenue, "community": community, "resilience": resilience}


PROFILES: dict[Platform, Profile] = {
    p.platform: p
    for p in (
        Profile(Platform.INSTAGRAM, "visual", 4.5, 0.7, _fit(2, 2, 2, 0)),
        Profile(Platform.FACEBOOK, "visual", 3.0, 1.0, _fit(1, 1, 2, 0)),
        Profile(Platform.THREADS, "text", 3.0, 1.5, _fit(1, 0, 1, 0)),
        Profile(Platform.WHATSAPP, "messaging", 1.5, 2.0, _fit(0, 1, 2, 1)),
        Profile(Platform.TIKTOK, "short_video", 4.5, 0.45, _fit(3, 1, 1, 1)),
        Profile(Platform.YOUTUBE, "long_video", 6.0, 0.25, _fit(3, 2, 2, 2)),
        Profile(Platform.LINKEDIN, "text", 3.0, 1.0, _fit(2, 3, 2, 1), b2b=True),
        Profile(Platform.PINTEREST, "visual", 2.5, 2.0, _fit(2, 2, 0, 1)),
        Profile(Platform.BLUESKY, "text", 2.5, 1.5, _fit(1, 0, 2, 2)),
        Profile(Platform.MASTODON, "text", 2.0, 1.5, _fit(0, 0, 2, 2)),
        Profile(Platform.X, "text", 3.0, 1.5, _fit(1, 1, 1, 0)),
        Profile(Platform.PODCAST, "audio", 5.0, 0.2, _fit(1, 2, 3, 2)),
        Profile(Platform.TWITCH, "long_video", 6.0, 0.3, _fit(1, 1, 3, 1)),
        Profile(Platform.SNAPCHAT, "short_video", 3.0, 0.7, _fit(1, 0, 1, 0)),
        Profile(Platform.REDDIT, "text", 2.0, 1.0, _fit(1, 0, 2, 1)),
        Profile(Platform.NEWSLETTER, "email", 3.0, 0.35, _fit(1, 3, 3, 3)),
        Profile(Platform.WEBSITE, "web", 4.0, 0.25, _fit(2, 3, 1, 3)),
        Profile(Platform.OTHER, "text", 2.0, 1.0, _fit(1, 1, 1, 1)),
    )
}

#: Channels the skeleton may propose as new tests (not Meta: the point is to diversify).
NEW_CHANNEL_CANDIDATES: tuple[Platform, ...] = (
    Platform.YOUTUBE,
    Platform.TIKTOK,
    Platform.LINKEDIN,
    Platform.PINTEREST,
    Platform.BLUESKY,
    Platform.PODCAST,
)

#: Every channel a plan can contain; excluding all of them leaves nothing to plan.
PLANNABLE: frozenset[Platform] = frozenset(
    set(NEW_CHANNEL_CANDIDATES) | set(OWNED_PLATFORMS) | set(META_PLATFORMS)
)

_ALIASES: dict[str, Platform] = {
    "ig": Platform.INSTAGRAM,
    "insta": Platform.INSTAGRAM,
    "fb": Platform.FACEBOOK,
    "yt": Platform.YOUTUBE,
    "tik tok": Platform.TIKTOK,
    "twitter": Platform.X,
    "x (twitter)": Platform.X,
    "whatsapp channels": Platform.WHATSAPP,
    "whatsapp-kanal": Platform.WHATSAPP,
    "email": Platform.NEWSLETTER,
    "e-mail": Platform.NEWSLETTER,
    "mail": Platform.NEWSLETTER,
    "blog": Platform.WEBSITE,
    "webseite": Platform.WEBSITE,
    "podcasts": Platform.PODCAST,
}


def parse_platform(name: str) -> Platform | None:
    """``"TikTok"``, ``"yt"``, ``"E-Mail"`` -> a Platform; None when unknown."""
    key = " ".join(name.strip().lower().split())
    if not key:
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        return Platform(key)
    except ValueError:
        return None


def platform_names() -> list[str]:
    return sorted(p.value for p in Platform if p is not Platform.OTHER)
