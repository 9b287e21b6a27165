"""The fixed words of every section, and the plan facts a section's prompt shows.

A draft is complete without a language model: lists, formats, experiments, steps, rules,
extra tasks and risks come from here (and the figures from the skeleton). The narrative
(:mod:`channelwise.plans.narrative`) adds sourced prose to the short texts (a channel's
``why``, the ``summary`` of the situation, owned, content and AI parts).
"""

from __future__ import annotations

from channelwise.i18n import Language, register, t
from channelwise.plans.platform_profiles import PROFILES
from channelwise.plans.records import (
    AIDraft,
    AnyDraft,
    ChannelDraft,
    ContentDraft,
    OwnedDraft,
    Plan,
    RiskItem,
    RisksDraft,
    SituationDraft,
    TimelineDraft,
)
from channelwise.plans.skeleton import situation_summary
from channelwise.plans.texts import posts_phrase, short_number
from channelwise.stats import Platform, format_percent

register(
    {
        "draft.format.short_video.1": {
            "en": "Short vertical videos with a hook in the first seconds",
            "de": "Kurze Hochkant-Videos mit Einstieg in den ersten Sekunden",
        },
        "draft.format.short_video.2": {
            "en": "Behind-the-scenes clips from real work",
            "de": "Blicke hinter die Kulissen echter Arbeit",
        },
        "draft.format.long_video.1": {
            "en": "In-depth videos that answer one question fully",
            "de": "Ausführliche Videos, die eine Frage ganz beantworten",
        },
        "draft.format.long_video.2": {
            "en": "Short clips cut from each long video",
            "de": "Kurze Ausschnitte aus jedem langen Video",
        },
        "draft.format.visual.1": {
            "en": "Carousels that explain one idea step by step",
            "de": "Karussells, die eine Idee Schritt für Schritt erklären",
        },
        "draft.format.visual.2": {
            "en": "Reels made from the week's core piece",
            "de": "Reels aus dem Kernstück der Woche",
        },
        "draft.format.text.1": {
            "en": "Short posts with one clear opinion or lesson",
            "de": "Kurze Beiträge mit einer klaren Meinung oder Erkenntnis",
        },
        "draft.format.text.2": {
            "en": "Replies and conversations under other people's posts",
            "de": "Antworten und Gespräche unter Beiträgen anderer",
        },
        "draft.format.email.1": {
            "en": "A regular issue with one useful idea and a personal note",
            "de": "Eine regelmäßige Ausgabe mit einer nützlichen Idee und einer persönlichen Note",
        },
        "draft.format.email.2": {
            "en": "A welcome email that says what readers get",
            "de": "Eine Willkommensmail, die sagt, was Leser bekommen",
        },
        "draft.format.web.1": {
            "en": "Evergreen articles that answer your audience's questions",
            "de": "Zeitlose Artikel, die die Fragen Ihrer Zielgruppe beantworten",
        },
        "draft.format.web.2": {
            "en": "A page per core topic that collects your best posts",
            "de": "Eine Seite je Kernthema mit Ihren besten Beiträgen",
        },
        "draft.format.messaging.1": {
            "en": "Short updates with a link to the week's main piece",
            "de": "Kurze Updates mit Link zum Hauptbeitrag der Woche",
        },
        "draft.format.messaging.2": {
            "en": "Polls and questions to the audience",
            "de": "Umfragen und Fragen an die Zielgruppe",
        },
        "draft.format.audio.1": {
            "en": "Conversations with customers or experts",
            "de": "Gespräche mit Kundinnen, Kunden oder Fachleuten",
        },
        "draft.format.audio.2": {
            "en": "Short episodes that answer one listener question",
            "de": "Kurze Folgen, die eine Hörerfrage beantworten",
        },
        "draft.experiment.short_video": {
            "en": "Turn the week's core piece into short videos and compare two different hooks.",
            "de": "Das Kernstück der Woche in Kurzvideos umsetzen und zwei verschiedene Einstiege "
            "vergleichen.",
        },
        "draft.experiment.long_video": {
            "en": "Publish one in-depth video on your most-asked question and cut clips from it.",
            "de": "Ein ausführliches Video zur häufigsten Frage veröffentlichen und Ausschnitte "
            "daraus schneiden.",
        },
        "draft.experiment.visual": {
            "en": "Compare carousels with short videos on the same topic for saves and shares.",
            "de": "Karussells und Kurzvideos zum gleichen Thema nach Speicherungen und Teilungen "
            "vergleichen.",
        },
        "draft.experiment.text": {
            "en": "Post one lesson from real work at a fixed time and answer every comment.",
            "de": "Eine Erkenntnis aus echter Arbeit zu fester Zeit posten und jeden Kommentar "
            "beantworten.",
        },
        "draft.experiment.email": {
            "en": "Offer a useful checklist for signing up and measure sign-ups per channel.",
            "de": "Eine nützliche Checkliste für die Anmeldung anbieten und Anmeldungen je Kanal "
            "messen.",
        },
        "draft.experiment.web": {
            "en": "Rewrite your best social post as an article and link it from every profile.",
            "de": "Den besten Social-Beitrag als Artikel ausbauen und aus jedem Profil verlinken.",
        },
        "draft.experiment.messaging": {
            "en": "Send one weekly update and compare clicks with the other channels.",
            "de": "Ein wöchentliches Update senden und Klicks mit den anderen Kanälen vergleichen.",
        },
        "draft.experiment.audio": {
            "en": "Record a pilot episode with a customer and share clips of it.",
            "de": "Eine Pilotfolge mit einer Kundin oder einem Kunden aufnehmen und Ausschnitte "
            "teilen.",
        },
        "draft.owned.summary": {
            "en": "An owned channel keeps your audience reachable whatever a platform decides.",
            "de": "Ein eigener Kanal hält Ihre Zielgruppe erreichbar, egal was eine Plattform "
            "entscheidet.",
        },
        "draft.owned.none": {
            "en": "You excluded newsletter and website, so the plan spreads reach over several "
            "platforms instead.",
            "de": "Sie haben Newsletter und Website ausgeschlossen; der Plan verteilt die "
            "Reichweite deshalb auf mehrere Plattformen.",
        },
        "draft.content.summary": {
            "en": "Show the people and the real work behind the brand: that is what generated "
            "content cannot copy.",
            "de": "Zeigen Sie die Menschen und die echte Arbeit hinter der Marke: Das kann "
            "generierter Inhalt nicht kopieren.",
        },
        "draft.content.idea1": {
            "en": "Behind-the-scenes stories from real projects",
            "de": "Geschichten aus echten Projekten, hinter den Kulissen",
        },
        "draft.content.idea2": {
            "en": "Answers to real customer questions, in your own words",
            "de": "Antworten auf echte Kundenfragen, in eigenen Worten",
        },
        "draft.content.idea3": {
            "en": "One core piece a week, adapted for each channel",
            "de": "Ein Kernstück pro Woche, für jeden Kanal angepasst",
        },
        "draft.ai.summary": {
            "en": "Use AI for drafts, research and editing; a person checks every post before it "
            "goes out.",
            "de": "KI für Entwürfe, Recherche und Bearbeitung nutzen; ein Mensch prüft jeden "
            "Beitrag vor der Veröffentlichung.",
        },
        "draft.ai.rule1": {
            "en": "A person reviews facts, tone and rights of every AI-assisted post",
            "de": "Ein Mensch prüft Fakten, Ton und Rechte jedes KI-gestützten Beitrags",
        },
        "draft.ai.rule2": {
            "en": "Label realistic AI-generated images, video and audio as the platforms require",
            "de": "Realistische KI-generierte Bilder, Videos und Audio so kennzeichnen, wie die "
            "Plattformen es verlangen",
        },
        "draft.ai.rule3": {
            "en": "Keep a short log of which tools were used for what",
            "de": "Kurz festhalten, welche Werkzeuge wofür genutzt wurden",
        },
        "draft.timeline.d30": {
            "en": "Collect the ten questions your audience asks most",
            "de": "Die häufigsten Fragen der Zielgruppe sammeln",
        },
        "draft.timeline.d60": {
            "en": "Turn the best-performing post into a piece for your owned channel",
            "de": "Den erfolgreichsten Beitrag zu einem Stück für den eigenen Kanal ausbauen",
        },
        "draft.timeline.d90": {
            "en": "Write down what to stop, hold and grow next quarter",
            "de": "Festhalten, was im nächsten Quartal gestoppt, gehalten und ausgebaut wird",
        },
        "draft.risks.consistency": {
            "en": "Posting becomes irregular when the team is busy",
            "de": "Beiträge werden unregelmäßig, wenn das Team ausgelastet ist",
        },
        "draft.risks.consistency.m": {
            "en": "Batch production on fixed days and keep a small buffer of ready posts",
            "de": "An festen Tagen gebündelt produzieren und einen kleinen Vorrat fertiger "
            "Beiträge halten",
        },
        "draft.risks.brand": {
            "en": "New channels dilute the brand's voice",
            "de": "Neue Kanäle verwässern die Markenstimme",
        },
        "draft.risks.brand.m": {
            "en": "Write a one-page voice guide and check new posts against it",
            "de": "Einen einseitigen Leitfaden zur Markenstimme schreiben und neue Beiträge daran "
            "prüfen",
        },
    }
)


