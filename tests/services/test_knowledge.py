"""Searching the knowledge base, as the search page and `channelwise search` do."""

from __future__ import annotations

from pathlib import Path

import pytest

from channelwise.config import Settings
from channelwise.errors import IndexUnavailableError
from channelwise.services import Services, build_services
from channelwise.services.knowledge import search
from tests.conftest import make_settings
from tests.services.conftest import services_for


def test_the_best_passages_come_with_their_sources(services: Services) -> None:
    result = search(services, "What does double opt-in mean?")
    assert result.covered
    assert len(result.hits) == services.settings.retrieval_k == 5
    top = result.hits[0].chunk
    assert (top.doc_id, top.heading, top.source_url) == (
        "newsletter-basics.en",
        "Double opt-in",
        "https://example.org/newsletter",
    )


def test_the_number_of_passages_comes_from_the_settings_unless_given(
    indexed_settings: Settings, tmp_path: Path
) -> None:
    services = services_for(indexed_settings, tmp_path / "appdata", retrieval_k=2)
    assert len(search(services, "Newsletter").hits) == 2
    assert len(search(services, "Newsletter", k=1).hits) == 1


def test_a_language_filter_and_the_modes(services: Services) -> None:
    german = search(services, "Einwilligung Newsletter", language="de", k=3)
    assert german.hits and {h.chunk.language for h in german.hits} == {"de"}
    assert german.hits[0].chunk.title == "Impressum und Datenschutz für Social-Media-Profile"
    dense = search(services, "double opt-in", mode="dense", k=2)
    assert [h.bm25_rank for h in dense.hits] == [None, None]


@pytest.mark.parametrize("query", ["Rezept für Lasagne", "   "])
def test_a_query_the_knowledge_base_does_not_cover(services: Services, query: str) -> None:
    result = search(services, query)
    assert not result.covered
    assert result.query == query.strip()


def test_without_an_index_the_error_says_how_to_build_one(tmp_path: Path) -> None:
    services = build_services(make_settings(tmp_path / "empty"))
    with pytest.raises(IndexUnavailableError) as err:
        search(services, "reach")
    assert "channelwise ingest" in str(err.value)
