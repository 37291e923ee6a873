"""The app's follow-up additions, headless (AppTest): the Watch page (news since the last visit, add and
remove), review buttons on the follow-up panel, the kind filter and alias-aware text filter of the registers."""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from wgkb.facade import KnowledgeBase

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 120
REC = "recommendation:CTOC/COP/WG.6/2017/4#20"


@pytest.fixture
def home(tmp_path: Path, corpus_dir: Path) -> Path:
    """A home with seeds 2014/2 and 2018/3 (so first start does not ingest the whole corpus)."""
    path = tmp_path / "home"
    kb = KnowledgeBase.open(path)
    for name in ("CTOC_COP_WG.6_2014_2.txt", "CTOC_COP_WG.6_2018_3.txt"):
        shutil.copy(corpus_dir / name, tmp_path / name)
    assert kb.ingest([tmp_path / "CTOC_COP_WG.6_2014_2.txt", tmp_path / "CTOC_COP_WG.6_2018_3.txt"]).ok
    kb.close()
    return path


def run(home: Path, page: str, **params: str) -> AppTest:
    os.environ["WGKB_HOME"] = str(home)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("wgkb/pages/" + page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_watch_page_adds_an_item_and_shows_news_since_the_last_visit(home: Path, corpus_dir: Path) -> None:
    at = run(home, "watch.py")
    assert at.header[0].value.startswith("Watch list")
    at.text_input[0].set_value("6/2")
    at.button[0].click().run()          # the form's submit button (no watched items yet: no remove buttons)
    assert not at.exception and any("Watching [1] resolution 6/2" in html.unescape(s.value) for s in at.success)
    kb = KnowledgeBase.open(home)
    kb.ingest([corpus_dir / "WG6_2023_background_international_cooperation.txt"])
    assert [n.line.startswith("watched: resolution 6/2") for n in kb.watch_news] == [True]
    kb.close()
    later = run(home, "watch.py")       # a new session: news since the visit above
    text = html.unescape(" ".join(m.value for m in later.markdown))
    assert "resolution 6/2 — 1 new citing paragraph" in text
    assert any("since your last visit" in s.value and s.value.endswith(": 1") for s in later.subheader)
    later.button[0].click().run()       # remove
    assert not KnowledgeBase.open(home).watches()


def test_review_buttons_on_the_followup_panel(home: Path) -> None:
    at = run(home, "registers.py", target=REC)
    at.text_input(key="_reviewer").set_value("Li Wei")
    at.selectbox(key=f"review-status-{REC}").set_value("implemented")
    at.button(key=f"review-set-{REC}").click().run()
    assert not at.exception
    at.button(key=f"review-confirm-{REC}-document:CTOC/COP/WG.6/2018/3¶65").click().run()
    kb = KnowledgeBase.open(home)
    reviews = [(r.action, r.status, r.paragraph, r.reviewer) for r in kb.reviews()]
    assert reviews == [("status", "implemented", None, "Li Wei"),
                       ("confirm", None, "document:CTOC/COP/WG.6/2018/3¶65", "Li Wei")]
    shown = run(home, "registers.py", target=REC)
    assert any("Reviewed status · 审阅状态: implemented (by Li Wei" in html.unescape(i.value) for i in shown.info)


def _register(at: AppTest, which: str) -> str:
    """The HTML of one register (its rows are ``wg-row`` divs)."""
    return next(h.proto.body for h in at.html if f'data-which="{which}"' in h.proto.body)


def test_registers_kind_filter_and_alias_text_filter(home: Path) -> None:
    at = run(home, "registers.py")
    recs = _register(at, "recommendations")
    assert "· reported" in recs and "· proposed" not in recs        # proposed points are filtered out by default
    at.multiselect(key="recommendations-kinds").set_value(["proposed"]).run()
    recs = _register(at, "recommendations")
    assert "· proposed" in recs and "· reported" not in recs
    at.text_input(key="recommendations-q").set_value("UNODC").run()
    texts = re.findall(r'<div class="wg-cell wg-text">(.*?)</div>', _register(at, "recommendations"), re.S)
    assert texts and all("毒品和犯罪问题办公室" in t for t in texts)
