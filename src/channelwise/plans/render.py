"""A plan as document blocks, and as Markdown (the text a user copies), German or English.

:func:`plan_blocks` builds headings, paragraphs, lists and tables once; Markdown and
``.docx`` (:mod:`channelwise.plans.export`) render the same blocks. Every number is
formatted from the skeleton; the model's words come from the validated sections.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from channelwise.i18n import Bilingual, Language, pick, t
from channelwise.plans.records import KPI, Plan, Section, TimelineTask
from channelwise.plans.texts import section_title, short_number
from channelwise.stats import Concentration, format_number, format_percent


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: str
    label: str = ""
    """Bold lead-in, e.g. ``Why:``."""
    note: bool = False
    """A notice (missing part) rather than plan text."""


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    label: str = ""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)


Block = Heading | Paragraph | Bullets | Table


def kpi_label(kpi: KPI, lang: Language) -> str:
    name = kpi.platform.label if kpi.platform else ""
    match kpi.kind:
        case "meta_reach_share":
            return pick(lang, "Meta share of reach", "Meta-Anteil an der Reichweite")
        case "reach_hhi":
            return pick(lang, "Concentration of reach (HHI)", "Konzentration der Reichweite (HHI)")
        case "owned_reach_share":
            return pick(
                lang, "Owned channels' share of reach", "Anteil eigener Kanäle an der Reichweite"
            )
        case "total_reach":
            return pick(lang, "Total reach", "Gesamtreichweite")
        case "reach":
            return pick(lang, f"Reach: {name}", f"Reichweite: {name}")
        case "audience":
            return pick(lang, f"Followers: {name}", f"Follower: {name}")
        case "engagement_rate":
            return pick(lang, f"Engagement rate: {name}", f"Interaktionsrate: {name}")
        case "meta_audience_share":
            return pick(lang, "Meta share of followers", "Meta-Anteil an den Followern")
        case "audience_hhi":
            return pick(
                lang, "Concentration of followers (HHI)", "Konzentration der Follower (HHI)"
            )
        case "owned_audience_share":
            return pick(
                lang, "Owned channels' share of followers", "Anteil eigener Kanäle an den Followern"
            )


def format_kpi_value(kpi: KPI, value: float | None, lang: Language) -> str:
    if value is None:
        return "–"
    match kpi.unit:
        case "share":
            return format_percent(value, lang)
        case "rate":
            return format_percent(value, lang, 2)
        case _:
            return format_number(value, lang)


def all_tasks(plan: Plan) -> list[TimelineTask]:
    """Skeleton tasks plus the model's extra tasks (placed in weeks 2, 6 and 10)."""
    tasks = list(plan.skeleton.timeline)
    section = plan.section("timeline")
    content = section.content if section else None
    if content is not None and content.kind == "timeline":
        start = plan.skeleton.start
        for phase, week, items in (
            (30, 2, content.d30),
            (60, 6, content.d60),
            (90, 10, content.d90),
        ):
            for item in items:
                tasks.append(
                    TimelineTask(
                        phase=phase,  # type: ignore[arg-type]
                        week=week,
                        start=start + timedelta(weeks=week - 1),
                        end=start + timedelta(weeks=week - 1, days=4),
                        task=item,
                        source="model",
                    )
                )
    tasks.sort(key=lambda x: (x.week, x.source != "skeleton"))
    return tasks


def _missing(section: Section | None, key: str, lang: Language) -> Paragraph:
    title = section_title(key, lang)
    if section is None or not section.error:
        return Paragraph(
            pick(
                lang, f"⚠ “{title}” is not written yet.", f"⚠ „{title}“ ist noch nicht geschrieben."
            ),
            note=True,
        )
    return Paragraph(
        pick(
            lang,
            f"⚠ Missing: “{title}” could not be written ({section.error}). The figures in this "
            "plan are complete.",
            f"⚠ Fehlt: „{title}“ konnte nicht geschrieben werden ({section.error}). Die Zahlen "
            "in diesem Plan sind vollständig.",
        ),
        note=True,
    )


