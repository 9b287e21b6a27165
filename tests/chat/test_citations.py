from __future__ import annotations

import pytest

from channelwise.chat.citations import CitationFilter, attribute, cited_numbers, clean_citations


@pytest.mark.parametrize(
    ("raw", "clean", "used", "removed"),
    [
        ("Post daily [1].", "Post daily [1].", [1], []),
        ("Post daily [1]. Also [9].", "Post daily [1]. Also.", [1], [9]),
        ("A [1, 9] b [Source 2][3]", "A [1] b [2]", [1, 2], [9, 3]),
        ("Quelle: [Quelle 2; 1]", "Quelle: [2][1]", [2, 1], []),
        ("foo [12] bar", "foo bar", [], [12]),
        ("x [7][8], y", "x, y", [], [7, 8]),
        ("x [not a citation] y", "x [not a citation] y", [], []),
        ("unfinished [1", "unfinished [1", [], []),
        ("list:\n[2] item", "list:\n[2] item", [2], []),
        ("[1] first [1] again", "[1] first [1] again", [1], []),
        ("no sources at all [1]", "no sources at all", [], [1]),
    ],
)
def test_clean_citations(raw: str, clean: str, used: list[int], removed: list[int]) -> None:
    valid = set() if raw.startswith("no sources") else {1, 2}
    assert clean_citations(raw, valid) == (clean, used, removed)


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_streaming_in_any_chunk_size_equals_whole_text(size: int) -> None:
    raw = "Reels reach non-followers [1][7]. Newsletters are owned [Source 2], see [3 ]."
    flt = CitationFilter({1, 2})
    streamed = "".join(flt.feed(raw[i : i + size]) for i in range(0, len(raw), size))
    streamed += flt.flush()
    assert streamed == "Reels reach non-followers [1]. Newsletters are owned [2], see."
    assert flt.used == [1, 2]
    assert flt.removed == [7, 3]


def test_cited_numbers_keeps_order_and_duplicates() -> None:
    assert cited_numbers("a [2] b [1, 3] c [2]") == [2, 1, 3, 2]


SOURCES = {
    1: "The YouTube Partner Program pays creators 55 percent of ad revenue on long videos.",
    2: "Bluesky posts can have up to 300 characters and no ads are shown.",
}


@pytest.mark.parametrize(
    ("answer", "expected", "used"),
    [
        (
            "YouTube pays creators 55 percent of the ad revenue on long videos. Nice!",
            "YouTube pays creators 55 percent of the ad revenue on long videos [1]. Nice!",
            [1],
        ),
        (
            "- Bluesky posts: up to 300 characters\n- YouTube Partner Program pays 55 percent",
            "- Bluesky posts: up to 300 characters [2]\n"
            "- YouTube Partner Program pays 55 percent [1]",
            [2, 1],
        ),
        (
            "Post often and be kind to your audience.",
            "Post often and be kind to your audience.",
            [],
        ),
        (
            "YouTube pays 55 percent of ad revenue [2].",
            "YouTube pays 55 percent of ad revenue [2].",
            [],
        ),
    ],
)
def test_attribute_marks_sentences_that_restate_a_source(
    answer: str, expected: str, used: list[int]
) -> None:
    assert attribute(answer, SOURCES) == (expected, used)
