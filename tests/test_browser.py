"""The app in a real browser: ``wgkb serve`` (this checkout) on 127.0.0.1 with a temporary home (first
start ingests the bundled corpus), Debian's chromium headless driven by playwright-python.

One server and one browser for the module; every request that does not go to 127.0.0.1 is blocked and
recorded (nothing the app shows may come from the internet). Each page is opened at 1400×1000 and at
390×844 (a phone): no page scrolls sideways, none shows a traceback, "None" or a raw code; every deep
link of the README lands on its page; the correction actions (upload, correct before and after adding,
remove after confirmation) work. The search interaction time is printed (``-s``), never asserted."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    chromium_missing_reason,
    search,
    served_app,
    wait_app_idle,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_MISSING = chromium_missing_reason()
if _MISSING and os.environ.get("CI"):
    raise RuntimeError(f"browser test cannot run in CI: {_MISSING}")

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {"desktop": (1400, 1000), "phone": (390, 844)}
#: Every page by its path, with what shows it drew its content.
PAGES = {
    "/search?q=标识": ".wg-hit .wg-label",
    "/library": ".wg-doclist .wg-row a",
    "/reader?doc=CTOC/COP/WG.6/2014/2&p=85": ".wg-target",
    "/registers": ".wg-register a.wg-follow",
    "/lineage?res=11/6": '[data-testid="stGraphVizChart"] svg',
    "/explorer": "iframe",
    "/upload": '[data-testid="stFileUploader"]',
}
#: Raw codes that must never be shown to a person.
RAW_CODES = re.compile(r"\b(background_paper|pursuant_to|in_accordance_with|takes_note|agenda_item|text block \d)")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if _MISSING:
        pytest.skip(f"no real browser here: {_MISSING}")
    home = tmp_path_factory.mktemp("browser") / "home"
    with served_app(home) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser(app_url: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def outside() -> list[str]:
    """Every request the pages tried to send anywhere but 127.0.0.1 (blocked)."""
    return []


def open_context(browser, width: str, outside: list[str]):
    """A browser context of one width whose requests outside 127.0.0.1 are blocked and recorded."""
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN")

    def guard(route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context


def visit(page, url: str, ready: str) -> str:
    """Open ``url``, wait until the app is idle and ``ready`` is drawn; the main area's text."""
    page.goto(url)
    wait_app_idle(page, timeout_ms=180_000)
    page.wait_for_selector(ready, timeout=60_000)
    wait_app_idle(page)
    return page.inner_text('[data-testid="stMain"]')


def assert_reads_well(page, text: str, where: str) -> None:
    assert "Page not found" not in text, where
    assert page.locator('[data-testid="stException"]').count() == 0, where
    assert not re.search(r"(?<![A-Za-z])None(?![A-Za-z])", text), where
    assert not RAW_CODES.search(text), (where, RAW_CODES.search(text))
    sideways = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert sideways <= 1, f"{where} scrolls sideways by {sideways}px"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_at_desktop_and_phone_width(app_url: str, browser, outside: list[str], width: str,
                                               tmp_path: Path) -> None:
    context = open_context(browser, width, outside)
    page = context.new_page()
    for path, ready in PAGES.items():
        text = visit(page, app_url + path, ready)
        assert urlsplit(page.url).path == urlsplit(path).path, (path, page.url)  # typed paths stay put
        assert_reads_well(page, text, f"{path} at {width}")
    page.goto(app_url + "/search?q=标识")
    wait_app_idle(page, timeout_ms=120_000)
    expander = page.get_by_text("Filters · 筛选")
    expander.click()
    page.get_by_text("Document type · 文件类型").wait_for(timeout=20_000)  # filters reachable on a phone too
    page.goto(app_url + "/reader?doc=CTOC/COP/WG.6/2018/3")
    wait_app_idle(page, timeout_ms=120_000)
    page.get_by_text("Outline · 目录").click()
    page.locator(".wg-outline a").first.wait_for(timeout=20_000)
    assert page.locator(".wg-outline a").count() > 5  # the reader's outline, at either width
    page.screenshot(path=str(tmp_path / f"reader-{width}.png"))
    page.goto(app_url + "/lineage?res=11/6")
    wait_app_idle(page, timeout_ms=120_000)
    label = page.locator('[data-testid="stGraphVizChart"] svg text').first
    label.wait_for(timeout=60_000)
    assert label.evaluate("t => t.getBoundingClientRect().height") >= 11  # lineage text ≥ 11 px at any width
    context.close()
    assert outside == [], f"requests outside 127.0.0.1: {outside[:5]}"


def test_search_cite_and_open_the_paragraph(app_url: str, browser, outside: list[str]) -> None:
    context = open_context(browser, "desktop", outside)
    page = context.new_page()
    page.goto(app_url + "/search")
    wait_app_idle(page, timeout_ms=120_000)
    seconds = search(page, "marking")
    print(f"\nsearch interaction (type marking, Enter, first hit drawn): {seconds * 1000:.0f} ms")
    wait_app_idle(page)
    page.get_by_role("button", name="Cite · 引用").first.click()
    page.get_by_text("English reference").first.wait_for(timeout=20_000)
    page.locator('[data-testid="stCode"]:visible').nth(2).wait_for(timeout=30_000)  # drawn after a skeleton
    codes = page.locator('[data-testid="stCode"]:visible').all_inner_texts()
    codes = [c.strip() for c in codes]
    assert len(codes) == 3 and codes[1].endswith("。") and codes[2].endswith("."), codes
    official = page.locator("a.wg-official:visible")
    assert official.count() == 0 or official.first.get_attribute("href").startswith("https://undocs.org/zh/")
    page.keyboard.press("Escape")
    first = page.locator(".wg-hit .wg-label").first
    assert first.get_attribute("href").startswith("reader?doc=")
    first.click()
    page.wait_for_selector(".wg-target", timeout=60_000)
    wait_app_idle(page)
    page.locator('.st-key-wg-cite-target [data-testid="stCode"]').nth(2).wait_for(timeout=30_000)  # the Cite block under the paragraph
    context.close()


