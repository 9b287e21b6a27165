# ruff: noqa: E501  (a table of bilingual texts)
"""Deterministic drafts the model improves, and the plan facts it is shown.

A draft has the exact JSON shape the model must return, so a small model edits rather than
invents, and a model that only echoes still yields a complete, valid plan. Drafts carry no
figures except those in the facts; their citations point at the section's own passages.
"""

from __future__ import annotations

from collections.abc import Sequence

from channelwise.i18n import Language
from channelwise.plans.catalog import PROFILES, Kind
from channelwise.plans.model import (
    AIDraft,
    ChannelDraft,
    ContentDraft,
    OwnedDraft,
    Plan,
    RiskItem,
    RisksDraft,
    SituationDraft,
    TimelineDraft,
    _Draft,
)
from channelwise.plans.sources import PromptSource
from channelwise.plans.texts import short_number, t
from channelwise.stats import Platform, format_number, format_percent

_FORMATS: dict[Kind, tuple[tuple[str, str], ...]] = {
    "short_video": (
        (
            "Short vertical videos with a hook in the first seconds",
            "Kurze Hochkant-Videos mit Einstieg in den ersten Sekunden",
        ),
        ("Behind-the-scenes clips from real work", "Blicke hinter die Kulissen echter Arbeit"),
    ),
    "long_video": (
        (
            "In-depth videos that answer one question fully",
            "Ausführliche Videos, die eine Frage ganz beantworten",
        ),
        ("Short clips cut from each long video", "Kurze Ausschnitte aus jedem langen Video"),
    ),
    "visual": (
        (
            "Carousels that explain one idea step by step",
            "Karussells, die eine Idee Schritt für Schritt erklären",
        ),
        ("Reels made from the week's core piece", "Reels aus dem Kernstück der Woche"),
    ),
    "text": (
        (
            "Short posts with one clear opinion or lesson",
            "Kurze Beiträge mit einer klaren Meinung oder Erkenntnis",
        ),
        (
            "Replies and conversations under other people's posts",
            "Antworten und Gespräche unter Beiträgen anderer",
        ),
    ),
    "email": (
        (
            "A regular issue with one useful idea and a personal note",
            "Eine regelmäßige Ausgabe mit einer nützlichen Idee und einer persönlichen Note",
        ),
        (
            "A welcome email that says what readers get",
            "Eine Willkommensmail, die sagt, was Leser bekommen",
        ),
    ),
    "web": (
        (
            "Evergreen articles that answer your audience's questions",
            "Zeitlose Artikel, die die Fragen Ihrer Zielgruppe beantworten",
        ),
        (
            "A page per core topic that collects your best posts",
            "Eine Seite je Kernthema mit Ihren besten Beiträgen",
        ),
    ),
    "messaging": (
        (
            "Short updates with a link to the week's main piece",
            "Kurze Updates mit Link zum Hauptbeitrag der Woche",
        ),
        ("Polls and questions to the audience", "Umfragen und Fragen an die Zielgruppe"),
    ),
    "audio": (
        (
            "Conversations with customers or experts",
            "Gespräche mit Kundinnen, Kunden oder Fachleuten",
        ),
        (
            "Short episodes that answer one listener question",
            "Kurze Folgen, die eine Hörerfrage beantworten",
        ),
    ),
}

_EXPERIMENT: dict[Kind, tuple[str, str]] = {
    "short_video": (
        "Turn the week's core piece into short videos and compare two different hooks.",
        "Das Kernstück der Woche in Kurzvideos umsetzen und zwei verschiedene Einstiege vergleichen.",
    ),
    "long_video": (
        "Publish one in-depth video on your most-asked question and cut clips from it.",
        "Ein ausführliches Video zur häufigsten Frage veröffentlichen und Ausschnitte daraus schneiden.",
    ),
    "visual": (
        "Compare carousels with short videos on the same topic for saves and shares.",
        "Karussells und Kurzvideos zum gleichen Thema nach Speicherungen und Teilungen vergleichen.",
    ),
    "text": (
        "Post one lesson from real work at a fixed time and answer every comment.",
        "Eine Erkenntnis aus echter Arbeit zu fester Zeit posten und jeden Kommentar beantworten.",
    ),
    "email": (
        "Offer a useful checklist for signing up and measure sign-ups per channel.",
        "Eine nützliche Checkliste für die Anmeldung anbieten und Anmeldungen je Kanal messen.",
    ),
    "web": (
        "Rewrite your best social post as an article and link it from every profile.",
        "Den besten Social-Beitrag als Artikel ausbauen und aus jedem Profil verlinken.",
    ),
    "messaging": (
        "Send one weekly update and compare clicks with the other channels.",
        "Ein wöchentliches Update senden und Klicks mit den anderen Kanälen vergleichen.",
    ),
    "audio": (
        "Record a pilot episode with a customer and share clips of it.",
        "Eine Pilotfolge mit einer Kundin oder einem Kunden aufnehmen und Ausschnitte teilen.",
    ),
}

