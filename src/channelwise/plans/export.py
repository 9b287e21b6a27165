"""Downloads: ``.docx`` (python-docx), timeline ``.csv`` and ``.ics`` (icalendar), and the
one table of export formats (:data:`EXPORT_FORMATS`: suffix, MIME type, renderer) that the
plans page's download buttons and ``channelwise plan -o`` both use."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, timedelta
from pathlib import PurePath
from typing import Literal

from docx import Document
from icalendar import Calendar, Event, vText

from channelwise.i18n import pick
from channelwise.plans.records import Plan
from channelwise.plans.render import (
    Bullets,
    Heading,
    Paragraph,
    Table,
    all_tasks,
    plan_blocks,
    to_markdown,
)
from channelwise.sanitize import inert_csv_cell, strip_control

CSV_COLUMNS = ("phase", "week", "start", "end", "task", "channel", "hours_per_week", "source")


def to_docx(plan: Plan) -> bytes:
    """The plan as a Word document (same content as the Markdown).

    Control characters, which Word documents cannot hold, are left out (plans stored before
    inputs were cleaned may have them).
    """
    doc = Document()
    for block in plan_blocks(plan):
        match block:
            case Heading(text, level):
                doc.add_heading(strip_control(text), level=0 if level == 1 else level - 1)
            case Paragraph(text, label, note):
                para = doc.add_paragraph()
                if label:
                    para.add_run(f"{strip_control(label)}: ").bold = True
                run = para.add_run(strip_control(text))
                run.italic = note
            case Bullets(items, label):
                if label:
                    doc.add_paragraph().add_run(f"{strip_control(label)}:").bold = True
                for item in items:
                    doc.add_paragraph(strip_control(item), style="List Bullet")
            case Table(header, rows):
                table = doc.add_table(rows=1, cols=len(header))
                table.style = "Table Grid"
                for cell, text in zip(table.rows[0].cells, header, strict=True):
                    cell.text = ""
                    cell.paragraphs[0].add_run(strip_control(text)).bold = True
                for row in rows:
                    cells = table.add_row().cells
                    for cell, text in zip(cells, row, strict=True):
                        cell.text = strip_control(text)
    doc.core_properties.title = strip_control(plan.title)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def timeline_csv(plan: Plan) -> bytes:
    """One row per task: phase (30/60/90), week, ISO dates, task, channel, hours, source.

    A cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR
    first) starts with ``'``: model-written tasks are not trusted.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for x in all_tasks(plan):
        row = (
            str(x.phase),
            str(x.week),
            x.start.isoformat(),
            x.end.isoformat(),
            x.task,
            x.platform.value if x.platform else "",
            "" if x.hours is None else f"{x.hours:g}",
            x.source,
        )
        writer.writerow([inert_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def _ics_text(text: str) -> vText:
    """A calendar TEXT value on one line: control characters and line breaks become single
    spaces, and icalendar escapes ``\\``, ``;`` and ``,``. A title with CR/LF would
    otherwise start a property of its own (``X-WR-CALNAME`` is not escaped by itself)."""
    return vText(" ".join(strip_control(text).split()))


def timeline_ics(plan: Plan) -> bytes:
    """Each task as an all-day event over its working week, for calendar import. Every text
    field goes through :func:`_ics_text` (plan titles and tasks can come from users and
    models)."""
    cal = Calendar()
    cal.add("prodid", "-//channelwise//diversification plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _ics_text(plan.title))
    stamp = (
        plan.created_at.astimezone(UTC)
        if plan.created_at.tzinfo
        else plan.created_at.replace(tzinfo=UTC)
    )
    for x in all_tasks(plan):
        event = Event()
        key = f"{plan.id or 'draft'}-{plan.version}-{x.week}-{x.task}".encode()
        event.add("uid", hashlib.sha1(key).hexdigest()[:20] + "@channelwise")
        event.add("dtstamp", stamp)
        event.add("dtstart", x.start)
        event.add("dtend", x.end + timedelta(days=1))  # DTEND of all-day events is exclusive
        event.add("summary", _ics_text(x.task))
        label = pick(plan.language, "days", "Tage")
        detail = f"{x.phase} {label} · {x.platform.label if x.platform else plan.title}"
        event.add("description", _ics_text(detail))
        event.add("categories", [_ics_text(x.platform.label if x.platform else "plan")])
        cal.add_component(event)
    return bytes(cal.to_ical())


def markdown_bytes(plan: Plan) -> bytes:
    """The plan as Markdown, UTF-8 (what the page shows and copies)."""
    return to_markdown(plan).encode("utf-8")


ExportKey = Literal["md", "docx", "csv", "ics"]


@dataclass(frozen=True)
class ExportFormat:
    """One way to download or write a plan."""

    key: ExportKey
    suffix: str
    """The file name's ending, with the dot."""
    mime: str
    render: Callable[[Plan], bytes]
    part: str = ""
    """Added to the file name when the file holds part of the plan (``-timeline``)."""
    other_suffixes: tuple[str, ...] = ()
    """Further endings a path given for this format may have (``plan.markdown``)."""

    def file_name(self, plan: Plan) -> str:
        """The download's name: ``channelwise-plan-v2.docx``, ``...-v2-timeline.csv``."""
        return f"channelwise-plan-v{plan.version}{self.part}{self.suffix}"


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat(
        "md", ".md", "text/markdown", markdown_bytes, other_suffixes=(".markdown", ".txt")
    ),
    ExportFormat(
        "docx",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        to_docx,
    ),
    ExportFormat("csv", ".csv", "text/csv", timeline_csv, part="-timeline"),
    ExportFormat("ics", ".ics", "text/calendar", timeline_ics),
)


def export_format(key: ExportKey) -> ExportFormat:
    return next(f for f in EXPORT_FORMATS if f.key == key)


def export_for_path(path: str | PurePath) -> ExportFormat | None:
    """The format a file name asks for by its ending (any case); None for an unknown one."""
    suffix = PurePath(path).suffix.lower()
    return next((f for f in EXPORT_FORMATS if suffix in (f.suffix, *f.other_suffixes)), None)
