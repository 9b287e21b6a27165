"""Playbook entries: the YAML format, conditions on the user's figures, the variant a user
gets, cites resolved to one section, and the JSON the search file stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from channelwise.errors import KnowledgeError
from channelwise.knowledge.playbook import (
    SLOTS,
    Cited,
    Condition,
    PlaybookEntry,
    Variant,
    entry_from_json,
    entry_to_json,
    load_playbook,
    parse_condition,
    parse_entry,
    playbook_digest,
    resolve_cite,
)

REAL_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"

ENTRY = """\
id: leave-x
title:
  de: "X verlassen?"
  en: "Leave X?"
questions:
  de: ["sollen wir x   verlassen?", "x noch sinnvoll?", "raus aus x?", "x oder bluesky?"]
  en: ["should we leave x?", "x still worth it?", "quit x?", "x or bluesky?"]
related: [first-90-days]
answers:
  - when: ["meta_share >= 70", "concentration == dominant"]
    de:
      - say: "Bleiben Sie:  {meta_share} Ihrer Reichweite hängt an Meta."
        cite: "diversification-method: Why diversify"
    en:
      - say: "Stay: {meta_share} of your reach depends on Meta."
        cite: "diversification-method: Why diversify"
  - when: "top_platform == X"
    de: [{say: "Halten Sie X im Minimalbetrieb.", cite: "platform-x: Aufwand"}]
    en: [{say: "Keep X at a minimal presence.", cite: "platform-x: Effort"}]
  - de:
      - say: "Ziehen Sie Aufwand schrittweise ab."
        cite: "platform-x: Risiken"
      - say: "Messen Sie vorher."
        cite: "platform-x:"
    en:
      - say: "Move effort away step by step."
        cite: "platform-x: Risks"
      - say: "Measure first."
        cite: "platform-x:"
