"""Running the real app for browser tests: ``wgkb serve`` on a free 127.0.0.1 port with its own home,
and Debian's chromium (headless) driven by playwright-python.

Used by tests/test_browser.py and by bench/app_bench.py (which prints start-up and search figures).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Debian's chromium (installed by .ci/run with apt-get); playwright's own browser download is not used.
CHROMIUM = Path("/usr/bin/chromium")
#: Flags for a headless chromium in a container: no sandbox (no user namespaces), no GPU, and no
#: background traffic to Google services (no network here; keeps timing figures clean).
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")
#: Streamlit's health endpoint: answers ``ok`` once the server is up.
HEALTH_PATH = "/_stcore/health"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_missing_reason() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright-python is not installed (pip install -e '.[test]')"
    return None


#: The checkout these tests belong to: the app served is this checkout's, whatever ``wgkb`` is installed.
ROOT = Path(__file__).resolve().parent.parent


def wgkb_command() -> list[str]:
    """How to run this checkout's ``wgkb`` CLI: ``python -m wgkb.cli`` started in the checkout (the
    installed console script may belong to another checkout)."""
    return [sys.executable, "-m", "wgkb.cli"]


@contextmanager
def served_app(home: Path, timeout: float = 120.0) -> Iterator[tuple[str, float]]:
    """``wgkb serve`` on a free port with ``WGKB_HOME=home``; yields ``(base url, seconds until the
    server answered its health check)``. The server is stopped (its process group) on exit."""
    port = free_port()
    env = dict(os.environ, WGKB_HOME=str(home), PYTHONUNBUFFERED="1")
    log = open(home.parent / f"serve-{port}.log", "wb")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen([*wgkb_command(), "--home", str(home), "serve", "--port", str(port),
                             "--address", "127.0.0.1"], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True, cwd=ROOT)
    started = time.perf_counter()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, timeout)
        yield url, time.perf_counter() - started
    finally:
        stop(proc)
        log.close()


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    """Poll the health endpoint until it answers ``ok``; fail if the server dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"wgkb serve exited with status {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url + HEALTH_PATH, timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"wgkb serve did not answer {url}{HEALTH_PATH} within {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    """Stop the server and its children (it runs in its own session/process group)."""
    if proc.poll() is None:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()


@contextmanager
def browser_page(width: int = 1400, height: int = 1000) -> Iterator[object]:
    """A playwright page in Debian's headless chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
            yield page
        finally:
            browser.close()


#: True while Streamlit is running the script: its status widget is shown, or elements of the previous
#: run are still marked stale (``data-stale="true"``, until the new run has drawn them again).
BUSY = """() => document.querySelector('[data-testid="stStatusWidget"]') !== null
              || document.querySelector('[data-stale="true"]') !== null"""


def wait_app_idle(page, timeout_ms: int = 60_000, settle_ms: int = 600) -> None:
    """Wait until the app has rendered and no script run has been in progress for ``settle_ms``
    (Streamlit shows its status widget while a run is going; a page switch starts a second run)."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    quiet_since = None
    while time.monotonic() < deadline:
        running = page.evaluate(BUSY)
        now = time.monotonic()
        if running:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif (now - quiet_since) * 1000 >= settle_ms:
            return
        page.wait_for_timeout(100)
    raise TimeoutError(f"the app was still running after {timeout_ms} ms")


def search(page, query: str, timeout_ms: int = 30_000) -> float:
    """Type ``query`` in the search box, press Enter, wait for the first hit; seconds it took."""
    box = page.get_by_role("textbox", name="Search · 检索")
    box.fill(query)
    started = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(
        """(q) => [...document.querySelectorAll('.wg-results')].some(e => e.dataset.q === q)
                  && document.querySelectorAll('.wg-hit .wg-label').length > 0""", arg=query, timeout=timeout_ms)
    return time.perf_counter() - started
