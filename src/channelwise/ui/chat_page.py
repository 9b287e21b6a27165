"""Chat: streamed answers with sources, copy buttons, starter questions, stored history."""

from __future__ import annotations

import streamlit as st

from channelwise.db import Message
from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language, t
from channelwise.knowledge.records import Citation
from channelwise.services import Services
from channelwise.services.conversations import ask as ask_in_conversation
from channelwise.ui.conversations import current_conversation
from channelwise.ui.state import session
from channelwise.ui.texts import STARTERS
from channelwise.ui.widgets import copy_button


def render_chat(services: Services, lang: Language) -> None:
    conversation = current_conversation(services)
    messages = services.store.messages(conversation.id) if conversation else []
    attached = session().attachment or (
        services.store.stats_summary(conversation.id) if conversation else None
    )
    if attached:
        st.caption(t("stats_attached", lang, files=", ".join(attached.files)))
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
        ask(services, question, lang)


def ask(services: Services, question: str, lang: Language) -> None:
    conversation = current_conversation(services)
    exchange = ask_in_conversation(  # the question is stored first: a failing model never loses it
        services,
        question,
        conversation_id=conversation.id if conversation else None,
        stats=session().attachment,
        figures_lang=lang,
    )
    st.query_params["c"] = exchange.conversation.id
    render_message(exchange.question, lang)
    with st.chat_message("assistant"):
        try:
            with st.spinner(t("thinking", lang)):
                stream = exchange.stream()
            st.write_stream(stream)
            exchange.save(stream)
        except ChannelwiseError as err:
            st.error(f"{err.localized(lang)}\n\n{t('question_kept', lang)}")
            return
    st.rerun()


def render_message(message: Message, lang: Language) -> None:
    with st.chat_message(message.role):
        st.markdown(message.content)
        if message.role != "assistant":
            return
        if message.citations:
            with st.expander(f"{t('sources', lang)} ({len(message.citations)})"):
                for citation in message.citations:
                    render_citation(citation, lang)
        copy_button(message.content, t("copy", lang), t("copied", lang), key=f"m{message.id}")


def render_citation(citation: Citation, lang: Language) -> None:
    section = f" › {citation.heading}" if citation.heading else ""
    st.markdown(f"**[{citation.number}] {citation.title}**{section}")
    st.caption(t("quoted", lang, text=citation.excerpt))
    st.markdown(f"[{t('open_source', lang)}]({citation.url})")
