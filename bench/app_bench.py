"""App speed in a real browser: first start (empty home: the bundled corpus is ingested), a later start
(same home), page loads, and search interactions (type a query, press Enter, first hit drawn).

Runs ``wgkb serve`` on 127.0.0.1 and Debian's headless chromium through playwright, as
tests/test_browser.py does. Prints figures (markdown); asserts nothing.

    python3 bench/app_bench.py [--repeat 3] [--screenshot docs/screenshot-search.png]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser_harness import browser_page, search, served_app, wait_app_idle  # noqa: E402

#: Queries typed in the search box: Chinese words, an English term (glossary), an alias, a citation.
QUERIES = ("标识", "marking", "记录保存", "UNODC", "第 11/6 号决议", "firearms trafficking")
#: Pages opened by URL after the search, with what the URL asks for.
PAGES = (("reader 11/6", "/?doc=11/6"), ("reader ¶85", "/?doc=CTOC/COP/WG.6/2014/2&p=85"),
         ("lineage 11/6", "/?res=11/6"), ("mandates", "/registers"), ("graph explorer", "/explorer"),
         ("upload", "/upload"))


def start_and_open(home: Path) -> tuple[float, float, list[tuple[str, float]], list[float], float]:
    """Serve ``home``, open the search page; return (server up s, page ready s, page loads, searches,
    first search s)."""
    with browser_page() as page:  # the browser is up before the server starts: not timed
        started = time.perf_counter()
        with served_app(home, timeout=300) as (url, up):
            return _session(page, url, started, up)


def _session(page, url: str, started: float, up: float) -> tuple[float, float, list[tuple[str, float]], list[float], float]:
    """Open the search page, search, open the other pages; the figures of ``start_and_open``."""
    page.goto(url + "/")
    page.get_by_role("textbox", name="Search · 检索").wait_for(timeout=300_000)
    wait_app_idle(page, timeout_ms=300_000, settle_ms=0)
    ready = time.perf_counter() - started
    first = search(page, QUERIES[0])
    wait_app_idle(page)
    if ARGS.screenshot:
        page.locator(".wg-hit mark").first.wait_for()
        page.screenshot(path=ARGS.screenshot)
    searches = []
    for query in QUERIES * ARGS.repeat:
        searches.append(search(page, query))
        wait_app_idle(page)
    loads = []
    for name, path in PAGES:
        t0 = time.perf_counter()
        page.goto(url + path)
        wait_app_idle(page, timeout_ms=120_000, settle_ms=300)
        loads.append((name, time.perf_counter() - t0 - 0.3))
    return up, ready, loads, searches, first


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        up1, ready1, loads1, searches1, first1 = start_and_open(home)
        up2, ready2, loads2, searches2, first2 = start_and_open(home)
    print(f"Machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, {platform.system()}.\n")
    print("Times from `wgkb serve` starting; the page is ready when its search box is drawn and no "
          "script run is in progress.\n")
    print("| start | server answers | search page ready | first search |")
    print("|---|---:|---:|---:|")
    print(f"| first (empty home: corpus ingested) | {up1:.2f} s | {ready1:.2f} s | {first1 * 1000:.0f} ms |")
    print(f"| later (same home) | {up2:.2f} s | {ready2:.2f} s | {first2 * 1000:.0f} ms |")
    every = searches1 + searches2
    print(f"\nSearch interaction (type, Enter, first hit drawn), {len(every)} searches of "
          f"{len(QUERIES)} queries: median {statistics.median(every) * 1000:.0f} ms, "
          f"max {max(every) * 1000:.0f} ms (target < 1 s).\n")
    print("| page opened by URL (later start) | seconds |")
    print("|---|---:|")
    for name, seconds in loads2:
        print(f"| {name} | {seconds:.2f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="times each query is searched per start")
    parser.add_argument("--screenshot", metavar="PNG", help="save the search page (query 标识) here")
    ARGS = parser.parse_args()
    main()
