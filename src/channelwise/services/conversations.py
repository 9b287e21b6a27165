"""Asking in a conversation: the question is stored first, then answered, then the answer is
stored with its citations. A failing model never loses the question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language

if TYPE_CHECKING:
    from channelwise.chat.engine import AnswerStream, Turn
    from channelwise.db import Conversation, Message, StatsAttachment
    from channelwise.providers.gate import OnWait
    from channelwise.services.root import Services

TITLE_CHARS = 60


def title_for(question: str) -> str:
    """A conversation's title: its first question on one line, cut at 60 characters."""
    title = " ".join(question.split())
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class Exchange:
    """A question stored in its conversation, waiting for its answer."""

    services: Services
    conversation: Conversation
    question: Message
    history: tuple[Turn, ...]
    stats_text: str | None
    lang: Language | None

    def stream(self, on_wait: OnWait | None = None) -> AnswerStream:
        """Retrieval and evidence happen here (shown at once); iterate for the answer.

        ``on_wait`` hears the queue position while the local model answers others."""
        from channelwise.chat.engine import AnswerContext

        return self.services.chat().stream(
            self.question.content,
            self.history,
            lang=self.lang,
            context=AnswerContext(stats=self.stats_text),
            on_wait=on_wait,
        )

    def save(self, stream: AnswerStream) -> Message:
        """Store the finished answer with its evidence (the numbers in the text point into
        it)."""
        from channelwise.db import AnswerNote

        answer = stream.answer
        note = AnswerNote(answer.mode, answer.provider, answer.check.fallback_reason)
        return self.services.store.add_message(
            self.conversation.id, "assistant", answer.text, citations=answer.evidence, answer=note
        )


def ask(
    services: Services,
    question: str,
    *,
    conversation_id: str | None = None,
    lang: Language | None = None,
    stats: StatsAttachment | None = None,
    figures_lang: Language = "en",
) -> Exchange:
    """Store ``question`` in its conversation (a new one when ``conversation_id`` is None or
    unknown) and return the exchange that answers it.

    ``stats`` (uploaded just now) is attached to the conversation; without it the figures
    attached earlier are used. They reach the model as text in ``figures_lang``.
    """
    from channelwise.chat.engine import Turn

    question = question.strip()
    if not question:
        raise ChannelwiseError(
            "The question is empty: type a question first.",
            "Die Frage ist leer: Geben Sie zuerst eine Frage ein.",
        )
    store = services.store
    conversation = store.get_conversation(conversation_id) if conversation_id else None
    if conversation is None:
        conversation = store.create_conversation(title_for(question))
    if stats is not None:
        store.save_stats_summary(conversation.id, stats)
    else:
        stats = store.stats_summary(conversation.id)
    history = tuple(
        Turn("user" if m.role == "user" else "assistant", m.content)
        for m in store.messages(conversation.id)
    )
    message = store.add_message(conversation.id, "user", question)
    return Exchange(
        services=services,
        conversation=conversation,
        question=message,
        history=history,
        stats_text=stats.summary(figures_lang) if stats else None,
        lang=lang,
    )


def attach_stats(services: Services, conversation_id: str, stats: StatsAttachment) -> None:
    """Use these figures in the conversation's next answers."""
    services.store.save_stats_summary(conversation_id, stats)
