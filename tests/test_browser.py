"""The app in a real browser: ``wgkb serve`` on 127.0.0.1 with a temporary home (first start ingests
the bundled corpus), Debian's chromium headless driven by playwright-python. A search is typed and a
hit seen; the reader opens from the hit; a screenshot is saved. The search interaction time is
printed (``-s`` shows it), never asserted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_harness import browser_page, chromium_missing_reason, search, served_app, wait_app_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_MISSING = chromium_missing_reason()
if _MISSING and os.environ.get("CI"):
    raise RuntimeError(f"browser test cannot run in CI: {_MISSING}")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    if _MISSING:
        pytest.skip(f"no real browser here: {_MISSING}")
    home = tmp_path_factory.mktemp("browser") / "home"
    with served_app(home) as (url, _):
        yield url


def test_search_in_a_real_browser(app_url: str, tmp_path: Path) -> None:
    with browser_page() as page:
        page.goto(app_url + "/")
        wait_app_idle(page, timeout_ms=180_000)
        seconds = search(page, "标识")
        print(f"\nsearch interaction (type 标识, Enter, first hit drawn): {seconds * 1000:.0f} ms")
        wait_app_idle(page)
        first = page.locator(".wg-hit .wg-label").first
        label = first.inner_text()
        assert "CTOC/COP/WG.6" in label or "resolution" in label
        assert page.locator(".wg-hit mark").count() > 0
        page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
        assert (tmp_path / "search.png").stat().st_size > 10_000
        english = search(page, "marking")
        print(f"search interaction (marking): {english * 1000:.0f} ms")
        first = page.locator(".wg-hit .wg-label").first
        href = first.get_attribute("href")
        assert href and href.startswith("reader?doc=")
        first.click()
        page.wait_for_selector(".wg-target", timeout=60_000)
        assert page.locator(".wg-doc .wg-para").count() > 5


def test_deep_link_to_lineage(app_url: str) -> None:
    with browser_page() as page:
        page.goto(app_url + "/?res=11/6")
        wait_app_idle(page, timeout_ms=120_000)
        page.wait_for_selector('[data-testid="stGraphVizChart"] svg', timeout=60_000)
        assert "/lineage" in page.url
        assert "resolution 5/4" in page.inner_text('[data-testid="stGraphVizChart"]')


def test_network_hover_zoom_and_click_to_open(app_url: str) -> None:
    with browser_page() as page:
        page.goto(app_url + "/explorer")
        wait_app_idle(page, timeout_ms=120_000)
        frame = page.frame_locator("iframe").first
        nodes = frame.locator("g.node")
        nodes.first.wait_for(timeout=60_000)
        assert nodes.count() > 5
        assert frame.locator("g.node.stub").count() > 0  # cited documents outside the corpus
        view = frame.locator("#view")
        before = view.get_attribute("transform")
        frame.locator("#zin").click()
        assert view.get_attribute("transform") != before
        frame.locator("#fit").click()
        circle = frame.locator("g.node:not(.stub) circle").first  # a document of the corpus
        circle.hover(force=True)
        assert frame.locator("#tip").inner_text().strip()
        with page.context.expect_page() as opened:
            circle.click(force=True)
        assert "?doc=" in opened.value.url or "?ref=" in opened.value.url or "?target=" in opened.value.url
