"""A compact, language-aware Markdown summary of the figures, for people and chat prompts.

Every number is computed and formatted here (German: ``1.234,5`` and ``12,5 %``; English:
``1,234.5`` and ``12.5%``); a language model only writes words around it.
"""

from __future__ import annotations

from channelwise.i18n import Language, pick, register, t
from channelwise.stats.metrics import (
    concentration,
    engagement_rate,
    follower_growth,
    follower_shares,
    meta_share,
    owned_share,
    reach_shares,
    what_if_meta_drop,
)
from channelwise.stats.records import (
    META_PLATFORMS,
    Metric,
    Period,
    Platform,
    StatsResult,
)


def format_number(value: float, language: Language = "en", decimals: int = 0) -> str:
    english = f"{value:,.{decimals}f}"
    german = english.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    text = pick(language, english, german)
    return text.replace("-", "−") if value < 0 else text


def format_percent(fraction: float, language: Language = "en", decimals: int = 1) -> str:
    number = format_number(100.0 * fraction, language, decimals)
    return pick(language, f"{number}%", f"{number} %")


def format_signed(value: float, language: Language = "en", decimals: int = 0) -> str:
    text = format_number(abs(value), language, decimals)
    return ("+" if value >= 0 else "−") + text


def format_signed_percent(fraction: float, language: Language = "en", decimals: int = 1) -> str:
    sign = "+" if fraction >= 0 else "−"
    return sign + format_percent(abs(fraction), language, decimals)


def format_period(period: Period, language: Language = "en") -> str:
    if not period.known:
        return t("stats.period_unknown", language)
    assert period.start and period.end
    return pick(
        language,
        f"{period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}",
        f"{period.start:%d.%m.%Y}–{period.end:%d.%m.%Y}",
    )


register(
    {
        "stats.title": {
            "en": "Channel figures (computed from your exports)",
            "de": "Kanalzahlen (aus Ihren Exporten berechnet)",
        },
        "stats.platform": {"en": "Platform", "de": "Plattform"},
        "stats.audience": {"en": "Followers", "de": "Follower"},
        "stats.reach": {"en": "Reach (basis)", "de": "Reichweite (Basis)"},
        "stats.eng": {"en": "Engagements", "de": "Interaktionen"},
        "stats.posts": {"en": "Posts", "de": "Beiträge"},
        "stats.period": {"en": "Period", "de": "Zeitraum"},
        "stats.reach_share": {"en": "Reach share", "de": "Anteil an der Reichweite"},
        "stats.reach_share_some": {
            "en": "Reach share (only {names} {verb} a reach figure in the exports)",
            "de": "Reichweiten-Anteil (nur {names} {verb} eine Reichweite im Export)",
        },
        "stats.audience_share": {"en": "Follower share", "de": "Anteil an den Followern"},
        "stats.audience_share_some": {
            "en": "Follower share (only {names} {verb} a follower count in the exports)",
            "de": "Follower-Anteil (nur {names} {verb} eine Follower-Zahl im Export)",
        },
        "stats.has.one": {"en": "has", "de": "hat"},
        "stats.has.many": {"en": "have", "de": "haben"},
        "stats.and": {"en": "and", "de": "und"},
        "stats.change_only": {
            "en": "net change; the export has no follower total",
            "de": "Netto-Veränderung; der Export enthält keine Follower-Gesamtzahl",
        },
        "stats.no_audience": {
            "en": "Follower totals not in the exports (not in the follower share)",
            "de": "Follower-Gesamtzahl nicht im Export (nicht im Follower-Anteil)",
        },
        "stats.meta": {
            "en": "Meta platforms (Facebook, Instagram, Threads, WhatsApp)",
            "de": "Meta-Plattformen (Facebook, Instagram, Threads, WhatsApp)",
        },
        "stats.of_reach": {"en": "of reach", "de": "der Reichweite"},
        "stats.of_audience": {"en": "of followers", "de": "der Follower"},
        "stats.hhi": {
            "en": "Concentration of reach (HHI)",
            "de": "Konzentration der Reichweite (HHI)",
        },
        "stats.effective": {
            "en": "as concentrated as {n} equally strong platforms",
            "de": "so konzentriert wie {n} gleich starke Plattformen",
        },
        "stats.growth": {"en": "Follower growth", "de": "Follower-Wachstum"},
        "stats.gross": {
            "en": "new follows, unfollows not subtracted",
            "de": "neue Follows, ohne Entfolgungen",
        },
        "stats.er": {"en": "Engagement rate", "de": "Interaktionsrate"},
        "stats.owned": {
            "en": "Owned audience (newsletter, website)",
            "de": "Eigene Reichweite (Newsletter, Website)",
        },
        "stats.whatif": {
            "en": "If Meta's organic reach fell by {p}",
            "de": "Wenn die organische Meta-Reichweite um {p} fiele",
        },
        "stats.total_reach": {"en": "total reach", "de": "Gesamtreichweite"},
        "stats.notes": {"en": "Notes", "de": "Hinweise"},
        "stats.none": {
            "en": "No figures could be computed from these files.",
            "de": "Aus diesen Dateien ließen sich keine Zahlen berechnen.",
        },
        "stats.files": {"en": "Files recognized", "de": "Erkannte Dateien"},
        "stats.rows": {"en": "{n} rows", "de": "{n} Zeilen"},
        "stats.period_unknown": {"en": "period unknown", "de": "Zeitraum unbekannt"},
    }
)


