"""One local model, one generation at a time, and a fair queue in front of it.

A llama.cpp context is not thread-safe and two cores cannot run two generations usefully, so
every call to the local model takes its turn at the gate. Waiting callers are served by
priority (a chat answer before a plan section), then in order of arrival; each learns its
position while it waits (the UI shows it) and gives up after ``wait_s`` with
:class:`ModelBusyError` (the chat then answers with the evidence). A generation that runs
longer than its limit is stopped by the model (see ``llamacpp``), so a stuck call cannot hold
the gate for ever.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from channelwise.providers.errors import ModelBusyError

CHAT = 0
"""Priority of a chat answer (served first)."""
PLAN = 1
"""Priority of a plan section."""
WARM_UP = 2
"""Loading the model and reading its fixed instructions (before anyone asked)."""
LOADING = 0
"""The position reported while the model is still being loaded (not a queue)."""

OnWait = Callable[[int], None]
"""Called with the caller's position (1 = next) whenever it changes while waiting, or with
:data:`LOADING` while the model in front of them is only loading."""


@dataclass(order=True)
class _Ticket:
    priority: int
    seq: int
    thread: str = field(compare=False, default="")


class ModelGate:
    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._waiting: list[_Ticket] = []
        self._busy = False
        self._warming = False
        self._seq = itertools.count()

    def waiting(self) -> int:
        """How many callers wait (not counting the one generating)."""
        with self._condition:
            return len(self._waiting)

    def busy(self) -> bool:
        with self._condition:
            return self._busy

    @contextmanager
    def turn(
        self, priority: int = CHAT, on_wait: OnWait | None = None, wait_s: float | None = None
    ) -> Iterator[None]:
        """Hold the model for one call; wait in the queue first when it is busy."""
        ticket = _Ticket(priority, next(self._seq), threading.current_thread().name)
        deadline = None if wait_s is None else time.monotonic() + wait_s
        with self._condition:
            self._waiting.append(ticket)
            self._waiting.sort()
            last: int | None = None
            while self._busy or self._waiting[0] is not ticket:
                position = self._waiting.index(ticket) + (1 if self._busy else 0)
                if self._warming and position == 1:
                    position = LOADING
                if on_wait is not None and position != last:
                    last = position
                    on_wait(position)
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    self._waiting.remove(ticket)
                    self._condition.notify_all()
                    raise ModelBusyError(
                        f"The local language model is busy with other requests (position "
                        f"{position}); gave up after {wait_s:.0f} s. The answer is made of the "
                        "evidence; ask again in a moment.",
                        f"Das lokale Sprachmodell ist mit anderen Anfragen beschäftigt (Platz "
                        f"{position}); nach {wait_s:.0f} s aufgegeben. Die Antwort besteht aus "
                        "den Belegen; fragen Sie gleich noch einmal.",
                    )
                self._condition.wait(timeout=0.25 if remaining is None else min(0.25, remaining))
            self._waiting.remove(ticket)
            self._busy = True
            self._warming = priority == WARM_UP
        try:
            yield
        finally:
            with self._condition:
                self._busy = False
                self._warming = False
                self._condition.notify_all()
