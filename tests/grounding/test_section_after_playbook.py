"""A playbook answer followed by what the best-matching section says (Composer.with_section),
without asides that point to another document."""

from __future__ import annotations

import dataclasses

from channelwise.grounding.compose import (
    MAX_WORDS,
    Composed,
    ComposedMode,
    Composer,
    asks_open,
    without_pointers,
    without_verdict,
)
from channelwise.grounding.grounder import first_sentence
from channelwise.knowledge.records import Citation


def citation(number: int, doc: str) -> Citation:
    return Citation(number, doc, "Heading", f"https://example.org/{doc}", f"{doc}#0", doc, "…")


ENTRY = Composed(
    "playbook",
    "Ja, als Test [1]. Kanäle gehören zu Meta [2].",
    (citation(1, "a.de"), citation(2, "b.de")),
    (("a", 1), ("b", 2)),
    entry_id="whatsapp-channels-worth-it",
    sentences=("Ja, als Test.", "Kanäle gehören zu Meta."),
)


def test_the_sections_new_sentences_follow_with_the_next_citation_number() -> None:
    section = Composed(
        "section",
        "Kanäle gehören zu Meta. Beiträge verschwinden nach 30 Tagen [1].",
        (citation(1, "c.de"),),
        (("c", 3),),
        sentences=("Kanäle gehören zu Meta.", "Beiträge verschwinden nach 30 Tagen."),
    )
    joined = Composer.with_section(ENTRY, section)
    assert joined.text == (
        "Ja, als Test [1]. Kanäle gehören zu Meta [2]. Beiträge verschwinden nach 30 Tagen [3]."
    )  # the sentence the entry already says is not repeated
    assert [(c.number, c.doc_id) for c in joined.citations] == [
        (1, "a.de"),
        (2, "b.de"),
        (3, "c.de"),
    ]
    assert joined.sections == (("a", 1), ("b", 2), ("c", 3))
    assert (joined.mode, joined.entry_id) == ("playbook", "whatsapp-channels-worth-it")
    assert joined.numbered()[-1] == (3, "Beiträge verschwinden nach 30 Tagen.")


def test_nothing_is_added_beyond_the_word_limit_or_when_all_is_said() -> None:
    long = " ".join(["Wort"] * MAX_WORDS) + "."
    section = Composed(
        "section", f"{long} [1]", (citation(1, "c.de"),), (("c", 3),), sentences=(long,)
    )
    assert Composer.with_section(ENTRY, section) == ENTRY
    same = Composed(
        "section",
        "Ja, als Test [1].",
        (citation(1, "c.de"),),
        (("c", 3),),
        sentences=("Ja, als Test.",),
    )
    assert Composer.with_section(ENTRY, same) == ENTRY


def test_a_pointer_to_another_document_is_left_out_even_with_parentheses_inside() -> None:
    text = (
        "Die Anmeldung wird per Double-Opt-in bestätigt (siehe „Owned channel: the email "
        "newsletter (tools, growth, deliverability, double opt-in)“). Rabatte (10 %) helfen."
    )
    assert without_pointers(text) == (
        "Die Anmeldung wird per Double-Opt-in bestätigt. Rabatte (10 %) helfen."
    )


def composed(mode: ComposedMode, doc: str, key: tuple[str, int], *sentences: str) -> Composed:
    """An answer of ``sentences`` resting on one section (its marker after the last)."""
    text = " ".join(sentences)[:-1] + " [1]."
    return Composed(
        mode,
        text,
        (citation(1, doc),),
        (key,),
        entry_id="whatsapp-channels-worth-it" if mode == "playbook" else None,
        sentences=sentences,
    )


def test_a_short_sentence_that_a_longer_one_of_the_entry_already_says_is_not_added() -> None:
    entry = composed(
        "playbook",
        "a.en",
        ("a", 1),
        "Yes, for most teams: WhatsApp Channels are among the cheapest channels to run, and "
        "two to four short updates a week are usually enough.",
    )
    section = composed(
        "section",
        "c.en",
        ("c", 3),
        "WhatsApp Channels are among the cheapest channels to run for a small team.",
        "Updates disappear after 30 days.",
    )
    joined = Composer.with_section(entry, section)
    assert joined.text == f"{entry.text} Updates disappear after 30 days [2]."


def test_a_related_entry_adds_its_recommendation_not_its_yes_or_no() -> None:
    verdict = Composed(
        "playbook",
        "Möglich, und garantiert ist sie ohnehin nicht: Empfehlungssysteme steuern die "
        "Reichweite [1]. KI-Inhalte konkurrieren um dieselben Plätze [2].",
        (citation(1, "a.de"), citation(2, "b.de")),
        (("a", 1), ("b", 2)),
        entry_id="meta-ai-reach",
        sentences=(
            "Möglich, und garantiert ist sie ohnehin nicht: Empfehlungssysteme steuern die "
            "Reichweite.",
            "KI-Inhalte konkurrieren um dieselben Plätze.",
        ),
    )
    lead = first_sentence(verdict)
    assert lead.sentences == ("KI-Inhalte konkurrieren um dieselben Plätze.",)
    assert [c.doc_id for c in lead.citations] == ["b.de"] and lead.sections == (("b", 2),)
    joined = Composer.with_section(ENTRY, lead)
    assert joined.text.endswith(
        "Kanäle gehören zu Meta [2]. KI-Inhalte konkurrieren um dieselben Plätze [3]."
    )
    recommendation = dataclasses.replace(
        verdict,
        text="Handeln Sie in der ersten Stunde: Passwort ändern, Sitzungen abmelden [1].",
        citations=(citation(1, "c.de"),),
        sections=(("c", 4),),
        sentences=("Handeln Sie in der ersten Stunde: Passwort ändern, Sitzungen abmelden.",),
    )
    assert first_sentence(recommendation).sentences == recommendation.sentences


def test_asked_what_or_how_the_entrys_yes_is_left_out() -> None:
    answer = without_verdict(ENTRY)
    assert answer.text == "Als Test [1]. Kanäle gehören zu Meta [2]."
    assert answer.sentences == ("Als Test.", "Kanäle gehören zu Meta.")
    assert answer.citations == ENTRY.citations
    but = dataclasses.replace(
        ENTRY,
        text="Yes, but the promise matters more [1].",
        sentences=("Yes, but the promise matters more.",),
    )
    assert without_verdict(but).text == "The promise matters more [1]."
    advice = dataclasses.replace(ENTRY, text="Nur als Test [1].", sentences=("Nur als Test.",))
    assert without_verdict(advice) == advice  # a recommendation, no yes or no
    condition = dataclasses.replace(
        ENTRY,
        text="Yes, if your content is evergreen [1].",
        sentences=("Yes, if your content is evergreen.",),
    )
    assert without_verdict(condition) == condition  # "If your content is evergreen." says nothing


def test_an_open_question_asks_what_or_how_not_whether() -> None:
    assert asks_open("what's the ideal length for a linkedin post?", "en")
    assert asks_open("and what happens if we don't?", "en")
    assert asks_open("wie setzen wir ki ein, ohne austauschbar zu klingen?", "de")
    assert not asks_open("what about tiktok?", "en")  # whether tiktok is worth it
    assert not asks_open("is tiktok worth it for us?", "en")
    assert not asks_open("was organic reach always this bad?", "en")  # English "was"
    assert not asks_open("wie wäre es mit tiktok?", "de")
    assert not asks_open("lohnt sich tiktok?", "de")
