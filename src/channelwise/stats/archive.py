"""Unpack uploads safely: size limit, zip-bomb and nesting guards, never written to disk.

An .xlsx workbook is a zip too: its parts get the same member, size and ratio limits
before a spreadsheet reader opens it (:func:`check_workbook`).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from channelwise.stats.errors import CorruptFileError, UnsafeArchiveError, UploadTooLargeError

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: A zip may hold a zip (e.g. several TikTok section zips zipped together), but no deeper.
MAX_DEPTH = 1
MAX_MEMBERS = 200
#: Compression ratio above which a large member is treated as a zip bomb.
MAX_RATIO = 150
_RATIO_MIN_SIZE = 1024 * 1024
_CHUNK = 1024 * 1024
_SKIPPED_PREFIXES = ("__MACOSX/",)
#: What the zipfile module raises on damaged archives.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    ValueError,
    zlib.error,
    struct.error,
    KeyError,
    IndexError,
)
_SKIPPED_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its name (used for dates and handles in it) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Entry:
    """A file to parse: an upload itself or a member of an uploaded zip."""

    name: str  # display name, "outer.zip/inner.csv"
    filename: str  # base name of the file itself
    data: bytes
    containers: tuple[str, ...] = ()  # base names of the enclosing zips, outermost first


def is_zip(data: bytes) -> bool:
    return data[:4] in ZIP_MAGIC


def is_xlsx(data: bytes) -> bool:
    """An OOXML workbook (also a zip) rather than an archive of exports."""
    if not is_zip(data):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except _ZIP_ERRORS:
        return False
    return "xl/workbook.xml" in names or (
        "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)
    )


def check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise UploadTooLargeError(
            f"'{name}' is {_mb(size)}, more than the limit of {_mb(max_bytes)}. "
            "Export a shorter period or fewer columns, or raise CHANNELWISE_MAX_UPLOAD_MB.",
            f"'{name}' ist {_mb(size)} groß, mehr als die Grenze von {_mb(max_bytes)}. "
            "Exportieren Sie einen kürzeren Zeitraum oder weniger Spalten, oder erhöhen Sie "
            "CHANNELWISE_MAX_UPLOAD_MB.",
        )


def expand(upload: Upload, max_bytes: int) -> list[Entry]:
    """The files inside ``upload``: itself, or the members of a zip (one nested level)."""
    check_size(upload.name, len(upload.data), max_bytes)
    base = PurePosixPath(upload.name.replace("\\", "/")).name or upload.name
    budget = [max_bytes]
    workbook = is_xlsx(upload.data)
    if workbook:
        check_workbook(base, upload.data, budget)
    if workbook or not is_zip(upload.data):
        return [Entry(name=base, filename=base, data=upload.data)]
    return _expand_zip(base, upload.data, (), budget, depth=0)


def check_workbook(display: str, data: bytes, budget: list[int]) -> None:
    """Refuse an .xlsx whose parts would unpack beyond ``budget`` or like a zip bomb.

    Checked from the zip's directory before anything is inflated: the zipfile module never
    yields more than the size a member declares, so a reader cannot be fed more than this.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
    except _ZIP_ERRORS:
        raise _corrupt_zip(display) from None
    _check_count(display, len(infos))
    for info in infos:
        _check_header(info, display, budget)
        budget[0] -= info.file_size


def _expand_zip(
    name: str, data: bytes, containers: tuple[str, ...], budget: list[int], depth: int
) -> list[Entry]:
    display = "/".join((*containers, name))
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise _corrupt_zip(display) from None
    entries: list[Entry] = []
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir() and not _skipped(i.filename)]
        _check_count(display, len(infos))
        for info in infos:
            member = _read_member(zf, info, display, budget)
            inner = PurePosixPath(info.filename).name
            if is_xlsx(member):
                check_workbook(f"{display}/{info.filename}", member, budget)
            elif is_zip(member):
                if depth >= MAX_DEPTH:
                    raise UnsafeArchiveError(
                        f"'{display}/{info.filename}' is a zip inside a zip inside a zip. "
                        "Unpack the outer archives and upload the export zips themselves.",
                        f"'{display}/{info.filename}' ist ein Zip in einem Zip in einem Zip. "
                        "Entpacken Sie die äußeren Archive und laden Sie die Export-Zips hoch.",
                    )
                entries.extend(_expand_zip(inner, member, (*containers, name), budget, depth + 1))
                continue
            entries.append(
                Entry(
                    name=f"{display}/{info.filename}",
                    filename=inner,
                    data=member,
                    containers=(*containers, name),
                )
            )
    return entries


