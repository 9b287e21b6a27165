"""Bad input gets a clear StatsError, never partial totals and never another exception."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from stats_support import FIXTURES, LIMIT, TODAY, upload

from channelwise.errors import StatsError
from channelwise.stats import (
    BinaryFileError,
    CorruptFileError,
    EmptyExportError,
    Metric,
    UnknownLayoutError,
    UnsafeArchiveError,
    Upload,
    UploadTooLargeError,
    analyze_uploads,
)


def run(*uploads: Upload, max_bytes: int = LIMIT) -> object:
    return analyze_uploads(list(uploads), max_bytes=max_bytes, today=TODAY)


def zipped(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def fixture_bytes(rel: str) -> bytes:
    return (FIXTURES / rel).read_bytes()


def test_unknown_layout_lists_what_was_recognized() -> None:
    data = "Name;Farbe;Größe\nA;rot;3\nB;blau;4\n".encode("cp1252")
    with pytest.raises(UnknownLayoutError) as caught:
        run(Upload("liste.csv", data))
    message = str(caught.value)
    assert "'liste.csv' is not an export channelwise knows" in message
    assert (
        "text file (cp1252, semicolon-separated); 3 row(s); first row: 'Name', 'Farbe', 'Größe'"
        in message
    )
    assert "generic template" in message
    assert "keinen" not in message and "Vorlage" in caught.value.localized("de")


def test_unknown_layout_names_the_closest_format_and_missing_columns() -> None:
    data = (
        b'"Date","Vid Views","Profile Views","Likes","Comments","Shares"\n'
        b'"March 1","1","2","3","4","5"\n'
    )
    with pytest.raises(UnknownLayoutError) as caught:
        run(Upload("Overview.csv", data))
    assert caught.value.closest_format == "TikTok Studio overview (daily)"
    assert "found: Date, Profile Views, Likes, Comments, Shares; missing: Video Views" in str(
        caught.value
    )


def test_unknown_layout_names_alternative_columns() -> None:
    data = b"Rank,Views,Subscribers\n1,5,1\n"
    with pytest.raises(UnknownLayoutError) as caught:
        run(Upload("liste.csv", data))
    assert "found: Views, Subscribers; missing: Content / Video title" in str(caught.value)
    assert "gefunden: Views, Subscribers; fehlt: Content / Video title" in (
        caught.value.localized("de")
    )


def test_zip_without_any_export() -> None:
    data = zipped({"notes.txt": b"hello", "picture.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 50})
    with pytest.raises(UnknownLayoutError, match="holds no export channelwise knows"):
        run(Upload("stuff.zip", data))


def _cut(rel: str, marker: bytes, offset: int = 0) -> bytes:
    data = fixture_bytes(rel)
    return data[: data.rindex(marker) + offset]


TRUNCATED = [
    pytest.param(
        "Table data.csv", _cut("youtube/Table data.csv", b"Old video,"), id="youtube-mid-row"
    ),
    pytest.param(
        "posts.csv",
        _cut("meta/Facebook posts Mar-01-2024_Mar-31-2024.csv", b"Line two"),
        id="facebook-inside-multiline-caption",
    ),
    pytest.param(
        "posts.csv",
        _cut("meta/Facebook posts Mar-01-2024_Mar-31-2024.csv", b"Lifetime,800,"),
        id="facebook-last-row-short",
    ),
    pytest.param(
        "Instagram reach.csv",
        fixture_bytes("meta/Instagram reach.csv")[:-3],
        id="utf16-odd-byte-count",
    ),
    pytest.param(
        "Overview_2024-03-01_1711929600_x.zip",
        fixture_bytes("tiktok/Overview_2024-03-01_1711929600_beispiel.handle.zip")[:-40],
        id="zip-cut-off",
    ),
    pytest.param(
        "a.xlsx",
        fixture_bytes("linkedin/AggregateAnalytics_Jane_Doe_2024-03-01_2024-03-31.xlsx")[:3000],
        id="xlsx-cut-off",
    ),
    pytest.param(
        "a.xls",
        fixture_bytes("linkedin/beispiel-gmbh_content_1711929600000.xls")[:5000],
        id="xls-cut-off",
    ),
]


@pytest.mark.parametrize(("name", "data"), TRUNCATED)
def test_truncated_files_are_an_error_not_partial_totals(name: str, data: bytes) -> None:
    with pytest.raises((CorruptFileError, UnsafeArchiveError, UnknownLayoutError)) as caught:
        run(Upload(name, data))
    assert "again" in str(caught.value) or "not an export" in str(caught.value)


def test_cut_inside_a_row_says_which_row() -> None:
    with pytest.raises(CorruptFileError, match=r"row 5 has 2 cells but the header has 9"):
        run(Upload("Table data.csv", _cut("youtube/Table data.csv", b"Old video,")))


def test_zip_member_damaged_inside_is_an_error() -> None:
    data = bytearray(fixture_bytes("tiktok/Overview_2024-03-01_1711929600_beispiel.handle.zip"))
    data[60:70] = b"\x00" * 10  # inside the compressed member: CRC or inflate fails
    with pytest.raises(CorruptFileError):
        run(Upload("Overview_2024-03-01_1711929600_x.zip", bytes(data)))


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("empty.csv", b"", EmptyExportError),
        ("bom-only.csv", b"\xef\xbb\xbf\r\n", EmptyExportError),
        ("nuls.csv", b"\x00" * 4096, EmptyExportError),
        ("image.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, BinaryFileError),
        ("report.csv", b"%PDF-1.7\n" + bytes(range(256)), BinaryFileError),
        ("random.csv", bytes((i * 37 + 11) % 256 for i in range(5000)), BinaryFileError),
        (
            "header-only.csv",
            b"Date,Video Views,Profile Views,Likes,Comments,Shares\n",
            EmptyExportError,
        ),
    ],
)
def test_empty_and_binary_uploads(name: str, data: bytes, error: type[StatsError]) -> None:
    with pytest.raises(error):
        run(Upload(name, data))


def test_nul_bytes_inside_an_export_are_dropped() -> None:
    data = fixture_bytes("tiktok/Overview.csv").replace(b"1200", b"12\x0000")
    result = run(Upload("Overview.csv", data))
    assert result.sources[0].metrics  # type: ignore[attr-defined]
    assert result.files[0].note == "removed 1 NUL character(s)"  # type: ignore[attr-defined]


def test_upload_over_the_size_limit() -> None:
    with pytest.raises(UploadTooLargeError, match=r"is 0\.0 MB, more than the limit of 0\.0 MB"):
        run(upload("tiktok/Overview.csv"), max_bytes=100)


def test_zip_bomb_is_not_unpacked() -> None:
    bomb = zipped({"Overview.csv": b"0" * (8 * 1024 * 1024)})  # 8 MB of zeros, ~8 KB packed
    with pytest.raises(UnsafeArchiveError, match="zip bomb"):
        run(Upload("Overview_2024-03-01_1711929600_x.zip", bomb))
    assert len(bomb) < 100_000


def test_zip_unpacking_beyond_the_limit() -> None:
    data = zipped({f"part{i}.csv": bytes(range(256)) * 400 for i in range(5)})  # 5 x 100 KB
    with pytest.raises(UploadTooLargeError, match="unpacks to more than the upload limit"):
        run(Upload("big.zip", data), max_bytes=300_000)


WORKBOOK = "linkedin/beispiel-gmbh_followers_1711929600000.xlsx"
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already deflated members: (name, raw deflate stream, crc32, unpacked size)."""
    out, central = bytearray(), bytearray()
    for name, packed, crc, size in members:
        fields = (20, 0, 8, 0, 0x5821, crc, len(packed), size, len(name.encode()), 0)
        central += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<5H3I2H", *fields)
        central += struct.pack("<3H2I", 0, 0, 0, 0, len(out)) + name.encode()
        out += struct.pack("<I5H3I2H", 0x04034B50, *fields) + name.encode() + packed
    count = len(members)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