def _section_blocks(plan: Plan, key: str) -> list[Block]:
    lang = plan.language
    section = plan.section(key)
    content = section.content if section and section.status != "missing" else None
    if content is None:
        return [_missing(section, key, lang)]
    match content.kind:
        case "situation":
            return [Paragraph(content.summary)]
        case "channel":
            return [
                Paragraph(content.why, label=t("label.why", lang)),
                Bullets(tuple(content.formats), label=pick(lang, "Formats", "Formate")),
                Paragraph(
                    content.first_experiment,
                    label=pick(lang, "First experiment", "Erstes Experiment"),
                ),
                Bullets(tuple(content.actions), label=pick(lang, "Actions", "Maßnahmen")),
            ]
        case "owned":
            return [Paragraph(content.summary), Bullets(tuple(content.steps))]
        case "content":
            return [Paragraph(content.summary), Bullets(tuple(content.ideas))]
        case "ai":
            return [
                Paragraph(content.summary),
                Bullets(tuple(content.rules), label=pick(lang, "Rules", "Regeln")),
            ]
        case "timeline" | "risks":
            return []  # merged into the timeline table and the risk list


def _situation(plan: Plan) -> list[Block]:
    lang = plan.language
    sit = plan.skeleton.situation
    blocks: list[Block] = []
    if sit.source == "answers":
        blocks.append(
            Paragraph(
                pick(
                    lang,
                    "No exports were uploaded: this plan starts from your answers.",
                    "Es wurden keine Exporte hochgeladen: Dieser Plan beruht auf Ihren Angaben.",
                )
            )
        )
    if sit.channels:
        header = (
            t("label.channel", lang),
            pick(lang, "Reach", "Reichweite"),
            pick(lang, "Share of reach", "Anteil Reichweite"),
            pick(lang, "Followers", "Follower"),
            pick(lang, "Follower growth", "Follower-Wachstum"),
            pick(lang, "Engagement rate", "Interaktionsrate"),
        )
        rows = []
        for c in sit.channels:
            rows.append(
                (
                    c.platform.label,
                    format_number(c.reach, lang) if c.reach is not None else "–",
                    format_percent(c.reach_share, lang) if c.reach_share is not None else "–",
                    format_number(c.audience, lang) if c.audience is not None else "–",
                    format_percent(c.growth_relative, lang)
                    if c.growth_relative is not None
                    else "–",
                    format_percent(c.engagement_rate, lang, 2)
                    if c.engagement_rate is not None
                    else "–",
                )
            )
        blocks.append(Table(header, tuple(rows)))
    facts: list[str] = []
    if sit.meta_reach_share is not None:
        facts.append(
            pick(lang, "Meta platforms: ", "Meta-Plattformen: ")
            + format_percent(sit.meta_reach_share, lang)
            + pick(lang, " of reach", " der Reichweite")
        )
    if sit.hhi is not None and sit.band is not None and sit.effective_platforms is not None:
        conc = Concentration(sit.hhi, sit.band, sit.effective_platforms)
        facts.append(f"HHI {format_number(sit.hhi, lang)}: {conc.text(lang)}")
    if sit.owned_reach_share is not None:
        facts.append(
            pick(
                lang,
                "Owned channels (newsletter, website): ",
                "Eigene Kanäle (Newsletter, Website): ",
            )
            + format_percent(sit.owned_reach_share, lang)
        )
    if sit.period_start and sit.period_end:
        facts.append(
            pick(
                lang,
                f"Period: {sit.period_start:%Y-%m-%d} – {sit.period_end:%Y-%m-%d}",
                f"Zeitraum: {sit.period_start:%d.%m.%Y}–{sit.period_end:%d.%m.%Y}",
            )
        )
    if facts:
        blocks.append(Bullets(tuple(facts)))
    if sit.warnings:
        blocks.append(Bullets(sit.warnings, label=pick(lang, "Notes", "Hinweise")))
    return blocks


