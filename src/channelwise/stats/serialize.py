"""A JSON-ready view of a :class:`StatsResult` (for ``channelwise stats --json`` and the app)."""

from __future__ import annotations

from typing import Any

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
from channelwise.stats.records import Period, SourceStats, StatsResult


def _period(period: Period) -> dict[str, Any]:
    return {
        "start": period.start.isoformat() if period.start else None,
        "end": period.end.isoformat() if period.end else None,
        "derived_from": period.source.value,
    }


def _source(src: SourceStats) -> dict[str, Any]:
    return {
        "file": src.source,
        "format": src.format_id,
        "format_label": src.format_label,
        "platform": src.platform.value,
        "account": src.account,
        "period": _period(src.period),
        "granularity": src.granularity.value,
        "metrics": {
            m.value: {"value": v.value, "how": v.how, "definition": m.definition("en")}
            for m, v in src.metrics.items()
        },
        "posts": 0 if src.posts is None else len(src.posts),
        "notes": list(src.notes),
    }


def to_dict(result: StatsResult, *, meta_drop: float = 0.5) -> dict[str, Any]:
    """Files, sources, the channel mix and every metric, as plain JSON types."""
    mix = result.mix
    r_shares = reach_shares(mix)
    a_shares = follower_shares(mix)
    conc = concentration(mix.reach())
    platforms: list[dict[str, Any]] = []
    for p in mix.platforms:
        g = follower_growth(p)
        er = engagement_rate(p)
        platforms.append(
            {
                "platform": p.platform.value,
                "accounts": list(p.accounts),
                "period": _period(p.period),
                "metrics": {m.value: v for m, v in p.metrics.items()},
                "reach": p.reach,
                "reach_basis": p.reach_basis.value if p.reach_basis else None,
                "audience": p.audience,
                "reach_share": r_shares.get(p.platform),
                "follower_share": a_shares.get(p.platform),
                "growth": None
                if g is None
                else {
                    "start": g.start,
                    "end": g.end,
                    "absolute": g.absolute,
                    "relative": g.relative,
                    "net": g.net,
                },
                "engagement_rate": None
                if er is None
                else {
                    "rate": er.rate,
                    "numerator": er.numerator,
                    "denominator": er.denominator,
                    "definition": er.definition.en,
                },
                "sources": list(p.sources),
            }
        )
    reach = mix.reach()
    what_if = what_if_meta_drop(reach, meta_drop) if reach else None
    return {
        "files": [
            {
                "name": f.name,
                "status": f.status,
                "format": f.format_id,
                "format_label": f.format_label,
                "platform": f.platform.value if f.platform else None,
                "encoding": f.encoding,
                "delimiter": f.delimiter,
                "decimal": f.decimal,
                "rows": f.rows,
                "columns": list(f.columns),
                "note": f.note,
            }
            for f in result.files
        ],
        "sources": [_source(s) for s in result.sources],
        "platforms": platforms,
        "metrics": {
            "meta_share_of_reach": meta_share(r_shares) if r_shares else None,
            "meta_share_of_followers": meta_share(a_shares) if a_shares else None,
            "owned_share_of_reach": owned_share(r_shares) if r_shares else None,
            "owned_share_of_followers": owned_share(a_shares) if a_shares else None,
            "hhi_reach": None
            if conc is None
            else {
                "hhi": conc.hhi,
                "band": conc.band.value,
                "text": conc.text("en"),
                "effective_platforms": conc.effective_platforms,
            },
            "what_if_meta_drop": None
            if what_if is None
            else {
                "drop": what_if.drop,
                "before": what_if.before,
                "after": what_if.after,
                "lost": what_if.lost,
                "lost_share": what_if.lost_share,
            },
        },
        "warnings": [{"code": w.code, "message": w.en} for w in result.warnings],
    }
