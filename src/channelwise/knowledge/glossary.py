"""A bilingual (German <-> English) glossary of the domain's vocabulary.

BM25 cannot match a German question to an English passage on its own; expanding the
query's keywords with their translations lets it. Entries are (German, English) word
pairs; multi-word sides are split into words. Keep entries to terms a social-media
manager actually uses.
"""

from __future__ import annotations

PAIRS: tuple[tuple[str, str], ...] = (
    ("abhängigkeit", "dependency"), ("abhängig", "dependent"), ("abonnent", "subscriber"),
    ("abonnenten", "subscribers"), ("abonnement", "subscription"), ("algorithmus", "algorithm"),
    ("anzeige", "ad"), ("anzeigen", "ads"), ("aufwand", "effort"), ("aufrufe", "views"),
    ("ausspielung", "distribution"), ("authentizität", "authenticity"), ("authentisch", "authentic"),
    ("beitrag", "post"), ("beiträge", "posts"), ("bezahlen", "pay"), ("bild", "image"),
    ("bilder", "images"), ("budget", "budget"), ("chronologisch", "chronological"),
    ("community", "community"), ("datenschutz", "privacy"), ("diversifizierung", "diversification"),
    ("diversifizieren", "diversify"), ("eigene", "owned"), ("einnahmen", "revenue"),
    ("empfehlung", "recommendation"), ("empfehlungen", "recommendations"),
    ("engagement", "engagement"), ("entdecken", "discover"), ("ersteller", "creator"),
    ("ersteller", "creators"), ("erreichen", "reach"), ("follower", "followers"),
    ("formate", "formats"), ("format", "format"), ("geld", "money"), ("generiert", "generated"),
    ("geschichte", "history"), ("gewinnen", "grow"), ("impressionen", "impressions"),
    ("influencer", "influencers"), ("inhalte", "content"), ("inhalt", "content"),
    ("investition", "investment"), ("investitionen", "investments"), ("kanal", "channel"),
    ("kanäle", "channels"), ("kennzahlen", "metrics"), ("kennzahl", "metric"),
    ("kennzeichnung", "labelling"), ("kennzeichnen", "label"), ("kennzeichnet", "labels"),
    ("ki", "ai"), ("künstliche", "artificial"), ("intelligenz", "intelligence"),
    ("klicks", "clicks"), ("kommentare", "comments"), ("konto", "account"),
    ("kreativität", "creativity"), ("kunden", "customers"), ("leser", "readers"),
    ("marke", "brand"), ("markenbildung", "branding"), ("messenger", "messenger"),
    ("monetarisierung", "monetization"), ("monetarisieren", "monetize"),
    ("nachrichten", "news"), ("newsletter", "newsletter"), ("nutzer", "users"),
    ("nutzerinnen", "users"), ("offenlegen", "disclose"), ("offenlegung", "disclosure"),
    ("organisch", "organic"), ("organische", "organic"), ("plattform", "platform"),
    ("plattformen", "platforms"), ("publikum", "audience"), ("reaktion", "reaction"),
    ("reagieren", "respond"), ("regeln", "rules"), ("reichweite", "reach"),
    ("risiken", "risks"), ("risiko", "risk"), ("schnell", "fast"), ("sichtbarkeit", "visibility"),
    ("strategie", "strategy"), ("suche", "search"), ("suchmaschine", "search engine"),
    ("team", "team"), ("teilen", "shares"), ("urheberrecht", "copyright"),
    ("verbreitung", "distribution"), ("verdienen", "earn"), ("vertrauen", "trust"),
    ("verteilung", "distribution"), ("video", "video"), ("videos", "videos"),
    ("virtuelle", "virtual"), ("webseite", "website"), ("website", "website"),
    ("werbung", "advertising"), ("wachstum", "growth"), ("wachsen", "grow"),
    ("zielgruppe", "audience"), ("zuschauer", "viewers"), ("echt", "real"),
    ("kurzvideos", "short videos"), ("live", "live"), ("gemeinschaft", "community"),
    ("abhängigkeiten", "dependencies"), ("konzentration", "concentration"),
    ("eigentum", "ownership"), ("verlust", "loss"), ("rückgang", "decline"),
    ("veröffentlichen", "publish"), ("veröffentlicht", "published"), ("kosten", "costs"),
    ("stunden", "hours"), ("woche", "week"), ("ziele", "goals"), ("ziel", "goal"),
    ("gesetz", "act"), ("pflicht", "duty"), ("pflichten", "obligations"),
    ("transparenz", "transparency"), ("markensicherheit", "brand safety"),
    ("werkzeug", "tool"), ("werkzeuge", "tools"), ("arbeitsablauf", "workflow"),
    ("qualitätskontrolle", "quality control"), ("abmelden", "unsubscribe"),
    ("zustellbarkeit", "deliverability"), ("einwilligung", "consent"),
    ("bestätigung", "confirmation"), ("suchmaschinenoptimierung", "seo"),
    ("gastbeitrag", "guest article"), ("zusammenfassung", "summary"),
    ("these", "thesis"), ("kernthese", "thesis"), ("führung", "leadership"),
    ("chef", "ceo"), ("zahlen", "figures"), ("statistik", "statistics"),
)
