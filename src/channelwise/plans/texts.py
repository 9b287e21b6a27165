"""Fixed plan texts in English and German: reasons, roles, tasks, risks, headings.

Placeholders are filled by :func:`t`; numbers are formatted by the stats module's
formatters before they are put in.
"""

from __future__ import annotations

from channelwise.i18n import Language
from channelwise.stats import format_number

_TEXTS: dict[str, tuple[str, str]] = {
    # roles
    "role.maintain": ("keep, with less effort", "halten, mit weniger Aufwand"),
    "role.grow": ("grow", "ausbauen"),
    "role.owned": ("owned channel: build", "eigener Kanal: aufbauen"),
    "role.test": ("new: 90-day test", "neu: 90-Tage-Test"),
    "role.phase_out": ("phase out", "auslaufen lassen"),
    # reasons
    "reason.concentrated": (
        "carries {share} of your reach: hold it, but stop adding effort here",
        "trägt {share} Ihrer Reichweite: halten, aber keinen zusätzlichen Aufwand hineinstecken",
    ),
    "reason.meta": (
        "a Meta platform: organic reach there depends on one company's decisions",
        "eine Meta-Plattform: Die organische Reichweite hängt von den Entscheidungen eines "
        "Konzerns ab",
    ),
    "reason.owned": (
        "an audience you own and can take with you (no algorithm between you and them)",
        "eine Zielgruppe, die Ihnen gehört und die Sie mitnehmen können (kein Algorithmus "
        "dazwischen)",
    ),
    "reason.existing": (
        "already works for you ({share} of reach): build on it",
        "funktioniert schon ({share} der Reichweite): darauf aufbauen",
    ),
    "reason.kept": ("you asked to keep it", "Sie möchten ihn behalten"),
    "reason.avoided": ("you asked to avoid it", "Sie möchten ihn meiden"),
    "reason.goal_fit": ("fits your goals: {goals}", "passt zu Ihren Zielen: {goals}"),
    "reason.b2b": ("your industry sells to businesses", "Ihre Branche verkauft an Unternehmen"),
    "reason.hours": (
        "fits your time: about {hours} h a week",
        "passt in Ihre Zeit: etwa {hours} Std. pro Woche",
    ),
    "goal.reach": ("reach", "Reichweite"),
    "goal.revenue": ("revenue", "Umsatz"),
    "goal.community": ("community", "Community"),
    "goal.resilience": ("resilience", "Resilienz"),
    "ambition.cautious": ("cautious", "vorsichtig"),
    "ambition.balanced": ("balanced", "ausgewogen"),
    "ambition.ambitious": ("ambitious", "ehrgeizig"),
    # timeline tasks
    "task.baseline": (
        "Export this month's figures from every platform (same period) and save them",
        "Zahlen dieses Monats aus jeder Plattform exportieren (gleicher Zeitraum) und sichern",
    ),
    "task.owned_setup": (
        "Set up {channel}: sign-up page, imprint and privacy notice, double opt-in",
        "{channel} einrichten: Anmeldeseite, Impressum und Datenschutz, Double-Opt-in",
    ),
    "task.website_setup": (
        "Update the website: one page per core topic, imprint and privacy notice, links to "
        "every profile",
        "Website aktualisieren: eine Seite je Kernthema, Impressum und Datenschutz, Links zu "
        "allen Profilen",
    ),
    "task.link_profiles": (
        "Link {channel} from every profile and pin a post that invites people to it",
        "{channel} in jedem Profil verlinken und einen Beitrag anpinnen, der dazu einlädt",
    ),
    "task.reduce": (
        "Move {channel} to {hours} h a week: batch production, reuse formats that work",
        "{channel} auf {hours} Std. pro Woche umstellen: Produktion bündeln, bewährte Formate "
        "wiederverwenden",
    ),
    "task.test_start": (
        "Start the {channel} test for 8 weeks: {posts} per week, {hours} h a week",
        "{channel}-Test für 8 Wochen starten: {posts} Beiträge pro Woche, {hours} Std. pro Woche",
    ),
    "task.grow": (
        "Grow {channel}: {posts} per week, {hours} h a week",
        "{channel} ausbauen: {posts} Beiträge pro Woche, {hours} Std. pro Woche",
    ),
    "task.owned_rhythm": (
        "Send {channel} on a fixed rhythm ({posts} per week)",
        "{channel} in festem Rhythmus versenden ({posts} pro Woche)",
    ),
    "task.publish": (
        "Publish on the website on a fixed rhythm ({posts} per week)",
        "Auf der Website in festem Rhythmus veröffentlichen ({posts} pro Woche)",
    ),
    "task.phase_out": (
        "Phase out {channel}: announce where people find you now, then stop posting",
        "{channel} auslaufen lassen: ankündigen, wo man Sie jetzt findet, dann nicht mehr posten",
    ),
    "task.review30": (
        "30-day review: export figures, compare with the KPI baselines, note what worked",
        "30-Tage-Rückblick: Zahlen exportieren, mit den KPI-Ausgangswerten vergleichen, "
        "festhalten, was funktioniert",
    ),
    "task.review60": (
        "60-day review: per test channel decide stop, hold or grow; move hours accordingly",
        "60-Tage-Rückblick: je Testkanal entscheiden: stoppen, halten oder ausbauen; Stunden "
        "entsprechend verschieben",
    ),
    "task.review90": (
        "90-day review: upload new exports, check every KPI against its target, plan the next "
        "quarter",
        "90-Tage-Rückblick: neue Exporte hochladen, jede KPI mit ihrem Ziel vergleichen, das "
        "nächste Quartal planen",
    ),
    "task.lead_magnet": (
        "Offer something useful for signing up to {channel} (checklist, template, briefing)",
        "Einen Anreiz für die Anmeldung zu {channel} anbieten (Checkliste, Vorlage, Briefing)",
    ),
    # risks
    "risk.meta_drop": (
        "If Meta's organic reach fell by {drop}, you would lose {lost} of your total reach.",
        "Fiele die organische Meta-Reichweite um {drop}, gingen {lost} Ihrer Gesamtreichweite "
        "verloren.",
    ),
    "mitigation.meta_drop": (
        "Move followers to {owned} first; measure sign-ups per channel every month.",
        "Follower zuerst zu {owned} holen; Anmeldungen je Kanal monatlich messen.",
    ),
    "risk.hours": (
        "The channels need about {needed} h a week, you have {hours} h: quality or "
        "consistency will suffer.",
        "Die Kanäle brauchen etwa {needed} Std. pro Woche, Sie haben {hours} Std.: Qualität "
        "oder Regelmäßigkeit leiden.",
    ),
    "mitigation.hours": (
        "Produce one core piece a week and cut it into platform versions; drop the weakest "
        "test channel after 60 days.",
        "Ein Kernstück pro Woche produzieren und in Plattformversionen zerlegen; den "
        "schwächsten Testkanal nach 60 Tagen einstellen.",
    ),
    "risk.no_owned": (
        "Newsletter and website are both excluded: every follower stays on rented platforms.",
        "Newsletter und Website sind beide ausgeschlossen: Alle Follower bleiben auf "
        "gemieteten Plattformen.",
    ),
    "mitigation.no_owned": (
        "Reconsider at least a simple sign-up list; until then spread reach over more platforms.",
        "Zumindest eine einfache Anmeldeliste erwägen; bis dahin Reichweite auf mehr "
        "Plattformen verteilen.",
    ),
    "risk.periods": (
        "The exports cover different periods: compare like with like before judging progress.",
        "Die Exporte decken unterschiedliche Zeiträume ab: Vor einer Bewertung Gleiches mit "
        "Gleichem vergleichen.",
    ),
    "mitigation.periods": (
        "Export the same period from every platform for the 30/60/90-day reviews.",
        "Für die 30/60/90-Tage-Rückblicke aus jeder Plattform denselben Zeitraum exportieren.",
    ),
    "risk.no_stats": (
        "Without exports the targets have no measured starting point.",
        "Ohne Exporte haben die Ziele keinen gemessenen Ausgangswert.",
    ),
    "mitigation.no_stats": (
        "Upload the exports from every platform in week 1 to set the baselines.",
        "In Woche 1 die Exporte aller Plattformen hochladen, um die Ausgangswerte festzulegen.",
    ),
}


