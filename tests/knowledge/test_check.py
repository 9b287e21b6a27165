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

SENTENCE = "X reported its user figures in its EU transparency report and changed its rules. "
BODY = "# X\n\n## Zielgruppe\n\n" + SENTENCE * 40 + "Stand: 10. Dezember 2025.\n"
SOURCES = """sources:
  - title: "X Help: Creator Revenue Sharing"
    url: https://help.x.com/en/using-x/creator-revenue-sharing
  - title: "X Transparency: DSA report"
    url: https://transparency.x.com/en/reports/dsa-transparency-report
  - title: "Gesetz"
    url: https://www.gesetze-im-internet.de/ddg/__5.html
"""
GOOD = (
    '---\ntitle: "X: Plattformprofil"\nlanguage: de\nas_of: 2026-11-28\n'
    "topics: [platform, x]\n" + SOURCES + "---\n\n" + BODY
)


def _kb(tmp_path: Path, text: str, name: str = "platform-x.de.md") -> Path:
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
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
    ("front-matter", BODY),
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
    ("as-of", GOOD.replace("10. Dezember 2025", "Q1 2026").replace("2026-11-28", "2025-12-31")),
    ("length", GOOD.replace(SENTENCE * 40, SENTENCE * 20)),
    ("length", GOOD.replace(SENTENCE * 40, SENTENCE * 100)),
]


@pytest.mark.parametrize(("rule", "text"), BROKEN)
def test_each_broken_document_fails_with_its_rule(tmp_path: Path, rule: str, text: str) -> None:
    problems = check_knowledge(_kb(tmp_path, text))
    assert {p.rule for p in problems} == {rule}
    assert all(p.doc_id == "platform-x.de" for p in problems)
    assert all(p.message_en and p.message_de and p.message_en != p.message_de for p in problems)
    assert problems[0].message("de") == problems[0].message_de


def test_every_rule_is_covered_by_a_broken_example() -> None:
    assert {rule for rule, _ in BROKEN} == set(RULES)


def test_a_platform_without_known_domains_is_reported(tmp_path: Path) -> None:
    problems = check_knowledge(_kb(tmp_path, GOOD, name="platform-myspace.en.md"))
    assert [(p.doc_id, p.rule) for p in problems] == [("platform-myspace.en", "platform-sources")]
    assert "PLATFORM_DOMAINS" in problems[0].message_en


def test_profiles_of_other_platforms_are_not_platform_checked(tmp_path: Path) -> None:
    text = GOOD.replace("help.x.com", "www.theverge.com")
    assert check_knowledge(_kb(tmp_path, text, name="metrics-x.en.md")) == []


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
    other = GOOD.replace("transparency.x.com", "www.theverge.com")
    (kb / "platform-x.en.md").write_text(other, encoding="utf-8")
    report = source_report(kb)
    assert len(report.urls) == 4
    assert set(report.secondary) == {"https://www.theverge.com/en/reports/dsa-transparency-report"}
    assert report.share == pytest.approx(3 / 4)


def test_the_real_knowledge_base_lists_are_not_empty() -> None:
    assert len(read_listed_domains(REPO_KNOWLEDGE / "README.md", "Blocklist")) >= 10
    assert len(read_listed_domains(REPO_KNOWLEDGE / "README.md", "Primary sources")) >= 10
