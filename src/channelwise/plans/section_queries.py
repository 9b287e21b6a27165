"""What a plan section searches for, and the question its prose answers (German and English).

The prompt itself is the chat's (:mod:`channelwise.grounding.prompts`): fixed instructions first,
the numbered evidence, the plan's figures as data, the section's question last, so a small
local model writes one or two sentences from the evidence and llama.cpp's prefix cache holds
the same instructions for chat answers and plan sections. No I/O.
"""

from __future__ import annotations

from channelwise.i18n import Language, register, t

register(
    {
        "plan_prompt.query.situation": {
            "en": "platform concentration risk Meta organic reach decline diversification",
            "de": "Konzentrationsrisiko Plattform Meta organische Reichweite Diversifizierung",
        },
        "plan_prompt.query.channel": {
            "en": "{channel} formats posting cadence growth for small teams",
            "de": "{channel} Formate Rhythmus Wachstum für kleine Teams",
        },
        "plan_prompt.query.owned": {
            "en": "newsletter owned channel move followers sign-up double opt-in",
            "de": "Newsletter eigener Kanal Follower überführen Anmeldung Double-Opt-in",
        },
        "plan_prompt.query.content": {
            "en": "authentic human content strategy hard to copy formats",
            "de": "authentische menschliche Content-Strategie schwer kopierbare Formate",
        },
        "plan_prompt.query.ai": {
            "en": "AI tools workflow human review disclosure labelling AI content",
            "de": "KI Werkzeuge Arbeitsablauf Prüfung Kennzeichnung KI-Inhalte",
        },
        "plan_prompt.question.channel.grow": {
            "en": "Why should a small team grow its presence on {channel}?",
            "de": "Warum sollte ein kleines Team seine Präsenz auf {channel} ausbauen?",
        },
        "plan_prompt.question.channel.maintain": {
            "en": "Why should a small team keep {channel} without relying on it?",
            "de": "Warum sollte ein kleines Team {channel} halten, ohne sich darauf zu verlassen?",
        },
        "plan_prompt.question.channel.test": {
            "en": "Why should a small team try {channel} as a new channel?",
            "de": "Warum sollte ein kleines Team {channel} als neuen Kanal ausprobieren?",
        },
        "plan_prompt.question.channel.owned": {
            "en": "Why should a small team build its own {channel}?",
            "de": "Warum sollte ein kleines Team einen eigenen Kanal wie {channel} aufbauen?",
        },
        "plan_prompt.question.owned": {
            "en": "How does a small team move its followers from platforms to its own newsletter "
            "or website?",
            "de": "Wie bringt ein kleines Team seine Follower von Plattformen in den eigenen "
            "Newsletter oder auf die eigene Website?",
        },
        "plan_prompt.question.content": {
            "en": "Which content is hard to copy with AI-generated content?",
            "de": "Welche Inhalte lassen sich mit KI-generierten Inhalten schwer kopieren?",
        },
        "plan_prompt.question.ai": {
            "en": "How should a social-media team use AI tools, and when must AI content be "
            "labelled?",
            "de": "Wie sollte ein Social-Media-Team KI-Werkzeuge nutzen, und wann müssen "
            "KI-Inhalte gekennzeichnet werden?",
        },
    }
)

QUERY_KINDS = ("situation", "channel", "owned", "content", "ai")
"""Sections that look for evidence (timeline and risks are the skeleton's)."""
QUESTION_KINDS = ("channel", "owned", "content", "ai")
"""Sections whose evidence is chosen for a question (the situation's for its query)."""
PROSE_KINDS = ("channel", "owned")
"""Sections whose prose the model writes: why each channel, how to build the owned ones.
The others need no model: the situation's summary is computed, and the content and AI parts
hold fixed ideas and rules next to their best evidence sentence, quoted (one model call
fewer each, and a rule is best said in the source's own words)."""


def kind(key: str) -> str:
    return "channel" if key.startswith("channel:") else key


def query(key: str, lang: Language, **values: str) -> str:
    return t(f"plan_prompt.query.{kind(key)}", lang, **values)


def question(key: str, lang: Language, *, role: str = "", **values: str) -> str:
    """The question the section's prose answers (``role`` picks a channel's question)."""
    name = f"channel.{role}" if kind(key) == "channel" else kind(key)
    return t(f"plan_prompt.question.{name}", lang, **values)
