"""Heading-aware chunking with overlap and stable chunk ids."""

from __future__ import annotations

import hashlib

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

from channelwise.knowledge.records import Chunk, KnowledgeDocument
from channelwise.tokens import count_tokens

# Bump when chunking changes its output: the index is then rebuilt on the next ingest.
CHUNKER_VERSION = 3
_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]


def _heading_path(metadata: dict[str, str]) -> str:
    """Section path below the document's H1 (the H1 names the document, like its title)."""
    parts = [metadata[key].strip() for _, key in _HEADERS[1:] if metadata.get(key)]
    return " > ".join(parts)


def chunk_document(doc: KnowledgeDocument, chunk_tokens: int, overlap: int) -> list[Chunk]:
    """Split a document into passages of at most ``chunk_tokens`` tokens.

    Sections (Markdown headings) are never mixed in one chunk; a long section is split on
    paragraph, line and sentence boundaries with ``overlap`` tokens repeated between
    neighbours. Chunk ids derive from the document id, position and text, so the same
    document always yields the same ids.
    """
    sections = MarkdownHeaderTextSplitter(_HEADERS, strip_headers=True).split_text(doc.body)
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_tokens,
        chunk_overlap=min(overlap, chunk_tokens // 2),
        length_function=count_tokens,
        separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
    )
    chunks: list[Chunk] = []
    index = 0
    for section in sections:
        heading = _heading_path(section.metadata)
        h2 = section.metadata.get("h2", "").strip()
        if h2 and h2 in doc.sections[index:]:
            index = doc.sections.index(h2, index)
        for piece in splitter.split_text(section.page_content):
            text = piece.strip()
            if not text:
                continue
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
