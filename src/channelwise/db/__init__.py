"""The app database: schema, ordered migrations and the repository (:class:`Store`)."""

from channelwise.db.repository import (
    AnswerNote,
    Conversation,
    ConversationNotFoundError,
    Message,
    PlanSummary,
    StatsAttachment,
    Store,
    StoreError,
    VersionSummary,
    open_store,
)

__all__ = [
    "AnswerNote",
    "Conversation",
    "ConversationNotFoundError",
    "Message",
    "PlanSummary",
    "StatsAttachment",
    "Store",
    "StoreError",
    "VersionSummary",
    "open_store",
]
