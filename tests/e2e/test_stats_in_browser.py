"""Upload an export in a real Chromium: figures appear; the upload limit is the setting's."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from ..conftest import FIXTURES
from .conftest import wait_until_idle

EXPORT = FIXTURES / "stats" / "meta" / "Instagram posts Mar-01-2024_Mar-31-2024.csv"


def test_upload_an_export_and_a_file_over_the_limit(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    page.goto(f"{app_url}/stats")
    # CHANNELWISE_MAX_UPLOAD_MB (default 50), not Streamlit's 200 MB
    expect(page.get_by_test_id("stFileUploaderDropzoneInstructions")).to_contain_text(
        "50MB per file", timeout=60_000
    )
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(EXPORT))
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("9.800", timeout=60_000)
    wait_until_idle(page)
    big = tmp_path / "Instagram posts big.csv"
    with open(big, "wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(big))
    refused = page.get_by_test_id("stFileChips").get_by_role("alert")
    expect(refused).to_have_text("Error: File must be 50.0MB or smaller.", timeout=30_000)
    wait_until_idle(page)
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("9.800")
