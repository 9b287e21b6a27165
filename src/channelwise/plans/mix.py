"""The channel mix: which figure shares compare (the basis) and the target shares.

**Basis.** Shares compare one figure across every channel the manager has now: reach when
every channel has a reach figure (each platform's reach, or the closest figure its export
has), else followers when every channel has a follower count, else the planned weekly
hours. A channel without the basis figure is never counted as zero: that would give a
growing channel without reach figures a zero target.

**Target shares** (after 90 days, on the same basis). Channels to maintain keep
``1 - shift`` of their share and channels to phase out go to 0; the freed share goes to the
growing, owned and test channels, and to channels whose share is not measured, in
proportion to their hours. When nothing is held back but there are channels without a
share yet (new tests, a new newsletter), those take ``shift`` of the mix from every
measured channel in proportion. On the hours basis the target mix is the hours mix. Every
channel with hours ends with a target above zero; the shares add up to 1.
"""

from __future__ import annotations

from collections.abc import Mapping

from channelwise.i18n import Language, t
from channelwise.plans.records import Role, ShareBasis, Situation
from channelwise.plans.texts import join_names
from channelwise.stats import Metric, Platform, shares

#: Roles that receive the share the maintained and phased-out channels hand over.
RECEIVING: frozenset[Role] = frozenset({"grow", "owned", "test"})


def share_basis(situation: Situation) -> ShareBasis:
    channels = situation.channels
    if all(c.reach is not None for c in channels) and any(c.reach_share for c in channels):
        return "reach"
    if all(c.audience is not None for c in channels) and any(c.audience_share for c in channels):
        return "audience"
    return "hours"


def current_shares(situation: Situation, basis: ShareBasis) -> dict[Platform, float]:
    """Each measured channel's share on ``basis`` (channels at zero are left out)."""
    if basis == "reach":
        values = {c.platform: c.reach_share for c in situation.channels}
    elif basis == "audience":
        values = {c.platform: c.audience_share for c in situation.channels}
    else:
        return {}
    return {p: v for p, v in values.items() if v}


def basis_note(situation: Situation, basis: ShareBasis, lang: Language) -> str:
    """What the shares compare and why, in the plan's language."""
    no_reach = [c.platform.label for c in situation.channels if c.reach is None]
    no_audience = [c.platform.label for c in situation.channels if c.audience is None]
    answers = situation.source == "answers"
    if basis == "reach":
        other = [
            f"{c.platform.label}: {Metric(c.reach_basis).label(lang)}"
            for c in situation.channels
            if c.reach_basis and c.reach_basis != Metric.REACH.value
        ]
        if not other:
            return t("basis.reach", lang)
        return t("basis.reach_mixed", lang, bases="; ".join(other))
    if basis == "audience":
        if answers:
            return t("basis.audience_answers", lang)
        return t("basis.audience", lang, missing=join_names(no_reach, lang))
    if answers or not situation.channels:
        return t("basis.hours_answers", lang)
    return t(
        "basis.hours",
        lang,
        no_reach=join_names(no_reach, lang),
        no_audience=join_names(no_audience, lang),
    )


def target_shares(
    roles: Mapping[Platform, Role],
    hours: Mapping[Platform, float],
    current: Mapping[Platform, float],
    shift: float,
) -> dict[Platform, float]:
    """Share per channel after 90 days (see the module docstring)."""
    active = {p: h for p, h in hours.items() if h > 0 and roles[p] != "phase_out"}
    measured = {p: s for p, s in current.items() if p in roles}
    if not measured:
        out = shares(active)
        return {p: out.get(p, 0.0) for p in roles}
    unmeasured = {p: h for p, h in active.items() if p not in measured}
    receivers = {p: h for p, h in active.items() if roles[p] in RECEIVING or p in unmeasured}
    targets: dict[Platform, float] = {}
    freed = 0.0
    for p, now in measured.items():
        if roles[p] == "phase_out" or p not in active:
            targets[p] = 0.0
        elif roles[p] == "maintain" and receivers:
            targets[p] = now * (1 - shift)
        else:
            targets[p] = now
        freed += now - targets[p]
    if freed <= 0 and unmeasured:
        # Nothing is held back, but new channels need room: every measured channel gives.
        for p in measured:
            freed += targets[p] * shift
            targets[p] *= 1 - shift
        receivers = unmeasured
    weight = sum(receivers.values())
    for p, h in receivers.items():
        targets[p] = targets.get(p, 0.0) + (freed * h / weight if weight else 0.0)
    total = sum(targets.values())
    if total > 0:
        targets = {p: v / total for p, v in targets.items()}  # e.g. nobody took a freed share
    return {p: targets.get(p, 0.0) for p in roles}
