"""Plan vs actuals: newer exports against a saved plan's KPI targets.

``progress = (now - baseline) / (target - baseline)``: 0 at the baseline, 1 (100 %) at the
target, negative when the KPI moved the wrong way. The current values are computed from the
new exports by the same code as the plan's baselines (:func:`situation_from_stats`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from channelwise.i18n import Language, register, t
from channelwise.plans.records import KPI, Plan, Situation
from channelwise.plans.render import Table, format_kpi_value, kpi_label
from channelwise.plans.skeleton import situation_from_stats
from channelwise.stats import StatsResult, format_percent

register(
    {
        "actuals.periods_differ": {
            "en": "The new exports cover {new} days, the baseline {base} days: totals such as "
            "reach compare only roughly.",
            "de": "Die neuen Exporte umfassen {new} Tage, die Ausgangswerte {base} Tage: Summen "
            "wie die Reichweite sind nur bedingt vergleichbar.",
        },
        "actuals.before_start": {
            "en": "The new exports end before the plan started.",
            "de": "Die neuen Exporte enden vor dem Start des Plans.",
        },
        "status.achieved": {"en": "achieved", "de": "erreicht"},
        "status.on_track": {"en": "on track", "de": "im Plan"},
        "status.behind": {"en": "behind", "de": "im Rückstand"},
        "status.wrong_direction": {
            "en": "moving the wrong way",
            "de": "entwickelt sich in die falsche Richtung",
        },
        "status.in_progress": {"en": "in progress", "de": "in Arbeit"},
        "status.no_data": {
            "en": "no data in the new exports",
            "de": "keine Daten in den neuen Exporten",
        },
        "actuals.baseline": {"en": "Baseline", "de": "Ausgangswert"},
        "actuals.target": {"en": "Target", "de": "Ziel"},
        "actuals.now": {"en": "Now", "de": "Jetzt"},
        "actuals.progress": {"en": "Progress", "de": "Fortschritt"},
    }
)


HORIZON_DAYS = 90
Status = Literal["achieved", "on_track", "behind", "wrong_direction", "in_progress", "no_data"]


class KpiProgress(BaseModel):
    model_config = ConfigDict(frozen=True)

    kpi: KPI
    current: float | None
    progress: float | None
    """Share of the way from baseline to target (1.0 = target reached)."""
    status: Status


class ActualsReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    plan_id: str | None
    version: int
    elapsed_days: int | None
    """Days from the plan's start to the end of the new exports (None if unknown)."""
    items: tuple[KpiProgress, ...]
    warnings: tuple[str, ...] = ()


def current_value(kpi: KPI, situation: Situation) -> float | None:
    """The KPI's value in a situation computed from (newer) exports."""
    match kpi.kind:
        case "meta_reach_share":
            return situation.meta_reach_share
        case "reach_hhi":
            return situation.hhi
        case "owned_reach_share":
            return situation.owned_reach_share
        case "total_reach":
            return situation.total_reach
        case "meta_audience_share":
            return situation.meta_audience_share
        case "audience_hhi":
            return situation.audience_hhi
        case "owned_audience_share":
            return situation.owned_audience_share
    figures = situation.channel(kpi.platform) if kpi.platform else None
    if figures is None:
        return None
    match kpi.kind:
        case "reach":
            return figures.reach
        case "audience":
            return figures.audience
        case _:
            return figures.engagement_rate


def progress_of(kpi: KPI, current: float | None) -> float | None:
    if current is None or kpi.baseline is None or kpi.target == kpi.baseline:
        return None
    return (current - kpi.baseline) / (kpi.target - kpi.baseline) + 0.0  # no "-0 %"


def _status(
    kpi: KPI, current: float | None, progress: float | None, elapsed: float | None
) -> Status:
    if current is None:
        return "no_data"
    reached = current >= kpi.target if kpi.direction == "up" else current <= kpi.target
    if reached:
        return "achieved"
    if progress is None:
        return "in_progress"
    if progress < 0:
        return "wrong_direction"
    if elapsed is None:
        return "in_progress"
    return "on_track" if progress >= elapsed else "behind"


def compare_actuals(plan: Plan, result: StatsResult) -> ActualsReport:
    """Each KPI's current value, progress towards its target and a status."""
    now = situation_from_stats(result, plan.language)
    base = plan.skeleton.situation
    elapsed_days = None
    if now.period_end is not None:
        elapsed_days = max(0, min((now.period_end - plan.skeleton.start).days + 1, HORIZON_DAYS))
    fraction = elapsed_days / HORIZON_DAYS if elapsed_days is not None else None
    items = []
    for kpi in plan.skeleton.kpis:
        current = current_value(kpi, now)
        progress = progress_of(kpi, current)
        items.append(KpiProgress(kpi=kpi, current=current, progress=progress,
                                 status=_status(kpi, current, progress, fraction)))  # fmt: skip
    warnings: list[str] = []
    lang = plan.language
    if base.period_days and now.period_days and base.period_days != now.period_days:
        warnings.append(
            t("actuals.periods_differ", lang, new=now.period_days, base=base.period_days)
        )
    if now.period_end and now.period_end < plan.skeleton.start:
        warnings.append(t("actuals.before_start", lang))
    return ActualsReport(
        plan_id=plan.id,
        version=plan.version,
        elapsed_days=elapsed_days,
        items=tuple(items),
        warnings=tuple(warnings),
    )


def status_text(status: Status, lang: Language) -> str:
    return t(f"status.{status}", lang)


def actuals_table(report: ActualsReport, lang: Language) -> Table:
    header = (
        "KPI",
        t("actuals.baseline", lang),
        t("actuals.target", lang),
        t("actuals.now", lang),
        t("actuals.progress", lang),
        "Status",
    )
    rows = tuple(
        (
            kpi_label(i.kpi, lang),
            format_kpi_value(i.kpi, i.kpi.baseline, lang),
            format_kpi_value(i.kpi, i.kpi.target, lang),
            format_kpi_value(i.kpi, i.current, lang),
            format_percent(i.progress, lang, 0) if i.progress is not None else "–",
            status_text(i.status, lang),
        )
        for i in report.items
    )
    return Table(header, rows)


def actuals_markdown(report: ActualsReport, lang: Language) -> str:
    table = actuals_table(report, lang)
    lines = ["| " + " | ".join(table.header) + " |", "|" + "---|" * len(table.header)]
    lines += ["| " + " | ".join(row) + " |" for row in table.rows]
    if report.warnings:
        lines += ["", *[f"> {w}" for w in report.warnings]]
    return "\n".join(lines) + "\n"
