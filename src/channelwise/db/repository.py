"""The app's repository: plans with versions, conversations with messages, stats summaries.

SQLAlchemy 2.0 Core over the tables in :mod:`channelwise.db.schema`; opening a store applies
the pending migrations (:mod:`channelwise.db.migrations`). The store takes and returns plain
data (:mod:`channelwise.db.records`): a plan version is a JSON-ready document, kept exactly
as given, and a citation a JSON-ready dict. It imports no feature package; the services
turn typed plans and citations into that data and back.

Every read and write of a plan or a conversation names its ``owner`` (a required keyword,
so no call lands in the shared workspace by forgetting it): a signed-in account's key
(:attr:`channelwise.access.Identity.owner`), or None for the shared workspace. A row of
another owner is treated exactly like a row that does not exist, so nobody learns that it
does.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from channelwise.db.engine import database_url, make_engine, write_transaction
from channelwise.db.errors import ConversationNotFoundError, PlanNotFoundError, StoreError
from channelwise.db.migrations import migrate
from channelwise.db.records import (
    AnswerNote,
    Conversation,
    Message,
    Owner,
    PlanRecord,
    PlanSummary,
    StatsAttachment,
    StoredPlan,
    VersionSummary,
    answer_note,
)
from channelwise.db.schema import (
    conversations_table,
    messages_table,
    owners_table,
    plan_versions_table,
    plans_table,
    stats_summaries_table,
)
from channelwise.i18n import Bilingual

log = logging.getLogger(__name__)

#: A plan version that collides with one stored at the same moment is tried again.
_SAVE_ATTEMPTS = 3


def _owned(table: Table, owner: Owner) -> ColumnElement[bool]:
    return table.c.owner.is_(None) if owner is None else table.c.owner == owner


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Store:
    """Plans and their versions; conversations, messages and stats summaries."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        try:
            migrate(engine)
        except SQLAlchemyError as exc:
            where = engine.url.render_as_string(hide_password=True)
            raise StoreError(
                f"The database {where} cannot be opened ({type(exc).__name__}). Check the path "
                "or the database URL and that the disk is writable.",
                f"Die Datenbank {where} lässt sich nicht öffnen ({type(exc).__name__}). Prüfen "
                "Sie den Pfad oder die Datenbank-URL und ob auf den Datenträger geschrieben "
                "werden kann.",
            ) from exc

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        """A transaction; a database failure becomes a StoreError without SQL or values
        (they go to the server log)."""
        with _failures_as(_WRITE_FAILED), write_transaction(self.engine) as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection to read with; failures as in :meth:`_tx`."""
        with _failures_as(_READ_FAILED), self.engine.connect() as conn:
            yield conn

    # --- plans -------------------------------------------------------------------------

    def save_plan(
        self, record: PlanRecord, *, owner: Owner, conversation_id: str | None = None
    ) -> StoredPlan:
        """Store ``record`` as a new plan (no ``plan_id``, or one not stored yet) or as the
        next version of its plan; the document is kept exactly as given.

        Returns where it was stored (the plan's id, the version's number). A plan of another
        owner is not found (:class:`PlanNotFoundError`); a new plan links only a
        conversation of ``owner`` (else :class:`ConversationNotFoundError`). Two revisions
        saved at the same moment both stay, one after the other: the version is chosen under
        the write lock (SQLite) or the plan's row lock (``FOR UPDATE``); should two first
        versions of one given id still collide, the loser is stored as the next version.
        """
        attempt = 1
        while True:
            try:
                return self._save_plan(record, conversation_id, owner)
            except StoreError as err:
                if attempt == _SAVE_ATTEMPTS or not isinstance(err.__cause__, IntegrityError):
                    raise
                attempt += 1

    def _save_plan(
        self, record: PlanRecord, conversation_id: str | None, owner: Owner
    ) -> StoredPlan:
        now = _now()
        plan_id = record.plan_id
        with self._tx() as conn:
            latest = None
            if plan_id is not None:
                row = conn.execute(
                    select(plans_table.c.latest_version, plans_table.c.owner)
                    .where(plans_table.c.id == plan_id)
                    .with_for_update()
                ).one_or_none()
                if row is not None and row.owner != owner:
                    raise PlanNotFoundError.for_id(plan_id)
                latest = None if row is None else row.latest_version
            if latest is None or plan_id is None:
                if conversation_id is not None and not self._is_owned(conn, conversation_id, owner):
                    raise ConversationNotFoundError.for_id(conversation_id)
                plan_id, version = plan_id or str(uuid.uuid4()), 1
                conn.execute(
                    insert(plans_table).values(
                        id=plan_id,
                        title=record.title,
                        language=record.language,
                        latest_version=version,
                        conversation_id=conversation_id,
                        created_at=now,
                        updated_at=now,
                        owner=owner,
                    )
                )
            else:
                version = latest + 1
                conn.execute(
                    update(plans_table)
                    .where(plans_table.c.id == plan_id)
                    .values(
                        latest_version=version,
                        title=record.title,
                        language=record.language,
                        updated_at=now,
                    )
                )
            document = dict(record.document)
            conn.execute(
                insert(plan_versions_table).values(
                    plan_id=plan_id,
                    version=version,
                    created_at=now,
                    request=record.request,
                    missing=list(record.missing),
                    plan=document,
                )
            )
        return StoredPlan(plan_id, version, now, record.request, tuple(record.missing), document)

    def get_plan(self, plan_id: str, version: int | None = None, *, owner: Owner) -> StoredPlan:
        """The latest version, or ``version``, with its document as stored."""
        with self._read() as conn:
            query = (
                select(plan_versions_table)
                .join(plans_table, plans_table.c.id == plan_versions_table.c.plan_id)
                .where(plan_versions_table.c.plan_id == plan_id, _owned(plans_table, owner))
            )
            if version is None:
                query = query.order_by(plan_versions_table.c.version.desc()).limit(1)
            else:
                query = query.where(plan_versions_table.c.version == version)
            r = conn.execute(query).one_or_none()
        if r is None:
            raise PlanNotFoundError.for_id(plan_id, version)
        return StoredPlan(
            r.plan_id, r.version, _utc(r.created_at), r.request, tuple(r.missing), dict(r.plan)
        )

    def list_plans(self, *, owner: Owner) -> list[PlanSummary]:
        with self._read() as conn:
            rows = conn.execute(
                select(plans_table)
                .where(_owned(plans_table, owner))
                .order_by(plans_table.c.updated_at.desc())
            )
            return [
                PlanSummary(
                    r.id,
                    r.title,
                    r.language,
                    r.latest_version,
                    _utc(r.created_at),
                    _utc(r.updated_at),
                    r.conversation_id,
                )
                for r in rows
            ]

    def list_versions(self, plan_id: str, *, owner: Owner) -> list[VersionSummary]:
        with self._read() as conn:
            rows = conn.execute(
                select(
                    plan_versions_table.c.plan_id,
                    plan_versions_table.c.version,
                    plan_versions_table.c.created_at,
                    plan_versions_table.c.request,
                    plan_versions_table.c.missing,
                )
                .join(plans_table, plans_table.c.id == plan_versions_table.c.plan_id)
                .where(plan_versions_table.c.plan_id == plan_id, _owned(plans_table, owner))
                .order_by(plan_versions_table.c.version)
            )
            return [
                VersionSummary(
                    r.plan_id, r.version, _utc(r.created_at), r.request, tuple(r.missing)
                )
                for r in rows
            ]

    # --- owners ------------------------------------------------------------------------

    def record_sign_in(
        self, *, owner: str, issuer: str, subject: str, email: str, legacy_owner: str
    ) -> int:
        """Note a signed-in account (``owner``, its key; ``email``, its label as of now)
        and hand it the plans and conversations keyed ``legacy_owner`` (stored for its
        verified address while owners were addresses, migration ``0005_owner_identities``).

        Returns how many plans and conversations it took over: rows go to the first account
        that signs in with the address, once. Call it with an address the provider verified.
        """
        attempt = 1
        while True:
            try:
                return self._record_sign_in(owner, issuer, subject, email, legacy_owner)
            except StoreError as err:  # the same account signing in twice at one moment
                if attempt == _SAVE_ATTEMPTS or not isinstance(err.__cause__, IntegrityError):
                    raise
                attempt += 1

    def _record_sign_in(
        self, owner: str, issuer: str, subject: str, email: str, legacy_owner: str
    ) -> int:
        now = _now()
        with self._tx() as conn:
            known = conn.execute(
                update(owners_table)
                .where(owners_table.c.key == owner)
                .values(email=email, last_sign_in=now)
            ).rowcount
            if not known:
                conn.execute(
                    insert(owners_table).values(
                        key=owner,
                        issuer=issuer,
                        subject=subject,
                        email=email,
                        first_sign_in=now,
                        last_sign_in=now,
                    )
                )
            taken = 0
            for table in (plans_table, conversations_table):
                taken += conn.execute(
                    update(table).where(table.c.owner == legacy_owner).values(owner=owner)
                ).rowcount
        return taken

    # --- conversations -----------------------------------------------------------------

    def create_conversation(self, title: str, *, owner: Owner) -> Conversation:
        now = _now()
        conv = Conversation(str(uuid.uuid4()), title, now, now)
        with self._tx() as conn:
            conn.execute(
                insert(conversations_table).values(
                    id=conv.id, title=title, created_at=now, updated_at=now, owner=owner
                )
            )
        return conv

    def get_conversation(self, conversation_id: str, *, owner: Owner) -> Conversation | None:
        with self._read() as conn:
            r = conn.execute(
                select(conversations_table).where(
                    conversations_table.c.id == conversation_id,
                    _owned(conversations_table, owner),
                )
            ).one_or_none()
        return (
            None
            if r is None
            else Conversation(r.id, r.title, _utc(r.created_at), _utc(r.updated_at))
        )

    @staticmethod
    def _is_owned(conn: Connection, conversation_id: str, owner: Owner) -> bool:
        return (
            conn.execute(
                select(conversations_table.c.id).where(
                    conversations_table.c.id == conversation_id,
                    _owned(conversations_table, owner),
                )
            ).first()
            is not None
        )

    def rename_conversation(self, conversation_id: str, title: str, *, owner: Owner) -> bool:
        """False when there is no such conversation of ``owner``."""
        with self._tx() as conn:
            result = conn.execute(
                update(conversations_table)
                .where(
                    conversations_table.c.id == conversation_id,
                    _owned(conversations_table, owner),
                )
                .values(title=title, updated_at=_now())
            )
        return result.rowcount > 0

    def delete_conversation(self, conversation_id: str, *, owner: Owner) -> bool:
        """The conversation, its messages and its stats summary (plans stay, unlinked).

        False (and nothing deleted) when there is no such conversation of ``owner``.
        """
        with self._tx() as conn:
            if not self._is_owned(conn, conversation_id, owner):
                return False
            for table in (messages_table, stats_summaries_table):
                conn.execute(delete(table).where(table.c.conversation_id == conversation_id))
            conn.execute(
                update(plans_table)
                .where(plans_table.c.conversation_id == conversation_id)
                .values(conversation_id=None)
            )
            conn.execute(
                delete(conversations_table).where(conversations_table.c.id == conversation_id)
            )
        return True

    def list_conversations(self, *, owner: Owner) -> list[Conversation]:
        with self._read() as conn:
            rows = conn.execute(
                select(conversations_table)
                .where(_owned(conversations_table, owner))
                .order_by(conversations_table.c.updated_at.desc())
            )
            return [
                Conversation(r.id, r.title, _utc(r.created_at), _utc(r.updated_at)) for r in rows
            ]

    def add_message(
        self,
        conversation_id: str,
        role: str,
        content: str,
        citations: Sequence[Mapping[str, Any]] = (),
        answer: AnswerNote | None = None,
        *,
        owner: Owner,
    ) -> Message:
        """Store a question or an answer; ``citations`` are JSON-ready dicts, kept as given."""
        now = _now()
        rows = [dict(c) for c in citations]
        with self._tx() as conn:
            if not self._is_owned(conn, conversation_id, owner):
                raise ConversationNotFoundError.for_id(conversation_id)
            result = conn.execute(
                insert(messages_table).values(
                    conversation_id=conversation_id,
                    role=role,
                    content=content,
                    citations=rows,
                    created_at=now,
                    answer=dataclasses.asdict(answer) if answer else None,
                )
            )
            conn.execute(
                update(conversations_table)
                .where(conversations_table.c.id == conversation_id)
                .values(updated_at=now)
            )
            key = result.inserted_primary_key
        return Message(
            int(key[0]) if key else 0,
            conversation_id,
            role,
            content,
            tuple(rows),
            now,
            answer,
        )

    def messages(self, conversation_id: str, *, owner: Owner) -> list[Message]:
        with self._read() as conn:
            rows = conn.execute(
                select(messages_table)
                .join(conversations_table)
                .where(
                    messages_table.c.conversation_id == conversation_id,
                    _owned(conversations_table, owner),
                )
                .order_by(messages_table.c.id)
            )
            return [
                Message(
                    r.id,
                    r.conversation_id,
                    r.role,
                    r.content,
                    tuple(dict(c) for c in r.citations),
                    _utc(r.created_at),
                    answer_note(r.answer) if r.answer else None,
                )
                for r in rows
            ]

    def save_stats_summary(
        self, conversation_id: str, stats: StatsAttachment, *, owner: Owner
    ) -> None:
        data = {
            "files": list(stats.files),
            "summary": {"en": stats.summary.en, "de": stats.summary.de},
            "figures": dict(stats.figures),
        }
        with self._tx() as conn:
            if not self._is_owned(conn, conversation_id, owner):
                raise ConversationNotFoundError.for_id(conversation_id)
            conn.execute(
                delete(stats_summaries_table).where(
                    stats_summaries_table.c.conversation_id == conversation_id
                )
            )
            conn.execute(
                insert(stats_summaries_table).values(
                    conversation_id=conversation_id, data=data, updated_at=_now()
                )
            )

    def stats_summary(self, conversation_id: str, *, owner: Owner) -> StatsAttachment | None:
        with self._read() as conn:
            value = conn.execute(
                select(stats_summaries_table.c.data)
                .join(conversations_table)
                .where(
                    stats_summaries_table.c.conversation_id == conversation_id,
                    _owned(conversations_table, owner),
                )
            ).scalar_one_or_none()
        if value is None:
            return None
        return StatsAttachment(
            files=tuple(value["files"]),
            summary=Bilingual(value["summary"]["en"], value["summary"]["de"]),
            figures=dict(value.get("figures") or {}),
        )


_WRITE_FAILED = (
    "The database could not be written ({kind}). Nothing was lost in the app; try again, or "
    "check disk space and permissions. The server log has the details.",
    "Die Datenbank konnte nicht schreiben ({kind}). In der App ist nichts verloren; versuchen "
    "Sie es erneut oder prüfen Sie Speicherplatz und Zugriffsrechte. Einzelheiten stehen im "
    "Server-Log.",
)
_READ_FAILED = (
    "The database could not be read ({kind}). Try again in a moment; if it persists, check "
    "the database. The server log has the details.",
    "Die Datenbank konnte nicht gelesen werden ({kind}). Versuchen Sie es gleich noch einmal; "
    "wenn es bleibt, prüfen Sie die Datenbank. Einzelheiten stehen im Server-Log.",
)


@contextmanager
def _failures_as(messages: tuple[str, str]) -> Iterator[None]:
    """A database failure as a StoreError that names only its kind: the SQL and its values
    (a user's text) go to the server log, never to the page."""
    try:
        yield
    except SQLAlchemyError as exc:
        log.error("database failure", exc_info=exc)
        english, german = messages
        kind = type(exc).__name__
        raise StoreError(english.format(kind=kind), german.format(kind=kind)) from exc


def open_store(data_dir: Path, database_url_: str | None = None) -> Store:
    """The store for ``data_dir`` (SQLite file), or for ``database_url_`` when given."""
    return Store(make_engine(database_url(data_dir, database_url_)))
