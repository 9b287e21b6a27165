"""Importing exports, as the stats page, `channelwise stats` and `channelwise plan` do."""

from __future__ import annotations

import pytest

from channelwise.errors import StatsError
from channelwise.services import Services
from channelwise.services.stats import attachment, import_stats
from channelwise.stats import Upload
from tests.conftest import FIXTURES


def test_exports_become_figures_and_a_bilingual_attachment(services: Services) -> None:
    path = FIXTURES / "stats" / "meta" / "Instagram posts Mar-01-2024_Mar-31-2024.csv"
    result = import_stats(services.settings, [Upload(path.name, path.read_bytes())])
    attached = attachment(result, [path.name])
    assert attached.files == (path.name,)
    assert "| Instagram | – | 19,600 (Reach) |" in attached.summary("en")
    assert "| Instagram | – | 19.600 (Reichweite) |" in attached.summary("de")


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
    for text in (attached.summary("en"), attached.summary("de")):
        assert "\x01" not in text and "\x1b" not in text
