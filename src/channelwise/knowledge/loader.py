"""Load curated Markdown documents with YAML front matter, strictly validated."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from channelwise.errors import KnowledgeError
from channelwise.i18n import LANGUAGES
from channelwise.knowledge.questions import QuestionBlockError, section_headings, split_questions
from channelwise.knowledge.records import KnowledgeDocument, SourceRef

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?(.*)\Z", re.DOTALL)
_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{2,120}$")
_TOPIC = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SKIPPED_FILES = frozenset({"README.md"})


def _fail(path: Path, problem: str, problem_de: str) -> KnowledgeError:
    return KnowledgeError(
        f"{path}: {problem}. Fix the file (see knowledge/README.md for the front-matter "
        "fields) and run `channelwise ingest` again.",
        f"{path}: {problem_de}. Korrigieren Sie die Datei (die Felder der Front Matter "
        "beschreibt knowledge/README.md) und führen Sie `channelwise ingest` erneut aus.",
    )


def _as_date(path: Path, key: str, value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _fail(
        path,
        f"front matter '{key}' must be a date written YYYY-MM-DD, got {value!r}",
        f"'{key}' in der Front Matter muss ein Datum der Form JJJJ-MM-TT sein, nicht {value!r}",
    )


def _sources(path: Path, value: Any) -> tuple[SourceRef, ...]:
    if not isinstance(value, list) or not value:
        raise _fail(
            path,
            "front matter 'sources' must be a non-empty list of {title, url}",
            "'sources' in der Front Matter muss eine nicht leere Liste von {title, url} sein",
        )
    refs: list[SourceRef] = []
    for item in value:
        if isinstance(item, str):
            item = {"title": item, "url": item}
        if not isinstance(item, dict):
            raise _fail(
                path,
                f"each source needs 'title' and 'url', got {item!r}",
                f"jede Quelle braucht 'title' und 'url', gefunden: {item!r}",
            )
        url, title = str(item.get("url", "")).strip(), str(item.get("title", "")).strip()
        if not re.match(r"^https?://\S+$", url):
            raise _fail(
                path,
                f"source url must start with http:// or https://, got {url!r}",
                f"die URL einer Quelle muss mit http:// oder https:// beginnen, nicht {url!r}",
            )
        refs.append(SourceRef(title=title or url, url=url))
    return tuple(refs)


def parse_document(path: Path, raw: bytes) -> KnowledgeDocument:
    """Parse one Markdown file's bytes; raise KnowledgeError naming the file and the fix."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _fail(
            path,
            f"is not UTF-8 (byte {err.start}); save it as UTF-8 in your editor",
            f"ist nicht UTF-8 (Byte {err.start}); speichern Sie sie im Editor als UTF-8",
        ) from None
    text = text.replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        raise _fail(
            path,
            "has no front matter: it must start with a '---' line and a YAML block",
            "hat keine Front Matter: Sie muss mit einer Zeile '---' und einem YAML-Block beginnen",
        )
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as err:
        first = str(err).splitlines()[0]
        raise _fail(
            path,
            f"front matter is not valid YAML ({first})",
            f"die Front Matter ist kein gültiges YAML ({first})",
        ) from None
    if not isinstance(meta, dict):
        raise _fail(
            path,
            "front matter must be a YAML mapping of field: value",
            "die Front Matter muss eine YAML-Zuordnung Feld: Wert sein",
        )
    missing = [k for k in ("title", "language", "sources", "as_of", "topics") if k not in meta]
    if missing:
        names = ", ".join(missing)
        raise _fail(path, f"front matter lacks {names}", f"in der Front Matter fehlt {names}")
    language = str(meta["language"]).strip().lower()
    if language not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise _fail(
            path,
            f"'language' must be one of {known}, got {language!r}",
            f"'language' muss eines von {known} sein, nicht {language!r}",
        )
    topics = meta["topics"]
    if not isinstance(topics, list) or not topics:
        raise _fail(
            path, "'topics' must be a non-empty list", "'topics' muss eine nicht leere Liste sein"
        )
    topic_names = tuple(str(t).strip().lower() for t in topics)
    bad_topics = [t for t in topic_names if not _TOPIC.match(t)]
    if bad_topics:
        raise _fail(
            path,
            f"topics must be lowercase slugs (a-z, 0-9, -), got {bad_topics}",
            f"Themen müssen kleingeschriebene Kürzel sein (a-z, 0-9, -), nicht {bad_topics}",
        )
    doc_id = str(meta.get("id") or path.name.removesuffix(".md"))
    if not _DOC_ID.match(doc_id):
        raise _fail(
            path,
            f"document id {doc_id!r} must be a lowercase slug like 'topic-name.en'",
            f"die Dokument-ID {doc_id!r} muss ein kleingeschriebenes Kürzel wie "
            "'thema-name.de' sein",
        )
    try:
        body, questions = split_questions(match.group(2))
    except QuestionBlockError as err:
        raise _fail(path, str(err), f"ein Fragenblock ist nicht lesbar ({err})") from None
    if not body:
        raise _fail(
            path, "has no text after the front matter", "hat nach der Front Matter keinen Text"
        )
    title = str(meta["title"]).strip()
    if not title:
        raise _fail(path, "'title' is empty", "'title' ist leer")
    published = meta.get("published")
    return KnowledgeDocument(
        doc_id=doc_id,
        path=path,
        title=title,
        language=language,
        sources=_sources(path, meta["sources"]),
        as_of=_as_date(path, "as_of", meta["as_of"]),
        topics=topic_names,
        body=body,
        content_hash=hashlib.sha256(raw).hexdigest(),
        author=str(meta["author"]).strip() if meta.get("author") else None,
        published=_as_date(path, "published", published) if published else None,
        questions=questions,
        sections=section_headings(body),
    )


