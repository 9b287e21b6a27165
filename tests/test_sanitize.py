"""Untrusted text made safe for where it goes: Word, spreadsheet cells, URLs on screen."""

from __future__ import annotations

import pytest

from channelwise.sanitize import inert_csv_cell, mask_url, mask_urls, strip_control


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_a_formula_is_text(start: str) -> None:
    assert inert_csv_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("cell", ["", "Newsletter", "1,5", "'quoted", " =not first"])
def test_other_cells_stay(cell: str) -> None:
    assert inert_csv_cell(cell) == cell


def test_control_characters_go_tabs_and_newlines_stay() -> None:
    text = "a\x00b\x01c\x08d\x0be\x0cf\x1fg\ufffeh\ud800i\tj\nk\rl\x7fm\u00a0n\u2028o"
    assert strip_control(text) == "abcdefghi\tj\nk\rl\x7fm\u00a0n\u2028o"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://localhost:11434/v1", "http://localhost:11434/v1"),
        ("https://user:sk-secret@llm.example.com/v1", "https://***@llm.example.com/v1"),
        ("https://sk-secret@llm.example.com:8443/v1", "https://***@llm.example.com:8443/v1"),
        (
            "https://llm.example.com/v1?api_key=sk-secret&model=x&access_token=t0k",
            "https://llm.example.com/v1?api_key=***&model=x&access_token=***",
        ),
        ("http://[::1]:8000/v1", "http://[::1]:8000/v1"),
        ("https://llm.example.com/v1#token=abc", "https://llm.example.com/v1"),
        ("http://host:notaport/v1", "***"),
    ],
)
def test_urls_are_shown_without_credentials(url: str, shown: str) -> None:
    assert mask_url(url) == shown


def test_urls_in_a_label_are_masked() -> None:
    label = "llama3.2 at http://u:p@127.0.0.1:11434/v1 (and https://x.example/?token=t)"
    assert (
        mask_urls(label)
        == "llama3.2 at http://***@127.0.0.1:11434/v1 (and https://x.example/?token=***)"
    )
