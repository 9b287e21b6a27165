"""The conversation in the URL (``?c=<id>``), and the sidebar list to switch, rename, delete."""

from __future__ import annotations

import streamlit as st

from channelwise.access import Actor
from channelwise.db import Conversation
from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language, t
from channelwise.services import Services
from channelwise.services.conversations import (
    delete_conversation,
    list_conversations,
    open_conversation,
    rename_conversation,
)
from channelwise.ui.inert import inert_markdown


def current_conversation(services: Services, actor: Actor) -> Conversation | None:
    """The conversation named in the URL, if it is the actor's; a browser refresh or a
    restart keeps it."""
    return open_conversation(services, st.query_params.get("c"), actor=actor)


def warn_if_unknown(services: Services, lang: Language, actor: Actor) -> None:
    """``?c=`` names no conversation of the actor's: a typo, a deleted one, someone else's."""
    if st.query_params.get("c") and current_conversation(services, actor) is None:
        st.warning(t("conversation_unknown", lang))


def render_conversation_sidebar(services: Services, lang: Language, actor: Actor) -> None:
    sidebar = st.sidebar
    if sidebar.button(t("new_chat", lang), icon=":material/add:", width="stretch"):
        st.query_params.pop("c", None)
        st.rerun()
    conversations = list_conversations(services, actor=actor)
    if not conversations:
        return
    sidebar.caption(t("conversations", lang))
    current = st.query_params.get("c")
    for conversation in conversations[:30]:
        active = conversation.id == current
        title = inert_markdown(conversation.title)
        label = f"**{title}**" if active else title
        if sidebar.button(label, key=f"conv-{conversation.id}", width="stretch"):
            st.query_params["c"] = conversation.id
            st.rerun()
    if current and (chosen := open_conversation(services, current, actor=actor)):
        with sidebar.expander(t("rename", lang) + " / " + t("delete", lang)):
            title = st.text_input(t("title_label", lang), value=chosen.title, key="conv-title")
            left, right = st.columns(2)
            try:
                if left.button(t("rename", lang), key="conv-rename") and title.strip():
                    rename_conversation(services, chosen.id, title, actor=actor)
                    st.rerun()
                if right.button(t("delete", lang), key="conv-delete", type="primary"):
                    delete_conversation(services, chosen.id, actor=actor)
                    st.query_params.pop("c", None)
                    st.rerun()
            except ChannelwiseError as err:
                st.error(err.localized(lang))
