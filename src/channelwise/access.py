"""Who is acting (the shared workspace, or one signed-in user), who may sign in with OIDC
(:class:`AllowList`, :func:`oidc_identity`), and the brake on guessing the app password
(:class:`SignInThrottle`, :class:`PasswordGate`).

With no login (one person on their own machine), in password mode (one shared password =
one team) and on the command line, everybody acts in the shared workspace. With OIDC login
every user has their own conversations, stats summaries and plans, keyed on the identity the
provider vouches for (issuer + subject, :class:`Identity`), never on the e-mail address,
which some providers let users change; the use cases in ``channelwise.services`` take the
:class:`Actor` and the store filters by it.

Nothing here imports Streamlit: the pages hand in what the request says (the claims, the
client address, the password typed) and lay out the answer.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

#: The prefix of an owner key made from an OIDC identity (issuer + subject).
IDENTITY_PREFIX = "oidc:"
#: The prefix of an owner key of rows stored before owners were identities (migration
#: ``0005_owner_identities``): the e-mail address they were signed in with. The first
#: verified sign-in with that address takes them over (:func:`legacy_owner`).
LEGACY_EMAIL_PREFIX = "email:"


@dataclass(frozen=True)
class Identity:
    """A signed-in OIDC account: who the provider says it is (``issuer`` + ``subject``, stable
    for the account's life) and its verified e-mail address (a label, and what the allow-list
    checks)."""

    issuer: str
    subject: str
    email: str
    """Lower case, verified by the provider when the account signed in."""

    @property
    def owner(self) -> str:
        """The owner key of this account's rows: a hash of issuer and subject (fixed length,
        fits the column whatever the provider's ids)."""
        pair = json.dumps([self.issuer, self.subject])  # no issuer+subject shift collides
        digest = hashlib.sha256(pair.encode()).hexdigest()
        return IDENTITY_PREFIX + digest


def legacy_owner(email: str) -> str:
    """The owner key that migration ``0005_owner_identities`` gave rows stored for ``email``
    when owners were e-mail addresses."""
    return LEGACY_EMAIL_PREFIX + email.strip().lower()


@dataclass(frozen=True)
class Actor:
    owner: str | None = None
    """The owner key of the signed-in user's rows (:attr:`Identity.owner`); None for the
    shared workspace."""
    label: str | None = None
    """Whom to show as signed in (their e-mail address); None for the shared workspace."""

    @classmethod
    def signed_in(cls, identity: Identity) -> Actor:
        return cls(owner=identity.owner, label=identity.email)


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


# --- OIDC: whom the provider vouches for ------------------------------------------------

RefusalReason = Literal["no_email", "no_identity", "unverified", "not_allowed"]


@dataclass(frozen=True)
class Refusal:
    """Why an OIDC account may not sign in (and the address it named, if any)."""

    reason: RefusalReason
    email: str = ""


def _claim_text(claims: Mapping[str, object], name: str) -> str:
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""


def email_verified(claims: Mapping[str, object]) -> bool:
    """Whether the provider vouches for the e-mail address: only the JSON boolean ``true`` in
    ``email_verified`` (OpenID Connect Core, section 5.1) counts. A provider without that
    claim may send Microsoft Entra ID's optional claim ``xms_edov`` (the address's domain is
    verified by the account's tenant) instead, as ``true``. A missing claim, the strings
    ``"true"`` / ``"false"``, ``1``, ``0`` and ``null`` are not verified."""
    if "email_verified" in claims:
        return claims["email_verified"] is True
    return claims.get("xms_edov") is True


def oidc_identity(claims: Mapping[str, object], allow_list: AllowList) -> Identity | Refusal:
    """The identity the claims of a signed-in account (Streamlit's ``st.user``) vouch for,
    or why it may not sign in: no e-mail address, no issuer or subject, an address the provider
    has not verified (:func:`email_verified`), an address the allow-list leaves out."""
    email = _claim_text(claims, "email").lower()
    if not email:
        return Refusal("no_email")
    issuer, subject = _claim_text(claims, "iss"), _claim_text(claims, "sub")
    if not (issuer and subject):
        return Refusal("no_identity", email)
    if not email_verified(claims):
        return Refusal("unverified", email)
    if not allow_list.allows(email):
        return Refusal("not_allowed", email)
    return Identity(issuer, subject, email)


# --- the team password -------------------------------------------------------------------

