"""What the editorial checks report, and the raw documents they read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One broken rule in one document, with the fix, in English and German."""

    doc_id: str
    rule: str
    message_en: str
    message_de: str

    def message(self, language: str = "en") -> str:
        return self.message_de if language == "de" else self.message_en


@dataclass(frozen=True)
class RawDocument:
    """A document file split into its front matter and its body (question blocks kept)."""

    doc_id: str
    meta: dict[str, Any]
    body: str

    def source_urls(self) -> list[str]:
        sources = self.meta.get("sources")
        if not isinstance(sources, list):
            return []
        return [str(s.get("url") or "").strip() for s in sources if isinstance(s, dict)]