def _g(key: str, lang: Language, **values: str) -> str:
    return t(f"draft.{key}", lang, **values)


def build_draft(key: str, plan: Plan) -> AnyDraft:
    """The deterministic draft for one section."""
    lang = plan.language
    sk = plan.skeleton
    if key == "situation":
        return SituationDraft(summary=situation_summary(sk, lang))
    if key.startswith("channel:"):
        platform = Platform(key.split(":", 1)[1])
        channel = sk.channel(platform)
        kind = PROFILES[platform].kind
        reasons = channel.reasons if channel else ()
        first = reasons[0] if reasons else platform.label
        why = first[:1].upper() + first[1:].rstrip(".") + "."
        actions = [x.task for x in sk.timeline if x.platform == platform and x.source == "skeleton"]
        return ChannelDraft(
            why=why,
            formats=[t(f"draft.format.{kind}.{i}", lang) for i in (1, 2)],
            first_experiment=t(f"draft.experiment.{kind}", lang),
            actions=actions[:3] or [t(f"draft.experiment.{kind}", lang)],
        )
    if key == "owned":
        owned = [c.platform for c in sk.channels if c.role == "owned"]
        steps = [x.task for x in sk.timeline if x.platform in owned]
        if not owned:
            return OwnedDraft(summary=_g("owned.none", lang), steps=[_g("content.idea3", lang)])
        return OwnedDraft(summary=_g("owned.summary", lang), steps=steps[:4])
    if key == "content":
        ideas = [_g(f"content.idea{i}", lang) for i in (1, 2, 3)]
        return ContentDraft(summary=_g("content.summary", lang), ideas=ideas)
    if key == "ai":
        rules = [_g(f"ai.rule{i}", lang) for i in (1, 2, 3)]
        return AIDraft(summary=_g("ai.summary", lang), rules=rules)
    if key == "timeline":
        return TimelineDraft(
            d30=[_g("timeline.d30", lang)],
            d60=[_g("timeline.d60", lang)],
            d90=[_g("timeline.d90", lang)],
        )
    if key == "risks":
        return RisksDraft(
            risks=[
                RiskItem(
                    risk=_g("risks.consistency", lang),
                    mitigation=_g("risks.consistency.m", lang),
                ),
                RiskItem(risk=_g("risks.brand", lang), mitigation=_g("risks.brand.m", lang)),
            ]
        )
    raise KeyError(key)


