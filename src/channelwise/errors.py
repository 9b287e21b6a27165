"""Errors a user can act on. Every message says what happened and what to do, in English
and in German.

``str(err)`` is the English text; the UI shows ``err.localized(lang)`` (``st.error``), the
CLI prints it and exits with ``err.exit_code``.
"""

from __future__ import annotations

from channelwise.i18n import Language, pick


class ChannelwiseError(Exception):
    """Base class: a message for the user in English and German."""

    exit_code = 1

    def __init__(self, message_en: str, message_de: str | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_de = message_de or message_en

    def localized(self, language: Language) -> str:
        """The message in ``language``."""
        return pick(language, self.message_en, self.message_de)


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
