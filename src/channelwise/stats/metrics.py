"""Pure metric functions over a channel mix: shares, concentration, growth, engagement, what-if.

Shares are fractions (0..1). The Herfindahl-Hirschman index (HHI) is the sum of squared
percentage shares (0..10,000). Its bands follow the 2010 US Horizontal Merger Guidelines
(below 1,500 unconcentrated, 1,500-2,500 moderately, above 2,500 highly concentrated), with an
extra band above 5,000 where one platform carries most of the reach. ``10,000 / HHI`` is the
"effective number of platforms": as concentrated as that many equally strong platforms.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

import pandas as pd

from channelwise.i18n import Bilingual, Language
from channelwise.stats.records import (
    META_PLATFORMS,
    OWNED_PLATFORMS,
    ChannelMix,
    Metric,
    Platform,
    PlatformTotals,
)

K = TypeVar("K", bound=Hashable)


def shares(values: Mapping[K, float]) -> dict[K, float]:
    """Each value's fraction of the total (empty if the total is not positive)."""
    clean = {k: float(v) for k, v in values.items() if v is not None and v > 0}
    total = sum(clean.values())
    if total <= 0:
        return {}
    return {k: v / total for k, v in values.items() if k in clean}


def reach_shares(mix: ChannelMix) -> dict[Platform, float]:
    """Share of reach per platform (reach, or the closest measure each export offers)."""
    return shares(mix.reach())


def follower_shares(mix: ChannelMix) -> dict[Platform, float]:
    """Share of the audience (followers; active subscribers for newsletters) per platform."""
    return shares(mix.audience())


def meta_share(platform_shares: Mapping[Platform, float]) -> float:
    """Share held by Meta's platforms: Facebook, Instagram, Threads and WhatsApp."""
    return sum(v for p, v in platform_shares.items() if p in META_PLATFORMS)


def owned_share(platform_shares: Mapping[Platform, float]) -> float:
    """Share held by owned channels (newsletter, website) rather than rented platforms."""
    return sum(v for p, v in platform_shares.items() if p in OWNED_PLATFORMS)


def hhi(fractions: Mapping[K, float]) -> float:
    """Herfindahl-Hirschman index of shares given as fractions: 0..10,000."""
    return sum((100.0 * v) ** 2 for v in fractions.values())


class Band(StrEnum):
    DIVERSIFIED = "diversified"
    MODERATE = "moderately concentrated"
    CONCENTRATED = "highly concentrated"
    DOMINANT = "dominated by one platform"


_BAND_TEXT: dict[Band, Bilingual] = {
    Band.DIVERSIFIED: Bilingual(
        "well diversified: no platform dominates", "gut gestreut: keine Plattform dominiert"
    ),
    Band.MODERATE: Bilingual(
        "moderately concentrated: a few platforms carry most of it",
        "mäßig konzentriert: wenige Plattformen tragen den Großteil",
    ),
    Band.CONCENTRATED: Bilingual(
        "highly concentrated: one or two platforms carry nearly everything",
        "stark konzentriert: ein oder zwei Plattformen tragen fast alles",
    ),
    Band.DOMINANT: Bilingual(
        "dominated by one platform: losing it would cut most of your reach",
        "von einer Plattform beherrscht: fällt sie weg, ist der Großteil der Reichweite weg",
    ),
}


def hhi_band(index: float) -> Band:
    if index < 1500:
        return Band.DIVERSIFIED
    if index <= 2500:
        return Band.MODERATE
    if index <= 5000:
        return Band.CONCENTRATED
    return Band.DOMINANT


@dataclass(frozen=True)
class Concentration:
    hhi: float
    band: Band
    effective_platforms: float

    def text(self, language: Language = "en") -> str:
        return _BAND_TEXT[self.band].get(language)


def concentration(values: Mapping[K, float]) -> Concentration | None:
    """HHI, plain-language band and effective number of platforms (None without data)."""
    fractions = shares(values)
    if not fractions:
        return None
    index = hhi(fractions)
    return Concentration(index, hhi_band(index), 10_000.0 / index)


@dataclass(frozen=True)
class Growth:
    start: float
    end: float
    absolute: float
    relative: float | None  # None when the start is zero
    net: bool = True  # False: gross new follows (unfollows not subtracted)


def growth(start: float, end: float, *, net: bool = True) -> Growth:
    change = end - start
    return Growth(start, end, change, change / start if start else None, net)


def follower_growth(totals: PlatformTotals) -> Growth | None:
    """Growth over the period: followers at the end vs. end minus the change."""
    end = totals.audience
    change = totals.value(Metric.FOLLOWER_CHANGE)
    net = True
    if change is None:
        change, net = totals.value(Metric.FOLLOWS), False
    if end is None or change is None:
        return None
    return growth(end - change, end, net=net)


def growth_by_period(
    series: pd.Series, freq: str = "MS", *, stock: bool = True
) -> list[tuple[pd.Timestamp, Growth]]:
    """Period-over-period growth of a daily series (month starts by default).

    A level (``stock``, e.g. followers) is compared at the last day of each period; a flow
    (views ...) is compared as the period's total.
    """
    clean = series.dropna()
    if clean.empty:
        return []
    grouped = clean.groupby(pd.Grouper(freq=freq))
    per_period = grouped.last() if stock else grouped.sum(min_count=1)
    per_period = per_period.dropna()
    out: list[tuple[pd.Timestamp, Growth]] = []
    items = list(per_period.items())
    for (_, prev), (when, cur) in itertools.pairwise(items):
        out.append((pd.Timestamp(str(when)), growth(float(prev), float(cur))))
    return out


