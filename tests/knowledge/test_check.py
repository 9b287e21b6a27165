from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from channelwise.knowledge.check import (
    RULES,
    check_knowledge,
    newest_date,
    read_listed_domains,
    source_report,
)
from channelwise.knowledge.pair_check import figures_and_dates
from tests.knowledge.pair_kb import DECLINED

REPO_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"

README = """# Rules

## Primary sources

```text
gesetze-im-internet.de   # German federal law
```

## Blocklist

```text
mirror.example           # copies
```

## Adding a document
"""

FILLER_DE = "Die Plattform ändert ihre Regeln oft und berichtet darüber im Blog. "
FILLER_EN = "The platform changes its rules often and reports on them in its blog. "
FACT_DE = "X meldete am 10. Dezember 2025 rund 94,8 Millionen Nutzer in der EU. "
FACT_EN = "X reported about 94.8 million users in the EU on 10 December 2025. "


def _questions(piece: str, n: int = 4) -> str:
    rows = "".join(f'- q: "frage {i}?"\n  a: "{piece}"\n' for i in range(n))
    return f"<!-- questions\n{rows}-->\n"


BODY_DE = "# X\n\n## Zielgruppe\n\n" + FACT_DE + FILLER_DE * 40 + "\n\n" + _questions("X meldete")
BODY_EN = "# X\n\n## Audience\n\n" + FACT_EN + FILLER_EN * 40 + "\n\n" + _questions("X reported")
SOURCES = """sources:
  - title: "X Help: Creator Revenue Sharing"
    url: https://help.x.com/en/using-x/creator-revenue-sharing
  - title: "X Transparency: DSA report"
    url: https://transparency.x.com/en/reports/dsa-transparency-report
  - title: "Gesetz"
    url: https://www.gesetze-im-internet.de/ddg/__5.html
"""


def _front(language: str) -> str:
    return (
        f'---\ntitle: "X"\nlanguage: {language}\nas_of: 2026-11-28\n'
        "topics: [platform, x]\n" + SOURCES + "---\n\n"
    )


GOOD = _front("de") + BODY_DE
GOOD_EN = _front("en") + BODY_EN


def _kb(
    tmp_path: Path, text: str, name: str = "platform-x.de.md", pair: str | None = GOOD_EN
) -> Path:
    """A knowledge folder with ``text`` as ``name`` and ``pair`` as its other language."""
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    if pair is not None:
        other = "en" if name.endswith(".de.md") else "de"
        (tmp_path / f"{name.rsplit('.', 2)[0]}.{other}.md").write_text(pair, encoding="utf-8")
    return tmp_path


def test_the_real_knowledge_base_passes_every_rule() -> None:
    problems = check_knowledge(REPO_KNOWLEDGE)
    assert [f"{p.doc_id}: {p.rule}: {p.message_en}" for p in problems] == []


def test_a_good_document_passes(tmp_path: Path) -> None:
    assert check_knowledge(_kb(tmp_path, GOOD)) == []


BROKEN = [
    ("front-matter", GOOD.replace("as_of: 2026-11-28\n", "")),
    ("front-matter", GOOD.replace('  - title: "Gesetz"\n', "  - title: \n")),
    ("front-matter", GOOD.replace("language: de", "language: fr")),
    ("url-format", GOOD.replace("https://www.gesetze", "http://www.gesetze")),
    ("url-format", GOOD.replace("https://www.gesetze-im-internet.de/", "https://www.ge setze/")),
    ("url-format", GOOD.replace("www.gesetze-im-internet.de/", "www.gesetze-im-internet.de:443/")),
    ("url-format", GOOD.replace("https://www.gesetze-im-internet.de/ddg/__5.html", "https:///x")),
    ("url-tracking", GOOD.replace("__5.html", '__5.html?utm_source=news"')),
    ("url-tracking", GOOD.replace("__5.html", '__5.html?a=1&ck_subscriber_id=2340797359"')),
    ("url-tracking", GOOD.replace("__5.html", '__5.html?ref=upmynt.com"')),
    ("url-tracking", GOOD.replace("__5.html", '__5.html?pid=bm%3Domr"')),
    ("url-tracking", GOOD.replace("__5.html", "__5/amp")),
    ("blocklist", GOOD.replace("www.gesetze-im-internet.de", "copy.mirror.example")),
    ("platform-sources", GOOD.replace("help.x.com", "www.theverge.com")),
    ("as-of", GOOD.replace("as_of: 2026-11-28", "as_of: 2025-12-09")),
    ("length", GOOD.replace(FILLER_DE * 40, FILLER_DE * 20)),
    ("length", GOOD.replace(FILLER_DE * 40, FILLER_DE * 120)),
    ("questions", GOOD.replace(_questions("X meldete"), _questions("X meldete", 3))),
    ("questions", GOOD.replace(_questions("X meldete"), _questions("X meldete", 13))),
    ("questions", GOOD.replace(_questions("X meldete"), _questions("Bluesky meldete"))),
    ("questions", GOOD.replace(_questions("X meldete"), _questions("ändert ihre Regeln"))),
    ("questions", GOOD.replace('a: "X meldete"', "a: [")),
]
"""Broken German files; the English file of the pair stays good."""

