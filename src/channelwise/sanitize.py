"""Text from users, files and models made safe for where it goes: stored text and Word
documents (no control characters), spreadsheet cells (no formulas), URLs shown to visitors
(no credentials).

Markdown and HTML for the browser are made inert in the UI (``channelwise.ui.inert``).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# What XML 1.0 (and so python-docx) refuses: C0 controls except tab, line feed and carriage
# return, lone surrogates, U+FFFE and U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and
#: Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SECRET_PARAMS = re.compile(r"key|token|secret|passw|pwd|auth|sig", re.IGNORECASE)
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>\"'()]+")
MASK = "***"


def strip_control(text: str) -> str:
    """``text`` without the control characters XML cannot hold (tab and newlines stay)."""
    return _CONTROL.sub("", text)


def inert_csv_cell(value: str) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula (OWASP: prefix
    ``'``)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def mask_url(url: str) -> str:
    """``url`` with its user, password and secret-looking query values replaced by ``***``,
    fit to show to every visitor (``https://***@host/v1?api_key=***``)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return MASK  # not a URL we can take apart: show none of it
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    if parts.username is not None or parts.password is not None:
        netloc = f"{MASK}@{netloc}"
    query = urlencode(
        [
            (name, MASK if _SECRET_PARAMS.search(name) else value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
        ],
        safe="*",
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def mask_urls(text: str) -> str:
    """Every URL in ``text`` masked (:func:`mask_url`)."""
    return _URL.sub(lambda match: mask_url(match.group()), text)
