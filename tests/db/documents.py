"""Plain plan records for the store's tests: the store keeps any JSON-ready document as
given (the typed plan and its schema versions are tested in tests/plans and tests/services)."""

from __future__ import annotations

from channelwise.db import PlanRecord


def plan_record(
    title: str = "Plan zur Plattform-Diversifizierung",
    *,
    plan_id: str | None = None,
    request: str | None = None,
) -> PlanRecord:
    document = {
        "schema": 2,
        "title": title,
        "revision_request": request,
        "sections": [{"key": "ai", "content": {"rules": ["Kennzeichnen – immer", 1, 2.5]}}],
        "nothing": None,
        "written": True,
    }
    return PlanRecord(
        document=document,
        title=title,
        language="de",
        plan_id=plan_id,
        request=request,
        missing=("owned", "risks"),
    )