def _goals(plan: Plan) -> list[Block]:
    lang = plan.language
    i = plan.inputs
    items = [
        pick(lang, "Goals: ", "Ziele: ") + ", ".join(t(f"goal.{g}", lang) for g in i.goals),
        pick(lang, "Ambition: ", "Anspruch: ") + t(f"ambition.{i.ambition}", lang),
        pick(lang, "Hours a week: ", "Stunden pro Woche: ")
        + short_number(i.hours_per_week, lang)
        + pick(
            lang,
            f" (planned: {short_number(plan.skeleton.hours_used, lang)})",
            f" (verplant: {short_number(plan.skeleton.hours_used, lang)})",
        ),
        pick(lang, "Budget a month: ", "Budget pro Monat: ")
        + format_number(i.budget_per_month, lang)
        + " €",
    ]
    if i.audience:
        items.append(pick(lang, "Audience: ", "Zielgruppe: ") + i.audience)
    if i.markets:
        items.append(pick(lang, "Markets: ", "Märkte: ") + ", ".join(i.markets))
    if i.industry:
        items.append(pick(lang, "Industry: ", "Branche: ") + i.industry)
    items.append(
        pick(lang, "Content languages: ", "Sprachen der Inhalte: ") + ", ".join(i.languages)
    )
    if i.avoid:
        items.append(pick(lang, "Avoid: ", "Vermeiden: ") + ", ".join(p.label for p in i.avoid))
    if i.keep:
        items.append(pick(lang, "Keep: ", "Behalten: ") + ", ".join(p.label for p in i.keep))
    return [Bullets(tuple(items))]


#: Column titles of the mix table; the note above it says what the shares compare.
_TARGET_HEADER = {"hours": Bilingual("Share of hours", "Anteil an den Stunden")}
_TARGET_SHARE = Bilingual("Target share", "Zielanteil")


def _mix(plan: Plan) -> list[Block]:
    lang = plan.language
    header = (
        t("label.channel", lang),
        pick(lang, "Role", "Rolle"),
        pick(lang, "Share now", "Anteil jetzt"),
        _TARGET_HEADER.get(plan.skeleton.share_basis, _TARGET_SHARE).get(lang),
        pick(lang, "Hours/week", "Std./Woche"),
        pick(lang, "Posts/week", "Beiträge/Woche"),
    )
    rows = tuple(
        (
            c.platform.label,
            t(f"role.{c.role}", lang),
            format_percent(c.current_share, lang) if c.current_share is not None else "–",
            format_percent(c.target_share, lang),
            short_number(c.hours_per_week, lang),
            short_number(c.posts_per_week, lang),
        )
        for c in plan.skeleton.channels
    )
    reasons = tuple(f"{c.platform.label}: " + "; ".join(c.reasons) for c in plan.skeleton.channels)
    blocks: list[Block] = []
    if plan.skeleton.share_basis_note:
        blocks.append(Paragraph(plan.skeleton.share_basis_note))
    return [*blocks, Table(header, rows), Bullets(reasons, label=t("label.why", lang))]


def _timeline(plan: Plan) -> list[Block]:
    lang = plan.language
    header = (
        pick(lang, "Days", "Tage"),
        pick(lang, "Week", "Woche"),
        pick(lang, "Dates", "Datum"),
        pick(lang, "Task", "Aufgabe"),
        t("label.channel", lang),
    )
    rows = tuple(
        (
            {30: "1–30", 60: "31–60", 90: "61–90"}[x.phase],
            str(x.week),
            pick(lang, f"{x.start:%Y-%m-%d} – {x.end:%m-%d}", f"{x.start:%d.%m.}–{x.end:%d.%m.%Y}"),
            x.task,
            x.platform.label if x.platform else "",
        )
        for x in all_tasks(plan)
    )
    blocks: list[Block] = [Table(header, rows)]
    section = plan.section("timeline")
    if section is None or section.status == "missing":
        blocks.append(_missing(section, "timeline", lang))
    return blocks