def figures_summary(
    result: StatsResult, language: Language = "en", *, meta_drop: float = 0.5
) -> str:
    """Markdown with per-platform totals and the metrics, numbers formatted in ``language``."""
    lang = language
    mix = result.mix
    if not mix.platforms:
        return f"## {t('stats.title', lang)}\n\n{t('stats.none', lang)}\n"
    lines = [f"## {t('stats.title', lang)}", ""]
    head = ("platform", "audience", "reach", "eng", "posts", "period")
    lines.append("| " + " | ".join(t(f"stats.{h}", lang) for h in head) + " |")
    lines.append("|" + "---|" * len(head))
    for p in mix.platforms:
        basis = p.reach_basis
        reach_cell = (
            f"{format_number(p.reach or 0, lang)} ({basis.label(lang)})"
            if basis is not None
            else "–"
        )
        cells = (
            p.platform.label,
            format_number(p.audience, lang) if p.audience is not None else "–",
            reach_cell,
            _num(p.value(Metric.ENGAGEMENTS), lang),
            _num(p.value(Metric.POSTS), lang),
            format_period(p.period, lang),
        )
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    r_shares = reach_shares(mix)
    a_shares = follower_shares(mix)
    everyone = len(mix.platforms)
    if r_shares:
        label = _share_label("reach_share", r_shares, everyone, lang)
        lines.append(f"- {label}: {_share_list(r_shares, lang)}")
    if a_shares:
        label = _share_label("audience_share", a_shares, everyone, lang)
        lines.append(f"- {label}: {_share_list(a_shares, lang)}")
    no_audience = [p.platform.label for p in mix.platforms if p.audience is None]
    if no_audience:
        lines.append(f"- {t('stats.no_audience', lang)}: {', '.join(no_audience)}")
    if any(p in META_PLATFORMS for p in (*r_shares, *a_shares)):
        parts = []
        if r_shares:
            parts.append(
                f"{format_percent(meta_share(r_shares), lang)} {t('stats.of_reach', lang)}"
            )
        if any(p in META_PLATFORMS for p in a_shares):  # not "0 %" for missing counts
            parts.append(
                f"{format_percent(meta_share(a_shares), lang)} {t('stats.of_audience', lang)}"
            )
        lines.append(f"- {t('stats.meta', lang)}: " + ", ".join(parts))
    conc = concentration(mix.reach())
    if conc is not None:
        effective = t("stats.effective", lang, n=format_number(conc.effective_platforms, lang, 1))
        lines.append(
            f"- {t('stats.hhi', lang)}: {format_number(conc.hhi, lang)} – "
            f"{conc.text(lang)} ({effective})"
        )
    growth_parts = []
    for p in mix.platforms:
        g = follower_growth(p)
        change = p.value(Metric.FOLLOWER_CHANGE)
        if g is None and change is not None:  # YouTube's table: subscribers gained, no total
            growth_parts.append(
                f"{p.platform.label} {format_signed(change, lang)} ({t('stats.change_only', lang)})"
            )
        if g is None:
            continue
        rel = format_signed_percent(g.relative, lang) + " " if g.relative is not None else ""
        extra = "" if g.net else f"; {t('stats.gross', lang)}"
        growth_parts.append(f"{p.platform.label} {rel}({format_signed(g.absolute, lang)}{extra})")
    if growth_parts:
        lines.append(f"- {t('stats.growth', lang)}: " + ", ".join(growth_parts))
    er_parts = []
    for p in mix.platforms:
        er = engagement_rate(p)
        if er is not None:
            er_parts.append(
                f"{p.platform.label} {format_percent(er.rate, lang, 2)} ({er.definition.get(lang)})"
            )
    if er_parts:
        lines.append(f"- {t('stats.er', lang)}: " + "; ".join(er_parts))
    if r_shares and any(p in r_shares for p in (Platform.NEWSLETTER, Platform.WEBSITE)):
        lines.append(
            f"- {t('stats.owned', lang)}: {format_percent(owned_share(r_shares), lang)} "
            f"{t('stats.of_reach', lang)}"
        )
    reach = mix.reach()
    if reach and any(p in META_PLATFORMS for p in reach):
        scenario = what_if_meta_drop(reach, meta_drop)
        label = t("stats.whatif", lang, p=format_percent(meta_drop, lang, 0))
        lines.append(
            f"- {label}: {t('stats.total_reach', lang)} {format_number(scenario.before, lang)} → "
            f"{format_number(scenario.after, lang)} "
            f"({format_signed_percent(-scenario.lost_share, lang)})"
        )
    if result.warnings:
        lines += ["", f"**{t('stats.notes', lang)}:**"]
        lines += [f"- {w.text(lang)}" for w in result.warnings]
    return "\n".join(lines) + "\n"


