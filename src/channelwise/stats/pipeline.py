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
    TooManyFilesError,
    UnknownLayoutError,
)
from channelwise.stats.formats import youtube
from channelwise.stats.formats.base import ParseContext
from channelwise.stats.readers import read_document
from channelwise.stats.records import (
    METRIC_INFO,
    FileReport,
    Granularity,
    Metric,
    PeriodSource,
    SourceStats,
    StatsResult,
    StatsWarning,
)
from channelwise.stats.summary import format_number

#: Figures whose total cannot be below zero: exposures, levels, counts of posts and time.
#: (Interactions can: deleted comments, unfollows and corrections outweigh a quiet period.)
_NEVER_NEGATIVE_TOTAL = frozenset(
    {
        Metric.VIEWS,
        Metric.REACH,
        Metric.IMPRESSIONS,
        Metric.WATCH_TIME_HOURS,
        Metric.POSTS,
        Metric.SESSIONS,
        Metric.ENGAGED_SESSIONS,
        Metric.VISITS,
        Metric.FOLLOWERS,
        Metric.SUBSCRIBERS,
        Metric.PAID_SUBSCRIBERS,
    }
)
#: Levels cannot be below zero on any day either.
_LEVELS = frozenset(m for m, info in METRIC_INFO.items() if info.stock)
#: Net follower change is signed by nature: a negative day is not worth a note.
_SIGNED = frozenset({Metric.FOLLOWER_CHANGE})
_METRIC_COLUMNS = {m.value: m for m in Metric}
#: Per upload, per file in it: the file, its report and what was read from it.
_Results = list[list[tuple[Entry, FileReport, list[SourceStats]]]]


def analyze_uploads(
    uploads: Sequence[Upload],
    *,
    max_bytes: int,
    max_files: int | None = None,
    today: date | None = None,
) -> StatsResult:
    """Read every upload (CSV, XLSX, XLS or ZIP of them) and combine them into one result.

    ``max_bytes`` limits each upload and what a zip or workbook unpacks to; ``max_files``
    the number of uploads read together. Dates without a year (TikTok) take it from the
    zip's name; else from the other uploads where their days fit; else the most recent
    possible year before ``today`` is assumed (and said). Raises a
    :class:`~channelwise.errors.StatsError` subclass, with a message for the user, for the
    first file that cannot be used: nothing partial is returned.
    """
    if not uploads:
        raise EmptyExportError(
            "No files were given. Upload at least one export (CSV, XLSX or ZIP).",
            "Es wurden keine Dateien übergeben. Laden Sie mindestens einen Export hoch.",
        )
    if max_files is not None:
        check_file_count(len(uploads), max_files)
    ctx = ParseContext(today or date.today())
    parsed: _Results = []
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
        results = [(entry, *_parse_entry(entry, ctx)) for entry in entries]
        recognized = any(found or report.format_id for _, report, found in results)
        if not recognized:
            names = ", ".join(r.name for _, r, _ in results[:8])
            raise UnknownLayoutError(
                f"'{upload.name}' holds no export channelwise knows (files: {names}). Upload "
                "the zip exactly as the platform exported it, or use the generic template.",
                f"'{upload.name}' enthält keinen bekannten Export (Dateien: {names}). Laden Sie "
                "das Zip so hoch, wie die Plattform es exportiert hat, oder nutzen Sie die "
                "allgemeine Vorlage.",
                recognized=tuple(r.name for _, r, _ in results),
            )
        parsed.append(results)
    parsed = _reread_yearless(parsed, ctx)
    reports: list[FileReport] = []
    sources: list[SourceStats] = []
    for results in parsed:
        reports.extend(r for _, r, _ in results)
        sources.extend(_merge_zips([s for _, _, found in results for s in found]))
    warnings = [w for src in sources for w in (*src.warnings, *_check_signs(src))]
    mix, mix_warnings = combine(sources)
    return StatsResult(
        tuple(reports), tuple(sources), mix, tuple(dict.fromkeys((*warnings, *mix_warnings)))
    )


def check_file_count(count: int, max_files: int) -> None:
    """Refuse more than ``max_files`` uploads at once (before their bytes are copied)."""
    if count > max_files:
        raise TooManyFilesError(
            f"{count} files were uploaded at once; at most {max_files} are read together. "
            "Upload fewer at a time (the figures you have stay), or raise "
            "CHANNELWISE_MAX_UPLOAD_FILES.",
            f"{count} Dateien wurden auf einmal hochgeladen; höchstens {max_files} werden "
            "zusammen gelesen. Laden Sie weniger auf einmal hoch (Ihre bisherigen Zahlen "
            "bleiben), oder erhöhen Sie CHANNELWISE_MAX_UPLOAD_FILES.",
        )


