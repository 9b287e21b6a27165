"""Text from users, models and files made inert for the browser (the helpers; the browser
tests in tests/e2e/test_hostile_content_in_browser.py show the effect)."""

from __future__ import annotations

import json

import pytest

from channelwise.ui.inert import inert_chunks, inert_markdown, script_literal

HOSTILE = (
    "**Tipp** ![a](https://t.example/a.png) ![b][r] <img src=x onerror=alert(1)> "
    "<https://t.example/c.png> \\![d](https://t.example/d.png) !![e](x)\n\n[r]: https://t.example/r.png"
)


def test_images_and_tags_are_shown_not_rendered() -> None:
    assert inert_markdown(HOSTILE) == (
        "**Tipp** !&#91;a](https://t.example/a.png) !&#91;b][r] &lt;img src=x onerror=alert(1)> "
        "&lt;https://t.example/c.png> \\!&#91;d](https://t.example/d.png) !!&#91;e](x)\n\n"
        "[r]: https://t.example/r.png"
    )


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_a_stream_is_made_inert_across_chunk_borders(size: int) -> None:
    chunks = [HOSTILE[i : i + size] for i in range(0, len(HOSTILE), size)]
    assert "".join(inert_chunks(chunks)) == inert_markdown(HOSTILE)
    assert "".join(inert_chunks(["Achtung!"])) == "Achtung!"


def test_a_script_literal_cannot_leave_its_script() -> None:
    text = "</script><script>alert(1)</script><!-- & \u2028 \u2029 \"quoted\" 'single'"
    literal = script_literal(text)
    assert not any(c in literal for c in "<>&\u2028\u2029")
    assert json.loads(literal) == text  # the page copies exactly this