BROKEN_PAIRS = [
    ("pair-figures", GOOD_EN.replace("94.8 million", "94.9 million")),
    ("pair-figures", GOOD_EN.replace("10 December 2025", "11 December 2025")),
    ("pair-sections", GOOD_EN + "\n## Risks\n\n" + FILLER_EN + "\n" + _questions("The")),
    ("pair-meta", GOOD_EN.replace("topics: [platform, x]", "topics: [platform, x, twitter]")),
    ("pair-meta", GOOD_EN.replace("https://www.gesetze-im-internet.de/ddg/__5.html", "https://www.gesetze-im-internet.de/ddg/__6.html")),
]  # fmt: skip
"""Good German files whose English pair differs."""


PLAYBOOK = """\
id: leave-x
title:
  de: "X verlassen?"
  en: "Leave X?"
questions:
  de: ["x verlassen?", "raus aus x?", "x noch sinnvoll?", "x oder bluesky?"]
  en: ["leave x?", "quit x?", "x still worth it?", "x or bluesky?"]
related: []
answers:
  - when: "meta_share >= 70"
    de:
      - say: "Bleiben Sie vorerst: {meta_share} Ihrer Reichweite kommt über Meta."
        cite: "platform-x: Zielgruppe"
      - say: "X meldete 94,8 Millionen Nutzer in der EU."
        cite: "platform-x: Audience"
    en:
      - say: "Stay for now: {meta_share} of your reach comes through Meta."
        cite: "platform-x: Audience"
      - say: "X reported 94.8 million users in the EU."
        cite: "platform-x: Zielgruppe"
  - de:
      - say: "Bleiben Sie: X meldete am 10. Dezember 2025 rund 94,8 Millionen EU-Nutzer."
        cite: "platform-x: Audience"
    en:
      - say: "Stay for now: X reported 94.8 million EU users on 10 December 2025."
        cite: "platform-x: Audience"
"""
LONG_DE = " ".join(["Bleiben Sie vorerst bei X und beobachten Sie die Lage."] * 12)  # 120 words

BROKEN_PLAYBOOK = [
    ("playbook", PLAYBOOK.replace("id: leave-x", "id: stay-on-x")),
    ("playbook", PLAYBOOK.replace(', "x oder bluesky?"]', "]")),
    ("playbook", PLAYBOOK.replace("related: []", "related: [first-90-days]")),
    ("playbook", PLAYBOOK.replace('      - say: "X reported 94.8 million users in the EU."\n'
                                  '        cite: "platform-x: Zielgruppe"\n', "")),
    ("playbook", PLAYBOOK.replace("Bleiben Sie vorerst: {meta_share} Ihrer Reichweite kommt über "
                                  "Meta.", LONG_DE)),
    ("playbook", PLAYBOOK.replace("Stay for now: X", "Stay for now, {top_platform}: X")),
    ("playbook-cite", PLAYBOOK.replace('reported 94.8 million users in the EU."\n'
                                       '        cite: "platform-x: Zielgruppe"',
                                       'reported 94.8 million users in the EU."\n'
                                       '        cite: "platform-x: Monetization"')),
    ("playbook-cite", PLAYBOOK.replace('"platform-x: Zielgruppe"', '"platform-y: Zielgruppe"')),
    ("playbook-cite", PLAYBOOK.replace('"platform-x: Zielgruppe"', '"platform-x.de: Zielgruppe"')),
    ("playbook-figures", PLAYBOOK.replace(" on 10 December 2025.", ".")),
    ("playbook-figures", PLAYBOOK.replace("94,8 Millionen Nutzer in der EU.", "95 Millionen Nutzer "
                                          "in der EU.").replace("94.8 million users", "95 million "
                                                                "users")),
]  # fmt: skip
"""A good platform-x pair and a playbook entry that breaks one rule (leave-x.yaml)."""


def _kb_with_playbook(tmp_path: Path, entry: str) -> Path:
    kb = _kb(tmp_path, GOOD)
    (kb / "playbook").mkdir()
    (kb / "playbook" / "leave-x.yaml").write_text(entry, encoding="utf-8")
    return kb


