"""The conversation in the URL (``?c=<id>``), and the sidebar list to switch, rename, delete."""

from __future__ import annotations

import streamlit as st

from channelwise.db import Conversation
from channelwise.i18n import Language, t
from channelwise.services import Services


def current_conversation(services: Services) -> Conversation | None:
    """The conversation named in the URL; a browser refresh or a restart keeps it."""
    conversation_id = st.query_params.get("c")
    if not conversation_id:
        return None
    return services.store.get_conversation(conversation_id)


def render_conversation_sidebar(services: Services, lang: Language) -> None:
    sidebar = st.sidebar
    if sidebar.button(t("new_chat", lang), icon=":material/add:", width="stretch"):
        st.query_params.pop("c", None)
        st.rerun()
    conversations = services.store.list_conversations()
    if not conversations:
        return
    sidebar.caption(t("conversations", lang))
    current = st.query_params.get("c")
    for conversation in conversations[:30]:
        active = conversation.id == current
        label = f"**{conversation.title}**" if active else conversation.title
        if sidebar.button(label, key=f"conv-{conversation.id}", width="stretch"):
            st.query_params["c"] = conversation.id
            st.rerun()
    if current and (chosen := services.store.get_conversation(current)):
        with sidebar.expander(t("rename", lang) + " / " + t("delete", lang)):
            title = st.text_input(t("title_label", lang), value=chosen.title, key="conv-title")
            left, right = st.columns(2)
            if left.button(t("rename", lang), key="conv-rename") and title.strip():
                services.store.rename_conversation(chosen.id, title.strip())
                st.rerun()
            if right.button(t("delete", lang), key="conv-delete", type="primary"):
                services.store.delete_conversation(chosen.id)
                st.query_params.pop("c", None)
                st.rerun()
