"""Weekly hours per channel: the planning hours of each kind, fitted to the team's budget.

Each channel gets the planning hours of its kind (``platform_profiles.PROFILES``); a channel to
*maintain* gets half (at least ``MIN_CHANNEL_HOURS``). If that needs more than the team
has, new test channels are dropped (weakest first); if the budget cannot give every
remaining channel its minimum, the channels that matter least are paused (existing ones)
or left out (suggested additions): never a channel the manager asked to keep, then the
smallest share first. Then every channel is scaled to fit, none below the minimum. Spare
hours go to the growing channels in proportion to their hours. Hours are in quarter hours
and add up to the budget (to the quarter hour below it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from channelwise.plans.mix import RECEIVING
from channelwise.plans.platform_profiles import PROFILES
from channelwise.plans.records import MIN_CHANNEL_HOURS, PlanInputs, Role
from channelwise.stats import Platform


def base_hours(platform: Platform, role: Role) -> float:
    base = PROFILES[platform].base_hours
    if role == "phase_out":
        return 0.0
    if role == "maintain":
        return max(MIN_CHANNEL_HOURS, base / 2)
    return base


def allocate_hours(
    inputs: PlanInputs,
    roles: Mapping[Platform, Role],
    scores: Mapping[Platform, int],
    current: Mapping[Platform, float],
    existing: frozenset[Platform],
) -> tuple[dict[Platform, float], float, list[Platform]]:
    """(hours per channel, hours all channels would need, channels left without hours).

    ``existing`` are the channels the manager has now (in the exports or the answers);
    ``current`` their shares, used to decide which channel to pause when time is short.
    The channels left without hours are no longer in the returned mapping.
    """
    budget = inputs.hours_per_week
    base = {p: base_hours(p, r) for p, r in roles.items()}
    tests = sorted((p for p, r in roles.items() if r == "test"), key=lambda p: scores.get(p, 0))
    while sum(base.values()) > budget and tests:
        del base[tests.pop(0)]  # weakest test first
    needed = sum(base.values())
    dropped: list[Platform] = []
    active = [p for p, h in base.items() if h > 0]
    while len(active) * MIN_CHANNEL_HOURS > budget:
        victim = min(
            (p for p in active if p not in inputs.keep),
            key=lambda p: (p in existing, current.get(p, 0.0), _ORDER[roles[p]]),
        )
        active.remove(victim)
        del base[victim]
        dropped.append(victim)
    wanted = {p: base[p] for p in active}
    if sum(wanted.values()) > budget:
        raw = _scale_down(wanted, budget)
    else:
        raw = dict(wanted)
        growing = {p: h for p, h in wanted.items() if roles[p] in RECEIVING}
        receivers = growing or wanted
        weight = sum(receivers.values())
        spare = budget - sum(wanted.values())
        for p, h in receivers.items():
            raw[p] += spare * h / weight if weight else 0.0
    hours = _quarters(raw, budget)
    return {p: hours.get(p, 0.0) for p in base}, needed, dropped


#: Among channels of the same standing, the one paused first when time is short.
_ORDER: dict[Role, int] = {"test": 0, "grow": 1, "maintain": 2, "owned": 3, "phase_out": 4}


def _scale_down(wanted: Mapping[Platform, float], budget: float) -> dict[Platform, float]:
    """Scale to ``budget``; channels that would fall below the minimum get the minimum."""
    fixed: set[Platform] = set()
    while True:
        free = {p: h for p, h in wanted.items() if p not in fixed}
        room = budget - MIN_CHANNEL_HOURS * len(fixed)
        factor = room / sum(free.values()) if free else 0.0
        low = {p for p, h in free.items() if h * factor < MIN_CHANNEL_HOURS}
        if not low:
            break
        fixed |= low
    return {p: MIN_CHANNEL_HOURS if p in fixed else h * factor for p, h in wanted.items()}


def _quarters(raw: Mapping[Platform, float], budget: float) -> dict[Platform, float]:
    """Quarter hours that add up to the budget (largest remainders get the spare quarters)."""
    total = math.floor(budget * 4 + 1e-9)
    floors = {p: math.floor(h * 4 + 1e-9) for p, h in raw.items()}
    spare = total - sum(floors.values())
    by_remainder = sorted(raw, key=lambda p: (-(raw[p] * 4 - floors[p]), str(p)))
    for p in by_remainder[: max(0, spare)]:
        floors[p] += 1
    return {p: q / 4 for p, q in floors.items()}
