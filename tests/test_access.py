"""Who may sign in (OIDC allow-list, claims, owner identity), which access mode the settings
mean, and the growing wait after wrong passwords (per session, per client, and one count for
every client whose address is unknown)."""

from __future__ import annotations

import pytest

from channelwise.access import (
    CLIENT_FREE_ATTEMPTS,
    UNKNOWN_CLIENT,
    Actor,
    AllowList,
    Identity,
    PasswordGate,
    Refusal,
    SignInThrottle,
    client_key,
    email_verified,
    legacy_owner,
    oidc_identity,
)
from channelwise.config import Settings
from channelwise.errors import ConfigError


@pytest.mark.parametrize(
    ("entries", "email", "allowed"),
    [
        ("example.com", "anna@example.com", True),
        ("example.com", "Anna@EXAMPLE.com ", True),
        ("@example.com", "anna@example.com", True),
        ("*@example.com", "anna@example.com", True),
        ("example.com", "anna@sub.example.com", False),
        ("example.com", "anna@evil-example.com", False),
        ("example.com", "anna@example.com.evil.org", False),
        ("example.com", '"anna@example.com"@evil.org', False),
        ("example.com", "example.com", False),
        ("example.com", "@example.com", False),
        ("anna@partner.org", "anna@partner.org", True),
        ("anna@partner.org", "ben@partner.org", False),
        ("example.com, anna@partner.org; x.de  y.de", "ben@y.de", True),
        ("*", "anyone@anywhere.org", True),
        ("*", "no-address", False),
        ("", "anna@example.com", False),
    ],
)
def test_allow_list(entries: str, email: str, allowed: bool) -> None:
    assert AllowList.parse(entries).allows(email) is allowed


