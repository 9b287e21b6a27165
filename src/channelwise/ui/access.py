"""Optional access control for shared deployments: a password, or Streamlit's OIDC login."""

from __future__ import annotations

import hmac

import streamlit as st

from channelwise.config import Settings
from channelwise.errors import ConfigError
from channelwise.i18n import Language, t


def require_access(settings: Settings, lang: Language) -> None:
    """Stop the page unless the visitor may see it (no-op when access control is off)."""
    match settings.app_auth:
        case "none":
            return
        case "password":
            _password_gate(settings, lang)
        case "oidc":
            _oidc_gate(lang)


def _password_gate(settings: Settings, lang: Language) -> None:
    if settings.app_password is None or not settings.app_password.get_secret_value():
        raise ConfigError(
            "CHANNELWISE_APP_AUTH=password needs CHANNELWISE_APP_PASSWORD. Set it, or set "
            "CHANNELWISE_APP_AUTH=none.",
            "CHANNELWISE_APP_AUTH=password braucht CHANNELWISE_APP_PASSWORD. Setzen Sie es oder "
            "setzen Sie CHANNELWISE_APP_AUTH=none.",
        )
    if st.session_state.get("channelwise_authenticated"):
        return
    with st.form("sign-in"):
        given = st.text_input(t("password", lang), type="password")
        submitted = st.form_submit_button(t("sign_in", lang))
    expected = settings.app_password.get_secret_value()
    if submitted and hmac.compare_digest(given.encode(), expected.encode()):
        st.session_state["channelwise_authenticated"] = True
        st.rerun()
    if submitted:
        st.error(t("wrong_password", lang))
    st.stop()


def _oidc_gate(lang: Language) -> None:
    if st.user.is_logged_in:
        st.sidebar.button(t("sign_out", lang), on_click=st.logout)
        return
    st.button(t("sign_in_oidc", lang), on_click=st.login, type="primary")
    st.stop()
