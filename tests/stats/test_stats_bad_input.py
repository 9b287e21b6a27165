"""Bad input gets a clear StatsError, never partial totals and never another exception."""

from __future__ import annotations

import io
import zipfile

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
