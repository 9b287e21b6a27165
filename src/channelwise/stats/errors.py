"""Errors raised while reading analytics exports.

Every message says what happened and what the user can do about it. ``str(err)`` is the
English text and ``err.localized("de")`` the German one (as for every
:class:`~channelwise.errors.ChannelwiseError`).
"""

from __future__ import annotations

from channelwise.errors import StatsError

__all__ = [
    "BinaryFileError",
    "CorruptFileError",
    "EmptyExportError",
    "StatsError",
    "TooManyFilesError",
    "UnknownLayoutError",
    "UnsafeArchiveError",
    "UploadTooLargeError",
]


class UploadTooLargeError(StatsError):
    """A file (or what an archive unpacks to) is larger than the configured limit."""


class TooManyFilesError(UploadTooLargeError):
    """More files at once than ``CHANNELWISE_MAX_UPLOAD_FILES`` (checked before any is read)."""


class UnsafeArchiveError(StatsError):
    """A zip that looks like a zip bomb, nests too deeply, is encrypted or has too many files."""


class CorruptFileError(StatsError):
    """The file is truncated or damaged; nothing from it is used."""


class BinaryFileError(StatsError):
    """The file is not text or a spreadsheet, whatever its name says."""


class EmptyExportError(StatsError):
    """The export has the right layout but no data rows."""


class UnknownLayoutError(StatsError):
    """The layout matches no supported export; the message lists what was recognized."""

    def __init__(
        self,
        message_en: str,
        message_de: str | None = None,
        *,
        closest_format: str | None = None,
        recognized: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message_en, message_de)
        self.closest_format = closest_format
        self.recognized = recognized
