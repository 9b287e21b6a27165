"""Typed records to and from the store's plain data.

The store (:mod:`channelwise.db`) imports no feature: it keeps a plan version as a
JSON-ready document and a citation as a JSON-ready dict. Here a
:class:`~channelwise.plans.Plan` becomes that document and comes back from it, through the
schema versions and upgraders of :mod:`channelwise.plans.storage`, and a
:class:`~channelwise.knowledge.records.Citation` becomes a dict and comes back from one.
Features are imported when a function runs, so importing this module stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from channelwise.db import Document, Owner, Store
    from channelwise.knowledge.records import Citation
    from channelwise.plans import Plan


def save_plan(
    store: Store, plan: Plan, *, owner: Owner, conversation_id: str | None = None
) -> Plan:
    """Store ``plan`` as a new plan (no id yet) or as the next version of its plan; the plan
    with its id and version as stored. Errors as :meth:`channelwise.db.Store.save_plan`."""
    from channelwise.db import PlanRecord
    from channelwise.plans.storage import plan_document

    stored = store.save_plan(
        PlanRecord(
            document=plan_document(plan),
            title=plan.title,
            language=plan.language,
            plan_id=plan.id,
            request=plan.revision_request,
            missing=tuple(plan.missing),
        ),
        owner=owner,
        conversation_id=conversation_id,
    )
    return plan.model_copy(update={"id": stored.plan_id, "version": stored.version})


def load_plan(store: Store, plan_id: str, version: int | None = None, *, owner: Owner) -> Plan:
    """The latest version, or ``version``, upgraded from whichever schema version it was
    stored in: a :class:`~channelwise.db.PlanNotFoundError` when ``owner`` has no such
    plan, a :class:`~channelwise.plans.StoredPlanError` when it was saved by a newer
    channelwise or cannot be read."""
    from channelwise.plans.storage import plan_from_document

    stored = store.get_plan(plan_id, version, owner=owner)
    return plan_from_document(stored.document, plan_id=stored.plan_id, version=stored.version)


@cache
def _citations() -> TypeAdapter[tuple[Citation, ...]]:
    from pydantic import TypeAdapter

    from channelwise.knowledge.records import Citation

    return TypeAdapter(tuple[Citation, ...])


def citation_rows(citations: Iterable[Citation]) -> list[Document]:
    """Citations as the store keeps them (JSON-ready dicts)."""
    rows: list[Document] = _citations().dump_python(tuple(citations), mode="json")
    return rows


def citations_from(rows: Sequence[dict[str, Any]]) -> tuple[Citation, ...]:
    """Stored citations as typed records: keys the record lacks are dropped, fields a
    citation stored before them lacks take their defaults."""
    return _citations().validate_python(tuple(rows))
