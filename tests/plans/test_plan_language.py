"""One language per plan: a German plan shows only German texts, an English plan only English.

Plans are made from every kind of export the fixtures hold (and from answers alone), in
both languages, and rendered as the Markdown a user copies. The test fails when a text of
the other language's catalog appears, or a text that code picks for the other language
(``pick(lang, en, de)``, a stats warning's pair), or the other language's common words.
What may stay in the other language is taken out first: quotes marked as from a source in
the other language, the source list, and file names.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import channelwise
from channelwise.i18n import Language, catalog
from channelwise.plans import Plan, PlanWriter, make_inputs, skeleton_plan, to_markdown
from channelwise.services import Services
from channelwise.stats import StatsResult
from tests.plans.conftest import START, analyze, fake_backend

SRC = Path(channelwise.__file__).parent
#: Every kind of export, as the fixtures hold them (each one alone makes a plan).
EXPORTS = {
    "youtube table (German Excel re-save)": ("youtube/Tabellendaten (Excel).csv",),
    "youtube zip (German)": ("youtube/Videos 2024-03-01_2024-03-31 Kanal Nord.zip",),
    "youtube top videos (English)": ("youtube/Table data (top videos).csv",),
    "youtube by date": ("youtube/Kanal nach Datum.csv",),
    "youtube by traffic source": ("youtube/Traffic source.csv",),
    "facebook posts (German)": ("meta/Facebook Beiträge Mär-01-2024_Mär-31-2024.csv",),
    "instagram posts": ("meta/Instagram posts Mar-01-2024_Mar-31-2024.csv",),
    "meta daily reach": ("meta/Reichweite.csv",),
    "meta follows": ("meta/Follows.csv",),
    "tiktok overview": ("tiktok/Overview_2024-03-01_1711929600_beispiel.handle.zip",),
    "tiktok followers": ("tiktok/Followers_2024-03-01_1711929600_beispiel.handle.zip",),
    "tiktok content": ("tiktok/Content_2024-03-01_1711929600_beispiel.handle.zip",),
    "linkedin page content": ("linkedin/beispiel-gmbh_content_de_1711929600000.xlsx",),
    "linkedin followers": ("linkedin/beispiel-gmbh_followers_1711929600000.xlsx",),
    "linkedin creator": ("linkedin/AggregateAnalytics_Jane_Doe_2024-03-01_2024-03-31.xlsx",),
    "substack": ("newsletter/grossstadtnotizen.substack.com-export.zip",),
    "beehiiv": ("newsletter/beehiiv_subscribers.csv",),
    "mailchimp": ("newsletter/mailchimp_export_de.csv",),
    "ghost": ("newsletter/members_export_de_4d5e6f.zip",),
    "email list": ("newsletter/email_list.beispiel.csv",),
    "ga4 (German Excel re-save)": ("analytics/Zugriffsakquisition (Excel).csv",),
    "ga4 (English, grand total)": ("analytics/Traffic acquisition (Grand total).csv",),
    "universal analytics": (
        "analytics/Analytics All Web Site Data Audience Overview 20240101-20240131.tsv",
    ),
    "template": ("generic/template_filled.csv",),
    "vorlage": ("generic/vorlage_ausgefuellt.csv",),
    "youtube, tiktok, facebook, newsletter": (
        "youtube/Tabellendaten (Excel).csv",
        "tiktok/Overview_2024-03-01_1711929600_beispiel.handle.zip",
        "meta/Facebook Beiträge Mär-01-2024_Mär-31-2024.csv",
        "newsletter/beehiiv_subscribers.csv",
    ),
    "everything at once": (
        "youtube/Inhalte 2024-03-01_2024-03-31 Beispielkanal.zip",
        "meta/Instagram posts Mar-01-2024_Mar-31-2024.csv",
        "meta/Reichweite.csv",
        "tiktok/Followers_2024-03-01_1711929600_beispiel.handle.zip",
        "linkedin/beispiel-gmbh_followers_1711929600000.xlsx",
        "newsletter/mailchimp_export_de.csv",
        "analytics/Zugriffsakquisition (Excel).csv",
    ),
}
#: The answers vary with the export, so every goal, ambition and share basis comes up.
ANSWERS = (
    {"goals": ["reach"], "hours_per_week": 10, "ambition": "balanced"},
    {"goals": ["community", "revenue"], "hours_per_week": 4, "ambition": "cautious"},
    {"goals": ["resilience"], "hours_per_week": 20, "ambition": "ambitious", "avoid": ["x"]},
    {"goals": ["revenue"], "hours_per_week": 7.5, "ambition": "balanced", "keep": ["linkedin"]},
)
#: Frequent words of one language that the other never uses in a plan.
COMMON_WORDS: dict[Language, frozenset[str]] = {
    "en": frozenset("the of and with your is are to from that this".split()),
    "de": frozenset("der die das und mit Ihre Ihrer für ist nicht pro eine einen".split()),
}
_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
#: Other-language text a plan may hold: a quote marked as such, a file name.
_MARKED_QUOTE = {
    "de": re.compile(r"„[^“]*“ \[\d+\] \(englische Quelle\)"),
    "en": re.compile(r"“[^”]*” \[\d+\] \(German source\)"),
}
_FILE_NAME = re.compile(r"'[^'\n]*'")


def _import_everything() -> None:
    for module in pkgutil.walk_packages(channelwise.__path__, "channelwise."):
        importlib.import_module(module.name)


def _constant_text(node: ast.expr) -> str | None:
    """A string literal, or an f-string's literal parts joined by a placeholder."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
            for v in node.values
        )
    return None