_GENERIC: dict[str, tuple[str, str]] = {
    "situation.concentrated": (
        "Most of your reach depends on {top}. The plan keeps it, but moves new effort to channels you control or that reach people elsewhere.",
        "Der Großteil Ihrer Reichweite hängt an {top}. Der Plan hält diesen Kanal, steckt neuen Aufwand aber in Kanäle, die Sie kontrollieren oder die Menschen anderswo erreichen.",
    ),
    "situation.spread": (
        "Your reach is spread over several channels. The plan strengthens the channels you own and tests one more.",
        "Ihre Reichweite verteilt sich auf mehrere Kanäle. Der Plan stärkt die eigenen Kanäle und testet einen weiteren.",
    ),
    "situation.answers": (
        "Without exports the plan starts from your answers. Upload your figures in week one to measure progress.",
        "Ohne Exporte beruht der Plan auf Ihren Angaben. Laden Sie in der ersten Woche Ihre Zahlen hoch, um Fortschritte zu messen.",
    ),
    "owned.summary": (
        "An owned channel keeps your audience reachable whatever a platform decides.",
        "Ein eigener Kanal hält Ihre Zielgruppe erreichbar, egal was eine Plattform entscheidet.",
    ),
    "owned.none": (
        "You excluded newsletter and website, so the plan spreads reach over several platforms instead.",
        "Sie haben Newsletter und Website ausgeschlossen; der Plan verteilt die Reichweite deshalb auf mehrere Plattformen.",
    ),
    "content.summary": (
        "Show the people and the real work behind the brand: that is what generated content cannot copy.",
        "Zeigen Sie die Menschen und die echte Arbeit hinter der Marke: Das kann generierter Inhalt nicht kopieren.",
    ),
    "content.idea1": (
        "Behind-the-scenes stories from real projects",
        "Geschichten aus echten Projekten, hinter den Kulissen",
    ),
    "content.idea2": (
        "Answers to real customer questions, in your own words",
        "Antworten auf echte Kundenfragen, in eigenen Worten",
    ),
    "content.idea3": (
        "One core piece a week, adapted for each channel",
        "Ein Kernstück pro Woche, für jeden Kanal angepasst",
    ),
    "ai.summary": (
        "Use AI for drafts, research and editing; a person checks every post before it goes out.",
        "KI für Entwürfe, Recherche und Bearbeitung nutzen; ein Mensch prüft jeden Beitrag vor der Veröffentlichung.",
    ),
    "ai.rule1": (
        "A person reviews facts, tone and rights of every AI-assisted post",
        "Ein Mensch prüft Fakten, Ton und Rechte jedes KI-gestützten Beitrags",
    ),
    "ai.rule2": (
        "Label realistic AI-generated images, video and audio as the platforms require",
        "Realistische KI-generierte Bilder, Videos und Audio so kennzeichnen, wie die Plattformen es verlangen",
    ),
    "ai.rule3": (
        "Keep a short log of which tools were used for what",
        "Kurz festhalten, welche Werkzeuge wofür genutzt wurden",
    ),
    "timeline.d30": (
        "Collect the ten questions your audience asks most",
        "Die häufigsten Fragen der Zielgruppe sammeln",
    ),
    "timeline.d60": (
        "Turn the best-performing post into a piece for your owned channel",
        "Den erfolgreichsten Beitrag zu einem Stück für den eigenen Kanal ausbauen",
    ),
    "timeline.d90": (
        "Write down what to stop, hold and grow next quarter",
        "Festhalten, was im nächsten Quartal gestoppt, gehalten und ausgebaut wird",
    ),
    "risks.consistency": (
        "Posting becomes irregular when the team is busy",
        "Beiträge werden unregelmäßig, wenn das Team ausgelastet ist",
    ),
    "risks.consistency.m": (
        "Batch production on fixed days and keep a small buffer of ready posts",
        "An festen Tagen gebündelt produzieren und einen kleinen Vorrat fertiger Beiträge halten",
    ),
    "risks.brand": (
        "New channels dilute the brand's voice",
        "Neue Kanäle verwässern die Markenstimme",
    ),
    "risks.brand.m": (
        "Write a one-page voice guide and check new posts against it",
        "Einen einseitigen Leitfaden zur Markenstimme schreiben und neue Beiträge daran prüfen",
    ),
}


def _g(key: str, lang: Language, **values: str) -> str:
    en, de = _GENERIC[key]
    return (de if lang == "de" else en).format(**values)


def _cite(text: str, sources: Sequence[PromptSource], lang: Language, index: int = 0) -> str:
    """Point at the section's ``index``-th passage (``see: heading [n]``), when there is one.

    The draft only points at a passage; it does not claim what the passage says.
    """
    if len(sources) <= index:
        return text
    s = sources[index]
    see = "siehe" if lang == "de" else "see"
    return f"{text.rstrip('.')} ({see}: {s.heading or s.title} [{s.number}])."