def readme_deep_links() -> list[str]:
    """The app's deep links written in the README (``/?q=…``, ``/reader?doc=…`` …)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The app", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"`(/[a-z]*\?[^`]+)`", section)


def test_every_readme_deep_link_lands_on_its_page(app_url: str, browser, outside: list[str]) -> None:
    links = readme_deep_links()
    assert len(links) >= 8, links
    expected = {"q": ("/search", ".wg-hit"), "doc": ("/reader", ".wg-target"), "ref": ("/reader", ".wg-doc, ul"),
                "res": ("/lineage", '[data-testid="stGraphVizChart"] svg'),
                "target": ("/registers", ".st-key-wg-followup")}
    context = open_context(browser, "desktop", outside)
    page = context.new_page()
    for link in links:
        name = re.match(r"/[a-z]*\?([a-z]+)=", link).group(1)
        path, ready = expected[name]
        text = visit(page, app_url + link, ready)
        assert urlsplit(page.url).path == path, (link, page.url)
        assert_reads_well(page, text, link)
        if name == "target":
            box = page.locator(".st-key-wg-followup").bounding_box()
            assert box and box["y"] < 1000, "the follow-up is not in view"
            assert "Recommendations · 建议" in page.locator('[aria-selected="true"]').first.inner_text()
    context.close()


def test_upload_correct_and_remove(app_url: str, browser, outside: list[str], tmp_path: Path) -> None:
    note = tmp_path / "wg_note_upload.txt"
    note.write_text("枪支问题工作组\n\n关于枪支标识的一份说明\n\n1. 工作组建议各国加强枪支标识和记录保存。\n\n"
                    "2. 请秘书处继续提供技术援助。\n", encoding="utf-8")
    context = open_context(browser, "desktop", outside)
    page = context.new_page()
    page.goto(app_url + "/upload")
    wait_app_idle(page, timeout_ms=120_000)
    page.locator('input[type="file"]').set_input_files(str(note))
    add = page.get_by_role("button", name="Add to the knowledge base · 添加")
    add.wait_for(timeout=60_000)
    page.get_by_label("Symbol · 文号").fill("CTOC/COP/WG.6/2033/7")  # corrected before adding
    page.get_by_label("Date · 日期 (2019, 2019-03 or 2019-03-04)").fill("2033-05-02")
    add.click()
    page.get_by_text("added as").wait_for(timeout=60_000)
    text = visit(page, app_url + "/reader?doc=CTOC/COP/WG.6/2033/7", ".wg-doc")
    assert "CTOC/COP/WG.6/2033/7" in text and "2033-05-02" in text
    page.get_by_role("button", name="Correct or remove · 更正或删除").click()
    title = page.get_by_label("Title · 标题")
    title.fill("枪支标识说明（更正）")  # corrected after adding
    page.get_by_role("button", name="Save corrections · 保存").click()
    page.get_by_role("heading", name="枪支标识说明（更正）").wait_for(timeout=60_000)
    wait_app_idle(page)
    remove = page.get_by_role("button", name="Remove the document · 删除文件")
    if not remove.is_visible():
        page.get_by_role("button", name="Correct or remove · 更正或删除").click()
    assert remove.is_disabled()  # a confirmation first
    page.get_by_text("Yes, remove CTOC/COP/WG.6/2033/7").click()
    remove.click()
    page.get_by_text("Removed CTOC/COP/WG.6/2033/7").wait_for(timeout=60_000)
    text = visit(page, app_url + "/search?q=记录保存", ".wg-hit")
    assert "CTOC/COP/WG.6/2033/7" not in text
    context.close()
    assert outside == [], f"requests outside 127.0.0.1: {outside[:5]}"


def test_network_hover_zoom_and_click_to_open(app_url: str, browser, outside: list[str]) -> None:
    context = open_context(browser, "desktop", outside)
    page = context.new_page()
    page.goto(app_url + "/explorer")
    wait_app_idle(page, timeout_ms=120_000)
    frame = page.frame_locator("iframe").first
    nodes = frame.locator("g.node")
    nodes.first.wait_for(timeout=60_000)
    assert nodes.count() > 5
    stub = frame.locator("g.node.stub circle").first  # cited documents outside the corpus keep their colour
    assert stub.evaluate("c => getComputedStyle(c).fill") not in ("rgb(255, 255, 255)", "none")
    assert stub.evaluate("c => getComputedStyle(c).strokeDasharray") not in ("none", "")
    view = frame.locator("#view")
    before = view.get_attribute("transform")
    frame.locator("#zin").click()
    assert view.get_attribute("transform") != before
    frame.locator("#fit").click()
    shown = frame.locator("g.node text").filter(has_text=re.compile(".")).first
    assert shown.evaluate("t => t.getBoundingClientRect().height") >= 11  # node text ≥ 11 px on screen
    circle = frame.locator("g.node:not(.stub) circle").first
    circle.hover(force=True)
    assert frame.locator("#tip").inner_text().strip()
    with page.context.expect_page() as opened:
        circle.click(force=True)
    assert "?doc=" in opened.value.url or "?ref=" in opened.value.url or "?target=" in opened.value.url
    context.close()