def t(key: str, lang: Language, **values: object) -> str:
    en, de = _TEXTS[key]
    text = de if lang == "de" else en
    return text.format(**values) if values else text


def short_number(value: float, lang: Language) -> str:
    """``2.5`` / ``2,5``, ``3`` (no trailing zeros), up to two decimals."""
    text = format_number(value, lang, 2)
    sep = "," if lang == "de" else "."
    return text.rstrip("0").rstrip(sep) if sep in text else text


_SECTION_TITLES: dict[str, tuple[str, str]] = {
    "situation": ("Situation", "Ausgangslage"),
    "goals": ("Goals and resources", "Ziele und Ressourcen"),
    "mix": ("Target channel mix", "Ziel-Kanalmix"),
    "channels": ("Actions per channel", "Maßnahmen je Kanal"),
    "owned": ("Owned channel build", "Aufbau eigener Kanäle"),
    "content": (
        "Content strategy: human, authentic work",
        "Content-Strategie: menschlich, authentisch",
    ),
    "ai": ("AI as a tool: workflow and disclosure", "KI als Werkzeug: Ablauf und Kennzeichnung"),
    "timeline": ("30/60/90-day timeline", "30/60/90-Tage-Zeitplan"),
    "kpis": ("KPIs: baseline → target", "KPIs: Ausgangswert → Ziel"),
    "risks": ("Risks and mitigations", "Risiken und Gegenmaßnahmen"),
    "sources": ("Sources", "Quellen"),
}


def section_title(key: str, lang: Language) -> str:
    """Title of a plan part; ``channel:<platform>`` parts are titled by the platform."""
    if key.startswith("channel:"):
        from channelwise.stats import Platform

        return Platform(key.split(":", 1)[1]).label
    en, de = _SECTION_TITLES[key]
    return de if lang == "de" else en
