"""Exports open in their own libraries: docx (python-docx), ics (icalendar), csv (pandas)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import docx
import icalendar
import pandas as pd
import pytest

from channelwise.plans import (
    EXPORT_FORMATS,
    Plan,
    export_for_path,
    export_format,
    timeline_csv,
    timeline_ics,
    to_docx,
    to_markdown,
    write_narrative,
)
from channelwise.plans.records import Section, SituationDraft, TimelineDraft
from channelwise.plans.render import all_tasks
from channelwise.services import Services
from tests.plans.conftest import START, fake_backend


@pytest.fixture
def full_plan(base_plan: Plan, kb_services: Services, tmp_path: Path) -> Plan:
    backend = fake_backend(tmp_path)
    return write_narrative(base_plan, backend, kb_services.grounder)


def test_markdown_has_every_part_and_the_figures(full_plan: Plan) -> None:
    text = to_markdown(full_plan)
    for heading in (
        "## 1. Situation",
        "## 2. Goals and resources",
        "## 3. Target channel mix",
        "## 4. Actions per channel",
        "### Newsletter",
        "## 5. Owned channel build",
        "## 6. Content strategy",
        "## 7. AI as a tool",
        "## 8. 30/60/90-day timeline",
        "## 9. KPIs",
        "## 10. Risks and mitigations",
        "## Sources",
    ):
        assert heading in text
    assert "| Meta share of reach | 79.3% | 63.5% |" in text
    assert "| Total reach | 60,500 | 75,625 |" in text
    assert "| Instagram | keep, with less effort | 79.3% | 63.5% | 1.75 | 1 |" in text
    assert "- [1] " in text


def test_docx_reads_back(full_plan: Plan) -> None:
    document = docx.Document(io.BytesIO(to_docx(full_plan)))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == "Platform diversification plan"
    assert "9. KPIs: baseline → target" in headings
    cells = {c.text for table in document.tables for row in table.rows for c in row.cells}
    assert {"Meta share of reach", "79.3%", "63.5%", "75,625"} <= cells
    body = "\n".join(p.text for p in document.paragraphs)
    assert full_plan.sources[0].url in body
    assert document.core_properties.title == full_plan.title


def test_ics_parses_with_one_event_per_task(full_plan: Plan) -> None:
    calendar = icalendar.Calendar.from_ical(timeline_ics(full_plan))
    events = list(calendar.walk("VEVENT"))
    tasks = all_tasks(full_plan)
    assert len(events) == len(tasks)
    assert len({str(e["UID"]) for e in events}) == len(events)
    first = events[0]
    assert first.decoded("DTSTART") == START
    assert first.decoded("DTEND") == START + timedelta(days=5)  # exclusive end, Mon-Fri
    assert str(first["SUMMARY"]) == tasks[0].task
    assert {str(e["SUMMARY"]) for e in events} == {t.task for t in tasks}


def test_csv_reads_with_pandas(full_plan: Plan) -> None:
    frame = pd.read_csv(io.BytesIO(timeline_csv(full_plan)))
    tasks = all_tasks(full_plan)
    assert list(frame.columns) == [
        "phase",
        "week",
        "start",
        "end",
        "task",
        "channel",
        "hours_per_week",
        "source",
    ]
    assert len(frame) == len(tasks)
    assert frame["week"].tolist() == [t.week for t in tasks]
    assert set(frame["phase"]) == {30, 60, 90}
    assert frame.loc[frame["channel"] == "instagram", "hours_per_week"].tolist() == [1.75]
    assert (frame["source"] == "model").sum() == 3  # one extra idea per phase from the fake
    assert frame["start"].iloc[0] == START.isoformat()


def test_german_markdown_and_docx(base_plan: Plan, tmp_path: Path) -> None:
    from channelwise.plans import make_inputs, skeleton_plan
    from tests.plans.conftest import analyze

    plan = skeleton_plan(
        make_inputs(goals=["reach"], hours_per_week=10, language="de", start=START),
        analyze("generic/template_filled.csv"),
    )
    text = to_markdown(plan)
    assert "| Meta-Anteil an der Reichweite | 79,3 % | 63,5 % |" in text
    assert "| Gesamtreichweite | 60.500 | 75.625 |" in text
    assert "⚠ Es fehlen Teile" in text  # no narrative written yet
    document = docx.Document(io.BytesIO(to_docx(plan)))
    assert any(p.text == "1. Ausgangslage" for p in document.paragraphs)


# --- hostile text: formulas in the .csv, control characters in the .docx ----------------

FORMULAS = [
    '=HYPERLINK("http://127.0.0.1:9/x","click")',
    "+49 30 1234",
    "-1+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "=1+1",
    "-20 % Meta",
]


def test_csv_cells_that_would_be_formulas_are_text(base_plan: Plan) -> None:
    """A model-written task (the model can be steered by an upload) never runs in Excel."""
    timeline = TimelineDraft(d30=FORMULAS[:2], d60=FORMULAS[2:4], d90=FORMULAS[4:])
    plan = base_plan.model_copy(
        update={"sections": (Section(key="timeline", status="written", content=timeline),)}
    )
    frame = pd.read_csv(io.BytesIO(timeline_csv(plan)), dtype=str, keep_default_na=False)
    written = frame.loc[frame["source"] == "model", "task"].tolist()
    assert sorted(written) == sorted("'" + f for f in FORMULAS)
    # cells from code stay as they were
    assert frame.loc[frame["source"] == "skeleton", "task"].tolist() == [
        t.task for t in all_tasks(plan) if t.source == "skeleton"
    ]


def test_a_stored_plan_with_control_characters_still_renders(base_plan: Plan) -> None:
    """Plans saved before inputs were cleaned: python-docx refused every render."""
    dirty_inputs = base_plan.inputs.model_copy(update={"audience": "Eltern\x01 in \x0bBerlin"})
    situation = SituationDraft.model_construct(kind="situation", summary="Meta\x08 dominates.")
    plan = base_plan.model_copy(
        update={
            "inputs": dirty_inputs,
            "sections": (Section(key="situation", status="written", content=situation),),
            "revision_request": "no\x1f TikTok",
        }
    )
    document = docx.Document(io.BytesIO(to_docx(plan)))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Audience: Eltern in Berlin" in body
    assert "Meta dominates." in body
    calendar = icalendar.Calendar.from_ical(timeline_ics(plan))
    assert len(list(calendar.walk("VEVENT"))) == len(all_tasks(plan))


def test_a_stored_model_label_shows_no_credentials(base_plan: Plan) -> None:
    """Plans saved before the label was masked name the server with its token."""
    data = base_plan.model_dump(mode="json") | {"model": "llama3.2 at http://u:tok@h:8000/v1"}
    plan = Plan.model_validate(data)
    assert plan.model == "llama3.2 at http://***@h:8000/v1"
    assert "tok" not in to_markdown(plan)


# --- hostile text in the calendar (issue 22, finding 4) ----------------------------------

HOSTILE_TITLE = "Plan\r\nX-INJECTED:1\rBEGIN:VEVENT\nSUMMARY:evil; a, b \\ c\x0b"
HOSTILE_TASKS = [
    "Newsletter\r\nEND:VCALENDAR",
    "Post; then, reply \\ n\n\rDTSTART:19700101",
    "Ende\rX-A:1",
]


def test_every_calendar_field_is_escaped(base_plan: Plan) -> None:
    """A title or task with CR/LF cannot add properties or events (today's code wrote the
    title into X-WR-CALNAME as it was)."""
    timeline = TimelineDraft(d30=HOSTILE_TASKS[:1], d60=HOSTILE_TASKS[1:2], d90=HOSTILE_TASKS[2:])
    plan = base_plan.model_copy(
        update={
            "title": HOSTILE_TITLE,
            "sections": (Section(key="timeline", status="written", content=timeline),),
        }
    )
    raw = timeline_ics(plan)
    lines = raw.decode().split("\r\n")
    assert lines[-1] == ""  # ends with CRLF; no bare CR or LF anywhere in between
    assert all("\r" not in line and "\n" not in line for line in lines)
    names = {line.split(":")[0].split(";")[0] for line in lines if line and line[0] != " "}
    assert not names & {"X-INJECTED", "X-A"}
    assert sum(line.startswith("DTSTART") for line in lines) == len(all_tasks(plan))
    assert [line for line in lines if line.startswith(("BEGIN:", "END:"))].count(
        "BEGIN:VEVENT"
    ) == len(all_tasks(plan))
    assert lines.count("END:VCALENDAR") == 1
    calendar = icalendar.Calendar.from_ical(raw)
    [name_line] = [
        line for line in raw.decode().replace("\r\n ", "").split("\r\n") if "CALNAME" in line
    ]
    # one line, escaped as RFC 5545 TEXT (a backslash before ; , and \\)
    assert name_line == "X-WR-CALNAME:Plan X-INJECTED:1 BEGIN:VEVENT SUMMARY:evil\\; a\\, b \\\\ c"
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert {
        "Newsletter END:VCALENDAR",
        "Post; then, reply \\ n DTSTART:19700101",
        "Ende X-A:1",
    } <= summaries
    descriptions = {str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")}
    assert all("\n" not in d and "\r" not in d for d in descriptions)


def test_one_table_names_every_download(base_plan: Plan) -> None:
    """The page's download buttons and `channelwise plan -o` read this one table."""
    plan = base_plan.model_copy(update={"version": 3})
    assert [(f.key, f.file_name(plan), f.mime) for f in EXPORT_FORMATS] == [
        ("md", "channelwise-plan-v3.md", "text/markdown"),
        (
            "docx",
            "channelwise-plan-v3.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("csv", "channelwise-plan-v3-timeline.csv", "text/csv"),
        ("ics", "channelwise-plan-v3.ics", "text/calendar"),
    ]
    assert export_format("md").render(plan) == to_markdown(plan).encode("utf-8")
    assert export_format("csv").render(plan) == timeline_csv(plan)
    assert export_format("ics").render(plan) == timeline_ics(plan)
    document = docx.Document(io.BytesIO(export_format("docx").render(plan)))
    assert document.core_properties.title == plan.title


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("plan.md", "md"),
        ("out/Plan.MARKDOWN", "md"),
        ("notes.txt", "md"),
        ("plan.docx", "docx"),
        ("timeline.csv", "csv"),
        ("calendar.ICS", "ics"),
        ("plan.pdf", None),
        ("plan", None),
        ("plan.doc", None),
    ],
)
def test_a_file_name_picks_its_format_by_its_ending(path: str, key: str | None) -> None:
    found = export_for_path(Path(path))
    assert (found.key if found else None) == key
