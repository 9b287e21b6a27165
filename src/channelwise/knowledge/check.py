"""Editorial checks for the curated knowledge base (knowledge/README.md states the rules).

`check_knowledge` returns every problem it finds, each with the document id, the rule and a
message that says how to fix it, in English and German; the CLI only prints them.
`source_report` measures how many distinct source URLs are primary sources.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml

from channelwise.errors import KnowledgeError
from channelwise.i18n import LANGUAGES
from channelwise.knowledge.declined import RULE_DECLINED, declined_problems
from channelwise.knowledge.loader import iter_document_paths
from channelwise.knowledge.month_names import MONTH_PATTERN, MONTHS
from channelwise.knowledge.pair_check import (
    RULE_PAIR,
    RULE_PAIR_FIGURES,
    RULE_PAIR_META,
    RULE_PAIR_SECTIONS,
    RULE_QUESTIONS,
    pair_problems,
)
from channelwise.knowledge.playbook import parse_entry, playbook_paths
from channelwise.knowledge.playbook_check import (
    RULE_PLAYBOOK,
    RULE_PLAYBOOK_CITE,
    RULE_PLAYBOOK_FIGURES,
    playbook_problems,
)
from channelwise.knowledge.problems import Problem, RawDocument
from channelwise.knowledge.questions import (
    QuestionBlockError,
    section_headings,
    section_texts,
    split_questions,
)
from channelwise.knowledge.records import pair_id

README = "README.md"
MIN_WORDS, MAX_WORDS = 400, 1200
MIN_OWN_PLATFORM_SOURCES = 2

RULE_FRONT_MATTER = "front-matter"
RULE_URL_FORMAT = "url-format"
RULE_URL_TRACKING = "url-tracking"
RULE_BLOCKLIST = "blocklist"
RULE_PLATFORM_SOURCES = "platform-sources"
RULE_AS_OF = "as-of"
RULE_LENGTH = "length"
RULE_PRIMARY_SHARE = "primary-share"
RULES = (
    RULE_FRONT_MATTER,
    RULE_URL_FORMAT,
    RULE_URL_TRACKING,
    RULE_BLOCKLIST,
    RULE_PLATFORM_SOURCES,
    RULE_AS_OF,
    RULE_LENGTH,
    RULE_PRIMARY_SHARE,
    RULE_PAIR,
    RULE_PAIR_SECTIONS,
    RULE_PAIR_FIGURES,
    RULE_PAIR_META,
    RULE_QUESTIONS,
    RULE_PLAYBOOK,
    RULE_PLAYBOOK_CITE,
    RULE_PLAYBOOK_FIGURES,
    RULE_DECLINED,
)
MIN_PRIMARY_SHARE = 0.5
"""Share of a document's source URLs that must be primary sources."""

_META = ("meta.com", "fb.com", "atmeta.com", "transparency.meta.com")
# Official domains per platform profile (`platform-<key>.<lang>.md`). An entry with a path
# ("support.google.com/youtube") matches that host and path prefix only.
PLATFORM_DOMAINS: dict[str, tuple[str, ...]] = {
    "bluesky": ("bsky.social", "bsky.app", "atproto.com", "blueskyweb.xyz"),
    "facebook": ("facebook.com", *_META),
    "instagram": ("instagram.com", *_META),
    "linkedin": ("linkedin.com",),
    "mastodon": ("joinmastodon.org",),
    "pinterest": ("pinterest.com", "pinterestinc.com"),
    "podcasts": (
        "spotify.com",
        "podcasters.apple.com",
        "blog.youtube",
        "support.google.com/youtube",
    ),
    "reddit": ("redditinc.com", "reddithelp.com", "redditforbusiness.com"),
    "snapchat": ("snap.com", "snapchat.com"),
    "telegram": ("telegram.org", "t.me"),
    "threads": ("threads.net", "threads.com", "instagram.com", *_META),
    "tiktok": ("tiktok.com",),
    "twitch": ("twitch.tv",),
    "whatsapp-channels": ("whatsapp.com", *_META),
    "x": ("x.com", "twitter.com"),
    "youtube": ("youtube.com", "blog.youtube", "support.google.com/youtube", "abc.xyz"),
}

