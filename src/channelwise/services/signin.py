"""Signing in with OIDC: whether the claims of a signed-in account let it in, and noting the
account in the store (which hands it the rows stored for its verified address before owners
were identities).

The password gate needs no store: :class:`channelwise.access.PasswordGate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from channelwise.access import Actor, Identity, Refusal, legacy_owner, oidc_identity

if TYPE_CHECKING:
    from channelwise.config import Settings
    from channelwise.services.root import Services


def identify(settings: Settings, claims: Mapping[str, object]) -> Identity | Refusal:
    """The identity the claims vouch for, when the allow-list lets it in; else why not
    (:func:`channelwise.access.oidc_identity`)."""
    return oidc_identity(claims, settings.oidc_allow_list())


def record_sign_in(services: Services, identity: Identity) -> Actor:
    """Note the account (its e-mail address as the label) and give it the conversations and
    plans stored for that address while owners were addresses; the actor it signs in as.

    Call it once per sign-in: the address is verified (:func:`identify` made sure), so the
    rows of ``email:<address>`` are this person's.
    """
    services.store.record_sign_in(
        owner=identity.owner,
        issuer=identity.issuer,
        subject=identity.subject,
        email=identity.email,
        legacy_owner=legacy_owner(identity.email),
    )
    return Actor.signed_in(identity)
