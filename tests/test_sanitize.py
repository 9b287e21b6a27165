"""Untrusted text made safe for where it goes: Word documents, spreadsheet cells."""

from __future__ import annotations

import pytest

from channelwise.sanitize import inert_csv_cell, strip_control


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_a_formula_is_text(start: str) -> None:
    assert inert_csv_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("cell", ["", "Newsletter", "1,5", "'quoted", " =not first"])
def test_other_cells_stay(cell: str) -> None:
    assert inert_csv_cell(cell) == cell


def test_control_characters_go_tabs_and_newlines_stay() -> None:
    text = "a\x00b\x01c\x08d\x0be\x0cf\x1fg\ufffeh\ud800i\tj\nk\rl\x7fm\u00a0n\u2028o"
    assert strip_control(text) == "abcdefghi\tj\nk\rl\x7fm\u00a0n\u2028o"
