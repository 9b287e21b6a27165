"""Parse time and peak memory for 100k-row exports (not a test).

    uv run python bench/bench_stats.py [ROWS]

Builds the files in memory (Instagram post export as UTF-8 with BOM; the same as a German
Excel re-save in cp1252 with ';' and '1.234' numbers; a Google Analytics UTF-16 TSV) and
reports the best of three parse times (wall clock and CPU time, which a busy machine
disturbs less) and the Python peak memory of one parse (tracemalloc). Target: a 100k-row
CSV in <= 2 s.
"""

from __future__ import annotations

import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta

from channelwise.stats import Upload, analyze_uploads

LIMIT = 500 * 1024 * 1024
HEADER = (
    "Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,"
    "Permalink,Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves"
)


def instagram(rows: int, *, german: bool) -> Upload:
    rng = random.Random(7)
    sep = ";" if german else ","
    lines = [HEADER.replace(",", sep)]
    start = date(2023, 1, 1)
    for i in range(rows):
        day = start + timedelta(days=i % 700)
        nums = [
            rng.randint(0, 250_000),
            rng.randint(0, 150_000),
            rng.randint(0, 9000),
            rng.randint(0, 500),
            rng.randint(0, 90),
            rng.randint(0, 400),
            rng.randint(0, 800),
        ]
        cells = [f"{n:,}".replace(",", ".") if german else str(n) for n in nums]
        lines.append(
            sep.join(
                [
                    str(17_900_000_000_000_000 + i),
                    "17841400000000000",
                    "beispiel.de",
                    "Beispiel",
                    f'"Post {i}: Grüße, #tag"',
                    "",
                    f"{day:%m/%d/%Y} 10:{i % 60:02d}",
                    f"https://www.instagram.com/p/{i}/",
                    "IG image",
                    "",
                    "Lifetime",
                    *cells,
                ]
            )
        )
    text = "\r\n".join(lines) + "\r\n"
    if german:
        return Upload("Instagram (Excel).csv", text.encode("cp1252"))
    return Upload("Instagram posts.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))


def analytics_tsv(rows: int) -> Upload:
    rng = random.Random(11)
    lines = [
        "# ----------------------------------------",
        "# All Web Site Data",
        "# 20200101-20231231",
        "# ----------------------------------------",
        "",
        "Page\tUsers\tSessions\tPageviews",
    ]
    for i in range(rows):
        lines.append(
            f"/page/{i}\t{rng.randint(0, 9999):,}\t{rng.randint(0, 9999):,}\t"
            f"{rng.randint(0, 99999):,}"
        )
    text = "\r\n".join(lines) + "\r\n"
    return Upload("Analytics Pages.tsv", b"\xff\xfe" + text.encode("utf-16-le"))


def measure(label: str, make: Callable[[], Upload]) -> float:
    upload = make()
    best = cpu = float("inf")
    for _ in range(3):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = analyze_uploads([upload], max_bytes=LIMIT)
        best = min(best, time.perf_counter() - began)
        cpu = min(cpu, time.process_time() - began_cpu)
    tracemalloc.start()
    analyze_uploads([upload], max_bytes=LIMIT)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows = result.files[0].rows
    print(
        f"{label:<44} {rows:>7} rows  {len(upload.data) / 2**20:6.1f} MB  "
        f"{best:5.2f} s wall {cpu:5.2f} s CPU  peak {peak / 2**20:4.0f} MB (tracemalloc)"
    )
    return best


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    times = [
        measure("Instagram posts, UTF-8 BOM, ','", lambda: instagram(rows, german=False)),
        measure("Instagram posts, German Excel cp1252 ';'", lambda: instagram(rows, german=True)),
        measure("Google Analytics TSV, UTF-16, thousands ','", lambda: analytics_tsv(rows)),
    ]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"process max RSS {rss:.0f} MB; slowest {max(times):.2f} s "
        f"({'within' if max(times) <= 2.0 else 'over'} the 2 s target)"
    )


if __name__ == "__main__":
    main()
