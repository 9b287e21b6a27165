"""What one browser session holds, typed (never raw dicts in ``st.session_state``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from channelwise.access import SignInThrottle
from channelwise.db import StatsAttachment
from channelwise.stats import StatsResult


@dataclass
class SessionState:
    stats: StatsResult | None = None
    attachment: StatsAttachment | None = None
    """The uploaded figures as a conversation keeps them (files and summaries)."""
    last_upload: list[str] = field(default_factory=list)
    upload_error: str | None = None
    owner: str | None = None
    """OIDC: whose figures ``stats`` and ``attachment`` are (another sign-in in the same
    browser session starts without them)."""
    signed_in: bool = False
    """Password mode: this browser session gave the team password."""
    sign_in_throttle: SignInThrottle = field(default_factory=SignInThrottle)
    """Password mode: wrong passwords in this browser session."""
    clicked: str | None = None
    """The starter or suggestion question a button's callback set for the next run."""
    uploader_round: int = 0
    """Part of the uploader's key: a new round is an empty uploader (Streamlit drops the
    files of the old one)."""


def session() -> SessionState:
    if "channelwise" not in st.session_state:
        st.session_state["channelwise"] = SessionState()
    state: SessionState = st.session_state["channelwise"]
    return state
