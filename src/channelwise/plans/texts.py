"""Fixed plan texts in English and German: reasons, roles, tasks, risks, headings.

They are registered in the catalog (:func:`channelwise.i18n.t` looks them up and fills the
placeholders); numbers are formatted by the stats module's formatters before they are put in.
"""

from __future__ import annotations

from channelwise.i18n import Language, pick, register, t
from channelwise.stats import format_number

register(
    {
        "label.channel": {"en": "Channel", "de": "Kanal"},
        "label.why": {"en": "Why", "de": "Warum"},
        "role.maintain": {"en": "keep, with less effort", "de": "halten, mit weniger Aufwand"},
        "role.grow": {"en": "grow", "de": "ausbauen"},
        "role.owned": {"en": "owned channel: build", "de": "eigener Kanal: aufbauen"},
        "role.test": {"en": "new: 90-day test", "de": "neu: 90-Tage-Test"},
        "role.phase_out": {"en": "phase out", "de": "auslaufen lassen"},
        "reason.concentrated": {
            "en": "carries {share} of your reach: hold it, but stop adding effort here",
            "de": "trägt {share} Ihrer Reichweite: halten, aber keinen zusätzlichen Aufwand "
            "hineinstecken",
        },
        "reason.meta": {
            "en": "a Meta platform: organic reach there depends on one company's decisions",
            "de": "eine Meta-Plattform: Die organische Reichweite hängt von den Entscheidungen "
            "eines Konzerns ab",
        },
        "reason.owned": {
            "en": "an audience you own and can take with you (no algorithm between you and them)",
            "de": "eine Zielgruppe, die Ihnen gehört und die Sie mitnehmen können (kein "
            "Algorithmus dazwischen)",
        },
        "reason.existing": {
            "en": "already works for you ({share} of reach): build on it",
            "de": "funktioniert schon ({share} der Reichweite): darauf aufbauen",
        },
        "reason.kept": {"en": "you asked to keep it", "de": "Sie möchten ihn behalten"},
        "reason.avoided": {"en": "you asked to avoid it", "de": "Sie möchten ihn meiden"},
        "reason.goal_fit": {
            "en": "fits your goals: {goals}",
            "de": "passt zu Ihren Zielen: {goals}",
        },
        "reason.b2b": {
            "en": "your industry sells to businesses",
            "de": "Ihre Branche verkauft an Unternehmen",
        },
        "reason.hours": {
            "en": "fits your time: about {hours} h a week",
            "de": "passt in Ihre Zeit: etwa {hours} Std. pro Woche",
        },
        "goal.reach": {"en": "reach", "de": "Reichweite"},
        "goal.revenue": {"en": "revenue", "de": "Umsatz"},
        "goal.community": {"en": "community", "de": "Community"},
        "goal.resilience": {"en": "resilience", "de": "Resilienz"},
        "ambition.cautious": {"en": "cautious", "de": "vorsichtig"},
        "ambition.balanced": {"en": "balanced", "de": "ausgewogen"},
        "ambition.ambitious": {"en": "ambitious", "de": "ehrgeizig"},
        "task.baseline": {
            "en": "Export this month's figures from every platform (same period) and save them",
            "de": "Zahlen dieses Monats aus jeder Plattform exportieren (gleicher Zeitraum) und "
            "sichern",
        },
        "task.owned_setup": {
            "en": "Set up {channel}: sign-up page, imprint and privacy notice, double opt-in",
            "de": "{channel} einrichten: Anmeldeseite, Impressum und Datenschutz, Double-Opt-in",
        },
        "task.website_setup": {
            "en": "Update the website: one page per core topic, imprint and privacy notice, links "
            "to every profile",
            "de": "Website aktualisieren: eine Seite je Kernthema, Impressum und Datenschutz, "
            "Links zu allen Profilen",
        },
        "task.link_profiles": {
            "en": "Link {channel} from every profile and pin a post that invites people to it",
            "de": "{channel} in jedem Profil verlinken und einen Beitrag anpinnen, der dazu "
            "einlädt",
        },
        "task.reduce": {
            "en": "Move {channel} to {hours} h a week: batch production, reuse formats that work",
            "de": "{channel} auf {hours} Std. pro Woche umstellen: Produktion bündeln, bewährte "
            "Formate wiederverwenden",
        },
        "task.test_start": {
            "en": "Start the {channel} test for 8 weeks: {posts} a week, {hours} h a week",
            "de": "{channel}-Test für 8 Wochen starten: {posts} pro Woche, {hours} Std. pro Woche",
        },
        "task.grow": {
            "en": "Grow {channel}: {posts} a week, {hours} h a week",
            "de": "{channel} ausbauen: {posts} pro Woche, {hours} Std. pro Woche",
        },
        "posts.one": {"en": "{n} post", "de": "{n} Beitrag"},
        "posts.many": {"en": "{n} posts", "de": "{n} Beiträge"},
        "task.owned_rhythm": {
            "en": "Send {channel} on a fixed rhythm ({posts} per week)",
            "de": "{channel} in festem Rhythmus versenden ({posts} pro Woche)",
        },
        "task.publish": {
            "en": "Publish on the website on a fixed rhythm ({posts} per week)",
            "de": "Auf der Website in festem Rhythmus veröffentlichen ({posts} pro Woche)",
        },
        "task.phase_out": {
            "en": "Phase out {channel}: announce where people find you now, then stop posting",
            "de": "{channel} auslaufen lassen: ankündigen, wo man Sie jetzt findet, dann nicht "
            "mehr posten",
        },
        "task.review30": {
            "en": "30-day review: export figures, compare with the KPI baselines, note what worked",
            "de": "30-Tage-Rückblick: Zahlen exportieren, mit den KPI-Ausgangswerten vergleichen, "
            "festhalten, was funktioniert",
        },
        "task.review60": {
            "en": "60-day review: per test channel decide stop, hold or grow; move hours "
            "accordingly",
            "de": "60-Tage-Rückblick: je Testkanal entscheiden: stoppen, halten oder ausbauen; "
            "Stunden entsprechend verschieben",
        },
        "task.review90": {
            "en": "90-day review: upload new exports, check every KPI against its target, plan the "
            "next quarter",
            "de": "90-Tage-Rückblick: neue Exporte hochladen, jede KPI mit ihrem Ziel vergleichen, "
            "das nächste Quartal planen",
        },
        "task.lead_magnet": {
            "en": "Offer something useful for signing up to {channel} (checklist, template, "
            "briefing)",
            "de": "Einen Anreiz für die Anmeldung zu {channel} anbieten (Checkliste, Vorlage, "
            "Briefing)",
        },
        "risk.meta_drop": {
            "en": "If Meta's organic reach fell by {drop}, you would lose {lost} of your total "
            "reach.",
            "de": "Fiele die organische Meta-Reichweite um {drop}, gingen {lost} Ihrer "
            "Gesamtreichweite verloren.",
        },
        "mitigation.meta_drop": {
            "en": "Move followers to {owned} first; measure sign-ups per channel every month.",
            "de": "Follower zuerst zu {owned} holen; Anmeldungen je Kanal monatlich messen.",
        },
        "risk.hours": {
            "en": "The channels need about {needed} h a week, you have {hours} h: quality or "
            "consistency will suffer.",
            "de": "Die Kanäle brauchen etwa {needed} Std. pro Woche, Sie haben {hours} Std.: "
            "Qualität oder Regelmäßigkeit leiden.",
        },
        "mitigation.hours": {
            "en": "Produce one core piece a week and cut it into platform versions; drop the "
            "weakest test channel after 60 days.",
            "de": "Ein Kernstück pro Woche produzieren und in Plattformversionen zerlegen; den "
            "schwächsten Testkanal nach 60 Tagen einstellen.",
        },
        "risk.no_owned": {
            "en": "Newsletter and website are both excluded: every follower stays on rented "
            "platforms.",
            "de": "Newsletter und Website sind beide ausgeschlossen: Alle Follower bleiben auf "
            "gemieteten Plattformen.",
        },
        "mitigation.no_owned": {
            "en": "Reconsider at least a simple sign-up list; until then spread reach over more "
            "platforms.",
            "de": "Zumindest eine einfache Anmeldeliste erwägen; bis dahin Reichweite auf mehr "
            "Plattformen verteilen.",
        },
        "risk.periods": {
            "en": "The exports cover different periods: compare like with like before judging "
            "progress.",
            "de": "Die Exporte decken unterschiedliche Zeiträume ab: Vor einer Bewertung Gleiches "
            "mit Gleichem vergleichen.",
        },
        "mitigation.periods": {
            "en": "Export the same period from every platform for the 30/60/90-day reviews.",
            "de": "Für die 30/60/90-Tage-Rückblicke aus jeder Plattform denselben Zeitraum "
            "exportieren.",
        },
        "risk.no_stats": {
            "en": "Without exports the targets have no measured starting point.",
            "de": "Ohne Exporte haben die Ziele keinen gemessenen Ausgangswert.",
        },
        "mitigation.no_stats": {
            "en": "Upload the exports from every platform in week 1 to set the baselines.",
            "de": "In Woche 1 die Exporte aller Plattformen hochladen, um die Ausgangswerte "
            "festzulegen.",
        },
    }
)


