"""Access control for shared deployments, laid out: the team password form, Streamlit's OIDC
login, and the sidebar line that says whose workspace the visitor is in.

The decisions are made without Streamlit: the password behind its growing waits and the
client key in :mod:`channelwise.access`, the OIDC claims and the owner identity in
:mod:`channelwise.services.signin`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

import streamlit as st
from streamlit import config

from channelwise.access import (
    SHARED_WORKSPACE,
    Actor,
    PasswordGate,
    Refusal,
    client_key,
)
from channelwise.config import Settings
from channelwise.i18n import Language, t
from channelwise.services import Services
from channelwise.services.signin import identify, record_sign_in
from channelwise.ui.inert import inert_markdown
from channelwise.ui.state import session
from channelwise.ui.uploads import allow_uploads

log = logging.getLogger(__name__)


def require_access(settings: Settings, lang: Language, services: Callable[[], Services]) -> Actor:
    """Stop the page unless the visitor may see it; who acts for them (no login and password
    mode: the shared workspace; OIDC: the signed-in user). A ConfigError when the access
    settings contradict each other. ``services`` is called only once the OIDC claims let
    the account in (to note the sign-in). Streamlit's upload endpoint takes files only from
    sessions past this point (:mod:`channelwise.ui.uploads`)."""
    match settings.access_mode():
        case "none":
            _warn_at_start(settings.fingerprint(), config.get_option("server.address"), settings)
            allow_uploads(True)
            return SHARED_WORKSPACE
        case "password":
            _password_form(settings, lang)
            st.sidebar.caption(t("workspace_shared", lang))
            return SHARED_WORKSPACE
        case "oidc":
            return _oidc_gate(settings, services, lang)


@st.cache_resource(show_spinner=False)
def _warn_at_start(fingerprint: str, server_address: str | None, _settings: Settings) -> int:
    """Log the access warnings once per process and configuration (the server log, where
    whoever started the app reads); how many there were."""
    warnings = _settings.access_warnings(server_address)
    for warning in warnings:
        log.warning("channelwise: %s", warning.message_en)
    return len(warnings)


@st.cache_resource(show_spinner=False)
def _password_gate() -> PasswordGate:
    """Wrong passwords per client, for every session of this process."""
    return PasswordGate()


def _password_form(settings: Settings, lang: Language) -> None:
    state = session()
    if state.signed_in:
        if st.sidebar.button(t("sign_out", lang), key="sign-out"):
            state.signed_in = False
            allow_uploads(False)
            st.rerun()
        allow_uploads(True)
        return
    allow_uploads(False)
    with st.form("sign-in"):
        given = st.text_input(t("password", lang), type="password")
        submitted = st.form_submit_button(t("sign_in", lang))
    if not submitted:
        st.stop()
    client = client_key(
        st.context.ip_address,  # None from 127.0.0.1 / ::1
        st.context.headers.get("X-Forwarded-For"),
        trust_forwarded=settings.trust_forwarded_for,
    )
    secret = settings.app_password  # access_mode() made sure there is one
    attempt = _password_gate().attempt(
        given,
        secret.get_secret_value() if secret else "",
        session=state.sign_in_throttle,
        client=client,
    )
    match attempt.outcome:
        case "signed_in":
            state.signed_in = True
            st.rerun()
        case "wait":
            st.error(t("sign_in_wait", lang, seconds=math.ceil(attempt.wait_s)))
        case "wrong":
            message = t("wrong_password", lang)
            if attempt.wait_s > 0:
                message += " " + t("sign_in_wait", lang, seconds=math.ceil(attempt.wait_s))
            st.error(message)
    st.stop()


_REFUSALS = {
    "no_email": "oidc_no_email",
    "no_identity": "oidc_no_identity",
    "unverified": "oidc_unverified",
    "not_allowed": "oidc_not_allowed",
}


def _oidc_gate(settings: Settings, services: Callable[[], Services], lang: Language) -> Actor:
    if not st.user.is_logged_in:
        allow_uploads(False)
        st.button(t("sign_in_oidc", lang), on_click=st.login, type="primary")
        st.stop()
    st.sidebar.button(t("sign_out", lang), on_click=st.logout, key="sign-out")
    found = identify(settings, st.user.to_dict())
    if isinstance(found, Refusal):  # conversations and plans belong to an identity
        allow_uploads(False)
        st.error(t(_REFUSALS[found.reason], lang, email=inert_markdown(found.email)))
        st.stop()
    state = session()
    actor = Actor.signed_in(found)
    if state.owner != actor.owner:  # signed in just now (maybe another account): not its figures
        record_sign_in(services(), found)
        state.stats, state.attachment, state.last_upload = None, None, []
        state.owner = actor.owner
    st.sidebar.caption(t("workspace_own", lang, email=inert_markdown(found.email)))
    allow_uploads(True)
    return actor
