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
import time
from collections.abc import Callable, Iterator
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

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # no playwright: every test here is skipped (chromium_missing_reason)
    PlaywrightTimeout = TimeoutError

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
    sideways = settled(page, "document.scrollingElement.scrollWidth - window.innerWidth <= 1",
                       "document.scrollingElement.scrollWidth - window.innerWidth")
    assert sideways <= 1, f"{where} scrolls sideways by {sideways}px"


def settled(page, condition: str, measure: str, timeout_ms: int = 30_000):
    """``measure`` (a JavaScript expression) once ``condition`` holds, or when it still does not after
    ``timeout_ms``: under load the browser may lay a page out in steps after the app went idle (a
    chart sized after its data), so the test waits for the real condition instead of reading the
    first layout, and still fails, with the value, when the condition never comes."""
    try:
        page.wait_for_function(f"() => {condition}", timeout=timeout_ms)
    except PlaywrightTimeout:
        pass
    return page.evaluate(f"() => {measure}")


def lineage_text_height(page) -> float:
    """The on-screen height of the lineage graph's first label (once it reaches 11 px, or the last seen)."""
    first = 'document.querySelector(\'[data-testid="stGraphVizChart"] svg text\')'
    return settled(page, f"{first} && {first}.getBoundingClientRect().height >= 11",
                   f"{first} ? {first}.getBoundingClientRect().height : 0", timeout_ms=60_000)


def open_expander(page, title: str, shows: Callable, timeout_s: float = 120) -> None:
    """Open the expander titled ``title`` until ``shows(expander)`` is visible. A click that lands while
    the page reruns can hit an expander that is then drawn again closed, so the real condition is
    checked and the click repeated (only while the expander is closed) up to the deadline."""
    expander = page.locator('[data-testid="stExpander"]').filter(has=page.locator("summary", has_text=title)).first
    target = shows(expander).first
    deadline = time.monotonic() + timeout_s
    while not target.is_visible():
        assert time.monotonic() < deadline, f"the expander {title!r} never showed its content"
        expander.wait_for(timeout=timeout_s * 1000)
        if not expander.locator("details").first.evaluate("d => d.open"):
            expander.locator("summary").first.click()
        try:
            target.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeout:
            wait_app_idle(page)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_at_desktop_and_phone_width(app_url: str, browser, outside: list[str], width: str,
                                               tmp_path: Path) -> None:
    context = open_context(browser, width, outside)
    page = context.new_page()
    for path, ready in PAGES.items():
        text = visit(page, app_url + path, ready)
        assert urlsplit(page.url).path == urlsplit(path).path, (path, page.url)  # typed paths stay put
        assert_reads_well(page, text, f"{path} at {width}")
    # filters reachable on a phone too: search's and the explorer's, in an expander on the page
    visit(page, app_url + "/search?q=标识", ".wg-hit .wg-label")
    open_expander(page, "Filters · 筛选", lambda e: e.get_by_text("Document type · 文件类型"))
    visit(page, app_url + "/explorer", "iframe")
    open_expander(page, "Filters · 筛选", lambda e: e.get_by_text("Node kinds · 节点类型"))
    assert page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').count() == 0
    visit(page, app_url + "/reader?doc=CTOC/COP/WG.6/2018/3", ".wg-doc")
    open_expander(page, "Outline · 目录", lambda e: e.locator(".wg-outline a"))
    assert page.locator(".wg-outline a").count() > 5  # the reader's outline, at either width
    page.screenshot(path=str(tmp_path / f"reader-{width}.png"))
    visit(page, app_url + "/lineage?res=11/6", '[data-testid="stGraphVizChart"] svg text')
    assert lineage_text_height(page) >= 11  # lineage text ≥ 11 px at any width
    boxes = page.locator('[data-testid="stGraphVizChart"] svg').first.evaluate(
        "svg => [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect()).filter(b => b.width > 0)"
        ".map(b => [b.left, b.top, b.right, b.bottom])")
    assert len(boxes) > 10 and overlapping(boxes) == [], "lineage labels overlap"
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


