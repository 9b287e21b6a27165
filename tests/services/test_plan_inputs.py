"""The plan inputs as the plans page's form and `channelwise plan` give them: one parser, one
set of messages (`services.plans.plan_inputs`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from channelwise.plans import PlanInputError
from channelwise.services.plans import plan_inputs
from channelwise.stats import Platform


def test_the_forms_answers_become_inputs() -> None:
    """As the page sends them: platforms as choices, markets as one comma-separated box."""
    inputs = plan_inputs(
        language="de",
        goals=["reach", "community"],
        hours_per_week=7.5,
        budget_per_month=200.0,
        audience="Eltern in Berlin",
        markets="DE, AT,, CH ",
        industry="Bioläden",
        languages=["de", "en"],
        avoid=[Platform.TIKTOK],
        keep=[Platform.INSTAGRAM],
        ambition="ambitious",
    )
    assert inputs.goals == ("reach", "community")
    assert (inputs.hours_per_week, inputs.budget_per_month) == (7.5, 200.0)
    assert inputs.markets == ("DE", "AT", "CH")
    assert (inputs.languages, inputs.language) == (("de", "en"), "de")
    assert (inputs.avoid, inputs.keep) == ((Platform.TIKTOK,), (Platform.INSTAGRAM,))
    assert (inputs.ambition, inputs.start) == ("ambitious", None)


def test_the_command_lines_answers_become_the_same_inputs() -> None:
    """As `channelwise plan` sends them: words, repeated options, a date as text."""
    inputs = plan_inputs(
        language="en",
        goals=["Reichweite", "COMMUNITY"],
        markets=["DE", "AT, CH"],
        avoid=["tik tok"],
        keep=["ig"],
        ambition="Ehrgeizig",
        start="2024-04-01",
    )
    assert inputs.goals == ("reach", "community")
    assert inputs.markets == ("DE", "AT", "CH")
    assert (inputs.avoid, inputs.keep) == ((Platform.TIKTOK,), (Platform.INSTAGRAM,))
    assert (inputs.ambition, inputs.start) == ("ambitious", date(2024, 4, 1))


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_defaults_follow_the_plan_language(language: Any) -> None:
    inputs = plan_inputs(language=language, goals=[], languages=[], start=" ")
    assert inputs.goals == ("resilience",)
    assert (inputs.languages, inputs.language) == ((language,), language)
    assert (inputs.hours_per_week, inputs.ambition, inputs.markets, inputs.start) == (
        10.0,
        "balanced",
        (),
        None,
    )


@pytest.mark.parametrize(
    ("kwargs", "english", "german"),
    [
        (
            {"ambition": "wild"},
            "Unknown ambition 'wild': choose one of cautious, balanced, ambitious.",
            "Unbekannte Ambition „wild“: wählen Sie cautious (vorsichtig), balanced "
            "(ausgewogen) oder ambitious (ehrgeizig).",
        ),
        (
            {"start": "1.4.2024"},
            "The start date '1.4.2024' is not a date: use YYYY-MM-DD.",
            "Das Startdatum „1.4.2024“ ist kein Datum: Format JJJJ-MM-TT.",
        ),
        (
            {"goals": ["fame"]},
            "Unknown goal 'fame': choose one of reach, revenue, community, resilience.",
            "Unbekanntes Ziel „fame“: wählen Sie reach (Reichweite), revenue (Umsatz), "
            "community oder resilience (Resilienz).",
        ),
        (
            {"hours_per_week": 0.0},
            "0 hours a week leaves no time to run any channel. Enter the hours your team can "
            "really spend each week (at least 1).",
            "Mit 0 Stunden pro Woche lässt sich kein Kanal betreuen. Geben Sie die Stunden an, "
            "die Ihr Team pro Woche wirklich aufwenden kann (mindestens 1).",
        ),
        (
            {"avoid": ["tiktok"], "keep": [Platform.TIKTOK]},
            "TikTok is both to avoid and to keep. Decide for each platform: remove it from "
            "one of the two lists.",
            "TikTok steht sowohl bei „vermeiden“ als auch bei „behalten“. Entscheiden Sie "
            "sich je Plattform und streichen Sie sie aus einer der beiden Listen.",
        ),
    ],
)
def test_every_problem_is_one_message_in_both_languages(
    kwargs: dict[str, Any], english: str, german: str
) -> None:
    with pytest.raises(PlanInputError) as err:
        plan_inputs(language="en", **kwargs)
    assert (str(err.value), err.value.localized("de")) == (english, german)