def test_an_empty_allow_list_is_empty() -> None:
    assert AllowList.parse(" , ;").empty
    assert not AllowList.parse("*").empty


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_waits_grow_after_the_free_attempts_and_a_success_clears_them() -> None:
    clock = Clock()
    throttle = SignInThrottle(free=3, base_s=1.0, cap_s=8.0, clock=clock)
    assert [throttle.failed("s") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert throttle.wait("s") == 0.0
    assert [throttle.failed("s") for _ in range(5)] == [1.0, 2.0, 4.0, 8.0, 8.0]
    assert throttle.wait("s") == 8.0
    clock.now += 5
    assert throttle.wait("s") == 3.0
    assert throttle.wait("other") == 0.0  # keys are apart
    throttle.succeeded("s")
    assert throttle.wait("s") == 0.0 and throttle.failed("s") == 0.0


def test_one_client_address_is_slowed_down_across_sessions() -> None:
    """A new browser session (a new tab, cleared cookies) starts afresh; its address not."""
    clock = Clock()
    clients = SignInThrottle(free=10, base_s=1.0, clock=clock)
    for session in range(5):  # five sessions, two wrong passwords each
        sessions = SignInThrottle(free=3, base_s=1.0, clock=clock)
        for _ in range(2):
            sessions.failed(f"session-{session}")
            clients.failed("203.0.113.7")
        assert sessions.wait(f"session-{session}") == 0.0
    assert clients.wait("203.0.113.7") == 0.0  # 10 free
    assert clients.failed("203.0.113.7") == 1.0
    assert clients.wait("203.0.113.7") == 1.0
    assert clients.wait("198.51.100.1") == 0.0


def test_quiet_keys_are_forgotten_and_the_table_stays_bounded() -> None:
    clock = Clock()
    throttle = SignInThrottle(free=0, base_s=10, forget_s=60, max_keys=3, clock=clock)
    throttle.failed("old")
    clock.now += 61
    for key in ("a", "b", "c", "d"):
        throttle.failed(key)
        clock.now += 1
    assert throttle.wait("old") == 0.0  # forgotten after 60 s
    assert throttle.wait("a") == 0.0  # dropped to keep three keys
    assert throttle.wait("d") > 0.0


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "mode"),
    [
        ({}, "none"),
        ({"app_password": "team"}, "password"),  # the password alone turns it on
        ({"app_auth": "password", "app_password": "team"}, "password"),
        ({"app_auth": "none"}, "none"),
        ({"app_auth": "oidc", "oidc_allowed": "example.com"}, "oidc"),
    ],
)
def test_access_mode(values: dict[str, object], mode: str) -> None:
    assert settings(**values).access_mode() == mode


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"app_auth": "password"}, "CHANNELWISE_APP_AUTH=password needs CHANNELWISE_APP_PASSWORD"),
        (
            {"app_auth": "none", "app_password": "team"},
            "CHANNELWISE_APP_PASSWORD is set, but CHANNELWISE_APP_AUTH=none",
        ),
        (
            {"app_auth": "oidc", "app_password": "team", "oidc_allowed": "*"},
            "CHANNELWISE_APP_PASSWORD is set, but CHANNELWISE_APP_AUTH=oidc",
        ),
        ({"app_auth": "oidc"}, "CHANNELWISE_APP_AUTH=oidc needs CHANNELWISE_OIDC_ALLOWED"),
    ],
)
def test_contradicting_access_settings_refuse_to_start(
    values: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        settings(**values).access_mode()
    assert str(refused.value).startswith(message)
    assert refused.value.message_de != refused.value.message_en


# --- the team password without a client address (issue 22, finding 1) ------------------


def test_no_client_address_is_one_client_for_the_whole_process() -> None:
    """Streamlit reports no address for 127.0.0.1 / ::1 (a proxy or a tunnel on the same
    host): fresh sessions reset their own count, not the one they share. Today's code
    skipped the per-client count for them: 36 guesses from 12 sessions, none delayed."""
    clock = Clock()
    gate = PasswordGate(SignInThrottle(free=CLIENT_FREE_ATTEMPTS, clock=clock))
    outcomes = []
    for _ in range(12):  # 12 fresh browser sessions, 3 wrong passwords each
        session = SignInThrottle(clock=clock)
        client = client_key(None, None, trust_forwarded=False)
        for _ in range(3):
            outcomes.append(gate.attempt("guess", "team-secret", session=session, client=client))
            clock.now += 0.1
    undelayed = [a for a in outcomes if a.outcome == "wrong" and a.wait_s == 0]
    assert len(undelayed) == CLIENT_FREE_ATTEMPTS == 10
    assert outcomes[10].outcome == "wrong" and outcomes[10].wait_s == 1.0
    assert {a.outcome for a in outcomes[11:20]} == {"wait"}  # not checked during the wait
    fresh = gate.attempt("team-secret", "team-secret", session=SignInThrottle(), client=client)
    assert fresh.outcome == "wait"  # a fresh session does not get in at once either


def test_waits_grow_for_the_unknown_client_as_for_an_address() -> None:
    clock = Clock()
    gate = PasswordGate(SignInThrottle(free=10, clock=clock))
    waits = []
    for _ in range(15):
        session = SignInThrottle(clock=clock)  # a fresh session every time
        attempt = gate.attempt("guess", "team-secret", session=session, client=UNKNOWN_CLIENT)
        waits.append(attempt.wait_s)
        clock.now += attempt.wait_s
    assert waits == [0.0] * 10 + [1.0, 2.0, 4.0, 8.0, 16.0]


def test_one_success_does_not_clear_the_count_of_every_unknown_client() -> None:
    clock = Clock()
    gate = PasswordGate(SignInThrottle(free=2, clock=clock))
    for _ in range(2):
        gate.attempt("guess", "pw", session=SignInThrottle(), client=UNKNOWN_CLIENT)
    ok = gate.attempt("pw", "pw", session=SignInThrottle(), client=UNKNOWN_CLIENT)
    assert ok.outcome == "signed_in"
    after = gate.attempt("guess", "pw", session=SignInThrottle(), client=UNKNOWN_CLIENT)
    assert after.wait_s == 1.0  # the third failure of the shared count
    for _ in range(2):  # an address of its own is cleared by its success
        gate.attempt("guess", "pw", session=SignInThrottle(), client="address:203.0.113.7")
    gate.attempt("pw", "pw", session=SignInThrottle(), client="address:203.0.113.7")
    again = gate.attempt("guess", "pw", session=SignInThrottle(), client="address:203.0.113.7")
    assert again.wait_s == 0.0


@pytest.mark.parametrize(
    ("address", "forwarded", "trust", "key"),
    [
        (None, None, False, UNKNOWN_CLIENT),  # 127.0.0.1 / ::1
        # 127.0.0.1 as a server bound to every interface (`make run`) reports it
        ("::ffff:127.0.0.1", None, False, UNKNOWN_CLIENT),
        ("127.0.0.1", None, True, UNKNOWN_CLIENT),
        ("::1", None, False, UNKNOWN_CLIENT),
        (None, "203.0.113.7", True, UNKNOWN_CLIENT),
        ("203.0.113.7", None, False, "address:203.0.113.7"),
        ("2001:DB8::1", None, False, "address:2001:db8::1"),
        # Streamlit's server took this address from X-Forwarded-For: anyone can send it
        ("198.51.100.23", "198.51.100.23", False, UNKNOWN_CLIENT),
        ("198.51.100.23", "10.0.0.1, 198.51.100.23", False, UNKNOWN_CLIENT),
        ("198.51.100.23", "198.51.100.23", True, "address:198.51.100.23"),
    ],
)
def test_client_keys(address: str | None, forwarded: str | None, trust: bool, key: str) -> None:
    assert client_key(address, forwarded, trust_forwarded=trust) == key


def test_forged_forwarded_addresses_share_one_count() -> None:
    """Behind a proxy on the same host that passes X-Forwarded-For on, every session can name
    a new address; untrusted, they all count as one client."""
    gate = PasswordGate()
    results = []
    for n in range(12):
        forged = f"203.0.113.{n}"
        client = client_key(forged, forged, trust_forwarded=False)
        session = SignInThrottle()
        results += [gate.attempt("guess", "pw", session=session, client=client) for _ in range(3)]
    assert sum(1 for r in results if r.outcome == "wrong" and r.wait_s == 0) == 10


# --- OIDC: verified addresses only, owners by identity (findings 2 and 3) -----------------

ANNA_CLAIMS: dict[str, object] = {
    "iss": "https://accounts.example.com",
    "sub": "248289761001",
    "email": "Anna@Example.com",
    "email_verified": True,
}


@pytest.mark.parametrize(
    "verified",
    ["missing", "false", "False", "true", "True", 0, 1, None, False, "1", [True], {"v": True}],
)
def test_only_the_boolean_true_verifies_an_address(verified: object) -> None:
    claims = dict(ANNA_CLAIMS)
    if verified == "missing":
        del claims["email_verified"]
    else:
        claims["email_verified"] = verified
    assert email_verified(claims) is False
    assert oidc_identity(claims, AllowList.parse("*")) == Refusal("unverified", "anna@example.com")


def test_entra_ids_domain_verified_claim_counts_only_without_email_verified() -> None:
    claims = {k: v for k, v in ANNA_CLAIMS.items() if k != "email_verified"}
    assert email_verified({**claims, "xms_edov": True}) is True
    for value in ("true", 1, "1", False, None):
        assert email_verified({**claims, "xms_edov": value}) is False
    assert email_verified({**claims, "xms_edov": True, "email_verified": False}) is False


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"email": ""}, Refusal("no_email")),
        ({"email": None}, Refusal("no_email")),
        ({"iss": ""}, Refusal("no_identity", "anna@example.com")),
        ({"sub": None}, Refusal("no_identity", "anna@example.com")),
        ({"sub": 248289761001}, Refusal("no_identity", "anna@example.com")),
        ({"email": "mallory@evil-example.com"}, Refusal("not_allowed", "mallory@evil-example.com")),
    ],
)
def test_accounts_that_may_not_in(change: dict[str, object], refusal: Refusal) -> None:
    assert oidc_identity({**ANNA_CLAIMS, **change}, AllowList.parse("example.com")) == refusal


