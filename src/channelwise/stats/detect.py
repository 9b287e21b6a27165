"""Recognize which export a document is, or explain why it is none of them."""

from __future__ import annotations

from channelwise.stats.errors import UnknownLayoutError
from channelwise.stats.formats import FORMATS
from channelwise.stats.formats.base import MIN_SCORE, Detection, FormatSpec
from channelwise.stats.readers import Document

_SHOWN_CELLS = 8


def rank(doc: Document) -> list[tuple[FormatSpec, Detection]]:
    """Every format with its detection, best first."""
    scored = [(spec, spec.detect(doc)) for spec in FORMATS]
    return sorted(scored, key=lambda pair: pair[1].score, reverse=True)


def recognize(doc: Document) -> tuple[FormatSpec, Detection]:
    """The format of ``doc``; :class:`UnknownLayoutError` if none matches."""
    ranked = rank(doc)
    spec, detection = ranked[0]
    if detection.score >= MIN_SCORE:
        return spec, detection
    raise unknown_layout(doc, spec, detection)


def describe(doc: Document) -> tuple[str, ...]:
    """What was recognized about the file, for messages."""
    facts: list[str] = []
    if doc.kind == "csv":
        delimiter = {"\t": "tab", ",": "comma", ";": "semicolon"}.get(doc.delimiter or "", "?")
        facts.append(f"text file ({doc.encoding}, {delimiter}-separated)")
    else:
        names = ", ".join(s.name for s in doc.sheets[:6])
        facts.append(f"{doc.kind} workbook with sheet(s) {names}")
    rows = sum(len(s.rows) for s in doc.sheets)
    facts.append(f"{rows} row(s)")
    first = next((r for s in doc.sheets for r in s.rows if any(c.strip() for c in r)), None)
    if first:
        cells = [c.strip()[:30] for c in first if c.strip()][:_SHOWN_CELLS]
        facts.append("first row: " + ", ".join(repr(c) for c in cells))
    return tuple(facts)


def _labels(spec: FormatSpec, keys: tuple[str, ...]) -> str:
    """Column labels for messages; alternatives ('content|title') read 'Content / Video title'."""
    names = spec.signature_labels
    return ", ".join(" / ".join(names.get(k, k) for k in key.split("|")) for key in keys)


def unknown_layout(doc: Document, spec: FormatSpec, detection: Detection) -> UnknownLayoutError:
    facts = describe(doc)
    recognized = "; ".join(facts)
    closest = spec.label
    if detection.score > 0:
        found, missing = _labels(spec, detection.found), _labels(spec, detection.missing)
        hint_en = (
            f" Closest supported format: {closest} (found: {found or 'none'}; "
            f"missing: {missing or 'none'})."
        )
        hint_de = (
            f" Am ähnlichsten: {closest} (gefunden: {found or 'keine'}; "
            f"fehlt: {missing or 'nichts'})."
        )
    else:
        hint_en = " It resembles none of the supported exports."
        hint_de = " Er ähnelt keinem der unterstützten Exporte."
    return UnknownLayoutError(
        f"'{doc.name}' is not an export channelwise knows. Recognized: {recognized}.{hint_en} "
        "Upload the file exactly as the platform exported it, or copy the figures into the "
        "generic template (channelwise stats --template FILE).",
        f"'{doc.name}' ist kein bekannter Export. Erkannt: {recognized}.{hint_de} Laden Sie "
        "die Datei so hoch, wie die Plattform sie exportiert hat, oder übertragen Sie die "
        "Zahlen in die allgemeine Vorlage (channelwise stats --template DATEI).",
        closest_format=closest if detection.score > 0 else None,
        recognized=facts,
    )
