"""Revision requests ("more ambitious", "no TikTok", "nur 5 Stunden pro Woche") -> new version.

Requests are read by rules (German and English), not by the model, so a revision is exact
and testable. The figures are recomputed from the same situation; narrative parts that
still fit are kept, the rest is marked missing for :func:`~.service.complete_plan`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from channelwise.plans.errors import RevisionError
from channelwise.plans.platform_profiles import _ALIASES
from channelwise.plans.records import AMBITIONS, Plan, PlanInputs, Section, section_keys
from channelwise.plans.skeleton import build_skeleton
from channelwise.plans.source_numbers import compact_sources, iter_strings, map_strings
from channelwise.stats import Platform

_UP = re.compile(
    r"\b(more ambitious|ambitious|bolder|aggressive|mehr ehrgeiz|ehrgeizig\w*"
    r"|ambitioniert\w*|mutiger)\b",
    re.I,
)
_DOWN = re.compile(
    r"\b(less ambitious|more cautious|cautious|safer|weniger ehrgeizig|weniger ambitioniert"
    r"|vorsichtig\w*|konservativ\w*)\b",
    re.I,
)
_HOURS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:h|hrs?|hours?|std\.?|stunden)(?![a-z])", re.I)
_BUDGET = re.compile(r"(?:budget\D{0,15}?(\d[\d.,]*))|(?:(\d[\d.,]*)\s*(?:€|eur\b|euro))", re.I)
_NEGATION = re.compile(
    r"\b(no|not|without|drop|remove|stop|skip|avoid|kein\w*|ohne|nicht|streich\w*|weg|raus|verzicht\w*)\W+(?:\w+\W+)?$",
    re.I,
)
_POSITIVE = re.compile(
    r"\b(add|keep|with|include|plus|start|try|mit|behalt\w*|dazu|hinzu\w*|zusätzlich|auch|aufnehmen|teste\w*)\W+(?:\w+\W+)?$",
    re.I,
)
_GOAL_CUE = re.compile(r"\b(goal|focus|prioriti[sz]e|ziel\w*|fokus|schwerpunkt)\b", re.I)
_GOALS = {
    "reach": re.compile(r"\b(reach|reichweite)\b", re.I),
    "revenue": re.compile(r"\b(revenue|sales|umsatz|verkauf\w*)\b", re.I),
    "community": re.compile(r"\b(community|gemeinschaft)\b", re.I),
    "resilience": re.compile(r"\b(resilience|resilienz|unabhängigkeit|independence)\b", re.I),
}
_GERMAN = re.compile(r"\b(in german|auf deutsch|deutsch bitte)\b", re.I)
_ENGLISH = re.compile(r"\b(in english|auf englisch|englisch bitte)\b", re.I)


def _platform_pattern() -> re.Pattern[str]:
    names: dict[str, Platform] = {p.value: p for p in Platform if p is not Platform.OTHER}
    names.update({p.label.lower(): p for p in Platform if p is not Platform.OTHER})
    names.update(_ALIASES)
    names["x"] = Platform.X
    ordered = sorted(names, key=len, reverse=True)
    return re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(n) for n in ordered) + r")(?![\w-])", re.I
    )


_PLATFORM = _platform_pattern()
_PLATFORM_NAMES: dict[str, Platform] = {
    **{p.value: p for p in Platform},
    **{p.label.lower(): p for p in Platform},
    **_ALIASES,
}


@dataclass(frozen=True)
class Revision:
    """What a request changes, as new input values and a human-readable summary."""

    changes: dict[str, Any]
    summary: tuple[str, ...]


def parse_request(request: str, inputs: PlanInputs) -> Revision:
    """Read a revision request; :class:`RevisionError` if nothing in it is understood."""
    text = request.strip()
    changes: dict[str, Any] = {}
    summary: list[str] = []
    index = AMBITIONS.index(inputs.ambition)
    if _DOWN.search(text):
        changes["ambition"] = AMBITIONS[max(index - 1, 0)]
    elif _UP.search(text):
        changes["ambition"] = AMBITIONS[min(index + 1, len(AMBITIONS) - 1)]
    if "ambition" in changes:
        summary.append(f"ambition: {inputs.ambition} -> {changes['ambition']}")
    if m := _HOURS.search(text):
        changes["hours_per_week"] = float(m.group(1).replace(",", "."))
        summary.append(f"hours a week: {inputs.hours_per_week:g} -> {changes['hours_per_week']:g}")
    if m := _BUDGET.search(text):
        raw = (m.group(1) or m.group(2)).rstrip(".,")
        changes["budget_per_month"] = float(re.sub(r"[.,](?=\d{3}\b)", "", raw).replace(",", "."))
        summary.append(f"budget: {changes['budget_per_month']:g}")
    avoid, keep = list(inputs.avoid), list(inputs.keep)
    for match in _PLATFORM.finditer(text):
        if match.group(1) == "x":
            continue  # a lowercase "x" is a multiplication sign, not the platform
        platform = _PLATFORM_NAMES[match.group(1).lower()]
        before = text[max(0, match.start() - 40) : match.start()]
        if _NEGATION.search(before):
            avoid = [*[p for p in avoid if p != platform], platform]
            keep = [p for p in keep if p != platform]
            summary.append(f"avoid {platform.label}")
        elif _POSITIVE.search(before):
            keep = [*[p for p in keep if p != platform], platform]
            avoid = [p for p in avoid if p != platform]
            summary.append(f"keep {platform.label}")
    if tuple(avoid) != inputs.avoid:
        changes["avoid"] = tuple(avoid)
    if tuple(keep) != inputs.keep:
        changes["keep"] = tuple(keep)
    if _GOAL_CUE.search(text):
        goals = [g for g, pattern in _GOALS.items() if pattern.search(text)]
        if goals:
            changes["goals"] = tuple(goals)
            summary.append(f"goals: {', '.join(goals)}")
    if _GERMAN.search(text):
        changes["language"] = "de"
    elif _ENGLISH.search(text):
        changes["language"] = "en"
    if "language" in changes:
        summary.append(f"language: {changes['language']}")
    if not changes:
        raise RevisionError(
            f"I could not tell what to change in “{request}”. Try for example: “more "
            "ambitious”, “less ambitious”, “no TikTok”, “add LinkedIn”, “only 5 hours a "
            "week”, “budget 300 €”, “focus on community”, “in German”.",
            f"Ich konnte nicht erkennen, was sich an „{request}“ ändern soll. Zum Beispiel: "
            "„ehrgeiziger“, „vorsichtiger“, „kein TikTok“, „mit LinkedIn“, „nur 5 Stunden pro "
            "Woche“, „Budget 300 €“, „Fokus auf Community“, „auf Deutsch“.",
        )
    return Revision(changes, tuple(summary))


def revise(plan: Plan, request: str, *, today: date | None = None) -> Plan:
    """The next version of ``plan``: new inputs and figures, still-valid narrative kept.

    Sections that no longer fit (a removed or re-roled channel, text naming a platform now
    avoided, another language) are dropped, so ``plan.missing`` lists what to rewrite.
    """
    revision = parse_request(request, plan.inputs)
    inputs = PlanInputs.model_validate({**plan.inputs.model_dump(), **revision.changes})
    skeleton = build_skeleton(
        inputs, plan.skeleton.situation, today=today, start=plan.skeleton.start
    )
    sections: list[Section] = []
    if inputs.language == plan.inputs.language:
        removed = set(inputs.avoid) - set(plan.inputs.avoid)
        old_roles = {c.platform: c.role for c in plan.skeleton.channels}
        new_roles = {c.platform: c.role for c in skeleton.channels}
        owned_changed = {p for p, r in old_roles.items() if r == "owned"} != {
            p for p, r in new_roles.items() if r == "owned"
        }
        for key in section_keys(skeleton):
            old = plan.section(key)
            if old is None or old.status == "missing" or old.content is None:
                continue
            if key.startswith("channel:"):
                platform = Platform(key.split(":", 1)[1])
                if old_roles.get(platform) != new_roles.get(platform):
                    continue
            if key == "owned" and owned_changed:
                continue
            if key == "situation" and old_roles != new_roles:
                continue  # it says what the plan does with each channel
            kept = _without_platforms(old, removed)
            if kept is not None:
                sections.append(kept)
    compacted, sources = compact_sources(sections, {s.number: s for s in plan.sources})
    missing = [
        Section(key=k, status="missing", error="to be rewritten after the revision")
        for k in section_keys(skeleton)
        if k not in {s.key for s in compacted}
    ]
    by_key = {s.key: s for s in [*compacted, *missing]}
    return plan.model_copy(
        update={
            "version": plan.version + 1,
            "created_at": datetime.now(UTC),
            "inputs": inputs,
            "skeleton": skeleton,
            "sections": tuple(by_key[k] for k in section_keys(skeleton)),
            "sources": tuple(sources),
            "revision_request": request,
        }
    )


def _without_platforms(section: Section, removed: set[Platform]) -> Section | None:
    """Drop list items naming a removed platform; None if a required text names one."""
    if not removed or section.content is None:
        return section
    names = [p.label.lower() for p in removed] + [p.value for p in removed]

    def mentions(text: str) -> bool:
        low = text.lower()
        return any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", low) for n in names)

    data = section.content.model_dump()
    for key, value in list(data.items()):
        if isinstance(value, list):
            data[key] = [v for v in value if not any(mentions(s) for s in iter_strings(v))]
            if not data[key]:
                return None
        elif isinstance(value, str) and key != "kind" and mentions(value):
            return None
    content = type(section.content).model_validate(map_strings(data, lambda s: s))
    return section.model_copy(update={"content": content})
