"""The plans page under AppTest with the fake model: form, plan, versions, revision."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update
from streamlit.testing.v1 import AppTest

from channelwise.db import open_store
from channelwise.db.schema import plan_versions_table
from channelwise.plans import make_inputs, skeleton_plan, to_markdown
from channelwise.services.records import load_plan, save_plan


def plans_script() -> None:
    from channelwise.access import SHARED_WORKSPACE
    from channelwise.config import load_settings
    from channelwise.services import build_services
    from channelwise.ui.plans_page import render_plans

    render_plans(build_services(load_settings()), "de", SHARED_WORKSPACE)


@pytest.fixture
def page(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CHANNELWISE_LLM", "fake")
    at = AppTest.from_function(plans_script, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def submit(at: AppTest, hours: float = 10.0) -> None:
    at.number_input[0].set_value(hours)
    at.button[0].click().run()  # the form's submit button
    assert not at.exception


def test_a_plan_is_drafted_stored_and_offered_for_download(page: AppTest, data_dir: Path) -> None:
    submit(page, hours=7.5)
    plan_id = page.query_params["p"]
    plan_id = plan_id[0] if isinstance(plan_id, list) else plan_id
    stored = load_plan(open_store(data_dir), plan_id, owner=None)
    assert stored.version == 1 and stored.complete
    assert (stored.inputs.hours_per_week, stored.language) == (7.5, "de")
    # the form's defaults, parsed by the use case `channelwise plan` calls too
    assert (stored.inputs.goals, stored.inputs.markets, stored.inputs.languages) == (
        ("resilience",),
        ("DE", "AT", "CH"),
        ("de",),
    )
    assert [d.label for d in page.get("download_button")][:4] == [
        "Markdown (.md)",
        "Word (.docx)",
        "Zeitplan (.csv)",
        "Kalender (.ics)",
    ]
    # the plan on the page is the stored plan, word for word (what "copy" puts on the clipboard)
    shown = to_markdown(stored)
    assert shown.rstrip() in [m.value.rstrip() for m in page.markdown]
    assert shown.startswith("# Plan zur Plattform-Diversifizierung\n")
    assert "\n- Stunden pro Woche: 7,5 (verplant: " in shown  # the form's hours, German format


def test_the_figures_show_and_the_plan_completes_with_the_fake_model(
    page: AppTest, data_dir: Path
) -> None:
    submit(page, hours=12.0)
    assert [s.label for s in page.status] == ["Plan fertig"]
    plan_id = page.query_params["p"]
    plan_id = plan_id[0] if isinstance(plan_id, list) else plan_id
    stored = load_plan(open_store(data_dir), plan_id, owner=None)
    assert stored.complete and stored.missing == []
    # the figures are the code's, computed before any section was written
    figures_only = skeleton_plan(stored.inputs).skeleton
    assert stored.skeleton == figures_only
    shown = "\n".join(m.value for m in page.markdown)
    assert "## 3. Ziel-Kanalmix" in shown and "## 9. KPIs" in shown
    for channel in stored.skeleton.channels:
        assert f"| {channel.platform.label} |" in shown
    # every section is on the page, with its prose and the sources it cites
    assert {s.key: s.mode for s in stored.sections} == {
        "situation": "code",
        "channel:newsletter": "evidence",  # the fixture index has sources for the prose
        "channel:youtube": "code",
        "owned": "evidence",
        "content": "code",
        "ai": "code",
        "timeline": "code",
        "risks": "code",
    }
    assert stored.sources, "the fixture index has sources for the prose"
    assert all(source.url in shown for source in stored.sources)
    assert not page.warning


def test_without_a_model_the_plan_is_written_from_the_sources_and_says_why(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CHANNELWISE_LLM", "openai")  # no key: the model cannot be built
    at = AppTest.from_function(plans_script, default_timeout=120)
    at.run()
    submit(at)
    plan_id = at.query_params["p"]
    plan_id = plan_id[0] if isinstance(plan_id, list) else plan_id
    stored = load_plan(open_store(data_dir), plan_id, owner=None)
    assert stored.complete and stored.missing == [] and stored.model is None
    assert "model" not in {s.mode for s in stored.sections}
    (info,) = [i.value for i in at.info if "OPENAI_API_KEY" in i.value]
    assert info.endswith(
        "Ohne Sprachmodell wurde der Plan aus dem Playbook und den Quellen geschrieben."
    )
    shown = "\n".join(m.value for m in at.markdown)
    assert "## 3. Ziel-Kanalmix" in shown
    for channel in stored.skeleton.channels:
        assert f"| {channel.platform.label} |" in shown


def test_zero_hours_is_a_clear_message(page: AppTest) -> None:
    submit(page, hours=0.0)
    assert page.error[0].value.startswith("Mit 0 Stunden pro Woche lässt sich kein Kanal betreuen")
    assert "p" not in page.query_params


def test_a_revision_makes_version_two(page: AppTest, data_dir: Path) -> None:
    submit(page)
    page.text_input[-1].input("nur 5 Stunden pro Woche")
    page.button[-1].click().run()
    assert not page.exception
    plan_id = page.query_params["p"]
    plan_id = plan_id[0] if isinstance(plan_id, list) else plan_id
    versions = open_store(data_dir).list_versions(plan_id, owner=None)
    assert [v.version for v in versions] == [1, 2]
    assert load_plan(open_store(data_dir), plan_id, 2, owner=None).inputs.hours_per_week == 5


def test_a_stored_plan_with_control_characters_opens(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan saved before inputs were cleaned made python-docx raise on every render."""
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(data_dir))
    store = open_store(data_dir)
    plan = save_plan(
        store, skeleton_plan(make_inputs(audience="Eltern", language="de")), owner=None
    )
    with store.engine.begin() as conn:
        stored = conn.execute(select(plan_versions_table.c.plan)).scalar_one()
        stored["inputs"]["audience"] = "Eltern\x01 in Berlin"
        conn.execute(update(plan_versions_table).values(plan=stored))
    at = AppTest.from_function(plans_script, default_timeout=120)
    at.query_params["p"] = str(plan.id)
    at.run()
    assert not at.exception
    assert "Word (.docx)" in [d.label for d in at.get("download_button")]
    assert any("- Zielgruppe: Eltern in Berlin\n" in m.value for m in at.markdown)


