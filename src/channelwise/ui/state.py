"""What one browser session holds, typed (never raw dicts in ``st.session_state``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from channelwise.stats import StatsResult, figures_summary


@dataclass
class SessionState:
    stats: StatsResult | None = None
    stats_files: list[str] = field(default_factory=list)
    last_upload: list[str] = field(default_factory=list)
    upload_error: str | None = None

    def stats_record(self) -> dict[str, Any] | None:
        """What the store keeps for a conversation: file names and both summaries."""
        if self.stats is None:
            return None
        return {
            "files": list(self.stats_files),
            "summary": {lang: figures_summary(self.stats, lang) for lang in ("de", "en")},
        }


def session() -> SessionState:
    if "channelwise" not in st.session_state:
        st.session_state["channelwise"] = SessionState()
    state: SessionState = st.session_state["channelwise"]
    return state
