"""Browser load test (figures, not a test): several users at once ask, upload and plan.

    uv run python -m bench.bench_load [--users 8] [--llm fake|local] [--data-dir data]

Starts `streamlit run app.py` on 127.0.0.1 and a free port, with a fresh database in a temp
directory that uses the index (and local model files) of --data-dir (built there first with
`channelwise ingest` when missing). One warm-up question builds the services; then every
user, each in its own Chromium context (one Debian Chromium, driven by Playwright), at the
same moment:

1. asks a question in the chat: time to the evidence (``FIRST_OUTPUT``), the highest queue
   position shown while the local model answered others, and the finished answer (stored,
   with its sources);
2. uploads an export on the stats page: time until the figures show;
3. drafts a plan: time until the plan text shows.

Prints one row per user, the errors (a step that failed, timed out or showed an exception;
target 0) and the server's resident memory before, at its peak and after (sampled from
/proc every 0.25 s). Every request goes to 127.0.0.1; the run is bounded by --timeout per step.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright

from bench.bench_app import ARGS as CHROMIUM_ARGS
from bench.bench_app import free_port, rss_mb

ROOT = Path(__file__).parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
EXPORT = (
    ROOT / "tests" / "fixtures" / "stats" / "meta" / "Instagram posts Mar-01-2024_Mar-31-2024.csv"
)
QUESTIONS = (
    "Wie baue ich einen Newsletter auf?",
    "How dependent are creators on Meta's algorithm?",
    "Welche Plattformen eignen sich neben Instagram?",
    "What is double opt-in?",
)
_ASSISTANT = '[data-testid="stChatMessage"]:has([data-testid="stChatMessageAvatarAssistant"])'
#: The first output a user sees of an answer: the evidence, shown before the model writes.
FIRST_OUTPUT = ".st-key-evidence-live"
#: The answer is finished when it is stored and shown again from the database (its evidence
#: then has the stored message's key, no longer the live one).
ANSWER_DONE = f'{_ASSISTANT} [class*="st-key-evidence-"]:not(.st-key-evidence-live)'
#: The queue position a user sees while the local model answers someone else.
QUEUE = f'{_ASSISTANT} [data-testid="stAlertContainer"]:has-text("Warteschlange")'
EXCEPTION = '[data-testid="stException"]'
#: An error or a warning in the answer (a model that failed or timed out: counted as errors).
CHAT_ERROR = (
    f'{_ASSISTANT} [data-testid="stAlertContentError"], '
    f'{_ASSISTANT} [data-testid="stAlertContentWarning"]'
)


@dataclass
class UserRun:
    user: int
    first_output: float | None = None
    answer: float | None = None
    queued: int | None = None
    """The highest queue position this user was shown (None: never waited)."""
    upload: float | None = None
    plan: float | None = None
    errors: list[str] = field(default_factory=list)


class MemorySampler(threading.Thread):
    """The server's resident memory, sampled until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[float] = []
        self.baseline = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.25):
            try:
                self.samples.append(rss_mb(self.pid))
            except (FileNotFoundError, ProcessLookupError):
                return

    def stop(self) -> None:
        self._done.set()
        if self.ident is not None:
            self.join()


async def wait_for_text(page: Page, selector: str, timeout_ms: float) -> None:
    """Until an element matching ``selector`` shows some text."""
    await page.wait_for_function(
        "s => [...document.querySelectorAll(s)].some(e => e.innerText.trim().length > 0)",
        arg=selector,
        timeout=timeout_ms,
    )