def test_a_plan_saved_by_a_newer_channelwise_is_a_message_with_the_fix(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(data_dir))
    store = open_store(data_dir)
    plan = save_plan(store, skeleton_plan(make_inputs(language="de")), owner=None)
    with store.engine.begin() as conn:
        stored = conn.execute(select(plan_versions_table.c.plan)).scalar_one()
        conn.execute(update(plan_versions_table).values(plan={**stored, "schema": 99}))
    at = AppTest.from_function(plans_script, default_timeout=120)
    at.query_params["p"] = str(plan.id)
    at.run()
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert "wurde von einer neueren Version von channelwise gespeichert (Planformat 99" in error
    assert "Aktualisieren Sie channelwise" in error


@pytest.mark.parametrize("plan_id", ["unknown", "'; DROP TABLE plans; --", "x" * 500])
def test_an_unknown_plan_link_is_a_message(page: AppTest, plan_id: str) -> None:
    page.query_params["p"] = plan_id
    page.run()
    assert not page.exception
    assert page.error[0].value.startswith("Es gibt keinen Plan „")
    assert not page.get("download_button")


@pytest.mark.parametrize("version", ["abc", "99", "-1", "1.5", "", "²"])
def test_an_unknown_version_shows_the_latest_with_a_note(page: AppTest, version: str) -> None:
    submit(page)
    plan_id = page.query_params["p"]
    page.query_params["v"] = version
    page.run()
    assert not page.exception
    assert page.warning[0].value.startswith(f"Version „{version}“ gibt es nicht")
    assert page.selectbox[0].value == 1
    assert "v" not in page.query_params and page.query_params["p"] == plan_id
