"""Errors a user can act on. Every message says what happened and what to do.

The UI shows ``str(err)`` (``st.error``); the CLI prints it and exits with ``err.exit_code``.
"""

from __future__ import annotations


class ChannelwiseError(Exception):
    """Base class: the message is shown to the user as it is."""

    exit_code = 1

    def localized(self, language: str) -> str:
        """The message in the UI language (subclasses that carry a German text override)."""
        return str(self)


class ConfigError(ChannelwiseError):
    """A setting is missing or has a value we cannot use."""

    exit_code = 2


class KnowledgeError(ChannelwiseError):
    """A knowledge document cannot be read (front matter, encoding, empty folder)."""

    exit_code = 3


class IndexUnavailableError(ChannelwiseError):
    """The search index is missing, corrupt, or the Chroma server cannot be reached."""

    exit_code = 4


class StatsError(ChannelwiseError):
    """An uploaded analytics export cannot be read or understood."""

    exit_code = 5


class ModelError(ChannelwiseError):
    """A language model or embedder failed (missing files, key, timeout, rate limit)."""

    exit_code = 6
