"""Newsletter subscriber exports: Substack, Beehiiv, Mailchimp (one row per address).

Active subscribers are counted; lapsed (Substack ``active_subscription`` false), inactive
(Beehiiv ``status`` other than active), unsubscribed and cleaned (Mailchimp) addresses are
not. Paid subscribers are counted where the export says who pays.
"""

from __future__ import annotations

import pandas as pd

from channelwise.stats.dates import parse_dates, span
from channelwise.stats.formats.base import (
    FormatSpec,
    ParseContext,
    Parsed,
    header_detector,
    metric,
    source,
    where,
)
from channelwise.stats.model import Granularity, Metric, MetricValue, Period, PeriodSource, Platform
from channelwise.stats.readers import Document
from channelwise.stats.tables import aliases, extract, locate, require_rows

COLUMNS = aliases(
    email=("email", "E-Mail"),
    active=("active_subscription",),
    disabled=("email_disabled",),
    plan=("plan", "type", "subscription_type"),
    created=("created_at", "subscription_created_at", "created"),
    status=("status",),
    tier=("subscription_tier", "tier"),
    mc_email=("Email Address", "E-Mail-Adresse", "E-Mail Adresse"),
    rating=("MEMBER_RATING",),
    optin=("OPTIN_TIME",),
    last_changed=("LAST_CHANGED",),
    unsub=("UNSUB_TIME",),
    clean=("CLEAN_TIME",),
)
_TRUE = frozenset({"true", "t", "yes", "y", "1", "wahr", "ja"})
_FREE_PLANS = frozenset({"", "free", "comp", "complimentary", "gift", "kostenlos"})
LABEL_SUBSTACK = "Substack subscriber export"
LABEL_BEEHIIV = "Beehiiv subscriber export"
LABEL_MAILCHIMP = "Mailchimp audience export"


def _flag(series: pd.Series) -> pd.Series:
    return series.astype(str).str.strip().str.lower().isin(_TRUE)


def _snapshot(frame: pd.DataFrame, keys: tuple[str, ...], w: str) -> Period:
    """The newest sign-up/change date in the file: the list is at least that recent."""
    latest = None
    headers: dict[str, str] = frame.attrs["headers"]
    for key in keys:
        if key in frame.columns:
            _, last = span(parse_dates(frame[key], where=f"{w}, column '{headers[key]}'"))
            if last is not None and (latest is None or last > latest):
                latest = last
    return Period(latest, latest, PeriodSource.DATA) if latest else Period(None, None)


def _result(
    doc: Document,
    spec_id: str,
    label: str,
    frame: pd.DataFrame,
    active: pd.Series,
    paid: pd.Series | None,
    period: Period,
    how_active: str,
    notes: list[str],
) -> Parsed:
    values: dict[Metric, MetricValue] = {}
    metric(values, Metric.SUBSCRIBERS, int(active.sum()), how_active)
    if paid is not None:
        metric(
            values,
            Metric.PAID_SUBSCRIBERS,
            int((active & paid).sum()),
            "active subscribers on a paid plan",
        )
    inactive = int((~active).sum())
    if inactive:
        notes.append(f"{inactive} lapsed or inactive address(es) not counted as active")
    stats = source(
        doc,
        spec_id,
        label,
        Platform.NEWSLETTER,
        account=None,
        period=period,
        granularity=Granularity.SNAPSHOT,
        metrics=values,
        notes=notes,
    )
    headers: dict[str, str] = frame.attrs["headers"]
    return Parsed((stats,), len(frame), tuple(headers.values()))


def _load(doc: Document, required: tuple[str, ...]) -> tuple[pd.DataFrame, str]:
    located = locate(doc.sheets[0], COLUMNS, required)
    assert located is not None
    w = where(doc)
    frame = extract(located, where=w)
    require_rows(frame, w)
    return frame, w


def _parse_substack(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    frame, w = _load(doc, ("email", "active"))
    active = _flag(frame["active"])
    if "disabled" in frame.columns:
        active &= ~_flag(frame["disabled"])
    paid = None
    if "plan" in frame.columns:
        paid = ~frame["plan"].astype(str).str.strip().str.lower().isin(_FREE_PLANS)
    return _result(
        doc,
        "substack_subscribers",
        LABEL_SUBSTACK,
        frame,
        active,
        paid,
        _snapshot(frame, ("created",), w),
        "rows with active_subscription true and email not disabled",
        [],
    )


def _parse_beehiiv(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    frame, w = _load(doc, ("email", "status"))
    active = frame["status"].astype(str).str.strip().str.lower().eq("active")
    paid = None
    if "tier" in frame.columns:
        paid = ~frame["tier"].astype(str).str.strip().str.lower().isin(_FREE_PLANS)
    return _result(
        doc,
        "beehiiv_subscribers",
        LABEL_BEEHIIV,
        frame,
        active,
        paid,
        _snapshot(frame, ("created",), w),
        "rows with status 'active'",
        [],
    )


def _parse_mailchimp(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    frame, w = _load(doc, ("mc_email", "rating"))
    name = doc.filename.lower()
    status = "subscribed"
    if "unsub" in frame.columns or name.startswith("unsubscribed"):
        status = "unsubscribed"
    elif "clean" in frame.columns or name.startswith("cleaned"):
        status = "cleaned"
    headers: dict[str, str] = frame.attrs["headers"]
    if status != "subscribed":
        return Parsed(
            (),
            len(frame),
            tuple(headers.values()),
            note=f"{len(frame)} {status} address(es), not counted as active",
        )
    active = pd.Series(True, index=frame.index)
    return _result(
        doc,
        "mailchimp_subscribers",
        LABEL_MAILCHIMP,
        frame,
        active,
        None,
        _snapshot(frame, ("last_changed", "optin"), w),
        "rows of the subscribed-members file",
        [],
    )


FORMATS = (
    FormatSpec(
        "substack_subscribers",
        LABEL_SUBSTACK,
        Platform.NEWSLETTER,
        header_detector(COLUMNS, ("email", "active", "created")),
        _parse_substack,
        signature_labels=COLUMNS.labels,
    ),
    FormatSpec(
        "beehiiv_subscribers",
        LABEL_BEEHIIV,
        Platform.NEWSLETTER,
        header_detector(COLUMNS, ("email", "status", "tier")),
        _parse_beehiiv,
        signature_labels=COLUMNS.labels,
    ),
    FormatSpec(
        "mailchimp_subscribers",
        LABEL_MAILCHIMP,
        Platform.NEWSLETTER,
        header_detector(COLUMNS, ("mc_email", "rating", "optin")),
        _parse_mailchimp,
        signature_labels=COLUMNS.labels,
    ),
)
