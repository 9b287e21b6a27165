"""The few figures of a user's channel stats that advice is tailored to.

A playbook answer may say "72 % Ihrer Reichweite kommt über Meta" or "TikTok wächst am
schnellsten": these values come from here, computed from the imported exports by tested code,
and are stored with the conversation (``as_dict``) so later answers use them too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from channelwise.stats.metrics import (
    Band,
    concentration,
    follower_growth,
    follower_shares,
    meta_share,
    owned_share,
    reach_shares,
)
from channelwise.stats.records import META_PLATFORMS, OWNED_PLATFORMS, StatsResult
from channelwise.stats.stated import stated_shares

BAND_KEYS: dict[Band, str] = {
    Band.DIVERSIFIED: "diversified",
    Band.MODERATE: "moderate",
    Band.CONCENTRATED: "concentrated",
    Band.DOMINANT: "dominant",
}


@dataclass(frozen=True)
class AdviceFigures:
    """Shares and growth in percent points; None where the exports do not tell."""

    basis: str
    """``reach`` or ``followers``: what the shares are shares of."""
    platforms: int
    meta_share: float | None = None
    top_platform: str | None = None
    top_share: float | None = None
    fastest_platform: str | None = None
    fastest_growth: float | None = None
    owned_share: float | None = None
    hhi: float | None = None
    concentration: str | None = None
    """A key of :data:`BAND_KEYS`."""

    def slots(self) -> dict[str, float | str]:
        """The known figures by slot name (what playbook conditions and slots read)."""
        return {k: v for k, v in asdict(self).items() if v is not None and k != "basis"}


def advice_figures(result: StatsResult) -> AdviceFigures | None:
    """The figures of ``result`` (None when no platform has reach or followers)."""
    mix = result.mix
    basis, shares = "reach", reach_shares(mix)
    values = mix.reach()
    if not shares:
        basis, shares, values = "followers", follower_shares(mix), mix.audience()
    if not shares:
        return None
    top = max(shares, key=lambda p: (shares[p], p.label))
    growths = {
        p.platform: g.relative
        for p in mix.platforms
        if (g := follower_growth(p)) is not None and g.relative is not None
    }
    fastest = max(growths, key=lambda p: (growths[p], p.label)) if growths else None
    conc = concentration(values)
    return AdviceFigures(
        basis=basis,
        platforms=len(shares),
        meta_share=_points(meta_share(shares)) if set(shares) & META_PLATFORMS else None,
        top_platform=top.label,
        top_share=_points(shares[top]),
        fastest_platform=fastest.label if fastest is not None else None,
        fastest_growth=_points(growths[fastest]) if fastest is not None else None,
        owned_share=_points(owned_share(shares)) if set(shares) & OWNED_PLATFORMS else None,
        hhi=round(conc.hhi) if conc is not None else None,
        concentration=BAND_KEYS[conc.band] if conc is not None else None,
    )


def _points(fraction: float) -> float:
    return round(100.0 * fraction, 1)


COMPLETE = 90.0
"""A stated split covering at least this many percent points is the whole picture: its
concentration and owned share are computed (a partial one only tells the Meta share)."""


def stated_figures(text: str) -> dict[str, float | str]:
    """The figures of the reach split a question states ("70 % von insta, 20 % fb und 10 %
    newsletter"), as slots; empty when it states none (``stats.stated``)."""
    found = stated_shares(text)
    if not found:
        return {}
    platforms = {p: v for p, v in found.items() if p is not None}
    whole = found.get(None)
    meta = (whole or 0.0) + meta_share(platforms)
    complete = whole is None and sum(platforms.values()) >= COMPLETE
    top = max(platforms, key=lambda p: (platforms[p], p.label)) if platforms else None
    conc = concentration(platforms) if complete else None
    owned = owned_share(platforms)
    figures = AdviceFigures(
        basis="reach",
        platforms=len(platforms),
        meta_share=meta if whole is not None or set(platforms) & META_PLATFORMS else None,
        top_platform=top.label if top is not None and whole is None else None,
        top_share=platforms[top] if top is not None and whole is None else None,
        owned_share=owned if complete or owned else None,
        hhi=round(conc.hhi) if conc is not None else None,
        concentration=BAND_KEYS[conc.band] if conc is not None else None,
    )
    slots = figures.slots()
    if not complete:
        del slots["platforms"]  # how many channels there are is not known
    return slots
