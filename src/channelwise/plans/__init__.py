"""Diversification plans: deterministic skeleton, narrative from evidence (checked model
sentences or quotes), exports, versions.

>>> inputs = make_inputs(goals=["reach"], hours_per_week=10, language="de")
>>> plan = make_plan(inputs, stats_result, backend, chat_engine, on_section=show)
>>> to_markdown(plan); to_docx(plan); timeline_csv(plan); timeline_ics(plan)
>>> [(f.suffix, f.mime, f.render(plan)) for f in EXPORT_FORMATS]  # downloads and -o
>>> plan_document(revise(plan, "nur 5 Stunden pro Woche"))  # what the store keeps
"""

from channelwise.plans.actuals import ActualsReport, KpiProgress, actuals_markdown, compare_actuals
from channelwise.plans.errors import PlanError, PlanInputError, RevisionError, StoredPlanError
from channelwise.plans.export import (
    EXPORT_FORMATS,
    ExportFormat,
    export_for_path,
    export_format,
    timeline_csv,
    timeline_ics,
    to_docx,
)
from channelwise.plans.generate import complete_plan, make_plan, skeleton_plan
from channelwise.plans.narrative import PlanWriter, SectionEvent, write_narrative
from channelwise.plans.records import (
    KPI,
    Plan,
    PlanInputs,
    Section,
    Situation,
    Skeleton,
    TargetChannel,
    TimelineTask,
    make_inputs,
    section_keys,
)
from channelwise.plans.render import plan_blocks, to_markdown
from channelwise.plans.revise import parse_request, revise
from channelwise.plans.skeleton import build_skeleton, situation_from_answers, situation_from_stats
from channelwise.plans.storage import PLAN_SCHEMA, plan_document, plan_from_document

__all__ = [
    "EXPORT_FORMATS",
    "KPI",
    "PLAN_SCHEMA",
    "ActualsReport",
    "ExportFormat",
    "KpiProgress",
    "Plan",
    "PlanError",
    "PlanInputError",
    "PlanInputs",
    "PlanWriter",
    "RevisionError",
    "Section",
    "SectionEvent",
    "Situation",
    "Skeleton",
    "StoredPlanError",
    "TargetChannel",
    "TimelineTask",
    "actuals_markdown",
    "build_skeleton",
    "compare_actuals",
    "complete_plan",
    "export_for_path",
    "export_format",
    "make_inputs",
    "make_plan",
    "parse_request",
    "plan_blocks",
    "plan_document",
    "plan_from_document",
    "revise",
    "section_keys",
    "situation_from_answers",
    "situation_from_stats",
    "skeleton_plan",
    "timeline_csv",
    "timeline_ics",
    "to_docx",
    "to_markdown",
    "write_narrative",
]