async def ask(page: Page, url: str, question: str, run: UserRun, timeout_ms: float) -> None:
    await page.goto(url)
    box = page.get_by_test_id("stChatInputTextArea")
    await box.wait_for(timeout=timeout_ms)
    await box.fill(question)
    asked = time.perf_counter()
    await box.press("Enter")
    await wait_for_text(page, FIRST_OUTPUT, timeout_ms)
    run.first_output = time.perf_counter() - asked
    done = page.locator(f"{ANSWER_DONE}, {CHAT_ERROR}, {EXCEPTION}")
    queue = page.locator(QUEUE)
    until = time.monotonic() + timeout_ms / 1000
    while not await done.count():  # watch for a queue position while the answer comes
        if time.monotonic() > until:
            raise TimeoutError(f"no answer within {timeout_ms / 1000:.0f} s")
        for text in await queue.all_inner_texts():  # never waits: the message may be gone
            position = int("".join(c for c in text.split("Platz", 1)[-1][:5] if c.isdigit()) or 0)
            run.queued = max(run.queued or 0, position)
        await asyncio.sleep(0.25)
    if await page.locator(f"{CHAT_ERROR}, {EXCEPTION}").count():
        text = await page.locator(f"{CHAT_ERROR}, {EXCEPTION}").first.inner_text()
        run.errors.append(f"chat: {text.strip()[:160]}")
        return
    run.answer = time.perf_counter() - asked


async def upload(page: Page, url: str, run: UserRun, timeout_ms: float) -> None:
    await page.goto(f"{url}/stats")
    dropzone = page.get_by_test_id("stFileUploaderDropzoneInput")
    await dropzone.wait_for(state="attached", timeout=timeout_ms)
    began = time.perf_counter()
    await dropzone.set_input_files(str(EXPORT))
    await page.get_by_test_id("stMetricValue").first.wait_for(timeout=timeout_ms)
    run.upload = time.perf_counter() - began
    if await page.locator(EXCEPTION).count():
        run.errors.append("stats: exception shown")


async def draft_plan(page: Page, url: str, run: UserRun, timeout_ms: float) -> None:
    await page.goto(f"{url}/plan")
    button = page.get_by_role("button", name="Plan erstellen")
    await button.wait_for(timeout=timeout_ms)
    began = time.perf_counter()
    await button.click()
    plan = page.locator(".st-key-plan-text")
    await plan.get_by_text("Plan zur Plattform-Diversifizierung").first.wait_for(timeout=timeout_ms)
    run.plan = time.perf_counter() - began
    if await page.locator(EXCEPTION).count():
        run.errors.append("plan: exception shown")


async def one_user(browser: Browser, url: str, run: UserRun, timeout_ms: float) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 1000})
    page = await context.new_page()
    steps = (
        ("chat", ask(page, url, QUESTIONS[run.user % len(QUESTIONS)], run, timeout_ms)),
        ("stats", upload(page, url, run, timeout_ms)),
        ("plan", draft_plan(page, url, run, timeout_ms)),
    )
    for name, step in steps:
        try:
            await step
        except Exception as err:  # a timeout or a page error: counted, the user goes on
            run.errors.append(f"{name}: {type(err).__name__}: {str(err).splitlines()[0][:160]}")
    await context.close()
    print(row(run), flush=True)  # as each user finishes: a long run shows its progress


def prepare_data(source: Path, workdir: Path, env: dict[str, str]) -> Path:
    """A data directory with an empty database that uses ``source``'s index and models."""
    data = workdir / "data"
    data.mkdir()
    if not (source / "index" / "CURRENT").exists():
        print(f">> no index in {source}: building it (channelwise ingest)", flush=True)
        subprocess.run(
            [str(Path(sys.executable).with_name("channelwise")), "ingest"],
            cwd=ROOT,
            env={**env, "CHANNELWISE_DATA_DIR": str(source)},
            check=True,
        )
    for part in ("index", "models"):
        if (source / part).exists():
            (data / part).symlink_to((source / part).resolve())
    return data


def seconds(values: list[float | None]) -> str:
    done = [v for v in values if v is not None]
    if not done:
        return "-"
    return f"median {statistics.median(done):.1f} s, max {max(done):.1f} s"


def cell(value: float | None) -> str:
    return "   -  " if value is None else f"{value:5.1f}s"


