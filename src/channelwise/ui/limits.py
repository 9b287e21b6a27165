"""Streamlit's own upload limit, taken from the settings."""

from __future__ import annotations

from streamlit import config

from channelwise.config import Settings


def apply_upload_limit(settings: Settings) -> None:
    """Let Streamlit's server refuse files over ``CHANNELWISE_MAX_UPLOAD_MB`` (not 200 MB).

    The server reads ``server.maxUploadSize`` on every upload request and refuses a bigger
    body while it streams in, before it is held in memory. ``st.set_option`` takes only
    client options, so the value goes into Streamlit's config directly: then `make run`
    and a plain `streamlit run app.py` both honour the setting, with no launcher flag.
    """
    if config.get_option("server.maxUploadSize") != settings.max_upload_mb:
        config.set_option(
            "server.maxUploadSize", settings.max_upload_mb, "CHANNELWISE_MAX_UPLOAD_MB"
        )
