"""Evidence chosen among the sentences a caller keeps (a plan section: its channel's only)."""

from __future__ import annotations

from channelwise.services import Services

QUERY = "Instagram formats posting cadence growth for small teams"
QUESTION = "Why should a small team keep Instagram without relying on it?"


def test_kept_sentences_are_chosen_before_the_limit_not_after(real_services: Services) -> None:
    grounder = real_services.grounder
    everything = grounder.find(QUERY, QUESTION, k=5)
    # without a filter the best sentences come from several documents
    assert len({e.doc_id for e in everything.items}) > 1
    instagram = grounder.find(
        QUERY, QUESTION, k=5, keep=lambda e: e.doc_id == "platform-instagram.en"
    )
    assert len(instagram.items) >= 2  # a full set of evidence, not what was left of one
    assert {e.doc_id for e in instagram.items} == {"platform-instagram.en"}
    assert [e.number for e in instagram.items] == list(range(1, len(instagram.items) + 1))
    assert instagram.vectors.shape[0] == len(instagram.items)
