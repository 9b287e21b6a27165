"""Errors of the plans feature. Each message says what happened and what to do.

A plan that is not stored (or not the user's) is the store's
:class:`channelwise.db.PlanNotFoundError`.
"""

from __future__ import annotations

from channelwise.errors import ChannelwiseError


class PlanError(ChannelwiseError):
    """Base class for plan errors."""

    exit_code = 7


class PlanInputError(PlanError):
    """The manager's answers are missing, out of range or contradict each other."""


class RevisionError(PlanError):
    """A revision request could not be understood."""


class StoredPlanError(PlanError):
    """A stored plan this version cannot read: saved by a newer version, or damaged."""
