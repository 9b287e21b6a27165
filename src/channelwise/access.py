"""Who is acting: the shared workspace, or one signed-in user.

With no login (one person on their own machine), in password mode (one shared password =
one team) and on the command line, everybody acts in the shared workspace. With OIDC login
every user has their own conversations, stats summaries and plans; the use cases in
``channelwise.services`` take the :class:`Actor` and the store filters by it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    owner: str | None = None
    """The signed-in user's e-mail address (lower case); None for the shared workspace."""

    @classmethod
    def user(cls, email: str) -> Actor:
        return cls(owner=email.strip().lower())


SHARED_WORKSPACE = Actor()
