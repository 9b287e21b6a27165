"""App benchmarks (figures, not tests): cold start to first render, and memory.

    uv run python -m bench.bench_app [--llm local|fake]

Starts `streamlit run app.py` on a free port against the current data directory (run
`make index` first), opens it in Debian's Chromium and times the first render of the chat
page and of a first answer; then reads the server's resident memory (with the local model
loaded when --llm local).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).parents[1]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--llm", default="local")
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "CHANNELWISE_LLM": args.llm}
    started = time.perf_counter()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page()
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}")
                    break
                except Exception:
                    time.sleep(0.2)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=300_000)
            first_render = time.perf_counter() - started
            box = page.get_by_test_id("stChatInputTextArea")
            asked = time.perf_counter()
            box.fill("Wie baue ich einen Newsletter auf?")
            box.press("Enter")
            page.get_by_test_id("stChatMessage").nth(1).wait_for(timeout=300_000)
            page.get_by_text("Quellen (").first.wait_for(timeout=300_000)
            answered = time.perf_counter() - asked
            browser.close()
        print(
            f"llm={args.llm}: cold start to first render {first_render:.1f} s; "
            f"first answer complete {answered:.1f} s; server RSS {rss_mb(server.pid):.0f} MB"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