def test_a_good_playbook_entry_passes(tmp_path: Path) -> None:
    assert check_knowledge(_kb_with_playbook(tmp_path, PLAYBOOK)) == []


@pytest.mark.parametrize(("rule", "entry"), BROKEN_PLAYBOOK)
def test_each_broken_playbook_entry_fails_with_its_rule(
    tmp_path: Path, rule: str, entry: str
) -> None:
    problems = check_knowledge(_kb_with_playbook(tmp_path, entry))
    assert {p.rule for p in problems} == {rule}
    assert {p.doc_id for p in problems} == {"playbook/leave-x"}
    assert all(p.message_en and p.message_de and p.message_en != p.message_de for p in problems)


def test_a_playbook_problem_names_what_to_fix(tmp_path: Path) -> None:
    entry = PLAYBOOK.replace(" on 10 December 2025.", ".").replace(
        '"platform-x: Zielgruppe"', '"platform-x: Risks"'
    )
    problems = check_knowledge(_kb_with_playbook(tmp_path, entry))
    messages = sorted((p.rule, p.message_en.split(":")[0]) for p in problems)
    assert messages == [
        ("playbook-cite", "answer 1 (de)"),
        ("playbook-cite", "answer 1 (en)"),
        ("playbook-figures", "answer 2"),
    ]
    figures = next(p.message_en for p in problems if p.rule == "playbook-figures")
    assert "states ['2025-12-10', '94.8'], the English one ['94.8']" in figures


def test_a_file_name_without_a_language_fails_the_pair_rule(tmp_path: Path) -> None:
    problems = check_knowledge(_kb(tmp_path, GOOD, name="platform-x.md", pair=None))
    assert [(p.doc_id, p.rule) for p in problems] == [("platform-x", "pair")]
    assert ".de.md or .en.md" in problems[0].message_en


def test_a_pair_with_another_as_of_fails_the_meta_rule(tmp_path: Path) -> None:
    english = GOOD_EN.replace("as_of: 2026-11-28", "as_of: 2026-11-29")
    problems = check_knowledge(_kb(tmp_path, GOOD, pair=english))
    assert [(p.doc_id, p.rule) for p in problems] == [("platform-x.de", "pair-meta")]
    assert "'as_of' differs" in problems[0].message_en


@pytest.mark.parametrize(("rule", "text"), BROKEN)
def test_each_broken_document_fails_with_its_rule(tmp_path: Path, rule: str, text: str) -> None:
    found = check_knowledge(_kb(tmp_path, text))
    problems = [p for p in found if not p.rule.startswith("pair")]  # the English file differs
    assert {p.rule for p in problems} == {rule}
    assert all(p.doc_id == "platform-x.de" for p in problems)
    assert all(p.message_en and p.message_de and p.message_en != p.message_de for p in problems)
    assert problems[0].message("de") == problems[0].message_de


@pytest.mark.parametrize(("rule", "english"), BROKEN_PAIRS)
def test_each_pair_that_differs_fails_with_its_rule(
    tmp_path: Path, rule: str, english: str
) -> None:
    problems = check_knowledge(_kb(tmp_path, GOOD, pair=english))
    assert [(p.doc_id, p.rule) for p in problems] == [("platform-x.de", rule)]


def test_a_document_without_its_pair_fails(tmp_path: Path) -> None:
    problems = check_knowledge(_kb(tmp_path, GOOD, pair=None))
    assert [(p.doc_id, p.rule) for p in problems] == [("platform-x.de", "pair")]
    assert "platform-x.en.md" in problems[0].message_en


def test_a_document_with_mostly_secondary_sources_fails(tmp_path: Path) -> None:
    def secondary(text: str) -> str:
        return text.replace("transparency.x.com", "www.theverge.com").replace(
            "www.gesetze-im-internet.de", "www.heise.de"
        )

    kb = _kb(tmp_path, secondary(GOOD), name="metrics-x.de.md", pair=secondary(GOOD_EN))
    problems = check_knowledge(kb)
    assert {(p.doc_id, p.rule) for p in problems} == {
        ("metrics-x.de", "primary-share"),
        ("metrics-x.en", "primary-share"),
    }
    assert problems[0].message_en.startswith("1 of 3 sources are primary")


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("25,7 Millionen", "25.7 million"),
        ("10.000 Follower und 1.000.000 Aufrufe", "10,000 followers and 1,000,000 views"),
        ("am 14. Oktober 2024", "on 14 October 2024"),
        ("am 14.10.2024", "on October 14, 2024"),
        ("im März 2025 (Q1 2026)", "in March 2025 (Q1 2026)"),
        ("11,99 US-Dollar, Version 2.0", "$11.99, version 2.0"),
        ("20 Prozent", "20 %"),
    ],
)
def test_german_and_english_figures_normalise_alike(german: str, english: str) -> None:
    assert figures_and_dates(german, "de") == figures_and_dates(english, "en")