def inflating_workbook(gigabytes: float) -> bytes:
    """The LinkedIn followers workbook, its shared strings inflating to ``gigabytes``."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
    head += b'spreadsheetml/2006/main">'
    unit = b"<si><t>channelwise</t></si>"
    block = unit * (2**20 // len(unit))
    # After a full flush the compressor starts afresh, so one packed block can be repeated.
    packed = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    once = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    blocks = int(gigabytes * 1024)
    crc = zlib.crc32(head)
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    tail = b"</sst>"
    packed += once * blocks + packer.compress(tail) + packer.flush()
    crc, size = zlib.crc32(tail, crc), len(head) + blocks * len(block) + len(tail)
    members = []
    with zipfile.ZipFile(FIXTURES / WORKBOOK) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == "[Content_Types].xml":  # declared, so a reader loads it
                data = data.replace(b"</Types>", SHARED_STRINGS_TYPE + b"</Types>")
            deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
            packed_part = deflate.compress(data) + deflate.flush()
            members.append((info.filename, packed_part, zlib.crc32(data), len(data)))
    members.append(("xl/sharedStrings.xml", packed, crc, size))
    return raw_zip(members)


@pytest.mark.parametrize("inside_zip", [False, True], ids=["xlsx", "xlsx-in-zip"])
def test_xlsx_inflating_to_a_gigabyte_is_refused_before_it_is_opened(inside_zip: bool) -> None:
    bomb = inflating_workbook(1.05)
    assert len(bomb) < 4 * 1024 * 1024  # a small upload ...
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:  # ... that really unpacks to > 1 GB
        assert zf.getinfo("xl/sharedStrings.xml").file_size > 2**30
        assert zf.testzip() is None and "xl/workbook.xml" in zf.namelist()
    upload = Upload("followers.xlsx", bomb)
    if inside_zip:  # stored, so that the outer zip's own ratio does not give it away
        outer = io.BytesIO()
        with zipfile.ZipFile(outer, "w", zipfile.ZIP_STORED) as zf:
            zf.writestr("followers.xlsx", bomb)
        upload = Upload("exports.zip", outer.getvalue())
    with pytest.raises(UnsafeArchiveError, match="zip bomb") as caught:
        run(upload)
    assert "followers.xlsx" in str(caught.value)


def test_xlsx_unpacking_beyond_the_limit() -> None:
    data = fixture_bytes(WORKBOOK)  # 5.5 KB packed, 18 KB unpacked
    assert run(Upload("followers.xlsx", data), max_bytes=20_000).sources  # type: ignore[attr-defined]
    with pytest.raises(UploadTooLargeError, match="unpacks to more than the upload limit"):
        run(Upload("followers.xlsx", data), max_bytes=10_000)


def test_xlsx_with_too_many_parts() -> None:
    with zipfile.ZipFile(FIXTURES / WORKBOOK) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts |= {f"xl/media/image{i}.png": b"x" for i in range(200)}
    with pytest.raises(UnsafeArchiveError, match="holds 210 files"):
        run(Upload("followers.xlsx", zipped(parts)))


def test_one_nested_zip_level_is_read_deeper_is_refused() -> None:
    inner_name = "Overview_2024-03-01_1711929600_beispiel.handle.zip"
    inner = fixture_bytes(f"tiktok/{inner_name}")
    outer = zipped({inner_name: inner})
    result = run(Upload("all-exports.zip", outer))
    assert result.sources[0].metrics  # type: ignore[attr-defined]
    assert result.sources[0].account == "beispiel.handle"  # type: ignore[attr-defined]
    with pytest.raises(UnsafeArchiveError, match="zip inside a zip inside a zip"):
        run(Upload("deeper.zip", zipped({"outer.zip": outer})))


def test_too_many_files_in_a_zip() -> None:
    data = zipped({f"f{i}.csv": b"a,b\n1,2\n" for i in range(201)})
    with pytest.raises(UnsafeArchiveError, match="holds 201 files"):
        run(Upload("many.zip", data))


def test_password_protected_zip() -> None:
    data = bytearray(zipped({"Overview.csv": b"x"}))
    # Set the 'encrypted' flag in the local header and the central directory entry.
    data[6] |= 0x1
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1
    with pytest.raises(UnsafeArchiveError, match="password-protected"):
        run(Upload("secret.zip", bytes(data)))


def test_formula_in_a_number_column_is_an_error_shown_inert() -> None:
    data = fixture_bytes("tiktok/Overview.csv").replace(b'"980"', b"\"=cmd|' /C calc'!A0\"")
    with pytest.raises(CorruptFileError) as caught:
        run(Upload("Overview.csv", data))
    assert "column 'Video Views': 1 value(s) are not numbers (\"'=cmd|' /C calc'!A0\")" in str(
        caught.value
    )


def _reach_file(*changes: tuple[str, str]) -> Upload:
    data = fixture_bytes("meta/Instagram reach.csv").decode("utf-16")
    for old, new in changes:
        data = data.replace(old, new)
    return Upload("Instagram reach.csv", b"\xff\xfe" + data.encode("utf-16-le"))


def test_a_negative_day_is_summed_and_noted() -> None:
    # A correction day of -950: 1,200 - 950 + 1,430 + 800 = 2,480, summed as exported.
    result = run(_reach_file(('"950"', '"-950"')))
    (src,) = result.sources  # type: ignore[attr-defined]
    assert src.metrics[Metric.REACH].value == 2480
    (warning,) = result.warnings  # type: ignore[attr-defined]
    assert warning.code == "negative_values"
    assert "reach on 1 day (lowest −950, 2024-03-02)" in warning.en
    assert "Reichweite an 1 Tag (niedrigster Wert −950, 2024-03-02)" in warning.de


def test_a_negative_reach_total_is_rejected() -> None:
    # -1,200 + 950 - 1,430 + 800 = -880: no period can have negative reach.
    upload = _reach_file(('"1200"', '"-1200"'), ('"1430"', '"-1430"'))
    with pytest.raises(CorruptFileError, match=r"negative total of reach \(-880\)") as caught:
        run(upload)
    assert "negative Summe für Reichweite" in caught.value.localized("de")


def test_row_with_extra_cells_means_broken_quoting() -> None:
    data = b"Date,Views\n2024-01-01,5\n2024-01-02,6,7\n"
    with pytest.raises(CorruptFileError, match="row 3 has 3 cells but the header has 2"):
        run(Upload("Totals.csv", data))


def test_unknown_meta_metric_title() -> None:
    text = 'sep=,\n"Facebook Mondphasen"\n"Date","Primary"\n"2024-03-01T00:00:00","5"\n'
    with pytest.raises(UnknownLayoutError, match="metric 'Facebook Mondphasen' is not one"):
        run(Upload("x.csv", b"\xff\xfe" + text.encode("utf-16-le")))


def test_unknown_platform_in_template() -> None:
    data = b"platform,date,followers\nmyspace,2024-03,5\n"
    with pytest.raises(CorruptFileError, match="row 2 names the platform 'myspace'"):
        run(Upload("t.csv", data))


def test_no_uploads() -> None:
    with pytest.raises(EmptyExportError):
        run()


def test_errors_carry_german_text() -> None:
    with pytest.raises(BinaryFileError) as caught:
        run(Upload("bild.csv", b"\x89PNG\r\n\x1a\n"))
    assert caught.value.localized("de").startswith("'bild.csv' ist ein PNG-Bild")
    assert caught.value.exit_code == 5
