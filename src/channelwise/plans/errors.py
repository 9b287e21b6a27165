"""Errors of the plans feature. Each message says what happened and what to do.

``str(err)`` is English; ``err.localized("de")`` gives the German text for the UI.
"""

from __future__ import annotations

from channelwise.errors import ChannelwiseError


class PlanError(ChannelwiseError):
    """Base class for plan errors, with a German translation of the message."""

    exit_code = 7

    def __init__(self, message: str, message_de: str | None = None) -> None:
        super().__init__(message)
        self.message_de = message_de or message

    def localized(self, language: str) -> str:
        return self.message_de if language == "de" else str(self)


class PlanInputError(PlanError):
    """The manager's answers are missing, out of range or contradict each other."""


class RevisionError(PlanError):
    """A revision request could not be understood."""


class PlanNotFoundError(PlanError):
    """No saved plan (or version) with that id."""

    exit_code = 8
