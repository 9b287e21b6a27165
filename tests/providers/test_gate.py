"""The local model's gate: one call at a time, chat before plans, positions, a time limit."""

from __future__ import annotations

import threading
import time

import pytest

from channelwise.providers.errors import ModelBusyError
from channelwise.providers.gate import CHAT, LOADING, PLAN, WARM_UP, ModelGate


def test_waiting_callers_are_served_chat_first_then_in_order_and_hear_their_position() -> None:
    gate = ModelGate()
    served: list[str] = []
    positions: dict[str, list[int]] = {}
    release = threading.Event()

    def holder() -> None:
        with gate.turn(CHAT):
            served.append("holder")
            release.wait(5)

    def caller(name: str, priority: int) -> None:
        seen = positions.setdefault(name, [])
        with gate.turn(priority, on_wait=seen.append, wait_s=10):
            served.append(name)

    first = threading.Thread(target=holder)
    first.start()
    while not gate.busy():
        time.sleep(0.01)
    threads = []
    for name, priority in [("plan-1", PLAN), ("plan-2", PLAN), ("chat-1", CHAT)]:
        thread = threading.Thread(target=caller, args=(name, priority))
        thread.start()
        threads.append(thread)
        while gate.waiting() < len(threads):
            time.sleep(0.01)
    time.sleep(0.3)  # everybody has seen their position
    release.set()
    for thread in [first, *threads]:
        thread.join(5)
    assert served == ["holder", "chat-1", "plan-1", "plan-2"]
    # 1 = next after the one generating; the chat question jumped ahead of both plans
    assert positions["plan-1"][:2] == [1, 2]
    assert positions["plan-2"][:2] == [2, 3]
    assert positions["chat-1"] == [1]


def test_a_caller_gives_up_after_its_wait_and_leaves_the_queue() -> None:
    gate = ModelGate()
    release = threading.Event()

    def holder() -> None:
        with gate.turn(CHAT):
            release.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    while not gate.busy():
        time.sleep(0.01)
    started = time.monotonic()
    with pytest.raises(ModelBusyError) as busy, gate.turn(CHAT, wait_s=0.3):
        pass
    assert 0.25 <= time.monotonic() - started < 2
    assert "Platz 1" in busy.value.localized("de")
    assert gate.waiting() == 0
    release.set()
    thread.join(5)
    with gate.turn(CHAT, wait_s=0.5):  # free again
        assert gate.busy()


def test_while_the_model_only_loads_the_next_caller_hears_loading_not_a_queue() -> None:
    """The issue's first question after start saw "Platz 1 in der Warteschlange" while only
    the warm-up held the model: that caller now hears LOADING; the one behind it, 2."""
    gate = ModelGate()
    release = threading.Event()
    heard: dict[str, list[int]] = {"first": [], "second": []}

    def warm_up() -> None:
        with gate.turn(WARM_UP):
            release.wait(5)

    def caller(name: str) -> None:
        with gate.turn(CHAT, on_wait=heard[name].append, wait_s=10):
            pass

    holder = threading.Thread(target=warm_up)
    holder.start()
    while not gate.busy():
        time.sleep(0.01)
    callers = []
    for name in ("first", "second"):
        thread = threading.Thread(target=caller, args=(name,))
        thread.start()
        callers.append(thread)
        while gate.waiting() < len(callers):
            time.sleep(0.01)
    time.sleep(0.3)
    release.set()
    for thread in [holder, *callers]:
        thread.join(5)
    assert heard["first"] == [LOADING]
    assert heard["second"][0] == 2


def test_a_caller_behind_a_real_generation_hears_its_place() -> None:
    gate = ModelGate()
    release = threading.Event()
    heard: list[int] = []

    def generation() -> None:
        with gate.turn(PLAN):
            release.wait(5)

    holder = threading.Thread(target=generation)
    holder.start()
    while not gate.busy():
        time.sleep(0.01)
    waiter = threading.Thread(target=lambda: gate.turn(CHAT, heard.append, 10).__enter__())
    waiter.start()
    time.sleep(0.3)
    release.set()
    for thread in (holder, waiter):
        thread.join(5)
    assert heard == [1]
