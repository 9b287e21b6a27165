"""From uploads to a :class:`StatsResult`: unpack, read, recognize, parse, combine."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from channelwise.stats.archive import Entry, Upload, expand
from channelwise.stats.combine import combine
from channelwise.stats.detect import rank, recognize
from channelwise.stats.errors import (
    BinaryFileError,
    CorruptFileError,
    EmptyExportError,
    UnknownLayoutError,
)
from channelwise.stats.formats import youtube
from channelwise.stats.formats.base import ParseContext
from channelwise.stats.model import (
    METRIC_INFO,
    FileReport,
    Metric,
    SourceStats,
    StatsResult,
)
from channelwise.stats.readers import read_document

#: Metrics that can legitimately be negative.
_SIGNED = frozenset({Metric.FOLLOWER_CHANGE})
_SIGNED_COLUMNS = frozenset(m.value for m in _SIGNED)
_METRIC_COLUMNS = frozenset(m.value for m in Metric)


def analyze_uploads(
    uploads: Sequence[Upload], *, max_bytes: int, today: date | None = None
) -> StatsResult:
    """Read every upload (CSV, XLSX, XLS or ZIP of them) and combine them into one result.

    ``max_bytes`` limits each upload and what a zip unpacks to. ``today`` anchors dates that
    have no year when no file name says it (TikTok). Raises a
    :class:`~channelwise.errors.StatsError` subclass, with a message for the user, for the
    first file that cannot be used: nothing partial is returned.
    """
    if not uploads:
        raise EmptyExportError(
            "No files were given. Upload at least one export (CSV, XLSX or ZIP).",
            "Es wurden keine Dateien übergeben. Laden Sie mindestens einen Export hoch.",
        )
    ctx = ParseContext(today or date.today())
    reports: list[FileReport] = []
    sources: list[SourceStats] = []
    for upload in uploads:
        if not upload.data.strip(b"\x00 \t\r\n\xef\xbb\xbf\xff\xfe"):
            raise EmptyExportError(
                f"'{upload.name}' is empty. Export the data again and upload the new file.",
                f"'{upload.name}' ist leer. Exportieren Sie die Daten erneut und laden Sie die "
                "neue Datei hoch.",
            )
        entries = expand(upload, max_bytes)
        if not entries:
            raise EmptyExportError(
                f"'{upload.name}' is an empty zip. Upload the export itself.",
                f"'{upload.name}' ist ein leeres Zip. Laden Sie den Export selbst hoch.",
            )
        upload_sources: list[SourceStats] = []
        upload_reports: list[FileReport] = []
        for entry in entries:
            report, parsed = _parse_entry(entry, ctx)
            upload_reports.append(report)
            upload_sources.extend(parsed)
        if not upload_sources and not any(r.format_id for r in upload_reports):
            names = ", ".join(r.name for r in upload_reports[:8])
            raise UnknownLayoutError(
                f"'{upload.name}' holds no export channelwise knows (files: {names}). Upload "
                "the zip exactly as the platform exported it, or use the generic template.",
                f"'{upload.name}' enthält keinen bekannten Export (Dateien: {names}). Laden Sie "
                "das Zip so hoch, wie die Plattform es exportiert hat, oder nutzen Sie die "
                "allgemeine Vorlage.",
                recognized=tuple(r.name for r in upload_reports),
            )
        reports.extend(upload_reports)
        sources.extend(_merge_zips(upload_sources))
    for src in sources:
        _check_signs(src)
    mix, warnings = combine(sources)
    return StatsResult(tuple(reports), tuple(sources), mix, warnings)


def _parse_entry(entry: Entry, ctx: ParseContext) -> tuple[FileReport, list[SourceStats]]:
    """Parse one file. Inside a zip, files that are not exports are skipped, not errors."""
    in_archive = bool(entry.containers)
    try:
        doc = read_document(entry)
    except BinaryFileError:
        if not in_archive:
            raise
        return _ignored(entry.name, "not text or a spreadsheet"), []
    try:
        spec, _ = recognize(doc)
    except UnknownLayoutError:
        if not in_archive:
            raise
        closest = rank(doc)[0][0].label
        return _ignored(entry.name, f"not a known export (closest: {closest})"), []
    if spec.parse is None:
        report = FileReport(
            entry.name,
            "ignored",
            spec.id,
            spec.label,
            spec.platform,
            doc.encoding,
            doc.delimiter,
            note=spec.ignored_note,
        )
        return report, []
    parsed = spec.parse(doc, ctx)
    platform = parsed.sources[0].platform if parsed.sources else spec.platform
    report = FileReport(
        name=entry.name,
        status="parsed" if parsed.sources else "ignored",
        format_id=spec.id,
        format_label=spec.label,
        platform=platform,
        encoding=doc.encoding,
        delimiter=doc.delimiter,
        decimal=parsed.decimal,
        rows=parsed.rows,
        columns=parsed.columns,
        note="; ".join(filter(None, (parsed.note, *doc.notes))),
    )
    return report, list(parsed.sources)


def _ignored(name: str, note: str) -> FileReport:
    return FileReport(name, "ignored", None, "not recognized", note=note)


def _merge_zips(sources: list[SourceStats]) -> list[SourceStats]:
    """Sources from one YouTube zip become one (table totals plus daily series)."""
    groups: dict[str, list[SourceStats]] = {}
    for src in sources:
        container = src.source.rsplit("/", 1)[0] if "/" in src.source else src.source
        groups.setdefault(container, []).append(src)
    out: list[SourceStats] = []
    for group in groups.values():
        out.extend(youtube.merge_zip(group))
    return out


def _check_signs(src: SourceStats) -> None:
    """Only follower change can be below zero: anything else negative means a broken file."""
    found: tuple[str, str, float] | None = None
    for metric, value in src.metrics.items():
        if metric not in _SIGNED and value.value < 0:
            found = (METRIC_INFO[metric].label_en, METRIC_INFO[metric].label_de, value.value)
            break
    tables = [t for t in (src.series, src.posts) if t is not None]
    for table in tables if found is None else ():
        for column in table.columns:
            if column in _SIGNED_COLUMNS or column not in _METRIC_COLUMNS:
                continue
            values = pd.to_numeric(table[column], errors="coerce")
            if bool((values < 0).any()):
                metric = Metric(column)
                low = float(values.min())
                found = (METRIC_INFO[metric].label_en, METRIC_INFO[metric].label_de, low)
                break
    if found is not None:
        en, de, low = found
        raise CorruptFileError(
            f"'{src.source}' gives a negative {en.lower()} ({low:g}), which cannot be right. "
            "The file may be damaged or edited; export it again.",
            f"'{src.source}' enthält einen negativen Wert für {de} ({low:g}). Die Datei ist "
            "vielleicht beschädigt; exportieren Sie erneut.",
        )
