"""Conversations: asking in one (the question is stored first, then answered, then the answer
is stored with its citations; a failing model never loses the question), listing, opening,
renaming and deleting them; and asking once, outside any conversation (:func:`ask_once`).

Every use case acts for an :class:`~channelwise.access.Actor`: a signed-in user only ever
reaches their own conversations; someone else's is treated as one that does not exist.
Messages come back with typed citations (:class:`Message`); the store keeps them as plain
dicts (:mod:`channelwise.services.records`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from channelwise.access import Actor
from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language
from channelwise.sanitize import strip_control
from channelwise.services.records import citation_rows, citations_from

if TYPE_CHECKING:
    from channelwise.chat.followup import Turn
    from channelwise.chat.stream import AnswerStream as AnswerStream  # what ask_once returns
    from channelwise.db import AnswerNote, Conversation, StatsAttachment
    from channelwise.db import Message as StoredMessage
    from channelwise.knowledge.records import Citation
    from channelwise.providers.gate import OnWait
    from channelwise.services.root import Services

TITLE_CHARS = 60


@dataclass(frozen=True)
class Message:
    """A question or an answer of a conversation, with its citations as typed records."""

    id: int
    conversation_id: str
    role: str
    content: str
    citations: tuple[Citation, ...]
    """The passages an answer cites."""
    created_at: datetime
    answer: AnswerNote | None = None
    """How an assistant answer was made (None for questions and older answers)."""

    @classmethod
    def of(cls, stored: StoredMessage) -> Message:
        return cls(
            stored.id,
            stored.conversation_id,
            stored.role,
            stored.content,
            citations_from(stored.citations),
            stored.created_at,
            stored.answer,
        )


def title_for(question: str) -> str:
    """A conversation's title: its first question on one line, cut at 60 characters."""
    title = " ".join(question.split())
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class Exchange:
    """A question stored in its conversation, waiting for its answer."""

    services: Services
    actor: Actor
    conversation: Conversation
    question: Message
    history: tuple[Turn, ...]
    stats_text: str | None
    figures: dict[str, float | str | int | None]
    lang: Language | None

    def stream(self, on_wait: OnWait | None = None) -> AnswerStream:
        """The composed answer is ready when this returns (shown at once); iterating
        finishes it (a model may restate it). ``on_wait`` hears the queue position while
        the local model answers others (0 while it is only loading)."""
        from channelwise.chat.answer import AnswerContext
        from channelwise.chat.stream import stream

        return stream(
            self.services.chat(),
            self.question.content,
            self.history,
            lang=self.lang,
            context=AnswerContext(stats=self.stats_text, figures=self.figures),
            on_wait=on_wait,
        )

    def save(self, stream: AnswerStream) -> Message:
        """Store the finished answer with its sources (the numbers in the text point into
        them), how it was made and what to ask next."""
        from channelwise.db import AnswerNote

        answer = stream.answer
        note = AnswerNote(
            answer.mode,
            answer.provider,
            answer.check.fallback_reason,
            suggestions=answer.suggestions,
            entry=answer.entry_id,
            sections=answer.sections,
            tailored=answer.tailored,
        )
        stored = self.services.store.add_message(
            self.conversation.id,
            "assistant",
            strip_control(answer.text),
            citations=citation_rows(answer.citations),
            answer=note,
            owner=self.actor.owner,
        )
        return Message.of(stored)


def ask(
    services: Services,
    question: str,
    *,
    actor: Actor,
    conversation_id: str | None = None,
    lang: Language | None = None,
    stats: StatsAttachment | None = None,
    figures_lang: Language = "en",
) -> Exchange:
    """Store ``question`` in its conversation (a new one when ``conversation_id`` is None,
    unknown or not the actor's) and return the exchange that answers it.

    ``stats`` (uploaded just now) is attached to the conversation; without it the figures
    attached earlier are used. They reach the model as text in ``figures_lang``.
    """
    from channelwise.chat.followup import Turn

    question = _question(question)
    store, owner = services.store, actor.owner
    conversation = open_conversation(services, conversation_id, actor=actor)
    if conversation is None:
        conversation = store.create_conversation(title_for(question), owner=owner)
    if stats is not None:
        store.save_stats_summary(conversation.id, stats, owner=owner)
    else:
        stats = store.stats_summary(conversation.id, owner=owner)
    history = tuple(
        Turn("user" if m.role == "user" else "assistant", m.content)
        for m in store.messages(conversation.id, owner=owner)
    )
    message = Message.of(store.add_message(conversation.id, "user", question, owner=owner))
    return Exchange(
        services=services,
        actor=actor,
        conversation=conversation,
        question=message,
        history=history,
        stats_text=stats.summary.get(figures_lang) if stats else None,
        figures=dict(stats.figures) if stats else {},
        lang=lang,
    )


def ask_once(services: Services, question: str, *, lang: Language | None = None) -> AnswerStream:
    """Answer ``question`` on its own (``channelwise ask`` without ``--conversation``):
    no history, nothing stored. The composed answer is ready when this returns; iterating
    finishes it, as :meth:`Exchange.stream` does. ``lang`` (default: the question's)
    is the answer's language."""
    from channelwise.chat.stream import stream

    return stream(services.chat(), _question(question), lang=lang)


def _question(text: str) -> str:
    """The question without control characters and outer blanks; an error when empty."""
    question = strip_control(text).strip()
    if not question:
        raise ChannelwiseError(
            "The question is empty: type a question first.",
            "Die Frage ist leer: Geben Sie zuerst eine Frage ein.",
        )
    return question


def attach_stats(
    services: Services, conversation_id: str, stats: StatsAttachment, *, actor: Actor
) -> None:
    """Use these figures in the conversation's next answers."""
    services.store.save_stats_summary(conversation_id, stats, owner=actor.owner)


def list_conversations(services: Services, *, actor: Actor) -> list[Conversation]:
    """The actor's conversations, the latest first."""
    return services.store.list_conversations(owner=actor.owner)


def open_conversation(
    services: Services, conversation_id: str | None, *, actor: Actor
) -> Conversation | None:
    """The conversation, or None when there is none of that id that is the actor's."""
    if not conversation_id:
        return None
    return services.store.get_conversation(conversation_id, owner=actor.owner)


def conversation_messages(
    services: Services, conversation_id: str, *, actor: Actor
) -> list[Message]:
    return [Message.of(m) for m in services.store.messages(conversation_id, owner=actor.owner)]


def conversation_stats(
    services: Services, conversation_id: str, *, actor: Actor
) -> StatsAttachment | None:
    """The figures attached to the conversation, if any."""
    return services.store.stats_summary(conversation_id, owner=actor.owner)


def rename_conversation(
    services: Services, conversation_id: str, title: str, *, actor: Actor
) -> None:
    from channelwise.db import ConversationNotFoundError

    title = " ".join(strip_control(title).split())
    if not title:
        raise ChannelwiseError(
            "The title is empty: type a title first.",
            "Der Titel ist leer: Geben Sie zuerst einen Titel ein.",
        )
    if not services.store.rename_conversation(conversation_id, title, owner=actor.owner):
        raise ConversationNotFoundError.for_id(conversation_id)


def delete_conversation(services: Services, conversation_id: str, *, actor: Actor) -> None:
    """The conversation, its messages and its figures (its plans stay)."""
    from channelwise.db import ConversationNotFoundError

    if not services.store.delete_conversation(conversation_id, owner=actor.owner):
        raise ConversationNotFoundError.for_id(conversation_id)
