"""Chat: the evidence at once, then the checked answer streaming in, with copy and history."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from channelwise.access import Actor
from channelwise.chat.engine import describe_mode, mode_label
from channelwise.db import Message
from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language, t
from channelwise.knowledge.records import Citation
from channelwise.services import Services
from channelwise.services.conversations import ask as ask_in_conversation
from channelwise.services.conversations import conversation_messages, conversation_stats
from channelwise.ui.conversations import current_conversation
from channelwise.ui.safe import inert_markdown
from channelwise.ui.state import session
from channelwise.ui.texts import STARTERS
from channelwise.ui.widgets import copy_button


def render_chat(services: Services, lang: Language, actor: Actor) -> None:
    conversation = current_conversation(services, actor)
    messages = conversation_messages(services, conversation.id, actor=actor) if conversation else []
    attached = session().attachment or (
        conversation_stats(services, conversation.id, actor=actor) if conversation else None
    )
    if attached:
        st.caption(inert_markdown(t("stats_attached", lang, files=", ".join(attached.files))))
    for message in messages:
        render_message(message, lang)
    pending = None
    if not messages:
        st.caption(t("starters_title", lang))
        for i, starter in enumerate(t(key, lang) for key in STARTERS):
            if st.button(starter, key=f"starter-{i}"):
                pending = starter
    typed = st.chat_input(t("chat_placeholder", lang))
    question = typed or pending
    if question:
        ask(services, question, lang, actor)


def ask(services: Services, question: str, lang: Language, actor: Actor) -> None:
    conversation = current_conversation(services, actor)
    exchange = ask_in_conversation(  # the question is stored first: a failing model never loses it
        services,
        question,
        actor=actor,
        conversation_id=conversation.id if conversation else None,
        stats=session().attachment,
        figures_lang=lang,
    )
    st.query_params["c"] = exchange.conversation.id
    render_message(exchange.question, lang)
    with st.chat_message("assistant"):
        status = st.empty()

        def show_position(position: int) -> None:
            status.info(t("queue_position", lang, position=position))

        try:
            with st.spinner(t("thinking", lang)):
                stream = exchange.stream(on_wait=show_position)
        except ChannelwiseError as err:  # no index, unreadable store: nothing to answer from
            st.error(inert_markdown(f"{err.localized(lang)}\n\n{t('question_kept', lang)}"))
            return
        render_evidence(stream.evidence, lang, key="evidence-live", expanded=True)
        if stream.prepared.messages is not None:
            status.caption(t("writing", lang))
        answer_box = st.empty()
        shown = ""
        for sentence in stream:  # each sentence appears once the check passed it
            shown += sentence
            answer_box.markdown(inert_markdown(shown))
        status.empty()
        answer = stream.answer
        answer_box.markdown(inert_markdown(answer.text))  # evidence replaces a failed answer
        st.caption(mode_label(answer, lang))
        for problem in (services.model_error, stream.error):
            if problem is not None:
                st.warning(inert_markdown(problem.localized(lang)))
        exchange.save(stream)
    st.rerun()


def render_message(message: Message, lang: Language) -> None:
    with st.chat_message(message.role):
        if message.role == "assistant" and message.citations:
            render_evidence(message.citations, lang, key=f"evidence-{message.id}")
        st.markdown(inert_markdown(message.content))
        if message.role != "assistant":
            return
        if message.answer is not None:
            note = message.answer
            st.caption(describe_mode(note.mode, note.provider, note.reason, lang))
        copy_button(message.content, t("copy", lang), t("copied", lang), key=f"m{message.id}")


def render_evidence(
    evidence: Sequence[Citation], lang: Language, *, key: str, expanded: bool = False
) -> None:
    """The evidence sentences, numbered as the answer cites them, each with its source."""
    if not evidence:
        return
    with (
        st.container(key=key),
        st.expander(f"{t('evidence', lang)} ({len(evidence)})", expanded=expanded),
    ):
        for citation in evidence:
            render_citation(citation, lang)


def render_citation(citation: Citation, lang: Language) -> None:
    section = f" › {citation.heading}" if citation.heading else ""
    st.markdown(f"**[{citation.number}]** {citation.sentence or citation.excerpt}")
    st.caption(f"{citation.title}{section} · [{t('open_source', lang)}]({citation.url})")
