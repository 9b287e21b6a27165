"""A small knowledge base in the current format, written into a temp folder by the tests:
two document pairs with question blocks below every section, and a playbook of two entries."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from channelwise.knowledge.embeddings import Embedder, Vectors

FRONT = """---
title: "{title}"
language: {lang}
as_of: 2026-11-28
topics: [{topics}]
sources:
  - title: "Source"
    url: https://help.x.com/en/using-x
---
"""

X_DE = """# X: Plattformprofil

X ist ein Kurznachrichtendienst für Debatten in Echtzeit.

<!-- questions
- q: "was ist x überhaupt?"
  a: "X ist ein Kurznachrichtendienst"
-->

## Zielgruppe

X meldete am 10. Dezember 2025 rund 94,8 Millionen Nutzer in der EU. Viele Journalisten und
Politiker lesen dort mit.

<!-- questions
- q: "wie viele nutzer hat x in der eu?"
  a: "X meldete am 10. Dezember 2025"
- q: "wer ist auf x unterwegs?"
  a: ["Viele Journalisten und Politiker", "rund 94,8 Millionen Nutzer"]
-->

## Risiken

Werbekunden haben X seit 2023 in großer Zahl verlassen. Die Moderation wurde stark reduziert.

<!-- questions
- q: "ist x noch sicher für marken?"
  a: "Werbekunden haben X seit 2023"
- q: "wie steht es um die moderation auf x?"
  a: ["Die Moderation wurde", "Werbekunden haben"]
-->
"""

X_EN = """# X: platform profile

X is a short-message service for real-time debate.

<!-- questions
- q: "what even is x?"
  a: "X is a short-message service"
-->

## Audience

X reported about 94.8 million users in the EU on 10 December 2025. Many journalists and
politicians read along.

<!-- questions
- q: "how many users does x have in the eu?"
  a: "X reported about 94.8 million"
- q: "who hangs out on x?"
  a: "Many journalists and politicians"
-->

## Risks

Advertisers have left X in large numbers since 2023. Moderation was cut back sharply.

<!-- questions
- q: "is x still brand safe?"
  a: "Advertisers have left X"
- q: "what about moderation on x?"
  a: "Moderation was cut back"
-->
"""

NEWSLETTER_DE = """# Newsletter

## Double Opt-in

In Deutschland ist das Double-Opt-in-Verfahren Pflicht. Abonnenten bestätigen per E-Mail.

<!-- questions
- q: "brauch ich double opt-in für den nl?"
  a: "In Deutschland ist das Double-Opt-in-Verfahren"
- q: "wie läuft die bestätigung?"
  a: "Abonnenten bestätigen per E-Mail"
-->
"""

NEWSLETTER_EN = """# Newsletter

## Double opt-in

In Germany, double opt-in is required. Subscribers confirm by e-mail.

<!-- questions
- q: "do i need double opt-in for the nl?"
  a: "In Germany, double opt-in is required"
- q: "how does confirming work?"
  a: "Subscribers confirm by e-mail"
-->
"""

LEAVE_X = """id: leave-x
title:
  de: "X verlassen?"
  en: "Leave X?"
questions:
  de: ["sollen wir x verlassen?", "raus aus x?", "x noch sinnvoll?", "x oder bluesky?"]
  en: ["should we leave x?", "quit x?", "x still worth it?", "x or bluesky?"]
related: [start-newsletter]
answers:
  - when: "meta_share >= 70"
    de: [{say: "Bleiben Sie vorerst: {meta_share} Ihrer Reichweite hängt an Meta.",
          cite: "platform-x: Zielgruppe"}]
    en: [{say: "Stay for now: {meta_share} of your reach depends on Meta.",
          cite: "platform-x: Audience"}]
  - de: [{say: "Halten Sie X im Minimalbetrieb.", cite: "platform-x: Risiken"}]
    en: [{say: "Keep X at a minimal presence.", cite: "platform-x: Risks"}]
"""

START_NEWSLETTER = """id: start-newsletter
title:
  de: "Einen Newsletter starten?"
  en: "Start a newsletter?"
questions:
  de: ["lohnt sich ein nl?", "newsletter starten?", "nl oder insta?", "newsletter ja oder nein?"]
  en: ["is a nl worth it?", "start a newsletter?", "nl or insta?", "newsletter yes or no?"]
answers:
  - de: [{say: "Ja, mit Double-Opt-in.", cite: "owned-newsletter: Double"}]
    en: [{say: "Yes, with double opt-in.", cite: "owned-newsletter: Double"}]
"""

DECLINED = """topics:
  - id: mail-tool-prices
    about:
      de: "Preise von Newsletter-Werkzeugen"
      en: "Prices of newsletter tools"
    questions:
      de: ["was kostet brevo?", "preis von cleverreach?", "welches mail tool ist billig?"]
      en: ["how much is brevo?", "cleverreach pricing?", "cheapest mail tool?"]
"""


def write_pair_kb(folder: Path) -> Path:
    """Write the knowledge base into ``folder`` (created) and return it."""
    (folder / "playbook").mkdir(parents=True)
    files = {
        "platform-x.de.md": FRONT.format(
            title="X: Plattformprofil", lang="de", topics="platform, x"
        )
        + X_DE,
        "platform-x.en.md": FRONT.format(
            title="X: platform profile", lang="en", topics="platform, x"
        )
        + X_EN,
        "owned-newsletter.de.md": FRONT.format(title="Newsletter", lang="de", topics="newsletter")
        + NEWSLETTER_DE,
        "owned-newsletter.en.md": FRONT.format(title="Newsletter", lang="en", topics="newsletter")
        + NEWSLETTER_EN,
        "playbook/leave-x.yaml": LEAVE_X,
        "playbook/start-newsletter.yaml": START_NEWSLETTER,
        "declined.yaml": DECLINED,
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


QUESTIONS_PER_DOC = {
    "platform-x.de": 5,
    "platform-x.en": 5,
    "owned-newsletter.de": 2,
    "owned-newsletter.en": 2,
}


class RecordingEmbedder:
    """The real embedder, recording every text it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.passages: list[str] = []
        self.queries: list[str] = []

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.passages.extend(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> Vectors:
        return self.inner.embed_query(text)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.queries.extend(texts)
        return self.inner.embed_queries(texts)
