"""Privacy between users in the app (issue 12): with OIDC login each user's conversations,
figures and plans are theirs; a password is one team with one shared workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from channelwise.access import Identity
from channelwise.db import StatsAttachment, open_store
from channelwise.i18n import Bilingual
from tests.ui.test_app import APP

ISSUER = "https://accounts.example.com"


def oidc_user(email: str, subject: str, name: str) -> dict[str, object]:
    """What Streamlit's st.user holds after an OIDC sign-in: the ID token's claims."""
    return {
        "is_logged_in": True,
        "iss": ISSUER,
        "sub": subject,
        "email": email,
        "email_verified": True,
        "name": name,
    }


ANNA = oidc_user("anna@example.com", "sub-anna", "Anna")
BEN = oidc_user("Ben@Example.com", "sub-ben", "Ben")
ANNA_KEY = Identity(ISSUER, "sub-anna", "anna@example.com").owner
BEN_KEY = Identity(ISSUER, "sub-ben", "ben@example.com").owner


@pytest.fixture
def oidc(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CHANNELWISE_LLM", "fake")
    monkeypatch.setenv("CHANNELWISE_APP_AUTH", "oidc")
    monkeypatch.setenv("CHANNELWISE_OIDC_ALLOWED", "example.com")
    return data_dir


def signed_in(user: dict[str, object], page: str = "", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.user = dict(user)
    for name, value in params.items():
        at.query_params[name] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception
    return at


def one(value: str | list[str]) -> str:
    return value[0] if isinstance(value, list) else value


def test_with_oidc_nobody_sees_another_users_conversation(oidc: Path) -> None:
    anna = signed_in(ANNA)
    anna.chat_input[0].set_value("Wie abhängig sind wir von Meta?").run()
    anna_conversation = one(anna.query_params["c"])
    ben = signed_in(BEN)
    assert not any("abhängig" in b.label for b in ben.sidebar.button)  # not listed
    opened = signed_in(BEN, c=anna_conversation)  # nor opened by link
    assert not opened.chat_message
    assert "gehört nicht Ihnen" in opened.warning[0].value
    opened.chat_input[0].set_value("Und was ist mit TikTok?").run()  # a new one of Ben's
    assert one(opened.query_params["c"]) != anna_conversation
    store = open_store(oidc)
    kept = store.messages(anna_conversation, owner=ANNA_KEY)
    assert [m.role for m in kept] == ["user", "assistant"]  # nothing of Ben's added
    assert kept[0].content == "Wie abhängig sind wir von Meta?"
    assert [c.title for c in store.list_conversations(owner=BEN_KEY)] == ["Und was ist mit TikTok?"]
    assert store.list_conversations(owner=None) == []  # nothing in the shared workspace
    assert any("abhängig" in b.label for b in signed_in(ANNA).sidebar.button)


def plans_page(subject: str | None) -> None:
    from channelwise.access import SHARED_WORKSPACE, Actor, Identity
    from channelwise.config import load_settings
    from channelwise.services import build_services
    from channelwise.ui.plans_page import render_plans

    issuer, email = "https://accounts.example.com", "anna@example.com"
    actor = (
        SHARED_WORKSPACE if subject is None else Actor.signed_in(Identity(issuer, subject, email))
    )
    render_plans(build_services(load_settings()), "de", actor)


def open_plan_page(subject: str | None, plan_id: str) -> AppTest:
    at = AppTest.from_function(plans_page, args=(subject,), default_timeout=120)
    at.query_params["p"] = plan_id
    at.run()
    assert not at.exception
    return at


def test_a_plan_link_opens_only_for_its_owner(oidc: Path) -> None:
    anna = AppTest.from_function(plans_page, args=("sub-anna",), default_timeout=120)
    anna.run()
    anna.button[0].click().run()  # the form's submit button
    plan_id = one(anna.query_params["p"])
    assert open_store(oidc).get_plan(plan_id, owner=ANNA_KEY).version == 1
    assert open_plan_page("sub-anna", plan_id).get("download_button")
    # another account (even one showing Anna's address), the shared workspace
    for other in ("sub-ben", None):
        at = open_plan_page(other, plan_id)
        assert not at.get("download_button") and not at.markdown
        assert at.error[0].value.startswith(f"Es gibt keinen Plan „{plan_id}“.")


def test_password_mode_is_one_shared_team_workspace(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHANNELWISE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CHANNELWISE_LLM", "fake")
    monkeypatch.setenv("CHANNELWISE_APP_AUTH", "password")
    monkeypatch.setenv("CHANNELWISE_APP_PASSWORD", "team-secret")

    def signed_in_with_password() -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        at.text_input[0].input("team-secret")
        at.button[0].click().run()
        assert not at.exception
        return at

    first = signed_in_with_password()
    first.chat_input[0].set_value("Was ist ein Newsletter?").run()
    second = signed_in_with_password()
    assert any("Was ist ein Newsletter?" in b.label for b in second.sidebar.button)
    assert any("Gemeinsamer Team-Arbeitsbereich" in c.value for c in second.sidebar.caption)


def test_another_sign_in_in_the_same_browser_does_not_get_the_figures(oidc: Path) -> None:
    at = signed_in(ANNA)
    state = at.session_state["channelwise"]
    state.attachment = StatsAttachment(("anna.csv",), Bilingual("Meta 80%", "Meta 80 %"))
    at.run()
    assert state.attachment is not None  # Anna keeps hers
    at.user = dict(BEN)  # signed out, Ben signs in, same browser session
    at.run()
    assert not at.exception
    assert at.session_state["channelwise"].attachment is None
    assert not any("anna.csv" in c.value for c in at.caption)


def test_conversations_kept_by_address_pass_to_the_verified_account(oidc: Path) -> None:
    """Rows stored while owners were e-mail addresses: after migration 0005 their owner
    finds them on signing in with that address verified; another account with the same
    address afterwards does not."""
    from channelwise.db.engine import database_url, make_engine
    from tests.db.test_identities import at_0004_with_email_owners

    at_0004_with_email_owners(make_engine(database_url(oidc, None)))
    anna = signed_in(ANNA)
    assert any(b.label == "Annas alte Frage" for b in anna.sidebar.button)
    assert not any("Bens" in b.label for b in anna.sidebar.button)
    later = signed_in(oidc_user("anna@example.com", "sub-new-anna", "Anna"))
    assert not any("alte Frage" in b.label for b in later.sidebar.button)
    assert any(b.label == "Annas alte Frage" for b in signed_in(ANNA).sidebar.button)
