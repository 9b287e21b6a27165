"""Access to a shared deployment in the app: the password turns password mode on, a
growing wait after wrong passwords, sign-out; OIDC only for the allow-list; contradicting
settings refuse to start."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.test_app import APP
from tests.ui.test_privacy import oidc_user


@pytest.fixture
def env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CHANNELWISE_LLM", "fake")
    return monkeypatch


def started(user: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception
    return at


def sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input[0].input(password)
    at.button[0].click().run()
    assert not at.exception
    return at


def test_a_password_alone_turns_password_mode_on(env: pytest.MonkeyPatch) -> None:
    env.setenv("CHANNELWISE_APP_PASSWORD", "team-secret")  # CHANNELWISE_APP_AUTH not set
    at = started()
    assert not at.chat_input  # the sign-in form, not the app
    assert at.text_input[0].label == "Passwort"
    assert sign_in(at, "team-secret").chat_input


@pytest.mark.parametrize(
    ("auth", "message"),
    [
        ("none", "CHANNELWISE_APP_PASSWORD ist gesetzt, aber CHANNELWISE_APP_AUTH=none"),
        ("oidc", "CHANNELWISE_APP_PASSWORD ist gesetzt, aber CHANNELWISE_APP_AUTH=oidc"),
    ],
)
def test_a_password_with_another_mode_refuses_to_start(
    env: pytest.MonkeyPatch, auth: str, message: str
) -> None:
    env.setenv("CHANNELWISE_APP_AUTH", auth)
    env.setenv("CHANNELWISE_APP_PASSWORD", "team-secret")
    env.setenv("CHANNELWISE_OIDC_ALLOWED", "*")
    at = started(oidc_user("anna@example.com", "sub-anna", "Anna"))
    assert at.error[0].value.startswith(message)
    assert not at.chat_input and not at.button


def test_wrong_passwords_make_the_next_attempts_wait(env: pytest.MonkeyPatch) -> None:
    env.setenv("CHANNELWISE_APP_AUTH", "password")
    env.setenv("CHANNELWISE_APP_PASSWORD", "team-secret")
    at = started()
    for _ in range(3):  # free
        assert sign_in(at, "guess").error[0].value == "Falsches Passwort."
    assert sign_in(at, "guess").error[0].value == (
        "Falsches Passwort. Zu viele Fehlversuche: Versuchen Sie es in 1 s erneut."
    )
    # during the wait even the right password is not checked
    refused = sign_in(at, "team-secret")
    assert refused.error[0].value.startswith("Zu viele Fehlversuche")
    assert not refused.chat_input
    time.sleep(1.1)
    assert sign_in(at, "guess").error[0].value.endswith("Versuchen Sie es in 2 s erneut.")
    time.sleep(2.1)
    assert sign_in(at, "team-secret").chat_input


def test_sign_out_in_password_mode(env: pytest.MonkeyPatch) -> None:
    env.setenv("CHANNELWISE_APP_PASSWORD", "team-secret")
    at = sign_in(started(), "team-secret")
    assert any("Gemeinsamer Team-Arbeitsbereich" in c.value for c in at.sidebar.caption)
    at.sidebar.button(key="sign-out").click().run()
    assert not at.chat_input
    assert at.text_input[0].label == "Passwort"


def test_oidc_without_an_allow_list_refuses_to_start(env: pytest.MonkeyPatch) -> None:
    env.setenv("CHANNELWISE_APP_AUTH", "oidc")
    at = started(oidc_user("anna@example.com", "sub-anna", "Anna"))
    assert at.error[0].value.startswith(
        "CHANNELWISE_APP_AUTH=oidc braucht CHANNELWISE_OIDC_ALLOWED"
    )
    assert not at.chat_input


def test_oidc_lets_in_only_the_allow_list(env: pytest.MonkeyPatch) -> None:
    env.setenv("CHANNELWISE_APP_AUTH", "oidc")
    env.setenv("CHANNELWISE_OIDC_ALLOWED", "example.com, anna@partner.org")
    at = started(oidc_user("mallory@evil-example.com", "sub-mallory", "Mallory"))
    assert at.error[0].value.startswith("Das Konto mallory@evil-example.com hat keinen Zugang")
    assert not at.chat_input
    assert at.sidebar.button(key="sign-out")  # to sign in with another account
    welcome = started(oidc_user("anna@partner.org", "sub-anna", "Anna"))
    assert welcome.chat_input
    assert "Angemeldet als anna@partner.org." in welcome.sidebar.caption[0].value


@pytest.mark.parametrize("verified", ["missing", False, "false", "False", "true", 0, 1, None])
def test_oidc_lets_in_only_addresses_the_provider_verified(
    env: pytest.MonkeyPatch, verified: object
) -> None:
    """Owners were keyed on the address: a provider that omits ``email_verified`` or sends a
    string let anyone in under someone else's address (today only ``False`` was refused)."""
    env.setenv("CHANNELWISE_APP_AUTH", "oidc")
    env.setenv("CHANNELWISE_OIDC_ALLOWED", "example.com")
    user = oidc_user("anna@example.com", "sub-anna", "Anna")
    if verified == "missing":
        del user["email_verified"]
    else:
        user["email_verified"] = verified
    at = started(user)
    assert at.error[0].value.startswith(
        "Der Anmeldedienst bestätigt nicht, dass die Adresse anna@example.com zu diesem Konto"
    )
    assert not at.chat_input
    assert at.sidebar.button(key="sign-out")


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ("sub", "Der Anmeldedienst nennt für das Konto anna@example.com keinen Aussteller"),
        ("iss", "Der Anmeldedienst nennt für das Konto anna@example.com keinen Aussteller"),
        ("email", "Ihr Konto nennt keine E-Mail-Adresse"),
    ],
)
def test_oidc_without_an_identity_is_refused(
    env: pytest.MonkeyPatch, claim: str, message: str
) -> None:
    env.setenv("CHANNELWISE_APP_AUTH", "oidc")
    env.setenv("CHANNELWISE_OIDC_ALLOWED", "example.com")
    user = oidc_user("anna@example.com", "sub-anna", "Anna")
    del user[claim]
    at = started(user)
    assert at.error[0].value.startswith(message)
    assert not at.chat_input


def test_an_empty_password_without_a_mode_warns_in_the_server_log(
    env: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An empty CHANNELWISE_APP_PASSWORD opened the app without a word."""
    env.setenv("CHANNELWISE_APP_PASSWORD", "")
    with caplog.at_level("WARNING", logger="channelwise.ui.access"):
        at = started()
    assert at.chat_input  # open, as configured
    logged = [r.getMessage() for r in caplog.records if r.name == "channelwise.ui.access"]
    assert any("CHANNELWISE_APP_PASSWORD is set but empty" in m for m in logged)