"""


def parse(text: str = ENTRY, name: str = "leave-x.yaml") -> PlaybookEntry:
    return parse_entry(Path("knowledge/playbook") / name, text.encode())


def test_an_entry_is_read_with_every_field() -> None:
    entry = parse()
    assert entry.entry_id == "leave-x"
    assert entry.title == {"de": "X verlassen?", "en": "Leave X?"}
    assert entry.questions["de"][0] == "sollen wir x verlassen?"  # whitespace normalised
    assert len(entry.questions["en"]) == 4
    assert entry.related == ("first-90-days",)
    first, second, default = entry.variants
    assert first.when == (
        Condition("meta_share", ">=", 70.0),
        Condition("concentration", "==", "dominant"),
    )
    assert second.when == (Condition("top_platform", "==", "X"),)
    assert default.when == ()
    assert first.sentences["de"] == (
        Cited("Bleiben Sie: {meta_share} Ihrer Reichweite hängt an Meta.",
              "diversification-method: Why diversify"),
    )  # fmt: skip
    assert first.sentences["en"][0].slots == ("meta_share",)
    assert [s.cite for s in default.sentences["en"]] == ["platform-x: Risks", "platform-x:"]


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        (ENTRY, "stay-on-x.yaml", "'id' must be the file name without .yaml ('stay-on-x')"),
        (ENTRY.replace("id: leave-x", "id: Leave_X"), "Leave_X.yaml", "'id' must be the file"),
        (ENTRY.replace('  en: "Leave X?"\n', ""), "leave-x.yaml", "'title' needs exactly"),
        (ENTRY.replace('  en: "Leave X?"\n', '  en: "Leave X?"\n  fr: "Quitter X?"\n'),
         "leave-x.yaml", "'title' needs exactly the languages de, en"),
        (ENTRY.replace('["should we leave x?"', '[42, "should we leave x?"'), "leave-x.yaml",
         "'questions.en' must be a list of questions"),
        (ENTRY.replace('"meta_share >= 70"', '"meta_share => 70"'), "leave-x.yaml",
         "condition 'meta_share => 70' is not '<slot> <op> <value>'"),
        (ENTRY.replace('"top_platform == X"', '"followers > 1000"'), "leave-x.yaml",
         "condition 'followers > 1000' is not"),
        (ENTRY.replace('cite: "platform-x: Effort"', 'cite: "platform-x Effort"'),
         "leave-x.yaml", "needs 'cite: <document>: <section>'"),
        (ENTRY.replace('say: "Measure first."', 'say: ""'), "leave-x.yaml",
         "a sentence needs 'say'"),
        (ENTRY.split("  - de:\n")[0], "leave-x.yaml", "one answer variant must have no 'when'"),
        (ENTRY.split("answers:")[0] + "answers: []\n", "leave-x.yaml",
         "'answers' must be a list of variants"),
        (ENTRY.replace("    en: [{say", "    fr: [{say"), "leave-x.yaml",
         "'answers' needs exactly the languages"),
        (ENTRY.replace("    de: [{say", "    de: []\n    x: [{say"), "leave-x.yaml",
         "'answers' needs exactly the languages"),
        ("- just\n- a list\n", "leave-x.yaml", "must be a YAML mapping"),
        ("id: [unclosed\n", "leave-x.yaml", "is not valid UTF-8 YAML"),
    ],
)  # fmt: skip
def test_broken_entries_name_the_file_and_the_problem(text: str, name: str, message: str) -> None:
    with pytest.raises(KnowledgeError) as err:
        parse(text, name)
    assert f"knowledge/playbook/{name}: " in err.value.message_en
    assert message in err.value.message_en
    assert "The playbook" in err.value.message_en and "Abschnitt" in err.value.message_de


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("meta_share >= 70", Condition("meta_share", ">=", 70.0)),
        ("  owned_share<12.5 ", Condition("owned_share", "<", 12.5)),
        ("fastest_growth > -3", Condition("fastest_growth", ">", -3.0)),
        ("hhi <= 2500", Condition("hhi", "<=", 2500.0)),
        ("platforms != 1", Condition("platforms", "!=", 1.0)),
        ("concentration == dominant", Condition("concentration", "==", "dominant")),
        ("top_platform == TikTok", Condition("top_platform", "==", "TikTok")),
    ],
)
def test_conditions_parse(text: str, condition: Condition) -> None:
    assert parse_condition(text) == condition


@pytest.mark.parametrize(
    "text", ["followers >= 10", "meta_share = 70", "meta_share >=", "meta_share >= 70 %", ""]
)
def test_other_conditions_are_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="is not '<slot> <op> <value>' with a known slot"):
        parse_condition(text)


@pytest.mark.parametrize(
    ("condition", "figures", "holds"),
    [
        ("meta_share >= 70", {"meta_share": 70}, True),
        ("meta_share >= 70", {"meta_share": 69.9}, False),
        ("meta_share > 70", {"meta_share": 70}, False),
        ("meta_share > 70", {"meta_share": 70.1}, True),
        ("meta_share <= 40", {"meta_share": 40}, True),
        ("meta_share <= 40", {"meta_share": 40.5}, False),
        ("meta_share < 40", {"meta_share": 40}, False),
        ("meta_share < 40", {"meta_share": 39}, True),
        ("platforms == 3", {"platforms": 3}, True),
        ("platforms == 3", {"platforms": 4}, False),
        ("platforms != 3", {"platforms": 4}, True),
        ("platforms != 3", {"platforms": 3}, False),
        ("meta_share >= 70", {}, False),  # no stats: no condition holds
        ("meta_share >= 70", {"owned_share": 90}, False),
        ("concentration == dominant", {"concentration": "Dominant"}, True),
        ("concentration == dominant", {"concentration": "moderate"}, False),
        ("concentration != dominant", {"concentration": "moderate"}, True),
        ("concentration != dominant", {"concentration": "dominant"}, False),
        ("concentration >= dominant", {"concentration": "dominant"}, False),  # no order
        ("top_platform == tiktok", {"top_platform": "TikTok"}, True),
        ("meta_share >= 70", {"meta_share": "high"}, False),
    ],
)
def test_conditions_hold_for_the_figures(
    condition: str, figures: dict[str, float | str], holds: bool
) -> None:
    assert parse_condition(condition).holds(figures) is holds


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ({"meta_share": 80, "concentration": "dominant"}, 0),
        ({"meta_share": 80, "concentration": "moderate", "top_platform": "X"}, 1),  # not all
        ({"meta_share": 80, "concentration": "dominant", "top_platform": "X"}, 0),  # in order
        ({"top_platform": "x"}, 1),
        ({"meta_share": 50}, 2),
        ({}, 2),
    ],
)
def test_the_first_variant_whose_conditions_all_hold_answers(
    figures: dict[str, float | str], expected: int
) -> None:
    entry = parse()
    assert entry.variant(figures) is entry.variants[expected]


def test_the_default_variant_does_not_shadow_later_conditions() -> None:
    default = Variant((), {"de": (Cited("a", "p: x"),), "en": (Cited("a", "p: x"),)})
    special = Variant((Condition("hhi", ">", 5000.0),), default.sentences)
    entry = PlaybookEntry("e-1", {"de": "t", "en": "t"}, {"de": (), "en": ()}, (default, special))
    assert entry.variant({"hhi": 6000}) is special
    assert entry.variant({"hhi": 100}) is default


HEADINGS = {
    "platform-x": [
        ("", "Zielgruppe", "Aufwand für kleine Teams", "Risiken"),
        ("", "Audience", "Effort for a small team", "Risks"),
    ],
    "metrics": [("", "Reichweite", "Reichweite und Impressionen"), ("", "Reach", "Impressions")],
}


@pytest.mark.parametrize(
    ("cite", "target"),
    [
        ("platform-x: Risks", ("platform-x", 3)),
        ("platform-x: Risiken", ("platform-x", 3)),
        ("platform-x:effort", ("platform-x", 2)),
        ("  platform-x :  kleine Teams ", ("platform-x", 2)),
        ("platform-x: Introduction", ("platform-x", 0)),
        ("platform-x: Einleitung", ("platform-x", 0)),
        ("platform-x:", ("platform-x", 0)),
        ("metrics: Impressionen", ("metrics", 2)),  # one section, named in both languages
        ("metrics: Reichweite", None),  # two sections
        ("metrics: reach", ("metrics", 1)),  # no German heading contains "reach"
        ("platform-x: Monetization", None),
        ("platform-y: Risks", None),
        ("platform-x.en: Risks", None),  # a pair id, not a file id
    ],
)
def test_a_cite_resolves_to_exactly_one_section(cite: str, target: tuple[str, int] | None) -> None:
    assert resolve_cite(cite, HEADINGS) == target


def test_json_keeps_an_entry_exactly() -> None:
    entry = parse()
    data = entry_to_json(entry)
    assert json.loads(json.dumps(data)) == data  # plain JSON
    assert data["answers"][0]["when"] == ["meta_share >= 70.0", "concentration == dominant"]
    assert data["answers"][2]["when"] == []
    assert entry_from_json(json.loads(json.dumps(data))) == entry


def test_the_digest_changes_with_any_change_and_only_then() -> None:
    entry = parse()
    base = playbook_digest([entry])
    assert playbook_digest([parse()]) == base
    assert len(base) == 64
    changed = [
        parse(ENTRY.replace("Measure first.", "Measure first!")),
        parse(ENTRY.replace('"quit x?"', '"quit x now?"')),
        parse(ENTRY.replace("meta_share >= 70", "meta_share >= 71")),
        parse(ENTRY.replace("related: [first-90-days]", "related: []")),
        parse(ENTRY.replace('"Leave X?"', '"Leave X now?"')),
    ]
    digests = {playbook_digest([e]) for e in changed}
    assert len(digests) == len(changed) and base not in digests
    assert playbook_digest([]) != base


def test_load_playbook_reports_every_broken_file(tmp_path: Path) -> None:
    assert load_playbook(tmp_path) == []  # no playbook folder
    folder = tmp_path / "playbook"
    folder.mkdir()
    (folder / "leave-x.yaml").write_text(ENTRY, encoding="utf-8")
    (folder / "notes.txt").write_text("not an entry", encoding="utf-8")
    assert [e.entry_id for e in load_playbook(tmp_path)] == ["leave-x"]
    (folder / "a-broken.yaml").write_text(ENTRY, encoding="utf-8")
    (folder / "b-broken.yaml").write_text("id: b-broken\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_playbook(tmp_path)
    lines = err.value.message_en.splitlines()
    assert len(lines) == 2
    assert "a-broken.yaml: 'id' must be the file name" in lines[0]
    assert "b-broken.yaml: 'title' needs exactly the languages de, en" in lines[1]


def test_the_real_playbook_loads_and_uses_only_known_slots() -> None:
    entries = load_playbook(REAL_KNOWLEDGE)
    assert entries
    for entry in entries:
        assert sum(1 for v in entry.variants if not v.when) >= 1, entry.entry_id
        for variant in entry.variants:
            assert {c.slot for c in variant.when} <= set(SLOTS)
            for sentences in variant.sentences.values():
                assert all(set(s.slots) <= set(SLOTS) for s in sentences), entry.entry_id
        assert entry_from_json(entry_to_json(entry)) == entry
