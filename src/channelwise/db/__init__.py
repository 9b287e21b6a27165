"""The app database: schema, ordered migrations and the repository (:class:`Store`)."""

from channelwise.db.repository import (
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
