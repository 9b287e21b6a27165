"""The generic template: a CSV anyone can fill in for platforms without a supported export.

Lines starting with ``#`` are documentation and are ignored when the file is read back.
"""

from __future__ import annotations

from channelwise.i18n import Language, pick
from channelwise.stats.records import Platform

TEMPLATE_COLUMNS: tuple[str, ...] = (
    "platform",
    "date",
    "followers",
    "reach",
    "impressions",
    "engagements",
    "posts",
    "clicks",
)

_HELP_EN = (
    "channelwise generic template - one row per platform and day (or month).",
    "platform: one of " + ", ".join(p.value for p in Platform) + ".",
    "date: a day (2024-03-31 or 31.03.2024) or a whole month (2024-03).",
    "followers: followers or subscribers on that date (the latest date counts).",
    "reach: accounts or people reached; impressions: times content was shown.",
    "engagements: likes/reactions + comments + shares + saves; posts: posts published.",
    "clicks: link or profile clicks. Leave a cell empty if you do not know the figure.",
    "Optional extra columns: account (name of the account), views.",
    "Numbers: 1234 or 1234.5 (1.234,5 works too). Example row:",
    "instagram,2024-03,12500,48000,95000,3100,12,420",
)
_HELP_DE = (
    "channelwise-Vorlage - eine Zeile je Plattform und Tag (oder Monat).",
    "platform: eine von " + ", ".join(p.value for p in Platform) + ".",
    "date: ein Tag (2024-03-31 oder 31.03.2024) oder ein ganzer Monat (2024-03).",
    "followers: Follower oder Abonnenten an diesem Datum (das neueste Datum zählt).",
    "reach: erreichte Konten oder Personen; impressions: wie oft Inhalte angezeigt wurden.",
    "engagements: Likes/Reaktionen + Kommentare + Teilen + Speichern; posts: Beiträge.",
    "clicks: Link- oder Profilklicks. Unbekannte Werte einfach leer lassen.",
    "Optionale Spalten: account (Name des Kontos), views (Aufrufe).",
    "Zahlen: 1234 oder 1234.5 (1.234,5 geht auch). Beispielzeile:",
    "instagram,2024-03,12500,48000,95000,3100,12,420",
)


def template_help(language: Language = "en") -> tuple[str, ...]:
    """The template's documentation, line by line."""
    return pick(language, _HELP_EN, _HELP_DE)


def template_csv(language: Language = "en") -> bytes:
    """The template as UTF-8 CSV: documentation comments, then the header row."""
    lines = [f"# {line}" for line in template_help(language)]
    lines.append(",".join(TEMPLATE_COLUMNS))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
