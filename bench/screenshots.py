"""The README's screenshots from the current code: search, reader (with a Cite block) and follow-up, at
desktop width, plus the search page on a phone. ``python -m bench.screenshots`` writes docs/*.png."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_harness import browser_page, served_app, wait_app_idle  # noqa: E402

SHOTS = (
    ("screenshot-search.png", "/search?q=标识", (1400, 1000)),
    ("screenshot-reader.png", "/reader?doc=CTOC/COP/WG.6/2018/3&p=72", (1400, 1000)),
    ("screenshot-followup.png", "/registers?target=CTOC/COP/WG.6/2017/4%236", (1400, 1000)),
    ("screenshot-phone.png", "/registers", (390, 844)),
)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, served_app(Path(tmp) / "home") as (url, _):
        for name, path, (width, height) in SHOTS:
            with browser_page(width, height) as page:
                page.goto(url + path)
                wait_app_idle(page, timeout_ms=180_000)
                page.wait_for_timeout(1500)
                page.screenshot(path=str(ROOT / "docs" / name))
                print(f"docs/{name} <- {path} at {width}x{height}")


if __name__ == "__main__":
    main()
