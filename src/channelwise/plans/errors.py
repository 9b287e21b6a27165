"""Errors of the plans feature. Each message says what happened and what to do."""

from __future__ import annotations

from channelwise.errors import ChannelwiseError


class PlanError(ChannelwiseError):
    """Base class for plan errors."""

    exit_code = 7


class PlanInputError(PlanError):
    """The manager's answers are missing, out of range or contradict each other."""


class RevisionError(PlanError):
    """A revision request could not be understood."""


class PlanNotFoundError(PlanError):
    """No saved plan (or version) with that id."""

    exit_code = 8
