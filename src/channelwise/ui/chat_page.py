"""Chat: the answer at once (composed from the playbook and the knowledge base, in the
language asked), its sources collapsed underneath, questions to ask next as buttons."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from channelwise.access import Actor
from channelwise.chat.answer import describe_mode
from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language, t
from channelwise.knowledge.records import Citation
from channelwise.providers.gate import LOADING
from channelwise.services import Services
from channelwise.services.conversations import Message, conversation_messages, conversation_stats
from channelwise.services.conversations import ask as ask_in_conversation
from channelwise.ui.conversations import current_conversation
from channelwise.ui.inert import inert_markdown
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
    # a question on its way (typed, or a button clicked in the run before) hides the buttons
    # of the previous answer: they could not be clicked while its answer is being written
    typed = st.chat_input(t("chat_placeholder", lang))
    clicked, session().clicked = session().clicked, None
    question = typed or clicked
    if question:
        ask(services, question, lang, actor)
    elif not messages:
        st.caption(t("starters_title", lang))
        for i, starter in enumerate(t(key, lang) for key in STARTERS):
            st.button(starter, key=f"starter-{i}", on_click=_click, args=(starter,))
    elif messages[-1].role == "assistant" and messages[-1].answer is not None:
        render_suggestions(messages[-1], lang)


def _click(question: str) -> None:
    """A starter's or suggestion's callback: the next run asks ``question``."""
    session().clicked = question


def render_suggestions(message: Message, lang: Language) -> None:
    """The answer's follow-up questions as buttons (a click asks it in the next run)."""
    note = message.answer
    if note is None or not note.suggestions:
        return
    with st.container(key="suggestions"):
        st.caption(t("suggestions_title", lang))
        for i, suggestion in enumerate(note.suggestions):
            st.button(
                suggestion, key=f"suggestion-{message.id}-{i}", on_click=_click, args=(suggestion,)
            )


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
            if position == LOADING:
                status.info(t("model_loading", lang))
            else:
                status.info(t("queue_position", lang, position=position))

        try:
            with st.spinner(t("thinking", lang)):
                stream = exchange.stream(on_wait=show_position)
        except ChannelwiseError as err:  # no index, unreadable store: nothing to answer from
            st.error(inert_markdown(f"{err.localized(lang)}\n\n{t('question_kept', lang)}"))
            return
        answer_box = st.empty()
        answer_box.markdown(inert_markdown(stream.prepared.grounding.composed.text))
        if stream.prepared.messages is not None:
            status.caption(t("writing", lang))
        shown = ""
        for part in stream:  # a model's sentences appear once the check passed them
            shown += part
            answer_box.markdown(inert_markdown(shown))
        status.empty()
        answer = stream.answer
        answer_box.markdown(inert_markdown(answer.text))  # the composed text if the check failed
        st.caption(
            describe_mode(
                answer.mode,
                answer.provider,
                answer.check.fallback_reason,
                lang,
                tailored=answer.tailored,
            )
        )
        render_sources(answer.citations, lang, key="sources-live")
        if stream.error is not None:
            st.warning(inert_markdown(stream.error.localized(lang)))
        exchange.save(stream)
    st.rerun()


def render_message(message: Message, lang: Language) -> None:
    with st.chat_message(message.role):
        st.markdown(inert_markdown(message.content))
        if message.role != "assistant":
            return
        if message.answer is not None:
            note = message.answer
            st.caption(
                describe_mode(note.mode, note.provider, note.reason, lang, tailored=note.tailored)
            )
        if message.citations:
            render_sources(message.citations, lang, key=f"sources-{message.id}")
        copy_button(message.content, t("copy", lang), t("copied", lang), key=f"m{message.id}")


def render_sources(sources: Sequence[Citation], lang: Language, *, key: str) -> None:
    """The sources, numbered as the answer cites them, collapsed under the answer."""
    if not sources:
        return
    with (
        st.container(key=key),
        st.expander(f"{t('sources', lang)} ({len(sources)})", expanded=False),
    ):
        for citation in sources:
            render_citation(citation, lang)


def render_citation(citation: Citation, lang: Language) -> None:
    section = f" › {citation.heading}" if citation.heading else ""
    st.markdown(inert_markdown(f"**[{citation.number}]** {citation.sentence or citation.excerpt}"))
    st.caption(
        inert_markdown(f"{citation.title}{section}") + f" · [{t('open_source', lang)}]"
        f"({citation.url})"
    )