# Query parameters that identify a campaign, a click or a person rather than a page.
TRACKING_PARAMS = frozenset(
    {
        "ref", "ref_src", "ref_url", "pid", "td", "si", "igshid", "fbclid", "gclid", "dclid",
        "msclkid", "yclid", "twclid", "ttclid", "mc_cid", "mc_eid", "ck_subscriber_id",
        "_hsenc", "_hsmi", "mkt_tok", "cmpid", "s_cid", "sessionid", "session_id", "sid",
        "jsessionid", "phpsessid",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "at_")

# "10 December 2025", "10. Dezember 2025", "December 2025", "Dezember 2025", "Q1 2026",
# "2026-01-07"; a date after "ab", "from", "bis", "until" is a schedule, not a checked fact.
_DATE = re.compile(
    rf"(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b)"
    rf"|(?P<q>\bQ(?P<qn>[1-4])(?:/|\s+)(?P<qy>(?:19|20)\d\d)\b)"
    rf"|(?:\b(?P<d>[0-3]?\d)\.?\s+)?\b(?P<m>{MONTH_PATTERN})\.?\s+(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_SCHEDULE = re.compile(
    r"\b(?:ab|from|bis|until|starting)(?:\s+(?:dem|zum|the))?\s*$", re.IGNORECASE
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?(.*)\Z", re.DOTALL)
_TOPIC = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class SourceReport:
    """Distinct source URLs of the knowledge base and how many of them are primary."""

    urls: tuple[str, ...]
    primary: tuple[str, ...]

    @property
    def share(self) -> float:
        return len(self.primary) / len(self.urls) if self.urls else 0.0

    @property
    def secondary(self) -> tuple[str, ...]:
        primary = set(self.primary)
        return tuple(u for u in self.urls if u not in primary)


def host_matches(url: str, domains: Iterable[str]) -> bool:
    """True if the URL's host is one of `domains` or a subdomain (entries may carry a path)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    for entry in domains:
        domain, _, path = entry.lower().partition("/")
        if (host == domain or host.endswith("." + domain)) and parts.path.startswith(
            "/" + path if path else ""
        ):
            return True
    return False


def read_listed_domains(readme: Path, heading: str) -> tuple[str, ...]:
    """Domains in the first fenced block under the `## heading` of the README, one a line."""
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    section = re.search(rf"^## {re.escape(heading)}\b.*?(?=^## |\Z)", text, re.S | re.M)
    block = _FENCE.search(section.group(0)) if section else None
    if not block:
        return ()
    lines = (line.split("#", 1)[0].strip().lower() for line in block.group(1).splitlines())
    return tuple(line for line in lines if line)


def newest_date(text: str) -> tuple[date, str] | None:
    """The newest day, month or quarter named in `text` (start of the period) and its wording."""
    found: list[tuple[date, str]] = []
    for match in _DATE.finditer(text):
        if _SCHEDULE.search(text[max(0, match.start() - 20) : match.start()]):
            continue
        when = _as_date(match)
        if when is not None:
            found.append((when, match.group(0).strip()))
    return max(found) if found else None


def _as_date(match: re.Match[str]) -> date | None:
    try:
        if match.group("iso"):
            return date(int(match["iy"]), int(match["im"]), int(match["id"]))
        if match.group("q"):
            return date(int(match["qy"]), 3 * int(match["qn"]) - 2, 1)
        month = MONTHS[match["m"].lower()]
        return date(int(match["y"]), month, int(match["d"]) if match["d"] else 1)
    except ValueError:
        return None


def _split(doc_id: str, raw: str) -> RawDocument | Problem:
    match = _FRONT_MATTER.match(raw.replace("\r\n", "\n"))
    meta = None
    if match:
        try:
            meta = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            meta = None
    if not isinstance(meta, dict) or match is None:
        return Problem(
            doc_id,
            RULE_FRONT_MATTER,
            "The file has no readable front matter. Start it with a '---' line, the YAML "
            "fields of knowledge/README.md and a closing '---' line.",
            "Die Datei hat keine lesbare Front Matter. Beginne sie mit einer Zeile '---', den "
            "YAML-Feldern aus knowledge/README.md und einer schließenden Zeile '---'.",
        )
    return RawDocument(doc_id, meta, match.group(2))


def _front_matter(doc: RawDocument) -> Iterator[Problem]:
    missing = [
        k for k in ("title", "language", "as_of", "topics", "sources") if not doc.meta.get(k)
    ]
    sources = doc.meta.get("sources")
    if isinstance(sources, list):
        for index, item in enumerate(sources, start=1):
            if not isinstance(item, dict) or not str(item.get("title") or "").strip():
                missing.append(f"sources[{index}].title")
            if not isinstance(item, dict) or not str(item.get("url") or "").strip():
                missing.append(f"sources[{index}].url")
    if missing:
        fields = ", ".join(missing)
        yield Problem(
            doc.doc_id,
            RULE_FRONT_MATTER,
            f"The front matter lacks {fields}. Add the field(s) as knowledge/README.md shows.",
            f"In der Front Matter fehlt {fields}. Ergänze die Felder wie in knowledge/README.md.",
        )
        return
    invalid = []
    if str(doc.meta["language"]).strip().lower() not in LANGUAGES:
        invalid.append(f"language must be one of {', '.join(LANGUAGES)}")
    if _date_field(doc.meta["as_of"]) is None:
        invalid.append("as_of must be a date written YYYY-MM-DD")
    topics = doc.meta["topics"]
    if not isinstance(topics, list) or not all(_TOPIC.match(str(t)) for t in topics):
        invalid.append("topics must be a list of lowercase slugs (a-z, 0-9, -)")
    if not isinstance(doc.meta["sources"], list):
        invalid.append("sources must be a list of {title, url}")
    if invalid:
        detail = "; ".join(invalid)
        yield Problem(
            doc.doc_id,
            RULE_FRONT_MATTER,
            f"The front matter is invalid: {detail}. Fix it as knowledge/README.md shows.",
            f"Die Front Matter ist ungültig: {detail}. Korrigiere sie wie in "
            "knowledge/README.md beschrieben.",
        )


def _date_field(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _url_problems(doc: RawDocument, blocklist: tuple[str, ...]) -> Iterator[Problem]:
    for url in doc.source_urls():
        parts = urlsplit(url)
        host = parts.hostname or ""
        if (
            parts.scheme != "https"
            or "." not in host
            or re.search(r"\s", url)
            or parts.port is not None
        ):
            yield Problem(
                doc.doc_id,
                RULE_URL_FORMAT,
                f"Source URL {url!r} is not a well-formed https address. Write it as "
                "https://host/path with no spaces and no port number.",
                f"Die Quell-URL {url!r} ist keine gültige https-Adresse. Schreibe sie als "
                "https://host/pfad ohne Leerzeichen und ohne Portnummer.",
            )
            continue
        tracking = sorted(
            {
                key
                for key, _ in parse_qsl(parts.query, keep_blank_values=True)
                if key.lower() in TRACKING_PARAMS or key.lower().startswith(TRACKING_PREFIXES)
            }
        )
        is_amp = bool(
            re.search(r"(^|/)amp(/|$)", parts.path)
            or re.search(r"(^|&)(amp|outputType=amp)(=|&|$)", parts.query)
            or host.startswith("amp.")
            or host.endswith("ampproject.org")
        )
        if tracking or is_amp:
            what = ", ".join(tracking) if tracking else "AMP"
            yield Problem(
                doc.doc_id,
                RULE_URL_TRACKING,
                f"Source URL {url!r} carries {what}. Cite the canonical page: drop tracking "
                "and session parameters and use the non-AMP address.",
                f"Die Quell-URL {url!r} enthält {what}. Zitiere die kanonische Seite: "
                "Tracking- und Sitzungsparameter entfernen, die Nicht-AMP-Adresse verwenden.",
            )
        if host_matches(url, blocklist):
            yield Problem(
                doc.doc_id,
                RULE_BLOCKLIST,
                f"Source URL {url!r} is on a blocklisted domain (mirror, dump, forum or "
                "copy; see knowledge/README.md). Cite the original publisher instead.",
                f"Die Quell-URL {url!r} liegt auf einer gesperrten Domain (Spiegel, Dump, "
                "Forum oder Kopie; siehe knowledge/README.md). Zitiere die Originalquelle.",
            )


def _platform_sources(doc: RawDocument) -> Iterator[Problem]:
    key = doc.doc_id.removeprefix("platform-").rsplit(".", 1)[0]
    if not doc.doc_id.startswith("platform-"):
        return
    domains = PLATFORM_DOMAINS.get(key)
    if domains is None:
        yield Problem(
            doc.doc_id,
            RULE_PLATFORM_SOURCES,
            f"No official domains are known for platform {key!r}. Add them to "
            "PLATFORM_DOMAINS in src/channelwise/knowledge/check.py.",
            f"Für die Plattform {key!r} sind keine offiziellen Domains hinterlegt. Ergänze "
            "sie in PLATFORM_DOMAINS in src/channelwise/knowledge/check.py.",
        )
        return
    own = [u for u in doc.source_urls() if host_matches(u, domains)]
    if len(own) < MIN_OWN_PLATFORM_SOURCES:
        listed = ", ".join(domains)
        yield Problem(
            doc.doc_id,
            RULE_PLATFORM_SOURCES,
            f"The profile cites {len(own)} page(s) on the platform's own domains ({listed}); "
            f"it needs at least {MIN_OWN_PLATFORM_SOURCES}. Source the platform's rules and "
            "figures from its help centre, newsroom, blog or investor pages.",
            f"Das Profil zitiert {len(own)} Seite(n) auf den Domains der Plattform ({listed}); "
            f"nötig sind mindestens {MIN_OWN_PLATFORM_SOURCES}. Belege Regeln und Zahlen mit "
            "Hilfe-Center, Newsroom, Blog oder Investorenseiten der Plattform.",
        )


def _as_of(doc: RawDocument) -> Iterator[Problem]:
    as_of = _date_field(doc.meta.get("as_of"))
    if as_of is None:
        return
    newest = newest_date(doc.body)
    if newest and newest[0] > as_of:
        yield Problem(
            doc.doc_id,
            RULE_AS_OF,
            f"as_of {as_of.isoformat()} is older than the newest dated fact in the text "
            f"({newest[1]!r}). Re-check the facts and set as_of to the date you checked them.",
            f"as_of {as_of.isoformat()} ist älter als die neueste datierte Angabe im Text "
            f"({newest[1]!r}). Prüfe die Fakten und setze as_of auf das Prüfdatum.",
        )


def _length(doc: RawDocument) -> Iterator[Problem]:
    try:
        prose = split_questions(doc.body)[0]
    except QuestionBlockError:
        return  # reported by the questions rule
    words = len(prose.split())
    if MIN_WORDS <= words <= MAX_WORDS:
        return
    too_long = words > MAX_WORDS
    yield Problem(
        doc.doc_id,
        RULE_LENGTH,
        f"The text has {words} words; documents need {MIN_WORDS} to {MAX_WORDS:,}. "
        + ("Split it into two documents." if too_long else "Extend it or merge it."),
        f"Der Text hat {words} Wörter; erlaubt sind {MIN_WORDS} bis {MAX_WORDS}. "
        + (
            "Teile ihn in zwei Dokumente." if too_long else "Erweitere ihn oder führe ihn zusammen."
        ),
    )


def _primary_share(doc: RawDocument, primary_domains: set[str]) -> Iterator[Problem]:
    urls = list(dict.fromkeys(u for u in doc.source_urls() if u))
    primary = [u for u in urls if host_matches(u, primary_domains)]
    if not urls or len(primary) / len(urls) >= MIN_PRIMARY_SHARE:
        return
    yield Problem(
        doc.doc_id,
        RULE_PRIMARY_SHARE,
        f"{len(primary)} of {len(urls)} sources are primary; at least half must be. Cite the "
        "platform's or institution's own page (help centre, newsroom, investor site, official "
        "journal, court database) for each rule, threshold and figure.",
        f"{len(primary)} von {len(urls)} Quellen sind Primärquellen; mindestens die Hälfte "
        "müssen es sein. Belege jede Regel, Schwelle und Zahl mit der Seite der Plattform oder "
        "Institution selbst (Hilfe-Center, Newsroom, Investorenseite, Amtsblatt, "
        "Rechtsprechungsdatenbank).",
    )


def _primary_domains(knowledge_dir: Path) -> set[str]:
    domains = {d for ds in PLATFORM_DOMAINS.values() for d in ds}
    domains.update(read_listed_domains(knowledge_dir / README, "Primary sources"))
    return domains


def _raw_documents(knowledge_dir: Path) -> list[RawDocument | Problem]:
    return [
        _split(
            path.name.removesuffix(".md"), path.read_text(encoding="utf-8-sig", errors="replace")
        )
        for path in iter_document_paths(knowledge_dir)
    ]


def check_knowledge(knowledge_dir: Path) -> list[Problem]:
    """Every rule broken by any document below `knowledge_dir`; empty when all is well."""
    blocklist = read_listed_domains(knowledge_dir / README, "Blocklist")
    primary_domains = _primary_domains(knowledge_dir)
    problems: list[Problem] = []
    documents: dict[str, RawDocument] = {}
    for parsed in _raw_documents(knowledge_dir):
        if isinstance(parsed, Problem):
            problems.append(parsed)
            continue
        documents[parsed.doc_id] = parsed
        for rule_check in (
            _front_matter(parsed),
            _url_problems(parsed, blocklist),
            _platform_sources(parsed),
            _as_of(parsed),
            _length(parsed),
            _primary_share(parsed, primary_domains),
        ):
            problems.extend(rule_check)
    problems.extend(pair_problems(documents))
    headings, texts = _sections_by_pair(documents.values())
    problems.extend(playbook_problems(knowledge_dir, headings, texts))
    problems.extend(declined_problems(knowledge_dir, _answered(knowledge_dir, documents)))
    return problems


def _answered(knowledge_dir: Path, documents: Mapping[str, RawDocument]) -> list[str]:
    """Every curated section and playbook question (what the knowledge base answers)."""
    answered: list[str] = []
    for doc in documents.values():
        with contextlib.suppress(QuestionBlockError):
            answered.extend(q.text for q in split_questions(doc.body)[1])
    for path in playbook_paths(knowledge_dir):
        with contextlib.suppress(KnowledgeError):
            entry = parse_entry(path, path.read_bytes())
            answered.extend(q for lang in LANGUAGES for q in entry.questions[lang])
    return answered


def _sections_by_pair(
    documents: Iterable[RawDocument],
) -> tuple[dict[str, list[tuple[str, ...]]], dict[tuple[str, int], dict[str, str]]]:
    """Each pair's section headings per file, and each section's text per language."""
    headings: dict[str, list[tuple[str, ...]]] = {}
    texts: dict[tuple[str, int], dict[str, str]] = {}
    for doc in documents:
        try:
            body = split_questions(doc.body)[0]
        except QuestionBlockError:
            continue
        pair, language = pair_id(doc.doc_id), doc.doc_id.rpartition(".")[2]
        headings.setdefault(pair, []).append(section_headings(body))
        for index, text in enumerate(section_texts(body)):
            texts.setdefault((pair, index), {})[language] = text
    return headings, texts


def source_report(knowledge_dir: Path) -> SourceReport:
    """Distinct source URLs and the primary ones: on a platform's own domains or on a
    domain listed under "Primary sources" in knowledge/README.md."""
    primary_domains = _primary_domains(knowledge_dir)
    urls: dict[str, None] = {}
    for parsed in _raw_documents(knowledge_dir):
        if isinstance(parsed, RawDocument):
            urls.update(dict.fromkeys(u for u in parsed.source_urls() if u))
    distinct = tuple(urls)
    return SourceReport(distinct, tuple(u for u in distinct if host_matches(u, primary_domains)))
