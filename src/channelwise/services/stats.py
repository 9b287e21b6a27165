"""Importing channel stats: exports in, figures out, and the summary a conversation keeps.

:func:`import_and_attach` is the stats page's whole workflow (file count, import, the
conversation's attachment); ``channelwise stats`` and ``channelwise plan --stats`` use
:func:`import_stats`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from channelwise.access import Actor
    from channelwise.config import Settings
    from channelwise.db import StatsAttachment
    from channelwise.services.root import Services
    from channelwise.stats import StatsResult, Upload

MB = 1024 * 1024


class UploadedFile(Protocol):
    """A file as a browser upload holds it (Streamlit's ``UploadedFile``): its name, and its
    bytes, copied only when asked for."""

    @property
    def name(self) -> str: ...

    def getvalue(self) -> bytes: ...


@dataclass(frozen=True)
class ImportedStats:
    result: StatsResult
    """Every figure, for the page's tables and charts."""
    attachment: StatsAttachment
    """What a conversation keeps of them (file names, summaries in both languages)."""
    conversation_id: str | None
    """The conversation whose next answers use them; None when none is open (the next
    question attaches them to the conversation it starts)."""


def import_and_attach(
    services: Services,
    files: Sequence[UploadedFile],
    *,
    actor: Actor,
    conversation_id: str | None = None,
) -> ImportedStats:
    """Read uploaded exports and attach their figures to the actor's conversation
    ``conversation_id`` (when there is one of that id that is the actor's).

    Too many files are a TooManyFilesError before any file's bytes are copied; a file that
    cannot be used is a StatsError naming it, and nothing is attached.
    """
    from channelwise.services.conversations import attach_stats, open_conversation
    from channelwise.stats import Upload

    check_file_count(services.settings, len(files))
    names = [f.name for f in files]
    result = import_stats(services.settings, [Upload(f.name, f.getvalue()) for f in files])
    attached = attachment(result, names)
    conversation = open_conversation(services, conversation_id, actor=actor)
    if conversation is not None:
        attach_stats(services, conversation.id, attached, actor=actor)
    return ImportedStats(result, attached, conversation.id if conversation else None)


def max_upload_bytes(settings: Settings) -> int:
    return settings.max_upload_mb * MB


def check_file_count(settings: Settings, count: int) -> None:
    """Raise TooManyFilesError when ``count`` files are more than one upload may hold."""
    from channelwise.stats.pipeline import check_file_count as check

    check(count, settings.max_upload_files)


def import_stats(settings: Settings, uploads: Sequence[Upload]) -> StatsResult:
    """Read every export (CSV, XLSX, XLS, ZIP) and compute the figures; a StatsError says
    which file failed and what to do."""
    from channelwise.stats import analyze_uploads

    return analyze_uploads(
        list(uploads), max_bytes=max_upload_bytes(settings), max_files=settings.max_upload_files
    )


def attachment(result: StatsResult, files: Sequence[str]) -> StatsAttachment:
    """What a conversation keeps of the figures: the file names and the summary, both
    languages (the figures are formatted by code; the model only quotes them), without
    control characters."""
    from dataclasses import asdict

    from channelwise.db import StatsAttachment
    from channelwise.i18n import Bilingual
    from channelwise.sanitize import strip_control
    from channelwise.stats import figures_summary
    from channelwise.stats.advice_figures import advice_figures

    figures = advice_figures(result)
    return StatsAttachment(
        files=tuple(map(strip_control, files)),
        summary=Bilingual(
            strip_control(figures_summary(result, "en")),
            strip_control(figures_summary(result, "de")),
        ),
        figures=asdict(figures) if figures is not None else {},
    )
