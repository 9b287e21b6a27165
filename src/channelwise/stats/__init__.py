"""Channel-stats import: analytics exports in, trustworthy figures out.

>>> result = analyze_uploads([Upload("Overview.csv", data)], max_bytes=50 * 1024 * 1024)
>>> figures_summary(result, "de")

Every figure is computed here, by tested code; see :mod:`channelwise.stats.metrics`.
"""

from __future__ import annotations

from channelwise.stats.archive import Upload
from channelwise.stats.errors import (
    BinaryFileError,
    CorruptFileError,
    EmptyExportError,
    StatsError,
    TooManyFilesError,
    UnknownLayoutError,
    UnsafeArchiveError,
    UploadTooLargeError,
)
from channelwise.stats.metrics import (
    Band,
    Concentration,
    EngagementRate,
    Growth,
    WhatIf,
    concentration,
    engagement_rate,
    follower_growth,
    follower_shares,
    growth,
    growth_by_period,
    hhi,
    hhi_band,
    meta_share,
    owned_share,
    reach_shares,
    shares,
    what_if_meta_drop,
)
from channelwise.stats.numbers import inert
from channelwise.stats.pipeline import analyze_uploads
from channelwise.stats.records import (
    META_PLATFORMS,
    OWNED_PLATFORMS,
    ChannelMix,
    FileReport,
    Granularity,
    Metric,
    MetricValue,
    Period,
    PeriodSource,
    Platform,
    PlatformTotals,
    SourceStats,
    StatsResult,
    StatsWarning,
)
from channelwise.stats.serialize import to_dict
from channelwise.stats.summary import (
    figures_summary,
    format_number,
    format_percent,
    recognized_files,
)
from channelwise.stats.template import TEMPLATE_COLUMNS, template_csv, template_help

__all__ = [
    "META_PLATFORMS",
    "OWNED_PLATFORMS",
    "TEMPLATE_COLUMNS",
    "Band",
    "BinaryFileError",
    "ChannelMix",
    "Concentration",
    "CorruptFileError",
    "EmptyExportError",
    "EngagementRate",
    "FileReport",
    "Granularity",
    "Growth",
    "Metric",
    "MetricValue",
    "Period",
    "PeriodSource",
    "Platform",
    "PlatformTotals",
    "SourceStats",
    "StatsError",
    "StatsResult",
    "StatsWarning",
    "TooManyFilesError",
    "UnknownLayoutError",
    "UnsafeArchiveError",
    "Upload",
    "UploadTooLargeError",
    "WhatIf",
    "analyze_uploads",
    "concentration",
    "engagement_rate",
    "figures_summary",
    "follower_growth",
    "follower_shares",
    "format_number",
    "format_percent",
    "growth",
    "growth_by_period",
    "hhi",
    "hhi_band",
    "inert",
    "meta_share",
    "owned_share",
    "reach_shares",
    "recognized_files",
    "shares",
    "template_csv",
    "template_help",
    "to_dict",
    "what_if_meta_drop",
]
