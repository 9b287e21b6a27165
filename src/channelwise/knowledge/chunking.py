"""Heading-aware chunking with overlap and stable chunk ids."""

from __future__ import annotations

import hashlib
import re

from langchain_text_splitters import MarkdownHeaderTextSplitter

from channelwise.knowledge.records import Chunk, KnowledgeDocument
from channelwise.knowledge.sentences import split_sentences
from channelwise.tokens import count_tokens

# Bump when chunking or sentence splitting (knowledge.sentences) changes its output: the
# index is then rebuilt on the next ingest.
CHUNKER_VERSION = 5
_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]


def _heading_path(metadata: dict[str, str]) -> str:
    """Section path below the document's H1 (the H1 names the document, like its title)."""
    parts = [metadata[key].strip() for _, key in _HEADERS[1:] if metadata.get(key)]
    return " > ".join(parts)


def chunk_document(doc: KnowledgeDocument, chunk_tokens: int, overlap: int) -> list[Chunk]:
    """Split a document into passages of at most ``chunk_tokens`` tokens.

    Sections (Markdown headings) are never mixed in one chunk, and a passage never ends inside
    a sentence: a section is packed from its paragraphs and list items, and only a paragraph
    longer than a passage is split, at sentence ends. Neighbouring passages of a section
    repeat up to ``overlap`` tokens of whole paragraphs or sentences. Chunk ids derive from the
    document id, position and text, so the same document always yields the same ids.
    """
    sections = MarkdownHeaderTextSplitter(_HEADERS, strip_headers=True).split_text(doc.body)
    chunks: list[Chunk] = []
    index = 0
    for section in sections:
        heading = _heading_path(section.metadata)
        h2 = section.metadata.get("h2", "").strip()
        if h2 and h2 in doc.sections[index:]:
            index = doc.sections.index(h2, index)
        units = _units(section.page_content, chunk_tokens)
        for text in _pack(units, chunk_tokens, min(overlap, chunk_tokens // 2)):
            ordinal = len(chunks)
            digest = hashlib.sha256(f"{heading}\n{text}".encode()).hexdigest()[:12]
            chunks.append(
                Chunk(
                    chunk_id=f"{doc.doc_id}::{ordinal:04d}::{digest}",
                    doc_id=doc.doc_id,
                    doc_hash=doc.content_hash,
                    ordinal=ordinal,
                    title=doc.title,
                    heading=heading,
                    text=text,
                    language=doc.language,
                    source_url=doc.primary_url,
                    topics=doc.topics,
                    section=index,
                )
            )
    return chunks


Unit = tuple[str, str]
"""A paragraph, list item or sentence, and what joins it to the unit before it."""


def _units(text: str, limit: int) -> list[Unit]:
    units: list[Unit] = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block:
            continue
        if count_tokens(block) <= limit:
            units.append((block, "\n\n"))
            continue
        for line in block.splitlines():
            line = line.strip()
            if not line:
                continue
            if count_tokens(line) <= limit:
                units.append((line, "\n"))
            else:  # one very long paragraph: at sentence ends (a sentence stays whole)
                units.extend((s, " ") for s in split_sentences(line))
    return units


def _pack(units: list[Unit], limit: int, overlap: int) -> list[str]:
    chunks: list[str] = []
    current: list[Unit] = []
    size = 0
    for unit in units:
        tokens = count_tokens(unit[0])
        if current and size + tokens > limit:
            chunks.append(_join(current))
            kept: list[Unit] = []
            kept_size = 0
            for previous in reversed(current):
                n = count_tokens(previous[0])
                if kept_size + n > overlap or kept_size + n + tokens > limit:
                    break
                kept.insert(0, previous)
                kept_size += n
            current, size = kept, kept_size
        current.append(unit)
        size += tokens
    if current:
        chunks.append(_join(current))
    return chunks


def _join(units: list[Unit]) -> str:
    text = units[0][0]
    for unit, joiner in units[1:]:
        text += joiner + unit
    return text