#: Per client: more free attempts than per session (a team behind one office or proxy
#: address shares it), the same growing wait after them.
CLIENT_FREE_ATTEMPTS = 10
#: The one client key of every attempt whose address is not known: connections from
#: 127.0.0.1 / ::1 (Streamlit reports no address for them: a reverse proxy or an SSH tunnel
#: on the same host) and, unless trusted, those that name their own address in
#: X-Forwarded-For. All of them together get the free attempts of one client.
UNKNOWN_CLIENT = "unknown-address"


def client_key(address: str | None, forwarded_for: str | None, *, trust_forwarded: bool) -> str:
    """The client key a password attempt counts against.

    ``address`` is what the server took as the client's address (Streamlit's
    ``st.context.ip_address``; None from 127.0.0.1 / ::1, ``::ffff:127.0.0.1`` when bound to
    every interface: a loopback address is unknown too); ``forwarded_for`` the request's
    X-Forwarded-For header. Streamlit's server takes the address from that header when the
    connection comes from an address in ``FORWARDED_ALLOW_IPS`` (uvicorn's setting; default
    127.0.0.1), so behind a proxy on the same host that passes the header on unchecked, every
    guess could name a new address. Such attempts count against :data:`UNKNOWN_CLIENT`
    unless ``trust_forwarded`` (``CHANNELWISE_TRUST_FORWARDED_FOR``: a proxy in front sets
    the header itself).
    """
    if address is None or _loopback(address):
        return UNKNOWN_CLIENT
    if forwarded_for is not None and not trust_forwarded:
        return UNKNOWN_CLIENT
    return f"address:{address.strip().lower()}"


def _loopback(address: str) -> bool:
    """127.0.0.0/8, ::1, and 127.0.0.1 as a server bound to every interface (Streamlit's
    default, ``::``) sees it: ``::ffff:127.0.0.1``, which Streamlit passes on as an address."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


@dataclass(frozen=True)
class PasswordAttempt:
    outcome: Literal["signed_in", "wrong", "wait"]
    """``wait``: not even checked, an earlier failure still holds this one back."""
    wait_s: float = 0.0
    """``wrong``: the wait this failure causes (0: none yet); ``wait``: the wait left."""


class PasswordGate:
    """The team password, checked behind growing waits per browser session and per client
    (:func:`client_key`). One instance serves every session of the process: it holds the
    per-client counts (thread-safe); each session brings its own throttle.

    A success clears the session's count and its address's, never that of
    :data:`UNKNOWN_CLIENT`: one person's success says nothing about the others behind it.
    """

    def __init__(self, clients: SignInThrottle | None = None) -> None:
        self.clients = clients or SignInThrottle(free=CLIENT_FREE_ATTEMPTS)

    def attempt(
        self, given: str, expected: str, *, session: SignInThrottle, client: str
    ) -> PasswordAttempt:
        throttles: Sequence[tuple[SignInThrottle, str]] = (
            (session, "session"),
            (self.clients, client),
        )
        wait = max(throttle.wait(key) for throttle, key in throttles)
        if wait > 0:  # not even checked: guessing stays slow
            return PasswordAttempt("wait", wait)
        if expected and hmac.compare_digest(given.encode(), expected.encode()):
            session.succeeded("session")
            if client != UNKNOWN_CLIENT:
                self.clients.succeeded(client)
            return PasswordAttempt("signed_in")
        return PasswordAttempt("wrong", max(throttle.failed(key) for throttle, key in throttles))


# --- uploads before sign-in ----------------------------------------------------------------


class UploadAdmission:
    """The browser sessions that may hand files to the server: those past sign-in (every
    session when there is none). Streamlit's upload endpoint stores a file for any live
    session id, also one that never showed an uploader; the app asks this first.

    Thread-safe; at most ``max_sessions`` are kept (the oldest admission goes first; a
    session that is still live is admitted again on its next script run).
    """

    def __init__(self, max_sessions: int = 10_000) -> None:
        self.max_sessions = max_sessions
        self._sessions: dict[str, None] = {}  # insertion-ordered
        self._lock = threading.Lock()

    def admit(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)
            self._sessions[session_id] = None
            while len(self._sessions) > self.max_sessions:
                del self._sessions[next(iter(self._sessions))]

    def revoke(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    def admits(self, session_id: str) -> bool:
        with self._lock:
            return session_id in self._sessions