def _num(value: float | None, lang: Language) -> str:
    return "–" if value is None else format_number(value, lang)


def _share_label(key: str, values: dict[Platform, float], everyone: int, lang: Language) -> str:
    """The share's label; one that covers only some platforms says which."""
    if len(values) >= everyone:
        return t(f"stats.{key}", lang)
    names = [p.label for p in values]
    joined = (
        names[0]
        if len(names) == 1
        else (f"{', '.join(names[:-1])} {t('stats.and', lang)} {names[-1]}")
    )
    verb = t("stats.has.one" if len(names) == 1 else "stats.has.many", lang)
    return t(f"stats.{key}_some", lang, names=joined, verb=verb)


def _share_list(values: dict[Platform, float], lang: Language) -> str:
    ordered = sorted(values.items(), key=lambda kv: kv[1], reverse=True)
    return ", ".join(f"{p.label} {format_percent(v, lang)}" for p, v in ordered)


def recognized_files(result: StatsResult, language: Language, *, heading: bool = True) -> str:
    """Markdown list: each file, whether it was read, as what, and notes."""
    title = t("stats.files", language)
    lines = [f"## {title}", ""] if heading else []
    for f in result.files:
        detail = [f.format_label]
        if f.status == "parsed":
            detail.append(t("stats.rows", language, n=f.rows))
        if f.encoding:
            detail.append(f.encoding)
        if f.note:
            detail.append(f.note)
        mark = "✓" if f.status == "parsed" else "–"
        lines.append(f"- {mark} {f.name}: " + "; ".join(detail))
    return "\n".join(lines) + "\n"
