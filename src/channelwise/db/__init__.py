"""The app database: schema, ordered migrations and the repository (:class:`Store`).

The bottom layer: it imports no feature package and stores plain data
(:mod:`channelwise.db.records`); the services turn typed plans and citations into it and
back.
"""

from channelwise.db.errors import ConversationNotFoundError, PlanNotFoundError, StoreError
from channelwise.db.records import (
    AnswerNote,
    Conversation,
    Document,
    Message,
    Owner,
    PlanRecord,
    PlanSummary,
    StatsAttachment,
    StoredPlan,
    VersionSummary,
)
from channelwise.db.repository import Store, open_store

__all__ = [
    "AnswerNote",
    "Conversation",
    "ConversationNotFoundError",
    "Document",
    "Message",
    "Owner",
    "PlanNotFoundError",
    "PlanRecord",
    "PlanSummary",
    "StatsAttachment",
    "Store",
    "StoreError",
    "StoredPlan",
    "VersionSummary",
    "open_store",
]