def short_number(value: float, lang: Language) -> str:
    """``2.5`` / ``2,5``, ``3`` (no trailing zeros), up to two decimals."""
    text = format_number(value, lang, 2)
    sep = pick(lang, ".", ",")
    return text.rstrip("0").rstrip(sep) if sep in text else text


def posts_phrase(value: float, lang: Language) -> str:
    """``1 Beitrag``, ``2 Beiträge``, ``0,5 Beiträge`` / ``1 post``, ``1.5 posts``."""
    key = "posts.one" if value == 1 else "posts.many"
    return t(key, lang, n=short_number(value, lang))


register(
    {
        "section.situation": {"en": "Situation", "de": "Ausgangslage"},
        "section.goals": {"en": "Goals and resources", "de": "Ziele und Ressourcen"},
        "section.mix": {"en": "Target channel mix", "de": "Ziel-Kanalmix"},
        "section.channels": {"en": "Actions per channel", "de": "Maßnahmen je Kanal"},
        "section.owned": {"en": "Owned channel build", "de": "Aufbau eigener Kanäle"},
        "section.content": {
            "en": "Content strategy: human, authentic work",
            "de": "Content-Strategie: menschlich, authentisch",
        },
        "section.ai": {
            "en": "AI as a tool: workflow and disclosure",
            "de": "KI als Werkzeug: Ablauf und Kennzeichnung",
        },
        "section.timeline": {"en": "30/60/90-day timeline", "de": "30/60/90-Tage-Zeitplan"},
        "section.kpis": {"en": "KPIs: baseline → target", "de": "KPIs: Ausgangswert → Ziel"},
        "section.risks": {"en": "Risks and mitigations", "de": "Risiken und Gegenmaßnahmen"},
        "section.sources": {"en": "Sources", "de": "Quellen"},
        "source.other_language": {"en": "(German source)", "de": "(englische Quelle)"},
        "source.quote": {"en": "From the sources", "de": "Aus den Quellen"},
    }
)


