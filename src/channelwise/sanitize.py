"""Text from users, files and models made safe for where it goes: stored text and Word
documents (no control characters), spreadsheet cells (no formulas).

Markdown and HTML for the browser are made inert in the UI (``channelwise.ui.safe``).
"""

from __future__ import annotations

import re

# What XML 1.0 (and so python-docx) refuses: C0 controls except tab, line feed and carriage
# return, lone surrogates, U+FFFE and U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and
#: Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def strip_control(text: str) -> str:
    """``text`` without the control characters XML cannot hold (tab and newlines stay)."""
    return _CONTROL.sub("", text)


def inert_csv_cell(value: str) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula (OWASP: prefix
    ``'``)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
