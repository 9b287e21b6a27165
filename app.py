"""channelwise in the browser: `make run` (or `streamlit run app.py`).

Only layout and routing here; every page lives in ``channelwise.ui``.
"""

from __future__ import annotations

import streamlit as st

from channelwise.config import Settings, load_settings
from channelwise.errors import ChannelwiseError
from channelwise.i18n import Language, t
from channelwise.services import Services, build_services
from channelwise.ui.access import require_access
from channelwise.ui.chat_page import render_chat
from channelwise.ui.conversations import render_conversation_sidebar, warn_if_unknown
from channelwise.ui.limits import apply_upload_limit
from channelwise.ui.plans_page import render_plans
from channelwise.ui.search_page import render_search
from channelwise.ui.sidebar import render_sidebar_status
from channelwise.ui.stats_page import render_stats

st.set_page_config(page_title="channelwise", page_icon="📡", layout="wide")


@st.cache_resource(show_spinner="Loading the knowledge base …")
def services(fingerprint: str, _settings: Settings) -> Services:
    """Built once per process and per configuration: the key is the settings' fingerprint,
    which holds no secret (Streamlit does not hash ``_settings``)."""
    built = build_services(_settings)
    built.warm_up_in_background()
    return built


lang: Language = st.sidebar.radio(
    "Sprache / Language", options=["de", "en"], horizontal=True, key="ui_lang"
)
try:  # st.stop()/st.rerun() are BaseExceptions and pass through
    settings = load_settings()
    apply_upload_limit(settings)
    # the shared workspace, or the signed-in user; nothing is built before sign-in
    actor = require_access(settings, lang, lambda: services(settings.fingerprint(), settings))
    svc = services(settings.fingerprint(), settings)
except Exception as err:  # shown as a message with the fix, never a traceback
    st.title("channelwise")
    st.error(err.localized(lang) if isinstance(err, ChannelwiseError) else str(err))
    st.stop()
render_sidebar_status(svc, lang)


def chat_page() -> None:
    render_conversation_sidebar(svc, lang, actor)
    st.title("channelwise")
    st.caption(t("tagline", lang))
    warn_if_unknown(svc, lang, actor)
    render_chat(svc, lang, actor)


def search_page() -> None:
    st.header(t("page_search", lang))
    render_search(svc, lang)


def stats_page() -> None:
    render_stats(svc, lang, actor)


def plans_page() -> None:
    render_plans(svc, lang, actor)


st.navigation(
    [
        st.Page(chat_page, title=t("page_chat", lang), url_path="chat", default=True),
        st.Page(search_page, title=t("page_search", lang), url_path="search"),
        st.Page(stats_page, title=t("page_stats", lang), url_path="stats"),
        st.Page(plans_page, title=t("page_plans", lang), url_path="plan"),
    ]
).run()
