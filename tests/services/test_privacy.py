"""The use cases enforce who owns what (issue 12), not only the pages: a signed-in user
reaches only their own conversations, figures and plans, whatever id they pass."""

from __future__ import annotations

import inspect

import pytest

from channelwise.access import SHARED_WORKSPACE, Actor, Identity
from channelwise.db import ConversationNotFoundError, PlanNotFoundError, StatsAttachment
from channelwise.i18n import Bilingual
from channelwise.services import Services
from channelwise.services.conversations import (
    ask,
    attach_stats,
    conversation_messages,
    conversation_stats,
    delete_conversation,
    list_conversations,
    open_conversation,
    rename_conversation,
)
from channelwise.services.plans import (
    compare_with_actuals,
    complete_plan,
    generate_plan,
    list_plans,
    open_plan,
    plan_versions,
    revise_plan,
)
from tests.plans.conftest import analyze
from tests.services.test_plans import INPUTS

ISSUER = "https://accounts.example.com"
ANNA = Actor.signed_in(Identity(ISSUER, "sub-anna", "anna@example.com"))
BEN = Actor.signed_in(Identity(ISSUER, "sub-ben", "ben@example.com"))
FIGURES = StatsAttachment(("a.csv",), Bilingual("Meta share: 80%", "Meta-Anteil: 80 %"))


def test_conversations_are_their_owners(services: Services) -> None:
    exchange = ask(services, "Wie abhängig sind wir von Meta?", actor=ANNA, stats=FIGURES)
    mine = exchange.conversation.id
    assert ANNA.owner == Identity(ISSUER, "sub-anna", "other@example.com").owner
    assert [c.id for c in list_conversations(services, actor=ANNA)] == [mine]
    for other in (BEN, SHARED_WORKSPACE):
        assert list_conversations(services, actor=other) == []
        assert open_conversation(services, mine, actor=other) is None
        assert conversation_messages(services, mine, actor=other) == []
        assert conversation_stats(services, mine, actor=other) is None
        with pytest.raises(ConversationNotFoundError):
            rename_conversation(services, mine, "Übernommen", actor=other)
        with pytest.raises(ConversationNotFoundError):
            delete_conversation(services, mine, actor=other)
        with pytest.raises(ConversationNotFoundError):
            attach_stats(services, mine, FIGURES, actor=other)
        # asking "in" someone else's conversation starts one's own and sees nothing of it
        theirs = ask(services, "Und TikTok?", actor=other, conversation_id=mine)
        assert theirs.conversation.id != mine
        assert theirs.history == () and theirs.stats_text is None
    assert [m.content for m in conversation_messages(services, mine, actor=ANNA)] == [
        "Wie abhängig sind wir von Meta?"
    ]
    assert conversation_stats(services, mine, actor=ANNA) == FIGURES
    rename_conversation(services, mine, "  Meta\x01-Frage ", actor=ANNA)
    assert [c.title for c in list_conversations(services, actor=ANNA)] == ["Meta-Frage"]
    delete_conversation(services, mine, actor=ANNA)
    assert list_conversations(services, actor=ANNA) == []


def test_plans_are_their_owners(services: Services) -> None:
    stats = analyze("generic/template_filled.csv")
    plan = generate_plan(services, INPUTS, stats, actor=ANNA, use_model=False).plan
    plan_id = str(plan.id)
    assert [p.id for p in list_plans(services, actor=ANNA)] == [plan_id]
    for other in (BEN, SHARED_WORKSPACE):
        assert list_plans(services, actor=other) == []
        with pytest.raises(PlanNotFoundError):
            open_plan(services, plan_id, actor=other)
        with pytest.raises(PlanNotFoundError):
            plan_versions(services, plan_id, actor=other)
        with pytest.raises(PlanNotFoundError):
            revise_plan(services, plan_id, "nur 5 Stunden pro Woche", actor=other)
        with pytest.raises(PlanNotFoundError):
            complete_plan(services, plan_id, actor=other)
        with pytest.raises(PlanNotFoundError):
            compare_with_actuals(services, plan_id, stats, actor=other)
    assert [v.version for v in plan_versions(services, plan_id, actor=ANNA)] == [1]
    revised = revise_plan(services, plan_id, "nur 5 Stunden pro Woche", actor=ANNA).plan
    assert open_plan(services, plan_id, actor=ANNA) == revised


def test_a_question_is_stored_without_control_characters(services: Services) -> None:
    exchange = ask(services, "Was\x00 ist\x1b ein Newsletter?", actor=SHARED_WORKSPACE)
    assert exchange.question.content == "Was ist ein Newsletter?"
    assert exchange.conversation.title == "Was ist ein Newsletter?"


def test_a_plan_links_only_the_actors_conversation(services: Services) -> None:
    """``generate_plan(conversation_id=...)`` with someone else's conversation saved the plan
    linked to it (not reachable from the app today)."""
    anna_conversation = ask(services, "Wie abhängig sind wir von Meta?", actor=ANNA).conversation
    for other in (BEN, SHARED_WORKSPACE):
        with pytest.raises(ConversationNotFoundError):
            generate_plan(
                services,
                INPUTS,
                actor=other,
                use_model=False,
                conversation_id=anna_conversation.id,
            )
        assert list_plans(services, actor=other) == []
    mine = generate_plan(
        services, INPUTS, actor=ANNA, use_model=False, conversation_id=anna_conversation.id
    ).plan
    assert [(p.id, p.conversation_id) for p in list_plans(services, actor=ANNA)] == [
        (mine.id, anna_conversation.id)
    ]


def test_every_use_case_that_reaches_the_store_needs_its_actor() -> None:
    from channelwise.services import conversations, plans

    checked = 0
    for module in (conversations, plans):
        for name, function in vars(module).items():
            if not inspect.isfunction(function) or function.__module__ != module.__name__:
                continue
            # these reach no store: a title, a one-shot answer, the form's inputs
            if name.startswith("_") or name in ("title_for", "ask_once", "plan_inputs"):
                continue
            actor = inspect.signature(function).parameters["actor"]
            assert actor.kind is inspect.Parameter.KEYWORD_ONLY, name
            assert actor.default is inspect.Parameter.empty, name
            checked += 1
    assert checked == 15