#: True once the element with this id lies (at least partly) inside the window.
IN_VIEW = """id => { const e = document.getElementById(id); if (!e) return false;
  const b = e.getBoundingClientRect(); return b.height > 0 && b.bottom > 0 && b.top < window.innerHeight; }"""


def test_footnote_markers_link_both_ways(app_url: str, browser, outside: list[str]) -> None:
    """On a phone, seed 2014/2 para. 10: the markers stand where the text has them, each its own
    superscript; a marker opens its footnote and the footnote's ↩ comes back to that marker."""
    context = open_context(browser, "phone", outside)
    page = context.new_page()
    visit(page, app_url + "/reader?doc=CTOC/COP/WG.6/2014/2&p=10", ".wg-target")
    para = page.locator("#p-10")
    text = para.inner_text()
    assert re.search(r"《立法指南》、\s*4\s*《枪支示范法》\s*5\s*和", text), text
    assert not re.search(r"[456]{2}", re.sub(r"\d{3,}", "", text))  # never "456" run together
    assert not page.evaluate(IN_VIEW, "p-fn5")  # the footnotes are far below, after 91 paragraphs
    para.locator("#ref-fn5").click()
    page.wait_for_function(IN_VIEW, arg="p-fn5", timeout=30_000)  # the footnote scrolled into view
    assert not page.evaluate(IN_VIEW, "ref-fn5")
    page.locator('#p-fn5 a[href="#ref-fn5"]').click()
    page.wait_for_function(IN_VIEW, arg="ref-fn5", timeout=30_000)  # and back to its marker
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
    shown = frame.locator("g.node text:visible").filter(has_text=re.compile(".")).first
    assert shown.evaluate("t => t.getBoundingClientRect().height") >= 11  # node text ≥ 11 px on screen
    circle = frame.locator("g.node:not(.stub) circle").first
    circle.hover(force=True)
    assert frame.locator("#tip").inner_text().strip()
    with page.context.expect_page() as opened:
        circle.click(force=True)
    assert "?doc=" in opened.value.url or "?ref=" in opened.value.url or "?target=" in opened.value.url
    context.close()


#: The screen boxes (left, top, right, bottom) of the network's labels that are shown and in view.
LABEL_BOXES = """svg => { const view = svg.getBoundingClientRect();
  return [...svg.querySelectorAll("g.node text")]
    .filter(t => getComputedStyle(t).display !== "none" && t.textContent.trim())
    .map(t => t.getBoundingClientRect())
    .filter(b => b.width > 0 && b.right > view.left && b.left < view.right && b.bottom > view.top && b.top < view.bottom)
    .map(b => [b.left, b.top, b.right, b.bottom]); }"""


def overlapping(boxes: list[list[float]], tolerance: float = 0.5) -> list[tuple[list[float], list[float]]]:
    """The pairs of boxes that intersect by more than ``tolerance`` pixels both ways."""
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[0] < b[2] - tolerance and b[0] < a[2] - tolerance and a[1] < b[3] - tolerance and b[1] < a[3] - tolerance]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_network_labels_do_not_overlap(app_url: str, browser, outside: list[str], width: str, tmp_path: Path) -> None:
    """The rendered label boxes of the citation network, fitted and zoomed in, at desktop and phone
    width: labels are shown (enough to read the graph) and no two of them intersect."""
    context = open_context(browser, width, outside)
    page = context.new_page()
    page.goto(app_url + "/explorer")
    wait_app_idle(page, timeout_ms=120_000)
    frame = page.frame_locator("iframe").first
    frame.locator("g.node text").first.wait_for(state="attached", timeout=60_000)
    svg = frame.locator("#svg")
    for step in ("fit", "zin", "zin"):
        frame.locator(f"#{step}").click()
        boxes = svg.evaluate(LABEL_BOXES)
        assert len(boxes) >= (4 if width == "phone" else 8), (step, len(boxes))
        assert overlapping(boxes) == [], f"{width}, after {step}: labels overlap"
    page.screenshot(path=str(tmp_path / f"network-{width}.png"))
    context.close()