def _kpis(plan: Plan) -> list[Block]:
    lang = plan.language
    header = (
        "KPI",
        pick(lang, "Baseline", "Ausgangswert"),
        pick(lang, "Target (90 days)", "Ziel (90 Tage)"),
        pick(lang, "How it is computed", "Berechnung"),
    )
    rows = tuple(
        (
            kpi_label(k, lang),
            format_kpi_value(k, k.baseline, lang),
            format_kpi_value(k, k.target, lang),
            k.basis,
        )
        for k in plan.skeleton.kpis
    )
    if not rows:
        return [
            Paragraph(
                pick(
                    lang,
                    "Upload exports to set KPI baselines.",
                    "Laden Sie Exporte hoch, um KPI-Ausgangswerte festzulegen.",
                )
            )
        ]
    return [Table(header, rows)]


def _risks(plan: Plan) -> list[Block]:
    lang = plan.language
    items = [f"{r.risk} → {r.mitigation}" for r in plan.skeleton.risks]
    section = plan.section("risks")
    content = section.content if section else None
    if content is not None and content.kind == "risks":
        items += [f"{r.risk} → {r.mitigation}" for r in content.risks]
    blocks: list[Block] = [Bullets(tuple(items))] if items else []
    if section is None or section.status == "missing":
        blocks.append(_missing(section, "risks", lang))
    return blocks


def plan_blocks(plan: Plan) -> list[Block]:
    lang = plan.language
    blocks: list[Block] = [Heading(plan.title, 1)]
    meta = pick(
        lang,
        f"Version {plan.version} · {plan.created_at:%Y-%m-%d}",
        f"Version {plan.version} · {plan.created_at:%d.%m.%Y}",
    )
    if plan.model:
        meta += pick(lang, f" · text by {plan.model}", f" · Text von {plan.model}")
    blocks.append(Paragraph(meta))
    if plan.missing:
        names = ", ".join(section_title(k, lang) for k in plan.missing)
        blocks.append(
            Paragraph(
                pick(
                    lang,
                    f"⚠ Parts missing: {names}. All figures are complete.",
                    f"⚠ Es fehlen Teile: {names}. Alle Zahlen sind vollständig.",
                ),
                note=True,
            )
        )
    number = 0

    def heading(key: str) -> Heading:
        nonlocal number
        number += 1
        return Heading(f"{number}. {section_title(key, lang)}")

    blocks += [heading("situation"), *_situation(plan), *_section_blocks(plan, "situation")]
    blocks += [heading("goals"), *_goals(plan)]
    blocks += [heading("mix"), *_mix(plan)]
    blocks.append(heading("channels"))
    for c in plan.skeleton.channels:
        if c.role != "phase_out":
            blocks += [
                Heading(c.platform.label, 3),
                *_section_blocks(plan, f"channel:{c.platform.value}"),
            ]
    for key in ("owned", "content", "ai"):
        blocks += [heading(key), *_section_blocks(plan, key)]
    blocks += [heading("timeline"), *_timeline(plan)]
    blocks += [heading("kpis"), *_kpis(plan)]
    blocks += [heading("risks"), *_risks(plan)]
    if plan.sources:
        items = tuple(
            f"[{s.number}] {s.title}"
            + (f" › {s.heading}" if s.heading else "")
            + (f" {t('source.other_language', lang)}" if s.language not in (None, lang) else "")
            + f" — {s.url}"
            for s in plan.sources
        )
        blocks += [Heading(section_title("sources", lang)), Bullets(items)]
    return blocks


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(plan: Plan) -> str:
    """The plan as Markdown, in the plan's language."""
    out: list[str] = []
    for block in plan_blocks(plan):
        match block:
            case Heading(text, level):
                out.append(f"{'#' * level} {text}")
            case Paragraph(text, label, note):
                body = f"**{label}:** {text}" if label else text
                out.append(f"> {body}" if note else body)
            case Bullets(items, label):
                lines = [f"**{label}:**"] if label else []
                out.append("\n".join(lines + [f"- {item}" for item in items]))
            case Table(header, rows):
                lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
                lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
                out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"