def section_title(key: str, lang: Language) -> str:
    """Title of a plan part; ``channel:<platform>`` parts are titled by the platform."""
    if key.startswith("channel:"):
        from channelwise.stats import Platform

        return Platform(key.split(":", 1)[1]).label
    return t(f"section.{key}", lang)


# texts of the channel-mix basis and the situation sentence (issue 11)
register(
    {
        "reason.no_hours": {
            "en": "your weekly hours do not stretch to this channel as well: paused for these 90 "
            "days",
            "de": "Ihre Wochenstunden reichen nicht auch noch für diesen Kanal: für diese 90 Tage "
            "pausiert",
        },
        "basis.reach": {
            "en": "Shares are shares of reach in the exports.",
            "de": "Die Anteile sind Anteile an der Reichweite in den Exporten.",
        },
        "basis.reach_mixed": {
            "en": "Shares are shares of reach in the exports: each channel's reach, or the "
            "closest figure its export has ({bases}).",
            "de": "Die Anteile sind Anteile an der Reichweite in den Exporten: je Kanal die "
            "Reichweite oder die nächstliegende Zahl seines Exports ({bases}).",
        },
        "basis.audience": {
            "en": "Shares are shares of followers: the exports have no reach figure for "
            "{missing}, but a follower count for every channel.",
            "de": "Die Anteile sind Anteile an den Followern: Die Exporte enthalten keine "
            "Reichweite für {missing}, aber für jeden Kanal eine Follower-Zahl.",
        },
        "basis.audience_answers": {
            "en": "Shares are shares of followers, as you stated them.",
            "de": "Die Anteile sind Anteile an den Followern, wie Sie sie angegeben haben.",
        },
        "basis.hours": {
            "en": "Shares are shares of your weekly hours: no figure in the exports covers every "
            "channel (no reach for {no_reach}; no follower count for {no_audience}). Upload a "
            "reach export for {no_reach} to compare reach.",
            "de": "Die Anteile sind Anteile an Ihren Wochenstunden: Keine Zahl in den Exporten "
            "deckt alle Kanäle ab (keine Reichweite für {no_reach}; keine Follower-Zahl für "
            "{no_audience}). Laden Sie für {no_reach} einen Export mit Reichweite hoch, um "
            "die Reichweite zu vergleichen.",
        },
        "basis.hours_answers": {
            "en": "Shares are shares of your weekly hours: without exports, and without a "
            "follower count for every channel, there is no figure to compare.",
            "de": "Die Anteile sind Anteile an Ihren Wochenstunden: Ohne Exporte und ohne "
            "Follower-Zahl für jeden Kanal gibt es keine Zahl zum Vergleichen.",
        },
        "situation.one": {
            "en": "{a} carries {share} of your {basis}.",
            "de": "{a} trägt {share} Ihrer {basis}.",
        },
        "situation.two": {
            "en": "{a} and {b} together carry {share} of your {basis}.",
            "de": "{a} und {b} tragen zusammen {share} Ihrer {basis}.",
        },
        "situation.spread.reach": {
            "en": "Your reach is spread over {n} channels; none carries more than {share}.",
            "de": "Ihre Reichweite verteilt sich auf {n} Kanäle; keiner trägt mehr als {share}.",
        },
        "situation.spread.audience": {
            "en": "Your followers are spread over {n} channels; none has more than {share}.",
            "de": "Ihre Follower verteilen sich auf {n} Kanäle; keiner hat mehr als {share}.",
        },
        "situation.hours": {
            "en": "Your exports have no figure that every channel shares (no reach for "
            "{no_reach}), so the plan divides your hours, not your reach.",
            "de": "Ihre Exporte enthalten keine Zahl, die alle Kanäle gemeinsam haben (keine "
            "Reichweite für {no_reach}); der Plan verteilt deshalb Ihre Stunden, nicht Ihre "
            "Reichweite.",
        },
        "situation.answers": {
            "en": "Without exports the plan starts from your answers. Upload your figures in week "
            "one to measure progress.",
            "de": "Ohne Exporte beruht der Plan auf Ihren Angaben. Laden Sie in der ersten Woche "
            "Ihre Zahlen hoch, um Fortschritte zu messen.",
        },
        "basis.word.reach": {
            "en": "reach",
            "de": "Reichweite",
        },
        "basis.word.audience": {
            "en": "followers",
            "de": "Follower",
        },
        "plan.intro": {
            "en": "The plan",
            "de": "Der Plan",
        },
        "plan.maintain": {
            "en": "holds {channels} with less effort",
            "de": "hält {channels} mit weniger Aufwand",
        },
        "plan.grow": {
            "en": "grows {channels}",
            "de": "baut {channels} aus",
        },
        "plan.owned": {
            "en": "builds {channels} as a channel you own",
            "de": "baut {channels} als eigenen Kanal auf",
        },
        "plan.owned_many": {
            "en": "builds {channels} as channels you own",
            "de": "baut {channels} als eigene Kanäle auf",
        },
        "plan.test": {
            "en": "tests {channels}",
            "de": "testet {channels}",
        },
        "plan.phase_out": {
            "en": "lets {channels} run out",
            "de": "lässt {channels} auslaufen",
        },
        "and": {
            "en": "and",
            "de": "und",
        },
        "risk.no_owned_hours": {
            "en": "Your weekly hours leave no room for a newsletter or website: every follower "
            "stays on rented platforms.",
            "de": "Ihre Wochenstunden lassen keinen Raum für Newsletter oder Website: Alle "
            "Follower bleiben auf gemieteten Plattformen.",
        },
        "mitigation.no_owned_hours": {
            "en": "Free one hour a week for a simple sign-up list, or add it at the 30-day review.",
            "de": "Eine Stunde pro Woche für eine einfache Anmeldeliste freimachen oder sie beim "
            "30-Tage-Rückblick ergänzen.",
        },
    }
)


def join_names(names: list[str], lang: Language) -> str:
    """``A``, ``A and B``, ``A, B and C`` (German: ``und``)."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('and', lang)} {names[-1]}"
