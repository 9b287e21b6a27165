"""The knowledge-search page: a query box and the passages with their sources."""

from __future__ import annotations

import streamlit as st

from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language, t
from channelwise.knowledge.records import SearchResult
from channelwise.services import Services
from channelwise.services.knowledge import search


def render_search(services: Services, lang: Language) -> None:
    query = st.text_input(
        t("search_label", lang),
        value=st.query_params.get("q", ""),  # a search can be shared as a link: ?q=...
        placeholder=t("search_placeholder", lang),
    )
    if not query.strip():
        return
    try:
        result = search(services, query)
    except ChannelwiseError as err:
        st.error(err.localized(lang))
        return
    render_result(result, lang)


def render_result(result: SearchResult, lang: Language) -> None:
    if not result.hits:
        st.info(t("no_hits", lang))
        return
    if not result.covered:
        st.warning(t("not_covered", lang))
    for rank, hit in enumerate(result.hits, start=1):
        chunk = hit.chunk
        section = f" › {chunk.heading}" if chunk.heading else ""
        with st.container(border=True, key=f"hit-{rank}"):
            st.markdown(f"**[{rank}] {chunk.title}**{section}")
            st.markdown(chunk.text)
            st.caption(f"{chunk.language.upper()} · [{t('open_source', lang)}]({chunk.source_url})")
