"""One module per platform family; :data:`FORMATS` lists every supported export layout."""

from __future__ import annotations

from channelwise.stats.formats import (
    analytics,
    generic,
    linkedin,
    linkedin_creator,
    meta,
    newsletter,
    tiktok,
    youtube,
)
from channelwise.stats.formats.base import FormatSpec

FORMATS: tuple[FormatSpec, ...] = (
    *youtube.FORMATS,
    *meta.FORMATS,
    *tiktok.FORMATS,
    *linkedin.FORMATS,
    *linkedin_creator.FORMATS,
    *newsletter.FORMATS,
    *analytics.FORMATS,
    *generic.FORMATS,
)

__all__ = ["FORMATS", "FormatSpec"]