def _reread_yearless(parsed: _Results, ctx: ParseContext) -> _Results:
    """Parse files whose year was assumed again, with the periods of the other uploads."""
    found = [s for results in parsed for _, _, srcs in results for s in srcs]
    references = tuple(
        dict.fromkeys(
            s.period
            for s in found
            if s.period.known
            and s.period.source not in (PeriodSource.ASSUMED, PeriodSource.OTHER_FILES)
            and s.granularity is not Granularity.SNAPSHOT
        )
    )
    if not references or not any(s.period.source is PeriodSource.ASSUMED for s in found):
        return parsed
    again = ParseContext(ctx.today, references)
    return [
        [
            (entry, *_parse_entry(entry, again))
            if any(s.period.source is PeriodSource.ASSUMED for s in srcs)
            else (entry, report, srcs)
            for entry, report, srcs in results
        ]
        for results in parsed
    ]


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
        closest, detection = rank(doc)[0]
        hint = f" (closest: {closest.label})" if detection.score > 0 else ""
        return _ignored(entry.name, f"not a known export{hint}"), []
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


def _check_signs(src: SourceStats) -> list[StatsWarning]:
    """Reject what cannot be true; note negative days or rows, which are summed as exported.

    A total of views, reach, impressions (and other exposures, levels and counts) below
    zero, or a level (followers, subscribers) below zero on any day, means a broken file.
    Negative days of interactions (deleted comments, unfollows, corrections) are real.
    """
    for metric, value in src.metrics.items():
        if metric in _NEVER_NEGATIVE_TOTAL and value.value < 0:
            raise _negative(src, metric, value.value, "total")
    found: list[tuple[Metric, int, float, str]] = []
    daily = False
    for table in (t for t in (src.series, src.posts) if t is not None):
        daily = table is src.series
        for column in table.columns:
            known = _METRIC_COLUMNS.get(str(column))
            if known is None or known in _SIGNED:
                continue
            values = pd.to_numeric(table[column], errors="coerce")
            negative = values[values < 0]
            if negative.empty:
                continue
            if known in _LEVELS:
                raise _negative(src, known, float(negative.min()), "row")
            when = f"{negative.index[0]:%Y-%m-%d}" if daily else ""
            found.append((known, len(negative), float(negative.min()), when))
        if found:
            break  # one note per file: by day if the file has days, else by row
    if not found:
        return []
    parts_en, parts_de = [], []
    for metric, count, low, when in found:
        at = f", {when}" if when and count == 1 else ""
        many = count > 1
        unit_en = ("days" if many else "day") if daily else ("rows" if many else "row")
        if daily:
            unit_de = "an " + (f"{count} Tagen" if many else "1 Tag")
        else:
            unit_de = "in " + (f"{count} Zeilen" if many else "1 Zeile")
        parts_en.append(
            f"{metric.label('en').lower()} on {count} {unit_en} "
            f"(lowest {format_number(low, 'en')}{at})"
        )
        parts_de.append(
            f"{metric.label('de')} {unit_de} (niedrigster Wert {format_number(low, 'de')}{at})"
        )
    return [
        StatsWarning(
            "negative_values",
            f"'{src.source}' has negative values: {'; '.join(parts_en)}. They were added up "
            "as exported (deleted comments, unfollows or corrections by the platform).",
            f"'{src.source}' enthält negative Werte: {'; '.join(parts_de)}. Sie wurden so "
            "addiert, wie sie exportiert wurden (gelöschte Kommentare, Entfolgungen oder "
            "Korrekturen der Plattform).",
        )
    ]


def _negative(src: SourceStats, metric: Metric, low: float, where: str) -> CorruptFileError:
    en, de = METRIC_INFO[metric].label.en, METRIC_INFO[metric].label.de
    what_en = "a negative total of" if where == "total" else "a negative"
    what_de = "eine negative Summe für" if where == "total" else "einen negativen Wert für"
    return CorruptFileError(
        f"'{src.source}' gives {what_en} {en.lower()} ({low:g}), which cannot be right. "
        "The file may be damaged or edited; export it again.",
        f"'{src.source}' enthält {what_de} {de} ({low:g}). Das kann nicht stimmen; die Datei "
        "ist vielleicht beschädigt oder bearbeitet. Exportieren Sie erneut.",
    )
