"""What a chat answer is: its text, how it was made, what it rests on, what to ask next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from channelwise.grounding.compose import ComposedMode
from channelwise.i18n import Language, register, t
from channelwise.knowledge.records import Citation

AnswerMode = Literal["playbook", "section", "evidence", "model", "not_covered"]
MODES: tuple[AnswerMode, ...] = ("playbook", "section", "evidence", "model", "not_covered")


@dataclass(frozen=True)
class AnswerContext:
    """What the user brought besides the question, computed by code."""

    stats: str | None = None
    """Channel-stats figures as text (``channelwise.stats``), for a model's prompt."""
    figures: dict[str, float | str | int | None] | None = None
    """The figures playbook answers are tailored to (``stats.advice_figures``)."""
    plan: str | None = None
    """A diversification plan the user is working on."""


@dataclass(frozen=True)
class CheckSummary:
    """What the check did to a model's answer (for the details and the eval)."""

    kept: int
    dropped: dict[str, int]
    """Problem name -> number of sentences dropped for it."""
    fallback_reason: str | None


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    language: Language
    mode: AnswerMode
    covered: bool
    citations: tuple[Citation, ...]
    """The sources the text cites, numbered as its markers."""
    suggestions: tuple[str, ...]
    """Questions to ask next (each answered by the knowledge base)."""
    standalone_query: str
    """How the question was read (a follow-up with the conversation)."""
    provider: str
    raw_text: str
    """What a model wrote, before the check (empty when no model wrote)."""
    check: CheckSummary
    composed_mode: ComposedMode
    """What the knowledge base answered with (the model's answer rests on it)."""
    entry_id: str | None
    """The playbook entry that answered, if any."""
    sections: tuple[str, ...]
    """``pair#section`` of what the answer rests on (carried into follow-ups)."""
    tailored: bool
    """A playbook answer chosen by the user's figures."""
    first_token_s: float | None
    evidence_s: float
    total_s: float

    @property
    def evidence(self) -> tuple[Citation, ...]:
        return self.citations


register(
    {
        "chat.mode.playbook": {
            "en": "Strategy answer from the channelwise playbook, with its sources",
            "de": "Strategie-Antwort aus dem channelwise-Playbook, mit Quellen",
        },
        "chat.mode.playbook_tailored": {
            "en": "Strategy answer from the channelwise playbook, tailored to your figures",
            "de": "Strategie-Antwort aus dem channelwise-Playbook, auf Ihre Zahlen zugeschnitten",
        },
        "chat.mode.section": {
            "en": "Answer from the knowledge base, with its source",
            "de": "Antwort aus der Wissensbasis, mit Quelle",
        },
        "chat.mode.evidence": {
            "en": "Answered with the closest passages of the knowledge base",
            "de": "Mit den passendsten Stellen der Wissensbasis beantwortet",
        },
        "chat.mode.model": {
            "en": "Written by {model} from the knowledge base, checked by channelwise",
            "de": "Von {model} aus der Wissensbasis formuliert, von channelwise geprüft",
        },
        "chat.mode.not_covered": {
            "en": "Not covered by the knowledge base",
            "de": "Nicht in der Wissensbasis",
        },
        "chat.mode.kept": {
            "en": " (the model's wording did not pass the check)",
            "de": " (die Formulierung des Modells hat die Prüfung nicht bestanden)",
        },
    }
)


def describe_mode(
    mode: str, provider: str, reason: str | None, lang: Language, *, tailored: bool = False
) -> str:
    """Which mode answered, in words the user understands."""
    if mode == "model":
        return t("chat.mode.model", lang, model=provider)
    key = "chat.mode.playbook_tailored" if mode == "playbook" and tailored else f"chat.mode.{mode}"
    if mode not in MODES:
        key = "chat.mode.evidence"  # answers stored before the playbook (old modes)
    text = t(key, lang)
    if reason and reason not in ("no model", "not asked"):
        text += t("chat.mode.kept", lang)
    return text
