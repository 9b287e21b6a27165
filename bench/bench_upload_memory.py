"""Peak memory of one large upload, per real export format (figures, not a test).

    uv run python -m bench.bench_upload_memory [--sizes 10 50] [--formats NAME ...]

Writes each export (10 and 50 MB by default) to a temp directory, then parses it in a
fresh process the way the app does (`import_stats` on the file's bytes) and reports that
process's peak resident memory (ru_maxrss: interpreter, pandas, the upload's bytes and the
parse), its memory just before the parse, and the time. Target: under 1 GB at 50 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

MB = 1024 * 1024

_IG_HEADER = (
    "Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,"
    "Permalink,Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves"
)


def _instagram(german: bool) -> Iterator[str]:
    """Meta Business Suite post export; German: an Excel re-save with ';' and '1.234'."""
    rng = random.Random(7)
    sep = ";" if german else ","
    yield _IG_HEADER.replace(",", sep)
    start = date(2023, 1, 1)
    i = 0
    while True:
        day = start + timedelta(days=i % 700)
        nums = [rng.randint(0, 250_000), rng.randint(0, 150_000), rng.randint(0, 9000)]
        nums += [rng.randint(0, 500), rng.randint(0, 90), rng.randint(0, 400), rng.randint(0, 800)]
        cells = [f"{n:,}".replace(",", ".") if german else str(n) for n in nums]
        yield sep.join(
            [
                str(17_900_000_000_000_000 + i),
                "17841400000000000",
                "beispiel.de",
                "Beispiel",
                f'"Post {i}: Grüße 🎉, #tag"',
                "",
                f"{day:%m/%d/%Y} 10:{i % 60:02d}",
                f"https://www.instagram.com/p/{i}/",
                "IG image",
                "",
                "Lifetime",
                *cells,
            ]
        )
        i += 1


def _analytics() -> Iterator[str]:
    """Universal Analytics pages report: UTF-16 TSV, comment header, thousands ','."""
    rng = random.Random(11)
    yield from ("# " + "-" * 40, "# All Web Site Data", "# 20200101-20231231", "# " + "-" * 40)
    yield ""
    yield "Page\tUsers\tSessions\tPageviews"
    i = 0
    while True:
        yield (
            f"/page/{i}\t{rng.randint(0, 9999):,}\t{rng.randint(0, 9999):,}\t"
            f"{rng.randint(0, 99999):,}"
        )
        i += 1


def _mailchimp() -> Iterator[str]:
    """A Mailchimp audience export (German Excel: ';', cp1252): one row per subscriber."""
    rng = random.Random(3)
    yield (
        "E-Mail-Adresse;Vorname;Nachname;MEMBER_RATING;OPTIN_TIME;OPTIN_IP;CONFIRM_TIME;"
        "CONFIRM_IP;LAST_CHANGED;LEID;EUID;NOTES;TAGS"
    )
    i = 0
    while True:
        day = date(2020, 1, 1) + timedelta(days=i % 1500)
        yield (
            f"leser{i}@example.com;Jürgen;Müller;{rng.randint(1, 5)};{day} 10:00:00;;;;"
            f"{day} 11:00:00;{i};e{i:x};;"
        )
        i += 1


def _beehiiv() -> Iterator[str]:
    """A Beehiiv subscriber export: many columns, most of them empty."""
    yield (
        "email,status,created_at,subscription_tier,subscription_premium_tier_names,"
        "stripe_customer_id,utm_source,utm_medium,utm_channel,utm_campaign,referring_site,"
        "referral_code"
    )
    i = 0
    while True:
        day = date(2021, 1, 1) + timedelta(days=i % 1200)
        tier = "premium,Supporter" if i % 20 == 0 else "free,"
        status = "inactive" if i % 7 == 0 else "active"
        yield f"r{i}@example.com,{status},{day}T10:00:00Z,{tier},,,,website,,,"
        i += 1


def _youtube_daily() -> Iterator[str]:
    """YouTube Studio 'Table data' by day and video: short numeric cells."""
    rng = random.Random(5)
    yield "Date,Content,Views,Watch time (hours),Subscribers,Impressions"
    i = 0
    while True:
        day = date(2019, 1, 1) + timedelta(days=i % 1800)
        yield (
            f"{day},v{i % 997:05d}abcde,{rng.randint(0, 900)},{rng.randint(0, 900) / 10},"
            f"{rng.randint(-3, 9)},{rng.randint(0, 9000)}"
        )
        i += 1


Lines = Callable[[], Iterator[str]]
FORMATS: dict[str, tuple[str, Lines, str, bytes]] = {
    "instagram": ("Instagram posts.csv", lambda: _instagram(False), "utf-8", b"\xef\xbb\xbf"),
    "instagram-excel-de": (
        "Instagram Beiträge (Excel).csv",
        lambda: _instagram(True),
        "cp1252",
        b"",
    ),
    "analytics-utf16": ("Analytics Pages.tsv", _analytics, "utf-16-le", b"\xff\xfe"),
    "mailchimp-de": ("subscribed_members_export_de.csv", _mailchimp, "cp1252", b""),
    "beehiiv": ("beehiiv_subscribers.csv", _beehiiv, "utf-8", b""),
    "youtube-daily": ("Table data.csv", _youtube_daily, "utf-8", b""),
}


def write_export(path: Path, lines: Iterator[str], encoding: str, bom: bytes, size: int) -> None:
    out: BinaryIO
    with open(path, "wb") as out:
        out.write(bom)
        written = len(bom)
        batch: list[str] = []
        for line in lines:
            batch.append(line + "\r\n")
            if len(batch) == 2000:
                data = "".join(batch).encode(encoding, errors="replace")  # as Excel does
                out.write(data)
                written += len(data)
                batch = []
                if written >= size:
                    return


def child(path: Path, name: str) -> None:
    """Parse one file as the app does and print the figures as JSON."""
    from channelwise.config import load_settings
    from channelwise.services.stats import import_stats
    from channelwise.stats import Upload

    settings = load_settings(max_upload_mb=200)
    upload = Upload(name, path.read_bytes())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    began = time.perf_counter()
    result = import_stats(settings, [upload])
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = result.files[0]
    print(
        json.dumps(
            {
                "before_mb": before,
                "peak_mb": peak,
                "seconds": seconds,
                "rows": report.rows,
                "format": report.format_id,
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="+", default=[10, 50], help="MB")
    parser.add_argument("--formats", nargs="+", choices=sorted(FORMATS), default=list(FORMATS))
    parser.add_argument("--child", nargs=2, metavar=("PATH", "NAME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1])
        return 0
    worst = 0.0
    print(f"{'format':<20} {'size':>7} {'rows':>9} {'format id':<24} {'time':>7} {'peak RSS':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for key in args.formats:
            name, lines, encoding, bom = FORMATS[key]
            for size in args.sizes:
                path = Path(tmp) / f"{key}-{size:g}"
                write_export(path, lines(), encoding, bom, int(size * MB))
                run = subprocess.run(
                    [sys.executable, "-m", "bench.bench_upload_memory", "--child", str(path), name],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                path.unlink()
                if run.returncode != 0:
                    print(f"{key:<20} {size:>5g}MB failed: {run.stderr.strip()[-500:]}")
                    return 1
                got = json.loads(run.stdout.strip().splitlines()[-1])
                print(
                    f"{key:<20} {size:>5g}MB "
                    f"{got['rows']:>9,} {got['format'] or '-':<24} {got['seconds']:>6.1f}s "
                    f"{got['peak_mb']:>6.0f} MB  (before the parse: {got['before_mb']:.0f} MB)"
                )
                if size >= 50:
                    worst = max(worst, got["peak_mb"])
    if worst:
        verdict = "within" if worst < 1024 else "OVER"
        print(f"largest peak at 50 MB: {worst:.0f} MB ({verdict} the 1 GB target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