def facts(key: str, plan: Plan) -> str:
    """The plan facts a section's prompt shows, formatted in the plan's language: the goals
    and hours, the audience, and the figures of the section's channels (a channel's own, the
    owned channels for the owned part)."""
    lang = plan.language
    return "\n".join(_fact_lines(key, plan, lang))


register(
    {
        "fact.goals": {
            "en": "Goals: {goals}; hours a week: {hours}",
            "de": "Ziele: {goals}; Stunden pro Woche: {hours}",
        },
        "fact.audience": {
            "en": "Industry/audience: {industry} {audience}",
            "de": "Branche/Zielgruppe: {industry} {audience}",
        },
        "fact.channel": {
            "en": "- {channel}: {role}; share {now} → {target}; {hours} h/week; {posts}/week",
            "de": "- {channel}: {role}; Anteil {now} → {target}; {hours} Std./Woche; {posts}/Woche",
        },
    }
)


def _fact_lines(key: str, plan: Plan, lang: Language) -> list[str]:
    sk = plan.skeleton
    lines: list[str] = []
    goals = ", ".join(t(f"goal.{g}", lang) for g in plan.inputs.goals)
    hours = short_number(plan.inputs.hours_per_week, lang)
    lines.append(t("fact.goals", lang, goals=goals, hours=hours))
    if plan.inputs.industry or plan.inputs.audience:
        industry, audience = plan.inputs.industry, plan.inputs.audience
        lines.append(t("fact.audience", lang, industry=industry, audience=audience).strip())
    for c in sk.channels:
        if key != f"channel:{c.platform.value}" and not (key == "owned" and c.role == "owned"):
            continue
        now = format_percent(c.current_share, lang) if c.current_share is not None else "–"
        lines.append(
            t(
                "fact.channel",
                lang,
                channel=c.platform.label,
                role=t(f"role.{c.role}", lang),
                now=now,
                target=format_percent(c.target_share, lang),
                hours=short_number(c.hours_per_week, lang),
                posts=posts_phrase(c.posts_per_week, lang),
            )
        )
    return lines
