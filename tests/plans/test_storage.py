"""Plans as stored documents: schema versions, upgraders, newer and damaged documents.

Loading rows that today's store wrote, through the store, is in
tests/services/test_records.py.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from channelwise.plans import (
    PLAN_SCHEMA,
    StoredPlanError,
    make_inputs,
    plan_document,
    plan_from_document,
    skeleton_plan,
)
from channelwise.plans.storage import UPGRADES, upgrade

ROWS = Path(__file__).resolve().parents[1] / "fixtures" / "db" / "plan_rows_v1.json"
INPUTS = make_inputs(goals=["reach"], hours_per_week=10, language="de", start=date(2024, 4, 1))


def v1_document() -> dict[str, Any]:
    """Version 1 of the full German plan, as the store wrote it before schema versions."""
    document: dict[str, Any] = json.loads(ROWS.read_text(encoding="utf-8"))["plan_versions"][0][
        "plan"
    ]
    return document


def test_a_plan_is_stored_with_its_schema_version_and_without_its_place() -> None:
    plan = skeleton_plan(INPUTS).model_copy(update={"id": "p-1", "version": 3})
    document = plan_document(plan)
    assert document["schema"] == PLAN_SCHEMA == 2
    assert "id" not in document and "version" not in document  # the store's columns
    assert json.loads(json.dumps(document)) == document  # JSON-ready
    assert plan_from_document(document, plan_id="p-1", version=3) == plan


def test_version_1_is_upgraded_to_the_current_version() -> None:
    old = v1_document()
    assert "schema" not in old and (old["id"], old["version"]) == (
        "b6e24c15-8eb7-4640-bb9e-114f2cb7b0f1",
        1,
    )
    upgraded = upgrade(old)
    assert upgraded["schema"] == PLAN_SCHEMA
    assert "id" not in upgraded and "version" not in upgraded
    assert {k: v for k, v in upgraded.items() if k != "schema"} == {
        k: v for k, v in old.items() if k not in ("id", "version")
    }
    assert "id" in old and "schema" not in old  # the stored row is not changed


def test_the_upgraders_run_in_order_from_the_stored_version() -> None:
    ran: list[int] = []

    def step(n: int) -> Any:
        def run(data: dict[str, Any]) -> dict[str, Any]:
            ran.append(n)
            return {**data, "trail": [*data.get("trail", []), n]}

        return run

    steps = {1: step(1), 2: step(2), 3: step(3)}
    assert upgrade({"title": "x"}, current=4, steps=steps) == {
        "title": "x",
        "trail": [1, 2, 3],
        "schema": 4,
    }
    assert ran == [1, 2, 3]
    assert upgrade({"schema": 3, "title": "x"}, current=4, steps=steps)["trail"] == [3]
    assert upgrade({"schema": 4, "title": "x"}, current=4, steps=steps) == {
        "schema": 4,
        "title": "x",
    }


def test_every_version_before_the_current_one_has_an_upgrader() -> None:
    assert sorted(UPGRADES) == list(range(1, PLAN_SCHEMA))


def test_a_plan_of_a_newer_version_says_to_update_channelwise() -> None:
    newer = {**plan_document(skeleton_plan(INPUTS)), "schema": PLAN_SCHEMA + 1}
    with pytest.raises(StoredPlanError) as info:
        plan_from_document(newer, plan_id="p-9", version=4)
    english, german = str(info.value), info.value.localized("de")
    assert english.startswith("Version 4 of plan 'p-9' was saved by a newer version of channelwise")
    assert f"plan format {PLAN_SCHEMA + 1}; this one reads up to {PLAN_SCHEMA}" in english
    assert "Update channelwise" in english and "pip install -U channelwise" in english
    assert german.startswith(
        "Version 4 von Plan „p-9“ wurde von einer neueren Version von channelwise gespeichert"
    )
    assert "Aktualisieren Sie channelwise" in german
    assert info.value.exit_code == 7


@pytest.mark.parametrize("schema", [0, -1, "2", None, True, 1.5])
def test_a_schema_that_is_no_version_is_refused_clearly(schema: object) -> None:
    with pytest.raises(StoredPlanError) as info:
        plan_from_document({"schema": schema}, plan_id="p", version=1)
    assert "no valid format version" in str(info.value)
    assert "keine gültige Formatversion" in info.value.localized("de")


def test_fields_no_longer_in_the_model_are_dropped_on_reading() -> None:
    """extra="forbid" guards the code that makes plans; stored rows that still carry a
    removed field (at any depth) load."""
    saved = skeleton_plan(INPUTS).model_copy(update={"id": "p-1", "version": 1})
    document = plan_document(saved)
    document["removed_field"] = "alt"
    document["inputs"] = {**document["inputs"], "old_setting": 3}
    document["skeleton"]["channels"][0] = {**document["skeleton"]["channels"][0], "gone": 1}
    plan = plan_from_document(document, plan_id="p-1", version=1)
    assert plan == saved
    with pytest.raises(ValueError, match="Extra inputs are not permitted"):
        type(plan.inputs).model_validate({**plan.inputs.model_dump(), "old_setting": 3})


def test_a_damaged_plan_names_itself_instead_of_crashing() -> None:
    document = plan_document(skeleton_plan(INPUTS))
    del document["skeleton"]
    with pytest.raises(StoredPlanError) as info:
        plan_from_document(document, plan_id="p-2", version=5)
    assert str(info.value).startswith("Version 5 of plan 'p-2' cannot be read (skeleton: Field")
    assert info.value.localized("de").startswith("Version 5 von Plan „p-2“ lässt sich nicht")
