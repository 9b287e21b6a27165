"""Who is acting (the shared workspace, or one signed-in user), who may sign in with OIDC
(:class:`AllowList`), and the brake on guessing the app password (:class:`SignInThrottle`).

With no login (one person on their own machine), in password mode (one shared password =
one team) and on the command line, everybody acts in the shared workspace. With OIDC login
every user has their own conversations, stats summaries and plans; the use cases in
``channelwise.services`` take the :class:`Actor` and the store filters by it.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    owner: str | None = None
    """The signed-in user's e-mail address (lower case); None for the shared workspace."""

    @classmethod
    def user(cls, email: str) -> Actor:
        owner = email.strip().lower()
        if not owner:  # "" would be one workspace for everyone without an address
            raise ValueError("a signed-in user needs an e-mail address")
        return cls(owner=owner)


SHARED_WORKSPACE = Actor()


class AllowList:
    """Who may sign in with OIDC: e-mail addresses (``anna@example.com``) and whole domains
    (``example.com`` or ``@example.com``; not their subdomains); ``*`` lets in every account
    the provider signs in. Case does not matter."""

    def __init__(self, entries: Iterable[str]) -> None:
        cleaned = {e.strip().lower() for e in entries if e.strip()}
        self.everyone = "*" in cleaned
        self.addresses = frozenset(e for e in cleaned if "@" in e.lstrip("*@"))
        self.domains = frozenset(e.lstrip("*@") for e in cleaned - self.addresses if e != "*")

    @classmethod
    def parse(cls, text: str) -> AllowList:
        """Entries separated by commas, semicolons or white space."""
        return cls(re.split(r"[,;\s]+", text))

    @property
    def empty(self) -> bool:
        return not (self.everyone or self.addresses or self.domains)

    def allows(self, email: str) -> bool:
        email = email.strip().lower()
        local, at, domain = email.rpartition("@")
        if not (local and at and domain):
            return False
        return self.everyone or email in self.addresses or domain in self.domains


class SignInThrottle:
    """A growing wait after wrong passwords, per key (a browser session, a client address).

    The first ``free`` failures cost nothing; each one after them makes the next attempt wait
    ``base_s`` seconds, doubling up to ``cap_s``. Attempts during the wait are not checked
    at all. A success clears the key; a key quiet for ``forget_s`` is forgotten, and at most
    ``max_keys`` are kept (the quietest go first). Thread-safe: one instance can serve every
    session of the process.
    """

    def __init__(
        self,
        *,
        free: int = 3,
        base_s: float = 1.0,
        cap_s: float = 300.0,
        forget_s: float = 3600.0,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free, self.base_s, self.cap_s = free, base_s, cap_s
        self.forget_s, self.max_keys, self.clock = forget_s, max_keys, clock
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (failures, last failure)
        self._lock = threading.Lock()

    def _delay(self, failures: int) -> float:
        over = failures - self.free
        return 0.0 if over <= 0 else min(self.base_s * 2 ** (over - 1), self.cap_s)

    def wait(self, key: str) -> float:
        """Seconds until ``key`` may try again (0: now)."""
        with self._lock:
            failures, last = self._failures.get(key, (0, 0.0))
            return max(0.0, last + self._delay(failures) - self.clock())

    def failed(self, key: str) -> float:
        """Count a wrong password; the wait it causes."""
        now = self.clock()
        with self._lock:
            self._forget(now)
            failures = self._failures.get(key, (0, 0.0))[0] + 1
            self._failures[key] = (failures, now)
            return self._delay(failures)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _forget(self, now: float) -> None:
        for key in [k for k, (_, last) in self._failures.items() if now - last > self.forget_s]:
            del self._failures[key]
        while len(self._failures) >= self.max_keys:
            del self._failures[min(self._failures, key=lambda k: self._failures[k][1])]
