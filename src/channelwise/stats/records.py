"""The normalized, typed records every export is turned into.

One :class:`SourceStats` per recognized export file (or per platform for the generic
template); several of them combine into a :class:`ChannelMix` inside a :class:`StatsResult`.
Every metric carries a short note saying how it was derived from the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Literal

import pandas as pd

from channelwise.i18n import Bilingual, Language, pick


class Platform(StrEnum):
    YOUTUBE = "youtube"
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    THREADS = "threads"
    WHATSAPP = "whatsapp"
    TIKTOK = "tiktok"
    LINKEDIN = "linkedin"
    X = "x"
    PINTEREST = "pinterest"
    SNAPCHAT = "snapchat"
    TWITCH = "twitch"
    BLUESKY = "bluesky"
    MASTODON = "mastodon"
    REDDIT = "reddit"
    PODCAST = "podcast"
    NEWSLETTER = "newsletter"
    WEBSITE = "website"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _PLATFORM_LABELS.get(self, self.value.capitalize())


_PLATFORM_LABELS = {
    Platform.YOUTUBE: "YouTube",
    Platform.TIKTOK: "TikTok",
    Platform.LINKEDIN: "LinkedIn",
    Platform.WHATSAPP: "WhatsApp",
    Platform.X: "X (Twitter)",
}

#: Platforms owned by Meta Platforms, Inc.
META_PLATFORMS: frozenset[Platform] = frozenset(
    {Platform.FACEBOOK, Platform.INSTAGRAM, Platform.THREADS, Platform.WHATSAPP}
)
#: Channels whose audience the user owns (can export and take elsewhere).
OWNED_PLATFORMS: frozenset[Platform] = frozenset({Platform.NEWSLETTER, Platform.WEBSITE})


class Metric(StrEnum):
    FOLLOWERS = "followers"
    FOLLOWER_CHANGE = "follower_change"
    FOLLOWS = "follows"
    SUBSCRIBERS = "subscribers"
    PAID_SUBSCRIBERS = "paid_subscribers"
    REACH = "reach"
    VIEWS = "views"
    IMPRESSIONS = "impressions"
    ENGAGEMENTS = "engagements"
    LIKES = "likes"
    COMMENTS = "comments"
    SHARES = "shares"
    SAVES = "saves"
    CLICKS = "clicks"
    VISITS = "visits"
    POSTS = "posts"
    WATCH_TIME_HOURS = "watch_time_hours"
    SESSIONS = "sessions"
    ENGAGED_SESSIONS = "engaged_sessions"

    def label(self, language: Language = "en") -> str:
        return METRIC_INFO[self].label.get(language)

    def definition(self, language: Language = "en") -> str:
        return METRIC_INFO[self].definition.get(language)


@dataclass(frozen=True)
class MetricInfo:
    label: Bilingual
    definition: Bilingual
    stock: bool = False  # a level at a point in time (latest wins), not a sum over time


METRIC_INFO: dict[Metric, MetricInfo] = {
    Metric.FOLLOWERS: MetricInfo(
        Bilingual("Followers", "Follower"),
        Bilingual(
            "Audience size (followers, subscribers) at the end of the period.",
            "Größe der Zielgruppe (Follower, Abonnenten) am Ende des Zeitraums.",
        ),
        stock=True,
    ),
    Metric.FOLLOWER_CHANGE: MetricInfo(
        Bilingual("Follower change", "Follower-Veränderung"),
        Bilingual(
            "Net change in followers over the period (gained minus lost); can be negative.",
            "Netto-Veränderung der Follower im Zeitraum (gewonnen minus verloren); "
            "kann negativ sein.",
        ),
    ),
    Metric.FOLLOWS: MetricInfo(
        Bilingual("New follows", "Neue Follows"),
        Bilingual(
            "New follows in the period, without subtracting unfollows (gross).",
            "Neue Follows im Zeitraum, ohne abgezogene Entfolgungen (brutto).",
        ),
    ),
    Metric.SUBSCRIBERS: MetricInfo(
        Bilingual("Reachable subscribers", "Erreichbare Abonnenten"),
        Bilingual(
            "Newsletter subscribers who can receive email, free and paid; email-disabled, "
            "unsubscribed, cleaned, bounced and unconfirmed addresses are not counted.",
            "Newsletter-Abonnenten, die E-Mails erhalten können, kostenlos und zahlend; "
            "deaktivierte, abgemeldete, bereinigte, unzustellbare und unbestätigte Adressen "
            "zählen nicht.",
        ),
        stock=True,
    ),
    Metric.PAID_SUBSCRIBERS: MetricInfo(
        Bilingual("Paid subscribers", "Zahlende Abonnenten"),
        Bilingual(
            "Subscribers with an active paid subscription; lapsed (expired) and complimentary "
            "subscriptions are not counted.",
            "Abonnenten mit laufendem bezahltem Abo; abgelaufene und kostenlos gewährte Abos "
            "zählen nicht.",
        ),
        stock=True,
    ),
    Metric.REACH: MetricInfo(
        Bilingual("Reach", "Reichweite"),
        Bilingual(
            "Accounts or people who saw the content. Summed over days or posts, people can be "
            "counted more than once.",
            "Konten oder Personen, die Inhalte gesehen haben. Über Tage oder Beiträge summiert "
            "können Personen mehrfach zählen.",
        ),
    ),
    Metric.VIEWS: MetricInfo(
        Bilingual("Views", "Aufrufe"),
        Bilingual(
            "Times content was viewed or played.",
            "Wie oft Inhalte angesehen oder abgespielt wurden.",
        ),
    ),
    Metric.IMPRESSIONS: MetricInfo(
        Bilingual("Impressions", "Impressionen"),
        Bilingual(
            "Times content was shown on screen.",
            "Wie oft Inhalte auf einem Bildschirm angezeigt wurden.",
        ),
    ),
    Metric.ENGAGEMENTS: MetricInfo(
        Bilingual("Engagements", "Interaktionen"),
        Bilingual(
            "Interactions with content (reactions, comments, shares, saves; per platform).",
            "Interaktionen mit Inhalten (Reaktionen, Kommentare, Teilen, Speichern; je Plattform).",
        ),
    ),
    Metric.LIKES: MetricInfo(
        Bilingual("Likes / reactions", "Likes / Reaktionen"),
        Bilingual("Likes or reactions.", "Likes oder Reaktionen."),
    ),
    Metric.COMMENTS: MetricInfo(
        Bilingual("Comments", "Kommentare"), Bilingual("Comments.", "Kommentare.")
    ),
    Metric.SHARES: MetricInfo(
        Bilingual("Shares", "Geteilt"),
        Bilingual("Shares or reposts.", "Geteilte Inhalte oder Reposts."),
    ),
    Metric.SAVES: MetricInfo(
        Bilingual("Saves", "Gespeichert"), Bilingual("Saves.", "Speicherungen.")
    ),
    Metric.CLICKS: MetricInfo(
        Bilingual("Clicks", "Klicks"),
        Bilingual("Clicks on content or links.", "Klicks auf Inhalte oder Links."),
    ),
    Metric.VISITS: MetricInfo(
        Bilingual("Profile visits", "Profilbesuche"),
        Bilingual("Visits to the profile or page.", "Besuche des Profils oder der Seite."),
    ),
    Metric.POSTS: MetricInfo(
        Bilingual(
            "Posts",
            "Beiträge",
        ),
        Bilingual(
            "Posts or videos published in the period.",
            "Im Zeitraum veröffentlichte Beiträge oder Videos.",
        ),
    ),
    Metric.WATCH_TIME_HOURS: MetricInfo(
        Bilingual("Watch time (hours)", "Wiedergabezeit (Stunden)"),
        Bilingual("Hours of video watched.", "Angesehene Videostunden."),
    ),
    Metric.SESSIONS: MetricInfo(
        Bilingual("Sessions", "Sitzungen"),
        Bilingual("Website sessions.", "Sitzungen auf der Website."),
    ),
    Metric.ENGAGED_SESSIONS: MetricInfo(
        Bilingual("Engaged sessions", "Sitzungen mit Interaktionen"),
        Bilingual(
            "Sessions longer than 10 s, with a key event or two page views (Google Analytics 4).",
            "Sitzungen über 10 s, mit Schlüsselereignis oder zwei Seitenaufrufen "
            "(Google Analytics 4).",
        ),
    ),
}

#: Columns of :attr:`SourceStats.posts` (missing values are NaN / None).
POST_COLUMNS: tuple[str, ...] = (
    "post_id",
    "title",
    "published",
    "url",
    "views",
    "reach",
    "impressions",
    "engagements",
    "likes",
    "comments",
    "shares",
    "saves",
    "clicks",
)


class PeriodSource(StrEnum):
    FILE_NAME = "file name"
    DATA = "dates in the data"
    HEADER = "header or comment lines of the export"
    OTHER_FILES = "year taken from the other uploaded files"
    ASSUMED = "assumed (the export does not say)"
    UNKNOWN = "unknown"


class Granularity(StrEnum):
    DAILY = "daily"
    PERIOD_TOTAL = "period total"
    PER_POST = "per post (lifetime)"
    SNAPSHOT = "snapshot"
    MIXED = "mixed"


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None
    source: PeriodSource = PeriodSource.UNKNOWN

    @property
    def known(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def days(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days + 1

    def overlaps(self, other: Period) -> bool:
        """True if the periods share a day, or if either is unknown (cannot prove otherwise)."""
        if not (self.known and other.known):
            return True
        assert self.start and self.end and other.start and other.end
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        if not self.known:
            return "unknown period"
        return f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"


@dataclass(frozen=True)
class MetricValue:
    value: float
    how: str  # how it was derived from the file, e.g. "sum of 'Views' over 31 daily rows"


@dataclass(frozen=True, eq=False)
class SourceStats:
    """Normalized figures from one export file (or one platform of the generic template)."""

    source: str
    format_id: str
    format_label: str
    platform: Platform
    account: str | None
    period: Period
    granularity: Granularity
    metrics: Mapping[Metric, MetricValue]
    posts: pd.DataFrame | None = None  # columns: POST_COLUMNS
    series: pd.DataFrame | None = None  # DatetimeIndex (days), one column per Metric value
    notes: tuple[str, ...] = ()
    #: What the user should know about this file (missing figures, negative days, ...).
    warnings: tuple[StatsWarning, ...] = ()

    def value(self, metric: Metric) -> float | None:
        found = self.metrics.get(metric)
        return None if found is None else found.value


@dataclass(frozen=True)
class FileReport:
    """What was recognized in one file (a member of a zip gets its own report)."""

    name: str
    status: Literal["parsed", "ignored"]
    format_id: str | None
    format_label: str
    platform: Platform | None = None
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    rows: int = 0
    columns: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class StatsWarning:
    code: str
    en: str
    de: str

    def text(self, language: Language = "en") -> str:
        return pick(language, self.en, self.de)


@dataclass(frozen=True)
class PlatformTotals:
    """Combined figures for one platform across all accounts and non-overlapping files."""

    platform: Platform
    accounts: tuple[str, ...]
    metrics: Mapping[Metric, float]
    period: Period
    sources: tuple[str, ...]
    #: Which files each metric came from (empty when built by hand).
    metric_sources: Mapping[Metric, tuple[str, ...]] = field(default_factory=dict)

    def value(self, metric: Metric) -> float | None:
        return self.metrics.get(metric)

    @property
    def audience(self) -> float | None:
        """Followers, or active subscribers for a newsletter."""
        followers = self.metrics.get(Metric.FOLLOWERS)
        return followers if followers is not None else self.metrics.get(Metric.SUBSCRIBERS)

    @property
    def reach_basis(self) -> Metric | None:
        """The metric used as this platform's reach: reach, else views, impressions, ..."""
        for metric in REACH_FALLBACK:
            if metric in self.metrics:
                return metric
        return None

    @property
    def reach(self) -> float | None:
        basis = self.reach_basis
        return None if basis is None else self.metrics[basis]


#: Order in which metrics stand in for reach when an export has no reach column.
REACH_FALLBACK: tuple[Metric, ...] = (
    Metric.REACH,
    Metric.VIEWS,
    Metric.IMPRESSIONS,
    Metric.SUBSCRIBERS,
)


@dataclass(frozen=True)
class ChannelMix:
    platforms: tuple[PlatformTotals, ...]

    def get(self, platform: Platform) -> PlatformTotals | None:
        return next((p for p in self.platforms if p.platform == platform), None)

    def reach(self) -> dict[Platform, float]:
        return {p.platform: r for p in self.platforms if (r := p.reach) is not None}

    def audience(self) -> dict[Platform, float]:
        return {p.platform: a for p in self.platforms if (a := p.audience) is not None}


@dataclass(frozen=True, eq=False)
class StatsResult:
    files: tuple[FileReport, ...]
    sources: tuple[SourceStats, ...]
    mix: ChannelMix
    warnings: tuple[StatsWarning, ...] = field(default_factory=tuple)
