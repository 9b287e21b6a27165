"""Text from users, models and files, made inert for the browser.

Several people share one deployment: a question, an answer, a plan field, a conversation
title or a file name written by one of them is shown to the others. Markdown would load an
image from any server (``![](https://tracker/pixel.png)``, also by reference) and Streamlit
labels render images too; raw HTML must never reach the page. Every such text goes through
:func:`inert_markdown` (or :func:`inert_chunks` while it streams) before Streamlit renders it,
and through :func:`script_literal` before it goes into a ``<script>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator


def inert_markdown(text: str) -> str:
    """``text`` for ``st.markdown``, captions, messages and labels: shown as written, but no
    image is loaded and no HTML is rendered.

    ``<`` becomes ``&lt;`` (no HTML tag, no ``<https://...>`` autolink) and the ``[`` of
    every ``![`` becomes ``&#91;`` (no inline or reference image). Entities are shown as the
    character, so the text reads the same; other Markdown (bold, lists, tables, links) stays.
    """
    return text.replace("<", "&lt;").replace("![", "!&#91;")


def inert_chunks(chunks: Iterable[str]) -> Iterator[str]:
    """:func:`inert_markdown` for a stream (``st.write_stream``): a ``!`` at the end of a
    chunk waits for the next one, in case that starts with ``[``."""
    held = ""
    for chunk in chunks:
        text = held + chunk
        held = "!" if text.endswith("!") else ""
        text = text[: len(text) - len(held)]
        if text:
            yield inert_markdown(text)
    if held:
        yield held


def script_literal(value: str) -> str:
    """``value`` as a JavaScript string literal that is safe inside ``<script>``: nothing in
    it can close the script (``</script>``), open a comment (``<!--``) or end the line."""
    return (
        json.dumps(value)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
