"""Property: any mangled fixture gives a clean result or a clean StatsError, nothing else.

The default run tries a few hundred inputs. For a long run:

    CHANNELWISE_FUZZ_EXAMPLES=10000 uv run pytest tests/stats/test_stats_fuzz.py \
        --hypothesis-show-statistics -q
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stats_support import FIXTURES, TODAY, fixture_files

from channelwise.errors import StatsError
from channelwise.stats import Upload, analyze_uploads, figures_summary, to_dict
from channelwise.stats.archive import is_zip

EXAMPLES = int(os.environ.get("CHANNELWISE_FUZZ_EXAMPLES", "300"))
FILES = fixture_files()
DATA = {rel: (FIXTURES / rel).read_bytes() for rel in FILES}
TOKENS = [
    ",",
    ";",
    "\t",
    "\n",
    "\r\n",
    '"',
    '""',
    "\x00",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("x")',
    "1.234,5",
    "1,234.5",
    "-",
    "−3",
    "-7",
    "undefined",
    "1e308",
    "inf",
    "NaN",
    "9" * 400,
    "ä",
    "\ufeff",
    "\u00ad",
    "Total",
    "Gesamt",
    "#",
    "sep=,",
    "March 32",
    "2024-02-30",
    "31.02.2024",
    "Lifetime",
    "",
    " ",
    "%",
    "0x1F",
    "Date",
    "Views",
    "Post ID",
]


def _rezip(data: bytes, name: str, replacement: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, replacement if info.filename == name else src.read(info))
    return buf.getvalue()


@st.composite
def mutations(draw: st.DrawFn, data: bytes) -> bytes:
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "dup", "token"]))
        size = len(data)
        pos = draw(st.integers(0, size))
        if op == "truncate":
            data = data[:pos]
        elif op == "flip" and size:
            pos = min(pos, size - 1)
            data = data[:pos] + bytes([draw(st.integers(0, 255))]) + data[pos + 1 :]
        elif op == "insert":
            data = data[:pos] + draw(st.binary(min_size=1, max_size=8)) + data[pos:]
        elif op == "delete":
            data = data[:pos] + data[pos + draw(st.integers(1, 64)) :]
        elif op == "dup":
            end = min(size, pos + draw(st.integers(1, 200)))
            data = data[:end] + data[pos:end] + data[end:]
        else:
            token = draw(st.sampled_from(TOKENS))
            encoded = token.encode("utf-16-le" if utf16 else "utf-8")
            if utf16 and pos % 2:
                pos -= 1
            data = data[:pos] + encoded + data[pos:]
    return data


@st.composite
def mangled_uploads(draw: st.DrawFn) -> tuple[list[Upload], int]:
    uploads = []
    for _ in range(draw(st.integers(1, 2))):
        rel = draw(st.sampled_from(FILES))
        data = DATA[rel]
        if is_zip(data) and draw(st.booleans()):
            # Mangle a member and zip it again, so the parsers (not the CRC) see the damage.
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
            member = draw(st.sampled_from(names))
            inner = zipfile.ZipFile(io.BytesIO(data)).read(member)
            data = _rezip(data, member, draw(mutations(inner)))
        elif draw(st.integers(0, 9)):
            data = draw(mutations(data))
        uploads.append(Upload(Path(rel).name, data))
    limit = draw(st.sampled_from([50 * 1024 * 1024, 4096]))
    return uploads, limit


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written into the work tree
    derandomize=EXAMPLES <= 300,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mangled_uploads())
def test_mangled_exports_give_a_result_or_a_clean_stats_error(
    case: tuple[list[Upload], int],
) -> None:
    uploads, limit = case
    try:
        result = analyze_uploads(uploads, max_bytes=limit, today=TODAY)
    except StatsError as err:
        assert str(err).strip()
        return
    json.dumps(to_dict(result))
    for language in ("en", "de"):
        assert figures_summary(result, language).startswith("## ")
