"""What the store takes and returns: plain data, never a feature's typed record.

A plan version is a JSON-ready document (:class:`PlanRecord` in, :class:`StoredPlan` out)
plus the columns the lists show; a message's citations are JSON-ready dicts. The layer that
knows the types turns them into documents and back (``channelwise.services``, with the
schema versions and upgraders of :mod:`channelwise.plans.storage`); the store keeps a
document exactly as it was given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from channelwise.i18n import Bilingual

Owner = str | None
"""A signed-in account's owner key, or None for the shared workspace."""

Document = dict[str, Any]
"""A JSON-ready document (str keys; str, numbers, bool, None, lists and dicts as values)."""


@dataclass(frozen=True)
class PlanRecord:
    """One version of a plan to store: its document and the columns the lists show."""

    document: Mapping[str, Any]
    """The plan as JSON-ready data, with its schema version (the store does not read it)."""
    title: str
    language: str
    plan_id: str | None = None
    """The plan this is the next version of; None for a new plan (the store picks the id)."""
    request: str | None = None
    """The revision request this version answers (None for a first version)."""
    missing: tuple[str, ...] = ()
    """The narrative parts this version lacks."""


@dataclass(frozen=True)
class StoredPlan:
    """One stored version of a plan: the document as it was stored, with its place."""

    plan_id: str
    version: int
    created_at: datetime
    request: str | None
    missing: tuple[str, ...]
    document: Document


@dataclass(frozen=True)
class PlanSummary:
    id: str
    title: str
    language: str
    latest_version: int
    created_at: datetime
    updated_at: datetime
    conversation_id: str | None


@dataclass(frozen=True)
class VersionSummary:
    plan_id: str
    version: int
    created_at: datetime
    request: str | None
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Conversation:
    id: str
    title: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class AnswerNote:
    """Which mode answered and why: shown under the answer, also after a reload."""

    mode: str
    provider: str
    reason: str | None = None
    suggestions: tuple[str, ...] = ()
    """Questions to ask next (shown as buttons under the latest answer)."""
    entry: str | None = None
    """The playbook entry that answered."""
    sections: tuple[str, ...] = ()
    """``pair#section`` the answer rests on."""
    tailored: bool = False


@dataclass(frozen=True)
class Message:
    """A stored question or answer. ``channelwise.services.conversations.Message`` is the
    same with typed citations."""

    id: int
    conversation_id: str
    role: str
    content: str
    citations: tuple[Document, ...]
    """The passages an answer cites, as JSON-ready dicts (stored as JSON, as given)."""
    created_at: datetime
    answer: AnswerNote | None = None
    """How an assistant answer was made (None for questions and older answers)."""


@dataclass(frozen=True)
class StatsAttachment:
    """The channel figures a conversation is asked with: the files and their summary text."""

    files: tuple[str, ...]
    summary: Bilingual
    figures: Mapping[str, float | str | int | None] = field(default_factory=dict)
    """The figures advice is tailored to (``stats.advice_figures``), as plain values."""


def answer_note(data: Mapping[str, object]) -> AnswerNote:
    """A stored note (older notes have only mode, provider and reason; unknown keys are
    dropped)."""
    known: dict[str, Any] = {k: v for k, v in data.items() if k in AnswerNote.__dataclass_fields__}
    for key in ("suggestions", "sections"):
        if key in known:
            known[key] = tuple(known[key])
    return AnswerNote(**known)