def _check_count(display: str, members: int) -> None:
    if members > MAX_MEMBERS:
        raise UnsafeArchiveError(
            f"'{display}' holds {members} files; at most {MAX_MEMBERS} are read. "
            "Upload the export zips themselves, not a folder of them.",
            f"'{display}' enthält {members} Dateien; höchstens {MAX_MEMBERS} werden "
            "gelesen. Laden Sie die Export-Zips selbst hoch, nicht einen ganzen Ordner.",
        )


def _check_header(info: zipfile.ZipInfo, display: str, budget: list[int]) -> None:
    """What a member's directory entry gives away: encrypted, too big, a bomb."""
    where = f"'{display}/{info.filename}'"
    if info.flag_bits & 0x1:
        raise UnsafeArchiveError(
            f"{where} is password-protected. Export it again without a password.",
            f"{where} ist passwortgeschützt. Exportieren Sie die Datei ohne Passwort.",
        )
    if info.file_size > _RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise _bomb(display)
    if info.file_size > budget[0]:
        raise _too_big(display)


def _read_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, display: str, budget: list[int]
) -> bytes:
    where = f"'{display}/{info.filename}'"
    _check_header(info, display, budget)
    out = bytearray()
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                out += chunk
                if len(out) > budget[0] or len(out) > info.file_size:
                    # The header lied about the size: treat as a bomb or as damage.
                    raise _too_big(display) if len(out) > budget[0] else _bomb(display)
    except _ZIP_ERRORS:
        raise _corrupt_zip(display) from None
    except NotImplementedError:
        raise UnsafeArchiveError(
            f"{where} uses a compression method that cannot be read. Export the file again "
            "or re-zip it with standard (deflate) compression.",
            f"{where} nutzt ein Kompressionsverfahren, das nicht gelesen werden kann. "
            "Exportieren Sie erneut oder packen Sie mit Standard-Kompression (Deflate).",
        ) from None
    budget[0] -= len(out)
    return bytes(out)


def _skipped(filename: str) -> bool:
    path = PurePosixPath(filename)
    return (
        filename.startswith(_SKIPPED_PREFIXES)
        or path.name in _SKIPPED_NAMES
        or path.name.startswith("._")
    )


def _corrupt_zip(display: str) -> CorruptFileError:
    return CorruptFileError(
        f"'{display}' is not a readable zip: it is cut off or damaged. Download the export "
        "again and upload it unchanged.",
        f"'{display}' ist kein lesbares Zip: abgeschnitten oder beschädigt. Laden Sie den "
        "Export erneut herunter und unverändert hoch.",
    )


def _too_big(display: str) -> UploadTooLargeError:
    return UploadTooLargeError(
        f"'{display}' unpacks to more than the upload limit. Export a shorter period, or "
        "raise CHANNELWISE_MAX_UPLOAD_MB.",
        f"'{display}' ist entpackt größer als die Upload-Grenze. Exportieren Sie einen "
        "kürzeren Zeitraum oder erhöhen Sie CHANNELWISE_MAX_UPLOAD_MB.",
    )


def _bomb(display: str) -> UnsafeArchiveError:
    return UnsafeArchiveError(
        f"'{display}' is compressed far more than any export could be (a 'zip bomb'); it "
        "was not unpacked. Upload the export zip exactly as the platform produced it.",
        f"'{display}' ist stärker komprimiert, als ein Export es sein kann ('Zip-Bombe'); "
        "es wurde nicht entpackt. Laden Sie das Zip so hoch, wie die Plattform es erzeugt hat.",
    )


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
