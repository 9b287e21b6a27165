"""Access control for shared deployments, laid out: the team password form, Streamlit's OIDC
login, and the sidebar line that says whose workspace the visitor is in.

The OIDC claims and the owner identity are decided without Streamlit, in
:mod:`channelwise.services.signin`.
"""

from __future__ import annotations

import hmac
import math
from collections.abc import Callable

import streamlit as st

from channelwise.access import SHARED_WORKSPACE, Actor, Refusal, SignInThrottle
from channelwise.config import Settings
from channelwise.i18n import Language, t
from channelwise.services import Services
from channelwise.services.signin import identify, record_sign_in
from channelwise.ui.safe import inert_markdown
from channelwise.ui.state import session

#: Per client address: more free attempts than per session (a team behind one office or
#: proxy address shares it), the same growing wait after them.
CLIENT_FREE_ATTEMPTS = 10


def require_access(settings: Settings, lang: Language, services: Callable[[], Services]) -> Actor:
    """Stop the page unless the visitor may see it; who acts for them (no login and password
    mode: the shared workspace; OIDC: the signed-in user). A ConfigError when the access
    settings contradict each other. ``services`` is called only once the OIDC claims let
    the account in (to note the sign-in)."""
    match settings.access_mode():
        case "none":
            return SHARED_WORKSPACE
        case "password":
            _password_gate(settings, lang)
            st.sidebar.caption(t("workspace_shared", lang))
            return SHARED_WORKSPACE
        case "oidc":
            return _oidc_gate(settings, services, lang)


@st.cache_resource
def _client_throttle() -> SignInThrottle:
    """Wrong passwords per client address, for every session of this process."""
    return SignInThrottle(free=CLIENT_FREE_ATTEMPTS)


def _password_gate(settings: Settings, lang: Language) -> None:
    state = session()
    if state.signed_in:
        if st.sidebar.button(t("sign_out", lang), key="sign-out"):
            state.signed_in = False
            st.rerun()
        return
    with st.form("sign-in"):
        given = st.text_input(t("password", lang), type="password")
        submitted = st.form_submit_button(t("sign_in", lang))
    if not submitted:
        st.stop()
    client = st.context.ip_address  # None on localhost and in tests
    throttles = [(state.sign_in_throttle, "session")]
    if client:
        throttles.append((_client_throttle(), client))
    wait = max(throttle.wait(key) for throttle, key in throttles)
    if wait > 0:  # not even checked: guessing stays slow
        st.error(t("sign_in_wait", lang, seconds=math.ceil(wait)))
        st.stop()
    secret = settings.app_password  # access_mode() made sure there is one
    expected = secret.get_secret_value().encode() if secret else b""
    if expected and hmac.compare_digest(given.encode(), expected):
        for throttle, key in throttles:
            throttle.succeeded(key)
        state.signed_in = True
        st.rerun()
    wait = max(throttle.failed(key) for throttle, key in throttles)
    message = t("wrong_password", lang)
    if wait > 0:
        message += " " + t("sign_in_wait", lang, seconds=math.ceil(wait))
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
        st.button(t("sign_in_oidc", lang), on_click=st.login, type="primary")
        st.stop()
    st.sidebar.button(t("sign_out", lang), on_click=st.logout, key="sign-out")
    found = identify(settings, st.user.to_dict())
    if isinstance(found, Refusal):  # conversations and plans belong to an identity
        st.error(t(_REFUSALS[found.reason], lang, email=inert_markdown(found.email)))
        st.stop()
    state = session()
    actor = Actor.signed_in(found)
    if state.owner != actor.owner:  # signed in just now (maybe another account): not its figures
        record_sign_in(services(), found)
        state.stats, state.attachment, state.last_upload = None, None, []
        state.owner = actor.owner
    st.sidebar.caption(t("workspace_own", lang, email=inert_markdown(found.email)))
    return actor