def iter_document_paths(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise KnowledgeError(
            f"The knowledge folder {folder} does not exist. Set CHANNELWISE_KNOWLEDGE_DIR to "
            "the folder with your Markdown documents.",
            f"Den Wissensordner {folder} gibt es nicht. Setzen Sie CHANNELWISE_KNOWLEDGE_DIR "
            "auf den Ordner mit Ihren Markdown-Dokumenten.",
        )
    return sorted(p for p in folder.rglob("*.md") if p.name not in SKIPPED_FILES)


def load_documents(folder: Path) -> list[KnowledgeDocument]:
    """All documents below ``folder``; every broken file is reported, not only the first."""
    paths = iter_document_paths(folder)
    if not paths:
        raise KnowledgeError(
            f"The knowledge folder {folder} has no Markdown documents (*.md). Add at least one "
            "document with front matter (see knowledge/README.md).",
            f"Der Wissensordner {folder} enthält keine Markdown-Dokumente (*.md). Legen Sie "
            "mindestens ein Dokument mit Front Matter an (siehe knowledge/README.md).",
        )
    docs: list[KnowledgeDocument] = []
    problems: list[KnowledgeError] = []
    for path in paths:
        try:
            docs.append(parse_document(path, path.read_bytes()))
        except KnowledgeError as err:
            problems.append(err)
    _check_unique(docs, problems)
    if problems:
        raise KnowledgeError(
            "\n".join(p.message_en for p in problems), "\n".join(p.message_de for p in problems)
        )
    return docs


def _check_unique(docs: Iterable[KnowledgeDocument], problems: list[KnowledgeError]) -> None:
    seen: dict[str, Path] = {}
    for doc in docs:
        if doc.doc_id in seen:
            problems.append(
                KnowledgeError(
                    f"{doc.path}: document id {doc.doc_id!r} is also used by "
                    f"{seen[doc.doc_id]}; rename one of the files.",
                    f"{doc.path}: die Dokument-ID {doc.doc_id!r} verwendet auch "
                    f"{seen[doc.doc_id]}; benennen Sie eine der Dateien um.",
                )
            )
        seen[doc.doc_id] = doc.path
