"""A compact, language-aware Markdown summary of the figures, for people and chat prompts.

Every number is computed and formatted here (German: ``1.234,5`` and ``12,5 %``; English:
``1,234.5`` and ``12.5%``); a language model only writes words around it.
"""

from __future__ import annotations

from channelwise.i18n import Language
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
from channelwise.stats.model import (
    META_PLATFORMS,
    Metric,
    Period,
    Platform,
    StatsResult,
)


def format_number(value: float, language: Language = "en", decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    if language == "de":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text.replace("-", "−") if value < 0 else text


def format_percent(fraction: float, language: Language = "en", decimals: int = 1) -> str:
    number = format_number(100.0 * fraction, language, decimals)
    return f"{number} %" if language == "de" else f"{number}%"


def format_signed(value: float, language: Language = "en", decimals: int = 0) -> str:
    text = format_number(abs(value), language, decimals)
    return ("+" if value >= 0 else "−") + text


def format_signed_percent(fraction: float, language: Language = "en", decimals: int = 1) -> str:
    sign = "+" if fraction >= 0 else "−"
    return sign + format_percent(abs(fraction), language, decimals)


def format_period(period: Period, language: Language = "en") -> str:
    if not period.known:
        return "Zeitraum unbekannt" if language == "de" else "period unknown"
    assert period.start and period.end
    if language == "de":
        return f"{period.start:%d.%m.%Y}–{period.end:%d.%m.%Y}"
    return f"{period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}"


_T = {
    "title": (
        "Channel figures (computed from your exports)",
        "Kanalzahlen (aus Ihren Exporten berechnet)",
    ),
    "platform": ("Platform", "Plattform"),
    "audience": ("Followers", "Follower"),
    "reach": ("Reach (basis)", "Reichweite (Basis)"),
    "eng": ("Engagements", "Interaktionen"),
    "posts": ("Posts", "Beiträge"),
    "period": ("Period", "Zeitraum"),
    "reach_share": ("Reach share", "Anteil an der Reichweite"),
    "audience_share": ("Follower share", "Anteil an den Followern"),
    "no_audience": (
        "Follower totals not in the exports (not in the follower share)",
        "Follower-Gesamtzahl nicht im Export (nicht im Follower-Anteil)",
    ),
    "meta": (
        "Meta platforms (Facebook, Instagram, Threads, WhatsApp)",
        "Meta-Plattformen (Facebook, Instagram, Threads, WhatsApp)",
    ),
    "of_reach": ("of reach", "der Reichweite"),
    "of_audience": ("of followers", "der Follower"),
    "hhi": ("Concentration of reach (HHI)", "Konzentration der Reichweite (HHI)"),
    "effective": (
        "as concentrated as {n} equally strong platforms",
        "so konzentriert wie {n} gleich starke Plattformen",
    ),
    "growth": ("Follower growth", "Follower-Wachstum"),
    "gross": ("new follows, unfollows not subtracted", "neue Follows, ohne Entfolgungen"),
    "er": ("Engagement rate", "Interaktionsrate"),
    "owned": ("Owned audience (newsletter, website)", "Eigene Reichweite (Newsletter, Website)"),
    "whatif": (
        "If Meta's organic reach fell by {p}",
        "Wenn die organische Meta-Reichweite um {p} fiele",
    ),
    "total_reach": ("total reach", "Gesamtreichweite"),
    "notes": ("Notes", "Hinweise"),
    "none": (
        "No figures could be computed from these files.",
        "Aus diesen Dateien ließen sich keine Zahlen berechnen.",
    ),
}


def _t(key: str, language: Language) -> str:
    en, de = _T[key]
    return de if language == "de" else en


def figures_summary(
    result: StatsResult, language: Language = "en", *, meta_drop: float = 0.5
) -> str:
    """Markdown with per-platform totals and the metrics, numbers formatted in ``language``."""
    lang = language
    mix = result.mix
    if not mix.platforms:
        return f"## {_t('title', lang)}\n\n{_t('none', lang)}\n"
    lines = [f"## {_t('title', lang)}", ""]
    head = ("platform", "audience", "reach", "eng", "posts", "period")
    lines.append("| " + " | ".join(_t(h, lang) for h in head) + " |")
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
    if r_shares:
        lines.append(f"- {_t('reach_share', lang)}: {_share_list(r_shares, lang)}")
    if a_shares:
        lines.append(f"- {_t('audience_share', lang)}: {_share_list(a_shares, lang)}")
    no_audience = [p.platform.label for p in mix.platforms if p.audience is None]
    if no_audience:
        lines.append(f"- {_t('no_audience', lang)}: {', '.join(no_audience)}")
    if any(p in META_PLATFORMS for p in (*r_shares, *a_shares)):
        parts = []
        if r_shares:
            parts.append(f"{format_percent(meta_share(r_shares), lang)} {_t('of_reach', lang)}")
        if a_shares:
            parts.append(f"{format_percent(meta_share(a_shares), lang)} {_t('of_audience', lang)}")
        lines.append(f"- {_t('meta', lang)}: " + ", ".join(parts))
    conc = concentration(mix.reach())
    if conc is not None:
        effective = _t("effective", lang).format(n=format_number(conc.effective_platforms, lang, 1))
        lines.append(
            f"- {_t('hhi', lang)}: {format_number(conc.hhi, lang)} – "
            f"{conc.text(lang)} ({effective})"
        )
    growth_parts = []
    for p in mix.platforms:
        g = follower_growth(p)
        if g is None:
            continue
        rel = format_signed_percent(g.relative, lang) + " " if g.relative is not None else ""
        extra = "" if g.net else f"; {_t('gross', lang)}"
        growth_parts.append(f"{p.platform.label} {rel}({format_signed(g.absolute, lang)}{extra})")
    if growth_parts:
        lines.append(f"- {_t('growth', lang)}: " + ", ".join(growth_parts))
    er_parts = []
    for p in mix.platforms:
        er = engagement_rate(p)
        if er is not None:
            er_parts.append(
                f"{p.platform.label} {format_percent(er.rate, lang, 2)} ({er.definition(lang)})"
            )
    if er_parts:
        lines.append(f"- {_t('er', lang)}: " + "; ".join(er_parts))
    if r_shares and any(p in r_shares for p in (Platform.NEWSLETTER, Platform.WEBSITE)):
        lines.append(
            f"- {_t('owned', lang)}: {format_percent(owned_share(r_shares), lang)} "
            f"{_t('of_reach', lang)}"
        )
    reach = mix.reach()
    if reach and any(p in META_PLATFORMS for p in reach):
        scenario = what_if_meta_drop(reach, meta_drop)
        label = _t("whatif", lang).format(p=format_percent(meta_drop, lang, 0))
        lines.append(
            f"- {label}: {_t('total_reach', lang)} {format_number(scenario.before, lang)} → "
            f"{format_number(scenario.after, lang)} "
            f"({format_signed_percent(-scenario.lost_share, lang)})"
        )
    if result.warnings:
        lines += ["", f"**{_t('notes', lang)}:**"]
        lines += [f"- {w.text(lang)}" for w in result.warnings]
    return "\n".join(lines) + "\n"


def _num(value: float | None, lang: Language) -> str:
    return "–" if value is None else format_number(value, lang)


def _share_list(values: dict[Platform, float], lang: Language) -> str:
    ordered = sorted(values.items(), key=lambda kv: kv[1], reverse=True)
    return ", ".join(f"{p.label} {format_percent(v, lang)}" for p, v in ordered)


def recognized_files(result: StatsResult, language: Language, *, heading: bool = True) -> str:
    """Markdown list: each file, whether it was read, as what, and notes."""
    title = "Erkannte Dateien" if language == "de" else "Files recognized"
    lines = [f"## {title}", ""] if heading else []
    for f in result.files:
        detail = [f.format_label]
        if f.status == "parsed":
            detail.append(f"{f.rows} rows" if language == "en" else f"{f.rows} Zeilen")
        if f.encoding:
            detail.append(f.encoding)
        if f.note:
            detail.append(f.note)
        mark = "✓" if f.status == "parsed" else "–"
        lines.append(f"- {mark} {f.name}: " + "; ".join(detail))
    return "\n".join(lines) + "\n"
