"""The sidebar's status lines: which model answers, and the knowledge base's size and age."""

from __future__ import annotations

import streamlit as st

from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language, t
from channelwise.services import Services


def render_sidebar_status(services: Services, lang: Language) -> None:
    try:
        backend = services.backend()
        st.sidebar.caption(t("model_status", lang, label=backend.label))
        if backend.provider == "local":
            st.sidebar.caption(t("local_model_hint", lang))
    except ChannelwiseError as err:
        st.sidebar.warning(f"{t('model_unavailable', lang)}: {err.localized(lang)}")
    try:
        info = services.retriever.info()
    except ChannelwiseError as err:
        st.sidebar.error(err.localized(lang))
        return
    built = info.built_at.replace("T", " ")[:16] + " UTC" if info.built_at else "?"
    st.sidebar.caption(
        t("index_status", lang, documents=info.documents, chunks=info.chunks, built_at=built)
    )