def test_normalised_figures_keep_their_values() -> None:
    assert figures_and_dates("25,7 Mio., 10.000 und am 14. Oktober 2024", "de") == {
        "25.7",
        "10000",
        "2024-10-14",
    }
    assert figures_and_dates("25.7 vs 257", "en") != figures_and_dates("25,7 vs 25,7", "de")


def test_a_declined_question_that_a_playbook_entry_answers_is_reported(tmp_path: Path) -> None:
    kb = _kb_with_playbook(tmp_path, PLAYBOOK)
    (kb / "declined.yaml").write_text(
        DECLINED.replace('"cheapest mail tool?"', '"X still worth it?"'), encoding="utf-8"
    )
    problems = check_knowledge(kb)
    assert [(p.doc_id, p.rule) for p in problems] == [("declined.yaml", "declined")]
    assert "'X still worth it?' (mail-tool-prices) is also a curated question" in (
        problems[0].message_en
    )
    (kb / "declined.yaml").write_text(DECLINED, encoding="utf-8")
    assert check_knowledge(kb) == []


def test_every_rule_is_covered_by_a_broken_example() -> None:
    covered = {rule for rule, _ in BROKEN + BROKEN_PAIRS + BROKEN_PLAYBOOK}
    covered |= {"pair", "primary-share", "declined"}
    assert covered == set(RULES)


def test_a_platform_without_known_domains_is_reported(tmp_path: Path) -> None:
    problems = check_knowledge(_kb(tmp_path, GOOD_EN, name="platform-myspace.en.md", pair=GOOD))
    problems = [p for p in problems if p.doc_id == "platform-myspace.en"]
    assert [(p.doc_id, p.rule) for p in problems] == [("platform-myspace.en", "platform-sources")]
    assert "PLATFORM_DOMAINS" in problems[0].message_en


def test_profiles_of_other_platforms_are_not_platform_checked(tmp_path: Path) -> None:
    text = GOOD_EN.replace("help.x.com", "www.theverge.com")
    pair = GOOD.replace("help.x.com", "www.theverge.com")
    assert check_knowledge(_kb(tmp_path, text, name="metrics-x.en.md", pair=pair)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("am 10. Dezember 2025 und im März 2024", date(2025, 12, 10)),
        ("on 10 December 2025, then in Q1 2026", date(2026, 1, 1)),
        ("reported for Q4 2025 (2026-02-12)", date(2026, 2, 12)),
        ("Stand der Prüfung: November 2026", date(2026, 11, 1)),
        ("in Juli 2023 and in Sept. 2024", date(2024, 9, 1)),
        ("gilt erst ab dem 2. Dezember 2026; seit 2. August 2026 in Kraft", date(2026, 8, 2)),
        ("applies from 2 August 2027, in force since 1 August 2024", date(2024, 8, 1)),
        ("no date here, only the year 2025 and 15 million", None),
    ],
)
def test_newest_date_finds_days_months_quarters_and_iso(text: str, expected: date | None) -> None:
    found = newest_date(text)
    assert (found[0] if found else None) == expected


def test_lists_are_read_from_their_readme_section(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    assert read_listed_domains(tmp_path / "README.md", "Blocklist") == ("mirror.example",)
    assert read_listed_domains(tmp_path / "README.md", "Primary sources") == (
        "gesetze-im-internet.de",
    )
    assert read_listed_domains(tmp_path / "README.md", "Missing") == ()


def test_source_report_counts_distinct_and_primary_urls(tmp_path: Path) -> None:
    kb = _kb(tmp_path, GOOD)
    other = GOOD_EN.replace("transparency.x.com", "www.theverge.com")
    (kb / "platform-x.en.md").write_text(other, encoding="utf-8")
    report = source_report(kb)
    assert len(report.urls) == 4
    assert set(report.secondary) == {"https://www.theverge.com/en/reports/dsa-transparency-report"}
    assert report.share == pytest.approx(3 / 4)


def test_the_real_knowledge_base_lists_are_not_empty() -> None:
    assert len(read_listed_domains(REPO_KNOWLEDGE / "README.md", "Blocklist")) >= 10
    assert len(read_listed_domains(REPO_KNOWLEDGE / "README.md", "Primary sources")) >= 10
