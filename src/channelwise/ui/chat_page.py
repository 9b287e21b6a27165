"""Chat: streamed answers with sources, copy buttons, starter questions, stored history."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import streamlit as st

from channelwise.chat.engine import AnswerContext, Turn
from channelwise.db import Message
from channelwise.errors import ChannelwiseError
from channelwise.services import Services
from channelwise.ui.conversations import current_conversation, ensure_conversation
from channelwise.ui.state import session
from channelwise.ui.strings import STARTERS, UiLanguage, t
from channelwise.ui.widgets import copy_button


def render_chat(services: Services, lang: UiLanguage) -> None:
    conversation = current_conversation(services)
    messages = services.store.messages(conversation.id) if conversation else []
    record = session().stats_record() or (
        services.store.stats_summary(conversation.id) if conversation else None
    )
    stats_text = str(record["summary"][lang]) if record else None
    if record:
        st.caption(t("stats_attached", lang, files=", ".join(record["files"])))
    for message in messages:
        render_message(message, lang)
    pending = None
    if not messages:
        st.caption(t("starters_title", lang))
        for i, starter in enumerate(STARTERS[lang]):
            if st.button(starter, key=f"starter-{i}"):
                pending = starter
    typed = st.chat_input(t("chat_placeholder", lang))
    question = typed or pending
    if question:
        ask(services, question, messages, lang, stats_text)


def ask(
    services: Services,
    question: str,
    history: list[Message],
    lang: UiLanguage,
    stats_text: str | None,
) -> None:
    conversation = ensure_conversation(services, question)
    if (record := session().stats_record()) is not None:
        services.store.save_stats_summary(conversation.id, record)
    # the question is stored first: a failing model never loses it
    render_message(services.store.add_message(conversation.id, "user", question), lang)
    turns = [Turn("user" if m.role == "user" else "assistant", m.content) for m in history]
    with st.chat_message("assistant"):
        try:
            with st.spinner(t("thinking", lang)):
                stream = services.chat().stream(
                    question, turns, context=AnswerContext(stats=stats_text)
                )
            st.write_stream(stream)
            answer = stream.answer
        except ChannelwiseError as err:
            st.error(f"{err.localized(lang)}\n\n{t('question_kept', lang)}")
            return
    services.store.add_message(
        conversation.id,
        "assistant",
        answer.text,
        citations=[asdict(c) for c in answer.citations],
    )
    st.rerun()


def render_message(message: Message, lang: UiLanguage) -> None:
    with st.chat_message(message.role):
        st.markdown(message.content)
        if message.role != "assistant":
            return
        if message.citations:
            with st.expander(f"{t('sources', lang)} ({len(message.citations)})"):
                for citation in message.citations:
                    render_citation(citation, lang)
        copy_button(message.content, t("copy", lang), t("copied", lang), key=f"m{message.id}")


def render_citation(citation: dict[str, Any], lang: UiLanguage) -> None:
    section = f" › {citation['heading']}" if citation.get("heading") else ""
    st.markdown(f"**[{citation['number']}] {citation['title']}**{section}")
    st.caption(f"„{citation['excerpt']}“" if lang == "de" else f"“{citation['excerpt']}”")
    st.markdown(f"[{t('open_source', lang)}]({citation['url']})")