HEADER = "user  evidence  queue  answer  upload  plan    errors"


def row(run: UserRun) -> str:
    return (
        f"{run.user:>4}  {cell(run.first_output):>8}  {run.queued or '-':>5}  {cell(run.answer)}  "
        f"{cell(run.upload)}  {cell(run.plan)}  {'; '.join(run.errors) or '0'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--llm", default="fake", choices=["fake", "local"])
    parser.add_argument(
        "--data-dir", type=Path, default=Path(os.environ.get("CHANNELWISE_DATA_DIR", "data"))
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds per step")
    parser.add_argument("--deadline", type=float, default=1500, help="seconds for all users")
    args = parser.parse_args()
    env = {**os.environ, "CHANNELWISE_LLM": args.llm}
    with tempfile.TemporaryDirectory(prefix="channelwise-load-") as tmp:
        data = prepare_data((ROOT / args.data_dir).resolve(), Path(tmp), env)
        env["CHANNELWISE_DATA_DIR"] = str(data)
        port = free_port()
        command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
        command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
        command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
        log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115 - closed below
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        sampler = MemorySampler(server.pid)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_port(port, server)
            timeout_ms = args.timeout * 1000
            began = time.perf_counter()
            runs = asyncio.run(
                warm_then_measure(url, args.users, timeout_ms, args.deadline, sampler)
            )
            wall = time.perf_counter() - began
            after = rss_mb(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            sampler.stop()
            log.close()
        report(runs, args, sampler, after, wall)
        errors = sum(len(r.errors) for r in runs)
        if errors:
            print((Path(tmp) / "server.log").read_text()[-3000:])
    return 1 if errors else 0


async def warm_then_measure(
    url: str, users: int, timeout_ms: float, deadline_s: float, sampler: MemorySampler
) -> list[UserRun]:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm = await browser.new_page()  # builds the services; not measured
        warm_run = UserRun(-1)
        await ask(warm, url, QUESTIONS[0], warm_run, timeout_ms)
        await warm.close()
        if warm_run.errors or warm_run.answer is None:
            raise SystemExit(f"the warm-up question failed: {warm_run.errors}")
        sampler.baseline = rss_mb(sampler.pid)
        sampler.start()
        print(HEADER, flush=True)
        runs = [UserRun(n) for n in range(users)]
        tasks = [asyncio.create_task(one_user(browser, url, r, timeout_ms)) for r in runs]
        _, late = await asyncio.wait(tasks, timeout=deadline_s)
        for task in late:
            task.cancel()
        for run in runs:
            if late and None in (run.first_output, run.answer, run.upload, run.plan):
                run.errors.append(f"not finished within {deadline_s:.0f} s")
        await browser.close()
    return runs


def wait_for_port(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("the app did not start within 120 s")


def report(
    runs: list[UserRun], args: argparse.Namespace, sampler: MemorySampler, after: float, wall: float
) -> None:
    print(f"\n{args.users} users at once, llm={args.llm} ({wall:.0f} s in all)")
    print(HEADER)
    for run in runs:
        print(row(run))
    print(f"evidence:     {seconds([r.first_output for r in runs])}")
    waited = [r.queued for r in runs if r.queued]
    print(
        f"queue position shown to {len(waited)} of {len(runs)} users "
        f"(highest {max(waited, default=0)})"
    )
    print(f"answer done:  {seconds([r.answer for r in runs])}")
    print(f"upload shown: {seconds([r.upload for r in runs])}")
    print(f"plan shown:   {seconds([r.plan for r in runs])}")
    print(f"errors: {sum(len(r.errors) for r in runs)} (target 0)")
    peak = max(sampler.samples, default=after)
    print(f"server RSS: {sampler.baseline:.0f} MB warm, {peak:.0f} MB peak, {after:.0f} MB after")


if __name__ == "__main__":
    raise SystemExit(main())
