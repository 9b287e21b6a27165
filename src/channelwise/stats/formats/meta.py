"""Meta Business Suite exports: Facebook and Instagram post lists, and daily metric files.

* Post exports (UTF-8 with BOM, 30+ columns): one row per post with lifetime figures (the
  ``Date`` column reads "Lifetime"), publish time ``MM/DD/YYYY HH:MM``, a header with a comma
  in it ("Reactions, Comments and Shares"), captions over several lines. Since 2025 "Views"
  replaces "Impressions"; both are read.
* Daily metric files (UTF-16 LE with BOM): a ``sep=,`` line, a title line naming the metric
  ("Facebook follows", "Instagram reach", "Views" ...), then ``"Date","Primary"``; days with
  zero may be missing.
"""

from __future__ import annotations

import pandas as pd

from channelwise.stats.dates import parse_dates, span
from channelwise.stats.errors import UnknownLayoutError
from channelwise.stats.formats.base import (
    Detection,
    FormatSpec,
    ParseContext,
    Parsed,
    daily_series,
    header_detector,
    metric,
    missing_figures,
    posts_frame,
    source,
    sum_metric,
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
from channelwise.stats.tables import (
    aliases,
    best_match,
    extract,
    locate,
    norm,
    numbers,
    require_rows,
)

POSTS = aliases(
    post_id=("Post ID", "Beitrags-ID"),
    page_id=("Page ID", "Seiten-ID"),
    page_name=("Page name", "Seitenname"),
    account_id=("Account ID", "Konto-ID"),
    username=("Account username", "Kontoname (Nutzername)", "Benutzername des Kontos"),
    account_name=("Account name", "Kontoname"),
    title=("Title", "Titel"),
    description=("Description", "Beschreibung"),
    published=("Publish time", "Veröffentlichungszeitpunkt", "Veröffentlichungszeit"),
    permalink=("Permalink",),
    views=("Views", "Aufrufe"),
    impressions=("Impressions", "Impressionen"),
    reach=("Reach", "Reichweite"),
    rcs=(
        "Reactions, Comments and Shares",
        "Reactions, comments and shares",
        "Reaktionen, Kommentare und geteilte Inhalte",
        "Reaktionen, Kommentare und Shares",
    ),
    reactions=("Reactions", "Reaktionen"),
    likes=("Likes", "Gefällt mir", "„Gefällt mir“-Angaben"),
    comments=("Comments", "Kommentare"),
    shares=("Shares", "Geteilte Inhalte", "Shares"),
    saves=("Saves", "Gespeichert", "Speicherungen"),
    follows=("Follows", "Follower", "Neue Follower"),
    clicks=("Total clicks", "Klicks insgesamt"),
)
_POST_NUMERIC = (
    "views",
    "impressions",
    "reach",
    "rcs",
    "reactions",
    "likes",
    "comments",
    "shares",
    "saves",
    "follows",
    "clicks",
)
#: Any one of these makes a post list usable (older exports: impressions; since 2025: views).
_EXPOSURE = ("reach", "views", "impressions")
DAILY = aliases(date=("Date", "Datum"), primary=("Primary", "Primär"))

#: Metric named by the title line of a daily file (checked in this order, lower case).
_TITLE_METRICS: tuple[tuple[tuple[str, ...], Metric], ...] = (
    (("follow",), Metric.FOLLOWS),
    (("reach", "reichweite", "viewer", "zuschauer"), Metric.REACH),
    (("view", "aufruf", "impression"), Metric.VIEWS),
    (("interaction", "interaktion"), Metric.ENGAGEMENTS),
    (("link click", "link-klick", "linkklick", "klick"), Metric.CLICKS),
    (("visit", "besuch"), Metric.VISITS),
)
_PLATFORM_WORDS = (
    ("instagram", Platform.INSTAGRAM),
    ("threads", Platform.THREADS),
    ("facebook", Platform.FACEBOOK),
)


def _parse_posts(doc: Document, ctx: ParseContext, platform: Platform) -> Parsed:
    del ctx
    instagram = platform is Platform.INSTAGRAM
    spec_id = "meta_instagram_posts" if instagram else "meta_facebook_posts"
    label = LABEL_IG if instagram else LABEL_FB
    located = locate(doc.sheets[0], POSTS, ("post_id", "published"))
    assert located is not None
    w = where(doc)
    frame = extract(located, where=w)
    require_rows(frame, w)
    headers: dict[str, str] = frame.attrs["headers"]
    nums = numbers(frame, _POST_NUMERIC, delimiter=doc.delimiter, where=w)
    published = parse_dates(frame["published"], where=f"{w}, column '{headers['published']}'")
    n = len(frame)
    rows = f"{n} posts"
    values: dict[Metric, MetricValue] = {}
    metric(values, Metric.POSTS, n, "number of post rows")
    sum_metric(values, Metric.VIEWS, nums, "views", rows, headers.get("views", ""))
    sum_metric(
        values, Metric.IMPRESSIONS, nums, "impressions", rows, headers.get("impressions", "")
    )
    sum_metric(values, Metric.REACH, nums, "reach", rows, headers.get("reach", ""))
    like_key = "likes" if "likes" in nums else "reactions"
    sum_metric(values, Metric.LIKES, nums, like_key, rows, headers.get(like_key, ""))
    sum_metric(values, Metric.COMMENTS, nums, "comments", rows, headers.get("comments", ""))
    sum_metric(values, Metric.SHARES, nums, "shares", rows, headers.get("shares", ""))
    sum_metric(values, Metric.SAVES, nums, "saves", rows, headers.get("saves", ""))
    sum_metric(values, Metric.CLICKS, nums, "clicks", rows, headers.get("clicks", ""))
    sum_metric(values, Metric.FOLLOWS, nums, "follows", rows, headers.get("follows", ""))
    parts = (Metric.LIKES, Metric.COMMENTS, Metric.SHARES) + ((Metric.SAVES,) if instagram else ())
    if not instagram and "rcs" in nums:
        sum_metric(values, Metric.ENGAGEMENTS, nums, "rcs", rows, headers["rcs"])
    elif any(p in values for p in parts):
        total = sum(values[p].value for p in parts if p in values)
        names = " + ".join(p.label("en").lower() for p in parts if p in values)
        metric(values, Metric.ENGAGEMENTS, total, names)
    account_key = (
        "username"
        if "username" in frame.columns
        else ("page_name" if "page_name" in frame.columns else "account_name")
    )
    account = None
    if account_key in frame.columns:
        names_found = sorted(
            {str(a).strip() for a in frame[account_key].unique() if str(a).strip()}
        )
        account = ", ".join(names_found) or None
    first, last = span(published)

    def col(key: str) -> pd.Series | None:
        return nums.get(key)

    engagement_col = col("rcs") if not instagram and "rcs" in nums else None
    title_key = "title" if "title" in frame.columns else "description"
    posts = posts_frame(
        post_id=frame["post_id"].astype(str).str.strip(),
        title=frame[title_key].astype(str).str.slice(0, 200)
        if title_key in frame.columns
        else None,
        published=published,
        url=frame["permalink"] if "permalink" in frame.columns else None,
        views=col("views"),
        reach=col("reach"),
        impressions=col("impressions"),
        engagements=engagement_col,
        likes=col(like_key),
        comments=col("comments"),
        shares=col("shares"),
        saves=col("saves"),
        clicks=col("clicks"),
    )
    stats = source(
        doc,
        spec_id,
        label,
        platform,
        account=account,
        period=Period(first, last, PeriodSource.DATA),
        granularity=Granularity.PER_POST,
        metrics=values,
        posts=posts,
        notes=[
            "figures are lifetime totals of the posts published in the period; reach is "
            "summed over posts, so people who saw several posts count several times"
        ],
        warnings=missing_figures(doc, label, values, (Metric.REACH, Metric.ENGAGEMENTS)),
    )
    return Parsed((stats,), n, tuple(headers.values()), nums.decimal)


def _detect_daily(doc: Document) -> Detection:
    score, found, missing = best_match(doc.sheets, DAILY, ("date", "primary"))
    return Detection(score, found, missing)


def _title_line(doc: Document, header_row: int) -> str:
    rows = doc.sheets[0].rows
    for row in reversed(rows[:header_row]):
        cells = [c for c in row if c.strip()]
        if cells:
            return cells[0].strip()
    return ""


def _parse_daily(doc: Document, ctx: ParseContext) -> Parsed:
    del ctx
    located = locate(doc.sheets[0], DAILY, ("date", "primary"))
    assert located is not None
    w = where(doc)
    title = _title_line(doc, located.header_row)
    lowered = norm(title) + " " + doc.filename.lower()
    target = next((m for words, m in _TITLE_METRICS if any(x in norm(title) for x in words)), None)
    if target is None:
        raise UnknownLayoutError(
            f"{w} is a Meta Business Suite daily metric file, but its metric '{title[:60]}' "
            "is not one channelwise knows (views, reach, follows, interactions, link clicks, "
            "visits). Export one of those, or enter the figure in the generic template.",
            f"{w} ist eine Tagesdatei der Meta Business Suite, aber die Kennzahl "
            f"'{title[:60]}' ist unbekannt (Aufrufe, Reichweite, Follows, Interaktionen, "
            "Link-Klicks, Besuche). Exportieren Sie eine davon oder nutzen Sie die Vorlage.",
            closest_format=LABEL_DAILY,
            recognized=("sep= line", "Date/Primary columns", f"title '{title[:60]}'"),
        )
    platform = next((p for word, p in _PLATFORM_WORDS if word in lowered), None)
    notes = ["days without activity may be missing from the file"]
    if platform is None:
        platform = Platform.FACEBOOK
        notes.append(
            "the file does not say Facebook or Instagram; Facebook was assumed "
            "(put 'Instagram' in the file name if it is Instagram)"
        )
    frame = extract(located, where=w)
    require_rows(frame, w)
    headers: dict[str, str] = frame.attrs["headers"]
    dates = parse_dates(frame["date"], where=f"{w}, column '{headers['date']}'")
    nums = numbers(frame, ("primary",), delimiter=doc.delimiter, where=w)
    values: dict[Metric, MetricValue] = {}
    how = f"sum of daily '{title}' over {len(frame)} days in the file"
    if target is Metric.REACH:
        how += " (people reached on several days count several times)"
    metric(values, target, nums.total("primary"), how)
    first, last = span(dates)
    stats = source(
        doc,
        "meta_daily",
        f"{LABEL_DAILY}: {title}",
        platform,
        account=None,
        period=Period(first, last, PeriodSource.DATA),
        granularity=Granularity.DAILY,
        metrics=values,
        series=daily_series(dates, {target: nums["primary"]}),
        notes=notes,
    )
    return Parsed((stats,), len(frame), (title, *headers.values()), nums.decimal)


LABEL_FB = "Meta Business Suite Facebook posts"
LABEL_IG = "Meta Business Suite Instagram posts"
LABEL_DAILY = "Meta Business Suite daily metric"

FORMATS = (
    FormatSpec(
        "meta_facebook_posts",
        LABEL_FB,
        Platform.FACEBOOK,
        header_detector(POSTS, ("post_id", ("page_name", "page_id"), "published", _EXPOSURE)),
        lambda doc, ctx: _parse_posts(doc, ctx, Platform.FACEBOOK),
        signature_labels=POSTS.labels,
    ),
    FormatSpec(
        "meta_instagram_posts",
        LABEL_IG,
        Platform.INSTAGRAM,
        header_detector(POSTS, ("post_id", ("username", "account_id"), "published", _EXPOSURE)),
        lambda doc, ctx: _parse_posts(doc, ctx, Platform.INSTAGRAM),
        signature_labels=POSTS.labels,
    ),
    FormatSpec(
        "meta_daily", LABEL_DAILY, None, _detect_daily, _parse_daily, signature_labels=DAILY.labels
    ),
)