@dataclass(frozen=True)
class EngagementRate:
    platform: Platform
    rate: float
    numerator: float
    denominator: float
    definition: Bilingual


#: platform -> (numerator metric, denominator metric, definition)
_ER: dict[Platform, tuple[Metric, Metric, Bilingual]] = {
    Platform.FACEBOOK: (
        Metric.ENGAGEMENTS,
        Metric.REACH,
        Bilingual(
            "reactions, comments and shares ÷ reach",
            "Reaktionen, Kommentare und Teilen ÷ Reichweite",
        ),
    ),
    Platform.INSTAGRAM: (
        Metric.ENGAGEMENTS,
        Metric.REACH,
        Bilingual(
            "likes, comments, shares and saves ÷ reach",
            "Likes, Kommentare, Teilen und Speichern ÷ Reichweite",
        ),
    ),
    Platform.TIKTOK: (
        Metric.ENGAGEMENTS,
        Metric.VIEWS,
        Bilingual(
            "likes, comments and shares ÷ video views",
            "Likes, Kommentare und Teilen ÷ Videoaufrufe",
        ),
    ),
    Platform.YOUTUBE: (
        Metric.ENGAGEMENTS,
        Metric.VIEWS,
        Bilingual("likes, comments and shares ÷ views", "Likes, Kommentare und Teilen ÷ Aufrufe"),
    ),
    Platform.LINKEDIN: (
        Metric.ENGAGEMENTS,
        Metric.IMPRESSIONS,
        Bilingual(
            "clicks, reactions, comments and reposts ÷ impressions (LinkedIn)",
            "Klicks, Reaktionen, Kommentare und Reposts ÷ Impressionen (LinkedIn)",
        ),
    ),
    Platform.WEBSITE: (
        Metric.ENGAGED_SESSIONS,
        Metric.SESSIONS,
        Bilingual(
            "engaged sessions ÷ sessions (Google Analytics 4)",
            "Sitzungen mit Interaktionen ÷ Sitzungen (Google Analytics 4)",
        ),
    ),
}
_ER_FALLBACK: tuple[tuple[Metric, Bilingual], ...] = (
    (Metric.REACH, Bilingual("engagements ÷ reach", "Interaktionen ÷ Reichweite")),
    (Metric.IMPRESSIONS, Bilingual("engagements ÷ impressions", "Interaktionen ÷ Impressionen")),
    (Metric.VIEWS, Bilingual("engagements ÷ views", "Interaktionen ÷ Aufrufe")),
)


def engagement_rate(totals: PlatformTotals) -> EngagementRate | None:
    """Engagement rate by the platform's own definition.

    None if a figure is missing, or if the two figures come from different files (for
    example engagements from a post export, reach from a daily reach file).

    Platforms without their own definition (template rows, X, Pinterest ...) use
    engagements ÷ reach, else ÷ impressions, else ÷ views.
    """
    spec = _ER.get(totals.platform)
    if spec is not None:
        numerator, denominator, definition = spec
        top, bottom = totals.value(numerator), totals.value(denominator)
        if top is None or not bottom or not _same_files(totals, numerator, denominator):
            return None
        return EngagementRate(totals.platform, top / bottom, top, bottom, definition)
    top = totals.value(Metric.ENGAGEMENTS)
    if top is None:
        return None
    for denominator, definition in _ER_FALLBACK:
        bottom = totals.value(denominator)
        if bottom and _same_files(totals, Metric.ENGAGEMENTS, denominator):
            return EngagementRate(totals.platform, top / bottom, top, bottom, definition)
    return None


def _same_files(totals: PlatformTotals, a: Metric, b: Metric) -> bool:
    """A rate only makes sense when both figures come from the same files."""
    if not totals.metric_sources:
        return True
    return set(totals.metric_sources.get(a, ())) == set(totals.metric_sources.get(b, ()))


@dataclass(frozen=True)
class WhatIf:
    drop: float  # fraction, e.g. 0.5
    before: float
    after: float
    lost: float
    lost_share: float  # fraction of the total reach that would be lost
    per_platform: dict[Platform, float]


def what_if_meta_drop(reach: Mapping[Platform, float], drop: float) -> WhatIf:
    """Total reach if Meta's organic reach (Facebook, Instagram, Threads, WhatsApp) fell.

    ``drop`` is a fraction between 0 and 1 (0.3 = 30 %).
    """
    if not 0.0 <= drop <= 1.0:
        raise ValueError("drop must be a fraction between 0 and 1")
    after = {p: v * (1 - drop) if p in META_PLATFORMS else v for p, v in reach.items()}
    before_total = sum(reach.values())
    after_total = sum(after.values())
    lost = before_total - after_total
    return WhatIf(
        drop, before_total, after_total, lost, lost / before_total if before_total else 0.0, after
    )
