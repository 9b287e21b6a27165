"""``channelwise stats`` through Typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from channelwise.cli import app
from tests.conftest import FIXTURES

runner = CliRunner()
OVERVIEW = str(FIXTURES / "stats/tiktok/Overview_2024-03-01_1711929600_beispiel.handle.zip")
FOLLOWERS = str(FIXTURES / "stats/tiktok/Followers_2024-03-01_1711929600_beispiel.handle.zip")
INSTAGRAM = str(FIXTURES / "stats/meta/Instagram posts Mar-01-2024_Mar-31-2024.csv")


def test_text_output_lists_files_totals_and_metrics() -> None:
    result = runner.invoke(app, ["stats", OVERVIEW, FOLLOWERS, INSTAGRAM])
    assert result.exit_code == 0, result.output
    out = result.output
    assert (
        "✓ Overview_2024-03-01_1711929600_beispiel.handle.zip/Overview.csv: TikTok Studio "
        "overview (daily); 4 rows; utf-8" in out
    )
    assert (
        "– Followers_2024-03-01_1711929600_beispiel.handle.zip/FollowerGender.csv: TikTok "
        "Studio follower gender" in out
    )
    assert "| TikTok | 10,060 | 3,680 (Views) | 545 | – | 2024-03-01 to 2024-03-04 |" in out
    # 19,600 / (19,600 + 3,680) = 84.2 %
    assert "- Reach share: Instagram 84.2%, TikTok 15.8%" in out


def test_german_output() -> None:
    result = runner.invoke(app, ["stats", "--lang", "de", INSTAGRAM])
    assert result.exit_code == 0, result.output
    assert "## Erkannte Dateien" in result.output
    assert (
        "| Instagram | – | 19.600 (Reichweite) | 1.785 | 3 | 02.03.2024–30.03.2024 |"
        in result.output
    )


def test_json_output() -> None:
    result = runner.invoke(app, ["stats", "--json", OVERVIEW])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["platforms"][0]["metrics"]["views"] == 3680
    assert data["files"][0]["format"] == "tiktok_overview"


def test_template_is_written_and_reads_back_empty(tmp_path: Path) -> None:
    target = tmp_path / "template.csv"
    result = runner.invoke(app, ["stats", "--template", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert (
        text.splitlines()[-1]
        == "platform,date,followers,reach,impressions,engagements,posts,clicks"
    )
    assert text.startswith("# channelwise generic template")
    # Filled in, the template is recognized as such.
    target.write_text(text + "instagram,2024-03,12500,48000,95000,3100,12,420\n", encoding="utf-8")
    filled = runner.invoke(app, ["stats", "--json", str(target)])
    assert filled.exit_code == 0, filled.output
    assert json.loads(filled.output)["platforms"][0]["metrics"]["followers"] == 12500


def test_german_template(tmp_path: Path) -> None:
    target = tmp_path / "vorlage.csv"
    assert runner.invoke(app, ["stats", "--lang", "de", "--template", str(target)]).exit_code == 0
    assert "# channelwise-Vorlage" in target.read_text(encoding="utf-8")


def test_bad_file_prints_message_and_exits_with_stats_code(tmp_path: Path) -> None:
    bad = tmp_path / "bild.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    result = runner.invoke(app, ["stats", str(bad)])
    assert result.exit_code == 5
    assert result.stderr.startswith("Error: 'bild.csv' is a PNG image")
    german = runner.invoke(app, ["stats", "--lang", "de", str(bad)])
    assert german.exit_code == 5
    assert german.stderr.startswith("Fehler: 'bild.csv' ist ein PNG-Bild")


def test_only_de_or_en_is_accepted() -> None:
    result = runner.invoke(app, ["stats", "--lang", "fr", INSTAGRAM])
    assert result.exit_code == 2
    assert "Invalid value for '--lang'" in result.stderr
    upper = runner.invoke(app, ["stats", "--lang", "DE", INSTAGRAM])
    assert upper.exit_code == 0 and "## Erkannte Dateien" in upper.stdout


def test_missing_file_and_no_arguments(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["stats", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 5
    assert f"Error: Cannot read '{tmp_path / 'nope.csv'}': No such file" in missing.stderr
    nothing = runner.invoke(app, ["stats"])
    assert nothing.exit_code == 2
