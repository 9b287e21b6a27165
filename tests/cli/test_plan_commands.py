"""`channelwise plan` and friends, through Typer's runner, with the fake model."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import icalendar
import pandas as pd
import pytest
from typer.testing import CliRunner

from channelwise.cli import app
from channelwise.config import Settings
from channelwise.db import open_store
from channelwise.services.records import load_plan
from tests.plans.conftest import STATS

runner = CliRunner()
TEMPLATE = str(STATS / "generic" / "template_filled.csv")


@pytest.fixture
def env(indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """Fake model, the indexed fixture knowledge base, a database of this test's own."""
    monkeypatch.setenv("CHANNELWISE_LLM", "fake")
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(indexed_settings.data_dir))
    return f"sqlite:///{tmp_path / 'plans.db'}"


def test_plan_to_markdown_docx_ics_csv_then_revise_and_progress(env: str, tmp_path: Path) -> None:
    md, ics, csv = tmp_path / "plan.md", tmp_path / "plan.ics", tmp_path / "plan.csv"
    result = runner.invoke(
        app,
        [
            "plan",
            "--stats",
            TEMPLATE,
            "--goal",
            "reach",
            "--hours",
            "10",
            "--lang",
            "de",
            "-o",
            str(md),
            "--ics",
            str(ics),
            "--csv",
            str(csv),
            "--start",
            "2024-04-01",
            "--database-url",
            env,
        ],
    )
    assert result.exit_code == 0, result.output
    text = md.read_text(encoding="utf-8")
    assert "# Plan zur Plattform-Diversifizierung" in text
    assert "| Meta-Anteil an der Reichweite | 79,3 % | 63,5 % |" in text
    assert "[1]" in text and "## Quellen" in text
    assert "[1/10] Ausgangslage" in result.output  # progress per section on stderr
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    frame = pd.read_csv(csv)
    assert len(list(calendar.walk("VEVENT"))) == len(frame) > 10
    plan_id = re.search(r"Gespeichert als Plan (\S+), Version 1", result.stderr)
    assert plan_id is not None
    listed = runner.invoke(app, ["plans", "--database-url", env])
    assert plan_id.group(1) in listed.output
    out_docx = tmp_path / "v2.docx"
    revised = runner.invoke(
        app,
        [
            "plan-revise",
            plan_id.group(1),
            "nur 5 Stunden pro Woche",
            "-o",
            str(out_docx),
            "--database-url",
            env,
        ],
    )
    assert revised.exit_code == 0, revised.output
    assert "Saved as plan" in revised.stderr and "version 2" in revised.stderr
    document = docx.Document(io.BytesIO(out_docx.read_bytes()))
    assert any("Stunden pro Woche: 5" in p.text for p in document.paragraphs)
    versions = runner.invoke(app, ["plans", plan_id.group(1), "--database-url", env])
    assert "v2" in versions.output and "nur 5 Stunden pro Woche" in versions.output
    progress = runner.invoke(
        app,
        [
            "plan-progress",
            plan_id.group(1),
            "--stats",
            TEMPLATE,
            "--version",
            "1",
            "--database-url",
            env,
        ],
    )
    assert progress.exit_code == 0, progress.output
    assert "| Meta-Anteil an der Reichweite | 79,3 % | 63,5 % | 79,3 % | 0 % |" in progress.output


def test_plan_to_stdout_without_stats(env: str) -> None:
    result = runner.invoke(
        app,
        [
            "plan",
            "--goal",
            "community",
            "--hours",
            "6",
            "--keep",
            "instagram",
            "--database-url",
            env,
            "--no-model",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "# Platform diversification plan" in result.output
    assert "No exports were uploaded" in result.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--hours", "0"], 7, "Error: 0 hours a week leaves no time"),
        (
            ["--avoid", "tiktok", "--keep", "tiktok"],
            7,
            "Error: TikTok is both to avoid and to keep",
        ),
        (["--goal", "fame"], 7, "Error: Unknown goal 'fame'"),
        (["--lang", "de", "--goal", "ruhm"], 7, "Fehler: Unbekanntes Ziel „ruhm“"),
        (["--lang", "fr"], 2, "Invalid value for '--lang'"),
        (["-o", "plan.pdf"], 7, "Error: -o must end in .md, .docx, .csv or .ics, not '.pdf'."),
        (["--stats", "missing.csv"], 5, "Error: Cannot read 'missing.csv'"),
        # the messages of the use case the plans page calls too (services.plans.plan_inputs)
        (["--ambition", "wild"], 7, "Error: Unknown ambition 'wild': choose one of cautious,"),
        (["--start", "1.4.2024"], 7, "Error: The start date '1.4.2024' is not a date: use"),
        (
            ["--lang", "de", "--start", "morgen"],
            7,
            "Fehler: Das Startdatum „morgen“ ist kein Datum: Format JJJJ-MM-TT.",
        ),
    ],
)
def test_bad_input_exits_with_a_message_and_saves_nothing(
    env: str, args: list[str], code: int, message: str
) -> None:
    result = runner.invoke(app, ["plan", "--no-model", "--database-url", env, *args])
    assert result.exit_code == code
    assert message in result.stderr
    assert open_store(Path("unused"), env).list_plans(owner=None) == []


def test_without_a_model_the_cli_writes_the_plan_from_the_sources_like_the_app(
    indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(indexed_settings.data_dir))
    monkeypatch.setenv("CHANNELWISE_LLM", "openai")  # no OPENAI_API_KEY: the model cannot be built
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    result = runner.invoke(app, ["plan", "--stats", TEMPLATE, "--database-url", url])
    assert result.exit_code == 0, result.output
    assert "The language model could not write the plan (CHANNELWISE_LLM=openai needs" in (
        result.stderr
    )
    (saved,) = open_store(Path("unused"), url).list_plans(owner=None)
    plan = load_plan(open_store(Path("unused"), url), saved.id, owner=None)
    assert plan.complete and plan.model is None  # written from the sources, no model
    assert "model" not in {s.mode for s in plan.sections}
    assert "Missing parts" not in result.stderr
    assert "| Meta share of reach | 79.3% | 63.5% |" in result.stdout


@pytest.mark.parametrize(
    ("name", "key"),
    [("plan.md", "md"), ("plan.DOCX", "docx"), ("plan.csv", "csv"), ("plan.ics", "ics")],
)
def test_o_writes_each_format_of_the_page_downloads(
    env: str, tmp_path: Path, name: str, key: str
) -> None:
    """-o picks the format from the one table the page's download buttons use."""
    from channelwise.plans import export_format

    out = tmp_path / name
    args = ["plan", "--no-model", "--start", "2024-04-01", "--market", "DE, AT", "-o", str(out)]
    result = runner.invoke(app, [*args, "--database-url", env])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # the plan went to the file
    (saved,) = open_store(Path("unused"), env).list_plans(owner=None)
    plan = load_plan(open_store(Path("unused"), env), saved.id, owner=None)
    assert plan.inputs.markets == ("DE", "AT") and plan.inputs.languages == ("en",)
    if key == "docx":  # python-docx stamps the time it saves
        document = docx.Document(io.BytesIO(out.read_bytes()))
        assert document.paragraphs[0].text == "Platform diversification plan"
    else:
        assert out.read_bytes() == export_format(key).render(plan)


def test_unknown_plan_id(env: str) -> None:
    result = runner.invoke(app, ["plan-revise", "nope", "more ambitious", "--database-url", env])
    assert result.exit_code == 8
    assert "There is no plan 'nope'" in result.output
