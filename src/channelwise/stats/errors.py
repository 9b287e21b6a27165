"""Errors raised while reading analytics exports.

Every message says what happened and what the user can do about it. ``str(err)`` is the
English text (as for every :class:`~channelwise.errors.ChannelwiseError`); ``err.message_de``
carries the German text for the UI.
"""

from __future__ import annotations

from channelwise.errors import StatsError

__all__ = [
    "BinaryFileError",
    "CorruptFileError",
    "EmptyExportError",
    "StatsError",
    "UnknownLayoutError",
    "UnsafeArchiveError",
    "UploadTooLargeError",
]


class _LocalizedStatsError(StatsError):
    """A :class:`StatsError` with a German translation of its message."""

    def __init__(self, message: str, message_de: str | None = None) -> None:
        super().__init__(message)
        self.message_de = message_de or message

    def localized(self, language: str) -> str:
        """The message in ``language`` ("de" or "en")."""
        return self.message_de if language == "de" else str(self)


class UploadTooLargeError(_LocalizedStatsError):
    """A file (or what an archive unpacks to) is larger than the configured limit."""


class UnsafeArchiveError(_LocalizedStatsError):
    """A zip that looks like a zip bomb, nests too deeply, is encrypted or has too many files."""


class CorruptFileError(_LocalizedStatsError):
    """The file is truncated or damaged; nothing from it is used."""


class BinaryFileError(_LocalizedStatsError):
    """The file is not text or a spreadsheet, whatever its name says."""


class EmptyExportError(_LocalizedStatsError):
    """The export has the right layout but no data rows."""


class UnknownLayoutError(_LocalizedStatsError):
    """The layout matches no supported export; the message lists what was recognized."""

    def __init__(
        self,
        message: str,
        message_de: str | None = None,
        *,
        closest_format: str | None = None,
        recognized: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message, message_de)
        self.closest_format = closest_format
        self.recognized = recognized
