"""Importing channel stats: exports in, figures out, and the summary a conversation keeps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from channelwise.config import Settings
    from channelwise.db import StatsAttachment
    from channelwise.stats import StatsResult, Upload

MB = 1024 * 1024


def max_upload_bytes(settings: Settings) -> int:
    return settings.max_upload_mb * MB


def check_file_count(settings: Settings, count: int) -> None:
    """Raise UploadTooLargeError when ``count`` files are more than one upload may hold."""
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
    from channelwise.sanitize import strip_control
    from channelwise.stats import figures_summary
    from channelwise.stats.advice_figures import advice_figures

    figures = advice_figures(result)
    return StatsAttachment(
        files=tuple(map(strip_control, files)),
        summary_en=strip_control(figures_summary(result, "en")),
        summary_de=strip_control(figures_summary(result, "de")),
        figures=asdict(figures) if figures is not None else {},
    )
