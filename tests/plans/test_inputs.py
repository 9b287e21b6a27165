"""Missing or contradictory answers get a clear message (English and German)."""

from __future__ import annotations

from typing import Any

import pytest

from channelwise.plans import PlanInputError, make_inputs
from channelwise.plans.platform_profiles import PLANNABLE


@pytest.mark.parametrize(
    ("kwargs", "english", "german"),
    [
        ({"hours_per_week": 0}, "0 hours a week leaves no time", "Mit 0 Stunden"),
        ({"hours_per_week": -3}, "0 hours a week leaves no time", "Mit 0 Stunden"),
        ({"hours_per_week": 0.5}, "too little for a plan", "reichen für keinen Plan"),
        ({"hours_per_week": 200}, "more than two full-time jobs", "zwei Vollzeitstellen"),
        (
            {"avoid": sorted(p.value for p in PLANNABLE)},
            "Every platform is excluded",
            "Alle Plattformen sind ausgeschlossen",
        ),
        (
            {"avoid": ["tiktok"], "keep": ["TikTok"]},
            "TikTok is both to avoid and to keep",
            "sowohl bei „vermeiden“ als auch bei „behalten“",
        ),
        ({"goals": []}, "Choose at least one goal", "mindestens ein Ziel"),
        ({"goals": ["fame"]}, "Unknown goal 'fame'", "Unbekanntes Ziel"),
        ({"avoid": ["myspace"]}, "Unknown platform 'myspace'", "Unbekannte Plattform"),
        (
            {"hours_per_week": 2, "keep": ["instagram", "youtube", "newsletter"]},
            "You keep 3 channels but plan 2 hours",
            "Sie behalten 3 Kanäle",
        ),
        ({"budget_per_month": -10}, "budget cannot be negative", "nicht negativ"),
        ({"ambition": "wild"}, "Some plan inputs are invalid", "ungültig"),
    ],
)
def test_bad_inputs_say_what_to_change(kwargs: dict[str, Any], english: str, german: str) -> None:
    with pytest.raises(PlanInputError) as info:
        make_inputs(**kwargs)
    assert english in str(info.value)
    assert german in info.value.localized("de")
    assert info.value.exit_code == 7


def test_names_and_synonyms_are_understood() -> None:
    inputs = make_inputs(goals=["Reichweite", "umsatz"], avoid=["Tik Tok", "FB"], keep=["E-Mail"])
    assert inputs.goals == ("reach", "revenue")
    assert [p.value for p in inputs.avoid] == ["tiktok", "facebook"]
    assert [p.value for p in inputs.keep] == ["newsletter"]


def test_excluding_all_but_one_channel_is_allowed() -> None:
    keep_one = sorted(p.value for p in PLANNABLE if p.value != "newsletter")
    assert make_inputs(avoid=keep_one).avoid


def test_control_characters_are_stripped_from_free_text() -> None:
    """They made python-docx raise on every render of the plan page."""
    inputs = make_inputs(
        audience="Eltern\x01 in Berlin\x00",
        industry="Bio\x0bläden",
        markets=("DE\x1b", "AT"),
    )
    assert (inputs.audience, inputs.industry, inputs.markets) == (
        "Eltern in Berlin",
        "Bioläden",
        ("DE", "AT"),
    )