def build_draft(key: str, plan: Plan, numbers: Sequence[PromptSource]) -> _Draft:
    """The deterministic draft for one section; ``numbers`` are its passages."""
    lang = plan.language
    sk = plan.skeleton
    if key == "situation":
        maintain = [c.platform.label for c in sk.channels if c.role == "maintain"]
        if sk.situation.source == "answers":
            summary = _g("situation.answers", lang)
        elif maintain:
            summary = _g("situation.concentrated", lang, top=" / ".join(maintain))
        else:
            summary = _g("situation.spread", lang)
        return SituationDraft(summary=_cite(summary, numbers, lang))
    if key.startswith("channel:"):
        platform = Platform(key.split(":", 1)[1])
        channel = sk.channel(platform)
        kind = PROFILES[platform].kind
        reasons = channel.reasons if channel else ()
        first = reasons[0] if reasons else platform.label
        why = first[:1].upper() + first[1:].rstrip(".") + "."
        actions = [x.task for x in sk.timeline if x.platform == platform and x.source == "skeleton"]
        return ChannelDraft(
            why=_cite(why, numbers, lang),
            formats=[_pick(f, lang) for f in _FORMATS[kind]],
            first_experiment=_cite(_pick(_EXPERIMENT[kind], lang), numbers, lang, 1),
            actions=actions[:3] or [_pick(_EXPERIMENT[kind], lang)],
        )
    if key == "owned":
        owned = [c.platform for c in sk.channels if c.role == "owned"]
        steps = [x.task for x in sk.timeline if x.platform in owned]
        if not owned:
            return OwnedDraft(summary=_g("owned.none", lang), steps=[_g("content.idea3", lang)])
        return OwnedDraft(summary=_cite(_g("owned.summary", lang), numbers, lang), steps=steps[:4])
    if key == "content":
        ideas = [_g(f"content.idea{i}", lang) for i in (1, 2, 3)]
        ideas[0] = _cite(ideas[0], numbers, lang, 1)
        return ContentDraft(summary=_cite(_g("content.summary", lang), numbers, lang), ideas=ideas)
    if key == "ai":
        rules = [_g(f"ai.rule{i}", lang) for i in (1, 2, 3)]
        rules[1] = _cite(rules[1], numbers, lang, 1)
        return AIDraft(summary=_cite(_g("ai.summary", lang), numbers, lang), rules=rules)
    if key == "timeline":
        return TimelineDraft(
            d30=[_cite(_g("timeline.d30", lang), numbers, lang)],
            d60=[_g("timeline.d60", lang)],
            d90=[_g("timeline.d90", lang)],
        )
    if key == "risks":
        return RisksDraft(
            risks=[
                RiskItem(
                    risk=_g("risks.consistency", lang),
                    mitigation=_cite(_g("risks.consistency.m", lang), numbers, lang),
                ),
                RiskItem(risk=_g("risks.brand", lang), mitigation=_g("risks.brand.m", lang)),
            ]
        )
    raise KeyError(key)


def _pick(pair: tuple[str, str], lang: Language) -> str:
    return pair[1] if lang == "de" else pair[0]


def facts(key: str, plan: Plan) -> str:
    """The plan figures relevant to one section, formatted in the plan's language."""
    lang = plan.language
    return "\n".join(_fact_lines(key, plan, lang))


def _fact_lines(key: str, plan: Plan, lang: Language) -> list[str]:
    sk = plan.skeleton
    sit = sk.situation
    de = lang == "de"
    lines: list[str] = []
    goals = ", ".join(t(f"goal.{g}", lang) for g in plan.inputs.goals)
    hours = short_number(plan.inputs.hours_per_week, lang)
    lines.append(
        f"{'Ziele' if de else 'Goals'}: {goals}; {'Stunden pro Woche' if de else 'hours a week'}: {hours}"
    )
    if plan.inputs.industry or plan.inputs.audience:
        lines.append(
            f"{'Branche/Zielgruppe' if de else 'Industry/audience'}: {plan.inputs.industry} {plan.inputs.audience}".strip()
        )
    if key in ("situation", "risks"):
        if sit.meta_reach_share is not None:
            lines.append(
                f"{'Meta-Anteil an der Reichweite' if de else 'Meta share of reach'}: {format_percent(sit.meta_reach_share, lang)}"
            )
        if sit.hhi is not None and sit.band is not None:
            lines.append(f"HHI: {format_number(sit.hhi, lang)} ({sit.band.value})")
        if sit.owned_reach_share is not None:
            lines.append(
                f"{'Eigene Kanäle' if de else 'Owned channels'}: {format_percent(sit.owned_reach_share, lang)}"
            )
        for r in sk.risks:
            lines.append(f"- {r.risk}")
    for c in sk.channels:
        if key.startswith("channel:") and key != f"channel:{c.platform.value}":
            continue
        if key == "owned" and c.role != "owned":
            continue
        now = format_percent(c.current_share, lang) if c.current_share is not None else "–"
        lines.append(
            f"- {c.platform.label}: {t(f'role.{c.role}', lang)}; "
            f"{'Anteil' if de else 'share'} {now} → {format_percent(c.target_share, lang)}; "
            f"{short_number(c.hours_per_week, lang)} {'Std./Woche' if de else 'h/week'}; "
            f"{short_number(c.posts_per_week, lang)} {'Beiträge/Woche' if de else 'posts/week'}"
        )
    return lines