def _code_pairs() -> Iterator[tuple[str, str]]:
    """(English, German) literals that plan and stats code picks by language."""
    for package in ("plans", "stats"):
        for path in sorted((SRC / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                args = {"pick": (1, 2), "StatsWarning": (1, 2)}.get(name or "")
                if args is None or len(node.args) <= max(args):
                    continue
                en, de = (_constant_text(node.args[i]) for i in args)
                if en is not None and de is not None:
                    yield en, de


def _fragments(text: str) -> list[str]:
    """The literal parts of a text (between placeholders) long enough to tell a language."""
    parts = (p.strip(" :;,.()–-\n") for p in _PLACEHOLDER.split(text))
    return [p for p in parts if len(p) >= 10 and len(p.split()) >= 2]


@cache
def foreign_fragments(lang: Language) -> frozenset[str]:
    """Fragments of the other language's texts that never occur in this language's."""
    _import_everything()
    other: Language = "en" if lang == "de" else "de"
    pairs = [(e["en"], e["de"]) for e in catalog().values()] + list(_code_pairs())
    own = "\n".join(en if lang == "en" else de for en, de in pairs)
    found = {
        fragment
        for en, de in pairs
        for fragment in _fragments(en if other == "en" else de)
        if fragment not in own
    }
    return frozenset(found)


def _plan_text(plan: Plan) -> str:
    """The Markdown without what may be in the other language (marked quotes, the sources,
    file names)."""
    text = to_markdown(plan)
    heading = "Quellen" if plan.language == "de" else "Sources"
    text = re.split(rf"^## {heading}$", text, flags=re.MULTILINE)[0]
    text = _MARKED_QUOTE[plan.language].sub(" ", text)
    return _FILE_NAME.sub(" ", text)


def assert_one_language(plan: Plan) -> None:
    text = _plan_text(plan)
    lang = plan.language
    other: Language = "en" if lang == "de" else "de"
    leaked = sorted(f for f in foreign_fragments(lang) if f in text)
    assert leaked == [], (lang, leaked)
    words = [w for w in _WORD.findall(text) if w in COMMON_WORDS[other]]
    assert words == [], (lang, words, text)
    singular = {"de": r"(?<![\d,.])1 Beiträge\b", "en": r"(?<![\d,.])1 posts\b"}[lang]
    assert re.search(singular, text) is None, text


def _plan(stats: StatsResult | None, answers: dict[str, object], lang: Language) -> Plan:
    inputs = make_inputs(language=lang, start=START, **answers)  # type: ignore[arg-type]
    return skeleton_plan(inputs, stats)


def test_the_check_finds_the_other_language() -> None:
    """The check itself: an English KPI text in a German plan is found (as it was)."""
    english = "baseline: reach in the exports; target: total reach target × target share"
    assert any(f in english for f in foreign_fragments("de"))
    assert not any(f in english for f in foreign_fragments("en"))
    assert [w for w in _WORD.findall("1 Beitrag pro Woche") if w in COMMON_WORDS["de"]] == ["pro"]


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("kind", list(EXPORTS))
def test_a_plan_from_every_export_kind_speaks_one_language(
    kind: str, lang: Language, tmp_path: Path
) -> None:
    stats = analyze(*EXPORTS[kind])
    answers = ANSWERS[list(EXPORTS).index(kind) % len(ANSWERS)]
    plan = PlanWriter(fake_backend(tmp_path)).write(_plan(stats, answers, lang))
    assert plan.complete
    assert_one_language(plan)


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("answers", ANSWERS)
def test_a_plan_from_answers_alone_speaks_one_language(
    answers: dict[str, object], lang: Language, tmp_path: Path
) -> None:
    stated = {**answers, "current_audience": {"instagram": 5000, "newsletter": 800}}
    plan = PlanWriter(fake_backend(tmp_path)).write(_plan(None, stated, lang))
    assert_one_language(plan)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_plan_with_sourced_prose_speaks_one_language(
    lang: Language, kb_services: Services, tmp_path: Path
) -> None:
    """With the knowledge base: the model's checked sentences and the quotes (a quote from a
    source in the other language is marked and taken out before the check)."""
    stats = analyze(*EXPORTS["youtube, tiktok, facebook, newsletter"])
    backend = fake_backend(tmp_path)
    writer = PlanWriter(backend, kb_services.grounder)
    plan = writer.write(_plan(stats, ANSWERS[1], lang))
    assert plan.complete and plan.sources
    assert_one_language(plan)


@pytest.mark.parametrize(
    ("lang", "task"),
    [("de", "TikTok ausbauen: 1 Beitrag pro Woche"), ("en", "Grow TikTok: 1 post a week")],
)
def test_one_post_a_week_is_one_post(lang: Language, task: str, tmp_path: Path) -> None:
    """The issue's plan at 6 hours a week: TikTok grows by one post a week."""
    stats = analyze(*EXPORTS["youtube, tiktok, facebook, newsletter"])
    answers = {"goals": ["reach"], "hours_per_week": 6, "ambition": "balanced"}
    plan = PlanWriter(fake_backend(tmp_path)).write(_plan(stats, answers, lang))
    assert task in to_markdown(plan)
    assert_one_language(plan)


def test_posts_agree_in_number() -> None:
    from channelwise.plans.texts import posts_phrase

    assert [posts_phrase(n, "de") for n in (0.5, 1, 1.5, 2)] == [
        "0,5 Beiträge",
        "1 Beitrag",
        "1,5 Beiträge",
        "2 Beiträge",
    ]
    assert [posts_phrase(n, "en") for n in (0.5, 1, 2)] == ["0.5 posts", "1 post", "2 posts"]
