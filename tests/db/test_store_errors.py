"""A failing database says what to do and never shows SQL or values (issue 12); the detail
goes to the server log."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from channelwise.db import Store, StoreError
from channelwise.db.engine import make_engine

SECRET_QUESTION = "Unsere Umsatzzahlen 2025: 1,2 Mio"


@pytest.fixture
def store() -> Store:
    return Store(make_engine("sqlite://"))


def break_table(store: Store, table: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("PRAGMA foreign_keys=OFF"))
        conn.execute(text(f"DROP TABLE {table}"))


def assert_no_sql(error: StoreError) -> None:
    for message in (error.localized("en"), error.localized("de")):
        for leak in ("INSERT", "SELECT", "[SQL", "[parameters", "messages", SECRET_QUESTION):
            assert leak not in message


def test_a_failed_write_shows_no_sql(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    conversation = store.create_conversation("Frage", owner=None)
    break_table(store, "messages")
    with (
        caplog.at_level(logging.ERROR, logger="channelwise.db"),
        pytest.raises(StoreError) as failed,
    ):
        store.add_message(conversation.id, "user", SECRET_QUESTION, owner=None)
    assert_no_sql(failed.value)
    assert failed.value.localized("de").startswith("Die Datenbank konnte nicht schreiben")
    assert "INSERT INTO messages" in caplog.text  # for the administrator


def test_a_failed_read_is_a_store_error_without_sql(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    break_table(store, "conversations")
    with (
        caplog.at_level(logging.ERROR, logger="channelwise.db"),
        pytest.raises(StoreError) as failed,
    ):
        store.list_conversations(owner=None)
    assert_no_sql(failed.value)
    assert failed.value.localized("en").startswith("The database could not be read")
    assert "FROM conversations" in caplog.text
