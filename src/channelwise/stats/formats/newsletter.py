"""Newsletter subscriber exports: Substack, Beehiiv, Mailchimp (one row per address).

Reach and followers are the subscribers who can receive email, free and paid; paid
subscribers are a figure of their own.

* Substack (``email_list.<publication>.csv``, alone or in the export zip):
  ``active_subscription`` is true for an active *paid* subscription, so free subscribers
  have it false. Reachable: every row not ``email_disabled``. Paid: an active subscription
  on a paid plan (comps are free) that has not expired; a lapsed paid subscription (past
  its ``expiry``) is a free subscriber now.
* Beehiiv: reachable means ``status`` active (not inactive, validating, pending ...); paid
  means active on a premium ``subscription_tier``.
* Mailchimp: the audience zip holds one file per status; only ``subscribed`` members are
  reachable (unsubscribed, cleaned, pending, non-subscribed are not). A single file whose
  name does not say its list is read as the subscribed members, and said so.
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
from channelwise.stats.readers import Document
from channelwise.stats.records import (
    Granularity,
    Metric,
    MetricValue,
    Period,
    PeriodSource,
    Platform,
)
from channelwise.stats.tables import aliases, extract, locate, require_rows

COLUMNS = aliases(
    email=("email", "E-Mail"),
    active=("active_subscription",),
    expiry=("expiry",),
    disabled=("email_disabled",),
    plan=("plan", "type", "subscription_type"),
    created=("created_at", "subscription_created_at", "created"),
    first_payment=("first_payment_at",),
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
#: Substack plans of free subscribers ("other" in the export) and complimentary ones.
_FREE_PLANS = frozenset({"free", "other", "kostenlos"})
_COMP_PLANS = frozenset({"comp", "complimentary"})
#: Beehiiv tiers that pay nothing.
_FREE_TIERS = frozenset({"", "free", "kostenlos"})
#: Mailchimp's audience export: one file per status, named '<status>_members_export_...'.
_MAILCHIMP_STATUSES = (
    "subscribed",
    "unsubscribed",
    "cleaned",
    "pending",
    "nonsubscribed",
    "non_subscribed",
    "transactional",
    "archived",
)
LABEL_SUBSTACK = "Substack subscriber export"
LABEL_BEEHIIV = "Beehiiv subscriber export"
LABEL_MAILCHIMP = "Mailchimp audience export"


def _flag(series: pd.Series) -> pd.Series:
    return series.astype(str).str.strip().str.lower().isin(_TRUE)


def _lower(series: pd.Series) -> pd.Series:
    return series.astype(str).str.strip().str.lower()


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
    reachable: pd.Series,
    paid: tuple[pd.Series, str] | None,
    period: Period,
    how_reachable: str,
    notes: list[str],
) -> Parsed:
    values: dict[Metric, MetricValue] = {}
    rows = len(frame)
    count = int(reachable.sum())
    metric(values, Metric.SUBSCRIBERS, count, f"{how_reachable} ({count:,} of {rows:,} rows)")
    if paid is not None:
        metric(values, Metric.PAID_SUBSCRIBERS, int(paid[0].sum()), paid[1])
    unreachable = rows - count
    if unreachable:
        notes.append(f"{unreachable} address(es) that cannot receive email not counted")
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
    return Parsed((stats,), rows, tuple(headers.values()), note="; ".join(notes))


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
    headers: dict[str, str] = frame.attrs["headers"]
    snapshot = _snapshot(frame, ("created", "first_payment"), w)
    reachable = pd.Series(True, index=frame.index)
    if "disabled" in frame.columns:
        reachable = ~_flag(frame["disabled"])
    active = _flag(frame["active"])
    plan = _lower(frame["plan"]) if "plan" in frame.columns else pd.Series("", index=frame.index)
    expired = pd.Series(False, index=frame.index)
    had_paid = pd.Series(False, index=frame.index)
    if "expiry" in frame.columns:
        expiry = parse_dates(frame["expiry"], where=f"{w}, column '{headers['expiry']}'")
        had_paid = expiry.notna()
        if snapshot.end is not None:
            expired = (expiry.dt.date < snapshot.end).fillna(False).astype(bool)
    paid = active & ~expired & ~plan.isin(_FREE_PLANS | _COMP_PLANS)
    notes: list[str] = []
    lapsed = int((had_paid & ~paid & ~plan.isin(_COMP_PLANS)).sum())
    if lapsed:
        notes.append(f"{lapsed} lapsed paid subscription(s) counted as free subscribers")
    comps = int((active & plan.isin(_COMP_PLANS)).sum())
    if comps:
        notes.append(f"{comps} complimentary subscription(s) counted as free subscribers")
    return _result(
        doc,
        "substack_subscribers",
        LABEL_SUBSTACK,
        frame,
        reachable,
        (paid, "rows with an active paid subscription that has not expired (no comps)"),
        snapshot,
        "rows whose email is not disabled, free and paid",
        notes,
    )


def _parse_beehiiv(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    frame, w = _load(doc, ("email", "status"))
    active = _lower(frame["status"]).eq("active")
    paid = None
    if "tier" in frame.columns:
        premium = active & ~_lower(frame["tier"]).isin(_FREE_TIERS)
        paid = (premium, "active rows on a premium subscription tier")
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


def _mailchimp_status(doc: Document, frame: pd.DataFrame) -> str | None:
    """The list a Mailchimp file holds, from its name or its extra columns."""
    name = doc.filename.lower()
    named = next((st for st in _MAILCHIMP_STATUSES if name.startswith(st + "_")), None)
    if named is not None:
        return "nonsubscribed" if named == "non_subscribed" else named
    if "unsub" in frame.columns:
        return "unsubscribed"
    if "clean" in frame.columns:
        return "cleaned"
    return None


def _parse_mailchimp(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    frame, w = _load(doc, ("mc_email", "rating"))
    status = _mailchimp_status(doc, frame)
    headers: dict[str, str] = frame.attrs["headers"]
    if status not in (None, "subscribed"):
        return Parsed(
            (),
            len(frame),
            tuple(headers.values()),
            note=f"{len(frame)} {status} address(es), not counted as reachable",
        )
    notes = []
    if status is None:
        notes.append(
            "the file name does not say which list it is; read as the subscribed members "
            "(upload the export zip to be sure)"
        )
    return _result(
        doc,
        "mailchimp_subscribers",
        LABEL_MAILCHIMP,
        frame,
        pd.Series(True, index=frame.index),
        None,
        _snapshot(frame, ("last_changed", "optin"), w),
        "rows of the subscribed-members file",
        notes,
    )


FORMATS = (
    FormatSpec(
        "substack_subscribers",
        LABEL_SUBSTACK,
        Platform.NEWSLETTER,
        header_detector(COLUMNS, ("email", "active", ("created", "expiry", "disabled"))),
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
