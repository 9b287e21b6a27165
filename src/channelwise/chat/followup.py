"""Follow-up questions: other ways of asking them, from the conversation so far.

"und bei yt?" after "ab wie vielen followern zahlt tiktok?" means "ab wie vielen followern
zahlt YouTube?"; "how long should that test run?" needs the previous answer's topic. Without
a model, code proposes readings and the grounder keeps the one that matches the knowledge
base best (the typed question wins ties):

* the previous question with its platform (or business type) swapped for the one the
  follow-up names;
* the previous question and the follow-up together;
* the follow-up with the previous answer's first sentence (its topic).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from channelwise.grounding.matching import Reading
from channelwise.knowledge.aliases import platforms_in, replace_platforms
from channelwise.knowledge.sentences import split_sentences

_FOLLOW_UP_START = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|nice|cool|great|thanks|danke|gut|super|alright|alles klar|verstehe|"
    r"got it)\W+)*"
    r"(and|but|what about|how about|what if|also|same|so|then|und|aber|was ist mit|"
    r"wie ist es mit|wie sieht'?s mit|auch|dort|dafür|also|und wie|und was|und wenn|"
    r"was wenn|was wäre,? wenn)\b",
    re.IGNORECASE,
)
_CONTINUES = re.compile(
    r"\b(itself|instead|though|then|stattdessen|trotzdem|selbst|sonst|otherwise)\W*$"
    r"|\b(itself|stattdessen|trotzdem)\b",
    re.IGNORECASE,
)
"""Words that continue the conversation ("can the channel itself make money?", "what if
we were a café instead?", "und wenns trotzdem passiert?")."""
_REFERS = re.compile(
    r"\b(it|that|there|this|them|those|these|the same|es|das|dort|dafür|davon|dazu|damit|"
    r"dabei|dann|da|diese[rsmn]?|dies|denen|ihm|ihr|genauso|auch|sowas|so (?:was|etwas|ne|nen|"
    r"eine[nmrs]?)|such(?: an?)?|like that)\b",
    re.IGNORECASE,
)
_BUSINESS = re.compile(
    r"\b(b2b|b2c|local (?:shop|business|store)|lokale[rn]? (?:laden|geschäft|händler)|"
    r"(?:ein(?:en|em)? )?\w*laden|creator(?:in)?|influencer(?:in)?|publisher|\w*verlag|ngo|"
    r"\w*verein|non-?profit|\w*agentur|agency|startup|start-up|onlineshop|online shop|"
    r"e-?commerce|café|cafe|restaurant|praxis|kanzlei|\w*büro)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Turn:
    role: str
    """``user`` or ``assistant``."""
    content: str


def is_follow_up(question: str, history: Sequence[Turn]) -> bool:
    """Whether ``question`` may lean on the conversation (short, starts like a follow-up or
    refers back)."""
    if not any(t.role == "user" for t in history):
        return False
    words = len(question.split())
    return (
        words <= 7
        or bool(_FOLLOW_UP_START.search(question))
        or (words <= 12 and bool(_REFERS.search(question)))
        or (words <= 15 and bool(_CONTINUES.search(question)))
    )


def readings(question: str, history: Sequence[Turn]) -> list[Reading]:
    """Other ways of asking ``question`` given the conversation (empty for a question that
    stands on its own)."""
    if not is_follow_up(question, history):
        return []
    previous = next((t.content for t in reversed(history) if t.role == "user"), "")
    answer = next((t.content for t in reversed(history) if t.role == "assistant"), "")
    swapped = _swap(previous, question) if _short(question) else None
    if swapped:  # "und bei yt?": the previous question, about the new platform
        return [Reading(swapped, swap=True)]
    refers = bool(_REFERS.search(question)) and not platforms_in(question)
    typed = question.strip()
    out = [Reading(f"{previous.strip()} {typed}", refers=refers, typed=typed)]
    carried = platforms_in(previous)
    if refers and carried:  # "wie viel zeit kostet das?" after a Mastodon question
        # the platform the previous question is about: the first it names ("lohnt sich
        # threads für uns? wir sind eh schon auf insta" is about Threads)
        out.append(Reading(f"{typed} ({carried[0]})", refers=True, carried=True))
    if answer:
        first = split_sentences(re.sub(r"\s*\[\d{1,2}\]", "", answer))[:1]
        if first:
            out.append(Reading(f"{typed} {first[0]}", refers=refers, typed=typed))
    seen = {question.strip()}
    unique = []
    for reading in out:
        if reading.text.strip() and reading.text.strip() not in seen:
            seen.add(reading.text.strip())
            unique.append(reading)
    return unique


_FILLER = re.compile(
    r"\b(and|but|what|about|how|for|on|the|a|also|then|same|there|with|in|at|is|it|that|"
    r"und|aber|was|ist|mit|wie|bei|für|auf|dem|den|der|die|das|auch|dann|dort|gilt|sieht|"
    r"aus|es|mal|so|denn|eigentlich|da|wär|wäre|wären|would|be|if|wenn|we|wir|uns|us)\b",
    re.IGNORECASE,
)


def _short(question: str) -> bool:
    """A follow-up that only names something new ("und bei yt?", "what about linkedin?")."""
    rest = _FILLER.sub(" ", question)
    words = [w for w in re.findall(r"[^\W\d_]+", rest) if not platforms_in(w)]
    return len(words) <= 3


def _swap(previous: str, question: str) -> str | None:
    """``previous`` with its platform or business type replaced by the follow-up's."""
    new_platforms = platforms_in(question)
    old_platforms = platforms_in(previous)
    if new_platforms and old_platforms:
        text = replace_platforms(previous, old_platforms, new_platforms[0])
        return text if text != previous else None
    new_business = _BUSINESS.search(question)
    if new_business and _BUSINESS.search(previous):
        return _BUSINESS.sub(new_business.group(0), previous, count=1)
    return None
