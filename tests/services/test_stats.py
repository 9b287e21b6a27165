"""Importing exports, as the stats page, `channelwise stats` and `channelwise plan` do."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from channelwise.access import SHARED_WORKSPACE as SHARED
from channelwise.access import Actor, Identity
from channelwise.errors import StatsError
from channelwise.services import Services
from channelwise.services.conversations import ask, conversation_stats
from channelwise.services.stats import attachment, import_and_attach, import_stats
from channelwise.stats import TooManyFilesError, Upload
from tests.conftest import FIXTURES

INSTAGRAM = FIXTURES / "stats" / "meta" / "Instagram posts Mar-01-2024_Mar-31-2024.csv"


@dataclass
class Browsed:
    """A file as the browser upload holds it: its bytes are copied only when asked for."""

    name: str
    data: bytes
    reads: list[str] = field(default_factory=list)

    def getvalue(self) -> bytes:
        self.reads.append(self.name)
        return self.data


def browsed(*names: str) -> list[Browsed]:
    return [Browsed(name, INSTAGRAM.read_bytes()) for name in names]


def test_exports_become_figures_and_a_bilingual_attachment(services: Services) -> None:
    path = FIXTURES / "stats" / "meta" / "Instagram posts Mar-01-2024_Mar-31-2024.csv"
    result = import_stats(services.settings, [Upload(path.name, path.read_bytes())])
    attached = attachment(result, [path.name])
    assert attached.files == (path.name,)
    assert "| Instagram | – | 19,600 (Reach) |" in attached.summary.en
    assert "| Instagram | – | 19.600 (Reichweite) |" in attached.summary.de


def test_the_upload_limit_comes_from_the_settings(services: Services) -> None:
    limited = services.settings.model_copy(update={"max_upload_mb": 1})
    big = Upload("Overview.csv", b"Date,Video views\n" + b"x" * (1024 * 1024 + 1))
    with pytest.raises(StatsError) as err:
        import_stats(limited, [big])
    assert "CHANNELWISE_MAX_UPLOAD_MB" in str(err.value)


def test_the_attachment_keeps_no_control_characters(services: Services) -> None:
    path = FIXTURES / "stats" / "generic" / "template_filled.csv"
    name = "Zahlen\x01 März\x1b.csv"
    result = import_stats(services.settings, [Upload(name, path.read_bytes())])
    attached = attachment(result, [name])
    assert attached.files == ("Zahlen März.csv",)
    for text in (attached.summary.en, attached.summary.de):
        assert "\x01" not in text and "\x1b" not in text


def test_the_number_of_files_per_upload_comes_from_the_settings(services: Services) -> None:
    limited = services.settings.model_copy(update={"max_upload_files": 2})
    path = FIXTURES / "stats" / "meta" / "Instagram posts Mar-01-2024_Mar-31-2024.csv"
    uploads = [Upload(f"{i}-{path.name}", path.read_bytes()) for i in range(3)]
    with pytest.raises(StatsError) as err:
        import_stats(limited, uploads)
    assert str(err.value).startswith("3 files were uploaded at once; at most 2 are read")
    assert "CHANNELWISE_MAX_UPLOAD_FILES" in err.value.localized("de")
    assert import_stats(limited, uploads[:2]).sources


def test_an_upload_is_imported_and_attached_to_the_open_conversation(services: Services) -> None:
    conversation = ask(services, "Wie abhängig sind wir von Meta?", actor=SHARED).conversation
    imported = import_and_attach(
        services, browsed(INSTAGRAM.name), actor=SHARED, conversation_id=conversation.id
    )
    assert imported.conversation_id == conversation.id
    assert imported.attachment.files == (INSTAGRAM.name,)
    assert "| Instagram | – | 19.600 (Reichweite) |" in imported.attachment.summary.de
    assert [s.platform.value for s in imported.result.sources] == ["instagram"]
    stored = conversation_stats(services, conversation.id, actor=SHARED)
    assert stored is not None and stored.summary.de == imported.attachment.summary.de


@pytest.mark.parametrize("conversation_id", [None, "", "0" * 36])
def test_without_an_open_conversation_nothing_is_attached(
    services: Services, conversation_id: str | None
) -> None:
    imported = import_and_attach(
        services, browsed(INSTAGRAM.name), actor=SHARED, conversation_id=conversation_id
    )
    assert imported.conversation_id is None
    assert imported.attachment.files == (INSTAGRAM.name,)
    assert services.store.list_conversations(owner=None) == []


def test_someone_elses_conversation_gets_no_figures(services: Services) -> None:
    mine = ask(services, "Wie abhängig sind wir von Meta?", actor=SHARED).conversation
    other = Actor.signed_in(Identity("https://idp.example", "someone", "someone@example.org"))
    imported = import_and_attach(
        services, browsed(INSTAGRAM.name), actor=other, conversation_id=mine.id
    )
    assert imported.conversation_id is None
    assert conversation_stats(services, mine.id, actor=SHARED) is None


def test_too_many_files_are_refused_before_any_is_read(services: Services) -> None:
    limited = services.settings.model_copy(update={"max_upload_files": 2})
    files = browsed("a.csv", "b.csv", "c.csv")
    with pytest.raises(TooManyFilesError) as err:
        import_and_attach(Services(limited), files, actor=SHARED)
    assert str(err.value).startswith("3 files were uploaded at once; at most 2 are read")
    assert [f.reads for f in files] == [[], [], []]


def test_a_broken_file_attaches_nothing(services: Services) -> None:
    conversation = ask(services, "Wie abhängig sind wir von Meta?", actor=SHARED).conversation
    broken = Browsed("export.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    with pytest.raises(StatsError) as err:
        import_and_attach(services, [broken], actor=SHARED, conversation_id=conversation.id)
    assert not isinstance(err.value, TooManyFilesError)
    assert "export.csv" in str(err.value)
    assert conversation_stats(services, conversation.id, actor=SHARED) is None