def test_an_owner_is_the_identity_and_the_address_only_its_label() -> None:
    identity = oidc_identity(ANNA_CLAIMS, AllowList.parse("example.com"))
    assert identity == Identity("https://accounts.example.com", "248289761001", "anna@example.com")
    assert isinstance(identity, Identity)
    actor = Actor.signed_in(identity)
    assert actor.label == "anna@example.com"
    assert actor.owner is not None and actor.owner.startswith("oidc:")
    assert "anna" not in actor.owner and len(actor.owner) == len("oidc:") + 64
    # the same address from another subject (an account that took the address) is another
    # owner; the same subject with a changed address is the same owner
    other = Identity("https://accounts.example.com", "999", "anna@example.com")
    renamed = Identity("https://accounts.example.com", "248289761001", "anna.b@example.com")
    other_issuer = Identity("https://evil.example.org", "248289761001", "anna@example.com")
    assert other.owner != actor.owner and other_issuer.owner != actor.owner
    assert renamed.owner == actor.owner
    # issuer and subject cannot be shifted into each other
    shifted = Identity("https://a\nb", "c", "x@y.z")
    assert Identity("https://a", "b\nc", "x@y.z").owner != shifted.owner
    assert legacy_owner(" Anna@Example.COM ") == "email:anna@example.com"


# --- start-up warnings (finding 5) ---------------------------------------------------------


def test_an_empty_password_without_a_mode_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHANNELWISE_APP_PASSWORD", "")
    warnings = Settings(_env_file=None).access_warnings("127.0.0.1")  # type: ignore[call-arg]
    assert [w.message_en.split(",")[0] for w in warnings] == [
        "CHANNELWISE_APP_PASSWORD is set but empty"
    ]
    assert warnings[0].localized("de").startswith("CHANNELWISE_APP_PASSWORD ist gesetzt, aber leer")
    monkeypatch.setenv("CHANNELWISE_APP_AUTH", "none")  # no sign-in, said so
    assert Settings(_env_file=None).access_warnings("127.0.0.1") == []  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("address", "warns"),
    [
        (None, True),  # Streamlit's default: every interface
        ("", True),
        ("0.0.0.0", True),
        ("::", True),
        ("192.0.2.10", True),
        ("app.example.com", True),
        ("127.0.0.1", False),
        ("127.0.1.1", False),
        ("localhost", False),
        ("::1", False),
        ("[::1]", False),
        ("unix:///run/channelwise.sock", False),
    ],
)
def test_no_sign_in_beyond_this_machine_warns(address: str | None, warns: bool) -> None:
    warnings = settings().access_warnings(address)
    assert [w.message_en.startswith("No sign-in, and the app listens on") for w in warnings] == (
        [True] if warns else []
    )
    assert settings(app_password="team").access_warnings(address) == []
    oidc = settings(app_auth="oidc", oidc_allowed="example.com")
    assert oidc.access_warnings(address) == []
