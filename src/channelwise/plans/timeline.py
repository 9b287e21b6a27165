"""The 30/60/90-day timeline of concrete tasks and the risks the figures show."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from channelwise.i18n import Language, t
from channelwise.plans.records import PlanInputs, Risk, Situation, TargetChannel, TimelineTask
from channelwise.plans.texts import posts_phrase, short_number
from channelwise.stats import Platform, format_percent

Phase = Literal[30, 60, 90]


def build_timeline(
    channels: tuple[TargetChannel, ...], start: date, lang: Language
) -> list[TimelineTask]:
    """Concrete tasks by week; phases are weeks 1-4 (30), 5-8 (60), 9-13 (90)."""
    items: list[tuple[int, str, Platform | None, float | None]] = [
        (1, t("task.baseline", lang), None, None)
    ]
    for c in channels:
        name = c.platform.label
        hours = short_number(c.hours_per_week, lang)
        posts = short_number(c.posts_per_week, lang)
        so_many = posts_phrase(c.posts_per_week, lang)
        match c.role:
            case "maintain":
                items.append(
                    (
                        1,
                        t("task.reduce", lang, channel=name, hours=hours),
                        c.platform,
                        c.hours_per_week,
                    )
                )
            case "phase_out":
                items.append((1, t("task.phase_out", lang, channel=name), c.platform, None))
            case "grow":
                items.append(
                    (
                        2,
                        t("task.grow", lang, channel=name, posts=so_many, hours=hours),
                        c.platform,
                        c.hours_per_week,
                    )
                )
            case "owned":
                key = "task.website_setup" if c.platform is Platform.WEBSITE else "task.owned_setup"
                items.append((1, t(key, lang, channel=name), c.platform, None))
                items.append((2, t("task.link_profiles", lang, channel=name), c.platform, None))
                if c.platform is not Platform.WEBSITE:
                    items.append((3, t("task.lead_magnet", lang, channel=name), c.platform, None))
                rhythm = "task.publish" if c.platform is Platform.WEBSITE else "task.owned_rhythm"
                items.append(
                    (
                        3,
                        t(rhythm, lang, channel=name, posts=posts),
                        c.platform,
                        c.hours_per_week,
                    )
                )
            case "test":
                tests_before = sum(1 for x in channels[: channels.index(c)] if x.role == "test")
                week = 2 if tests_before == 0 else 5
                items.append(
                    (
                        week,
                        t("task.test_start", lang, channel=name, posts=so_many, hours=hours),
                        c.platform,
                        c.hours_per_week,
                    )
                )
    items += [
        (4, t("task.review30", lang), None, None),
        (8, t("task.review60", lang), None, None),
        (13, t("task.review90", lang), None, None),
    ]
    items.sort(key=lambda item: item[0])
    return [
        TimelineTask(
            phase=phase_of(week),
            week=week,
            start=start + timedelta(weeks=week - 1),
            end=start + timedelta(weeks=week - 1, days=4),
            task=text,
            platform=platform,
            hours=task_hours,
        )
        for week, text, platform, task_hours in items
    ]


def phase_of(week: int) -> Phase:
    if week <= 4:
        return 30
    return 60 if week <= 8 else 90


def build_risks(
    inputs: PlanInputs,
    situation: Situation,
    channels: tuple[TargetChannel, ...],
    needed: float,
) -> list[Risk]:
    lang = inputs.language
    risks: list[Risk] = []
    owned = [c.platform.label for c in channels if c.role == "owned"]
    if situation.what_if_lost_share and (situation.meta_reach_share or 0) > 0:
        risks.append(
            Risk(
                code="meta_drop",
                risk=t(
                    "risk.meta_drop",
                    lang,
                    drop=format_percent(situation.what_if_drop, lang, 0),
                    lost=format_percent(situation.what_if_lost_share, lang),
                ),
                mitigation=t("mitigation.meta_drop", lang, owned=" / ".join(owned) or "–"),
            )
        )
    if needed > inputs.hours_per_week:
        risks.append(
            Risk(
                code="hours",
                risk=t(
                    "risk.hours",
                    lang,
                    needed=short_number(needed, lang),
                    hours=short_number(inputs.hours_per_week, lang),
                ),
                mitigation=t("mitigation.hours", lang),
            )
        )
    if not owned:
        avoided = {Platform.NEWSLETTER, Platform.WEBSITE} <= set(inputs.avoid)
        key = "no_owned" if avoided else "no_owned_hours"
        risks.append(
            Risk(
                code="no_owned",
                risk=t(f"risk.{key}", lang),
                mitigation=t(f"mitigation.{key}", lang),
            )
        )
    days = {c.period_days for c in situation.channels if c.period_days}
    if len(days) > 1:
        risks.append(
            Risk(
                code="periods",
                risk=t("risk.periods", lang),
                mitigation=t("mitigation.periods", lang),
            )
        )
    if situation.source == "answers":
        risks.append(
            Risk(
                code="no_stats",
                risk=t("risk.no_stats", lang),
                mitigation=t("mitigation.no_stats", lang),
            )
        )
    return risks
