"""Turn the bytes of a text export into text: BOMs, UTF-16, UTF-8, cp1252; binary detection."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from channelwise.i18n import Bilingual
from channelwise.stats.errors import BinaryFileError, CorruptFileError

# Magic numbers of binary formats that are sometimes renamed to .csv.
_BINARY_MAGIC: tuple[tuple[bytes, Bilingual], ...] = (
    (b"\x89PNG", Bilingual("a PNG image", "ein PNG-Bild")),
    (b"\xff\xd8\xff", Bilingual("a JPEG image", "ein JPEG-Bild")),
    (b"GIF8", Bilingual("a GIF image", "ein GIF-Bild")),
    (b"%PDF", Bilingual("a PDF document", "ein PDF-Dokument")),
    (b"\x1f\x8b", Bilingual("a gzip archive", "ein gzip-Archiv")),
    (b"7z\xbc\xaf", Bilingual("a 7-Zip archive", "ein 7-Zip-Archiv")),
    (b"Rar!", Bilingual("a RAR archive", "ein RAR-Archiv")),
    (b"\x7fELF", Bilingual("a program file", "eine Programmdatei")),
    (b"MZ", Bilingual("a Windows program file", "eine Windows-Programmdatei")),
    (b"SQLite format 3", Bilingual("a database file", "eine Datenbankdatei")),
)

#: Share of control characters (other than tab/CR/LF) above which text is treated as binary.
_MAX_CONTROL_SHARE = 0.01
_DETECT_SAMPLE = 256 * 1024
#: Single-byte code pages a German or English export can come in, most likely first.
_SINGLE_BYTE = ("cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850")
_CONTROL_CHARS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    removed_nuls: int = 0


def binary_kind(data: bytes) -> Bilingual | None:
    """What binary format ``data`` starts with, if it is a known one."""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            return kind
    return None


def decode_text(data: bytes, name: str) -> DecodedText:
    """Decode an export's bytes, trying BOMs, UTF-16 without BOM, UTF-8, then a detector."""
    kind = binary_kind(data)
    if kind:
        raise BinaryFileError(
            f"'{name}' is {kind.en}, not a CSV or spreadsheet export. "
            "Upload the CSV, XLSX or ZIP file the platform gave you.",
            f"'{name}' ist {kind.de}, kein CSV- oder Tabellen-Export. "
            "Laden Sie die CSV-, XLSX- oder ZIP-Datei hoch, die die Plattform erzeugt hat.",
        )
    encoding = _guess_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding.startswith("utf-16") or encoding.startswith("utf_16"):
            raise CorruptFileError(
                f"'{name}' is UTF-16 text but breaks off or is damaged at byte {exc.start}. "
                "Export the file again and upload it unchanged.",
                f"'{name}' ist UTF-16-Text, bricht aber bei Byte {exc.start} ab oder ist "
                "beschädigt. Exportieren Sie die Datei erneut und laden Sie sie unverändert hoch.",
            ) from None
        text = data.decode("cp1252", errors="replace")
        encoding = "cp1252"
    if text.startswith("\ufeff"):
        text = text[1:]
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "")
    _reject_binary_text(text, nuls, name)
    return DecodedText(text=text, encoding=encoding, removed_nuls=nuls)


def _guess_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4:
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        half = len(sample) // 2
        if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
            return "utf-16-le"
        if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
            return "utf-16-be"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    # The detector rules out code pages that turn the text into gibberish; among those that
    # read it equally cleanly (common for short files), prefer Windows Excel's cp1252.
    matches = list(
        charset_normalizer.from_bytes(data[:_DETECT_SAMPLE], cp_isolation=list(_SINGLE_BYTE))
    )
    if not matches:
        return "cp1252"
    least = min(m.chaos for m in matches)
    clean = [m.encoding for m in matches if m.chaos <= least + 0.005]
    return min(clean, key=lambda enc: _SINGLE_BYTE.index(enc) if enc in _SINGLE_BYTE else 99)


def _reject_binary_text(text: str, nuls: int, name: str) -> None:
    sample = text[:_DETECT_SAMPLE]
    if not sample:
        return
    controls = len(_CONTROL_CHARS.findall(sample)) + min(nuls, len(sample))
    if controls / (len(sample) + min(nuls, len(sample))) > _MAX_CONTROL_SHARE:
        raise BinaryFileError(
            f"'{name}' contains binary data, not text. It may be damaged, or it is not the "
            "export itself. Upload the CSV, XLSX or ZIP file the platform gave you.",
            f"'{name}' enthält Binärdaten statt Text. Die Datei ist beschädigt oder nicht der "
            "Export selbst. Laden Sie die CSV-, XLSX- oder ZIP-Datei der Plattform hoch.",
        )
