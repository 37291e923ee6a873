"""The Streamlit app, headless (``streamlit.testing.v1.AppTest``): every page on the bundled corpus,
first start on an empty home, upload of good and bad files, deep links and safe rendering."""

from __future__ import annotations

import html
import io
import os
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from wgkb.facade import KnowledgeBase

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = "wgkb/pages/"
TIMEOUT = 120

#: A document of the family that is not a seed: a later WG background paper whose text tries HTML,
#: markdown and a line that starts like a markdown list item.
TRICKY_TXT = """CTOC/COP/WG.6/2031/5

枪支问题工作组
2031年6月2日至3日，维也纳

关于标识和记录保存的背景文件

一. 导言

1. 工作组建议各国加强枪支标识<script>alert('x')</script>，并回顾缔约方会议第 11/6 号决议。

2. **注意** 秘书处应继续提供技术援助 [链接](javascript:alert(1))。

43. 这一段以数字开头，不应变成列表。
""".encode()


@pytest.fixture(scope="module")
def corpus_home(corpus_kb: KnowledgeBase) -> str:
    """The session's ingested corpus (read-only: no upload test uses it)."""
    return str(corpus_kb.home)


def run_page(home: str | Path, page: str | None = None, **params: str) -> AppTest:
    """Run the app once on the knowledge base in ``home``, on ``page`` (a file in wgkb/pages/), with
    query parameters."""
    os.environ["WGKB_HOME"] = str(home)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(PAGES + page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(elements) -> list[str]:
    """What messages (st.error, st.success …) display: their markdown source with the character
    references the app writes for untrusted text decoded."""
    return [html.unescape(e.value) for e in elements]


def html_of(at: AppTest) -> str:
    """All ``st.html`` bodies of the run, joined."""
    return "\n".join(h.proto.body for h in at.html)


def result_total(at: AppTest) -> int:
    """The number of matching paragraphs the search page reports."""
    match = re.search(r'class="wg-results"[^>]*>(\d+) paragraphs', html_of(at))
    assert match, "no result count on the page"
    return int(match.group(1))


# ---- search -------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["标识", "marking", "firearms"])
def test_search_returns_highlighted_hits_with_labels(corpus_home: str, query: str) -> None:
    at = run_page(corpus_home, q=query)
    page = html_of(at)
    assert result_total(at) > 0
    assert page.count('class="wg-hit"') >= 1
    assert "<mark>" in page
    codes = [c.value for c in at.code]  # per hit, in its Cite popover: label, Chinese, English reference
    labels, chinese, english = codes[0::3], codes[1::3], codes[2::3]
    assert len(labels) == len(chinese) == len(english) == page.count('class="wg-hit"')
    assert all(z.endswith("。") and e.endswith(".") and z.count(x.split(",")[0]) <= 1 for x, z, e in
               zip(labels, chinese, english, strict=True))
    assert labels and all(re.search(r", (para\.|preamble para\.|chap\.|annotations|annex|front matter|provisional agenda|footnote)", x)
                          and "text block" not in x for x in labels)
    assert 'href="reader?doc=' in page


def test_search_filter_narrows_hits(corpus_home: str) -> None:
    at = run_page(corpus_home, q="标识")
    everything = result_total(at)
    box = at.selectbox(key="f-doc_type")
    options = [o for o in box.options if not o.startswith("(any")]
    assert options, "no document-type facet"
    assert all(" · " in o and "_" not in o for o in options), options  # human labels, never raw codes
    from wgkb.labels import label
    codes = {f"{label('doc_type', c)}": c for c in ("resolution", "background_paper", "agenda", "report", "note")}
    box.set_value(codes[re.sub(r" \(\d+\)$", "", options[-1])]).run()
    assert not at.exception
    narrowed = result_total(at)
    assert 0 < narrowed < everything


def test_search_paging_moves_to_the_next_hits(corpus_home: str) -> None:
    at = run_page(corpus_home, q="枪支")
    assert result_total(at) > 10
    first = [c.value for c in at.code]
    pager = at.get("pagination")
    assert pager, "no pagination widget for more than one page of hits"
    pager[0].set_value(2).run()
    assert not at.exception
    assert [c.value for c in at.code] != first
    assert "showing 11–" in html_of(at)


# ---- reader -------------------------------------------------------------------------------------

def test_reader_shows_paragraphs_and_footnotes_of_resolution_11_6(corpus_home: str, corpus_kb) -> None:
    doc = corpus_kb.document("11/6")
    at = run_page(corpus_home, doc="11/6")
    page = html_of(at)
    body = [p for p in doc.paragraphs if p.kind != "footnote"]
    notes = [p for p in doc.paragraphs if p.kind == "footnote"]
    assert notes, "resolution 11/6 has footnotes"
    assert page.count('class="wg-para') >= len(body) - sum(p.kind == "heading" for p in body)
    assert page.count("wg-fn") >= len(notes)
    operative = next(p for p in body if p.kind == "operative")
    assert f'id="p-{operative.key}"' in page
    assert 'id="p-PP1"' in page


def test_reader_sets_footnote_markers_where_the_text_has_them(corpus_home: str, corpus_kb) -> None:
    """Seed 2014/2 para. 10 carries markers 4, 5 and 6 after three titles: each a superscript link at
    its place (never "⁴⁵⁶" at the paragraph's end), each footnote linking back to its marker."""
    doc = corpus_kb.document("CTOC/COP/WG.6/2014/2")
    para = doc.paragraph("10")
    assert para.footnotes == ("4", "5", "6") and len(set(para.marker_offsets)) == 3
    page = html_of(run_page(corpus_home, doc=doc.id))
    body = re.search(r'<p class="wg-para" id="p-10">.*?</p>', page, re.S).group()
    sups = re.findall(r'<sup class="wg-sup">(.*?)</sup>', body)
    assert [re.findall(r'href="#(p-fn\d+)"', s) for s in sups] == [["p-fn4"], ["p-fn5"], ["p-fn6"]]
    text = re.sub(r"<[^>]+>", "", body)
    for mark, offset in zip(para.footnotes, para.marker_offsets, strict=True):
        before = html.escape(para.text[max(0, offset - 6):offset], quote=True)
        assert before + mark in text, (mark, before)  # the marker right after the words it belongs to
    assert not text.rstrip().endswith(("456", "4,5,6"))
    for mark in para.footnotes:
        assert f'id="ref-fn{mark}"' in body
        assert re.search(rf'<p class="wg-para wg-fn" id="p-fn{mark}"><a href="#ref-fn{mark}"', page)


def test_markers_at_one_place_are_separated(corpus_home: str) -> None:
    from ingest.records import Paragraph
    from wgkb.pages import render

    para = Paragraph(key="1", kind="numbered", text="造成了影响。其后", footnotes=("4", "5", "6"),
                     marker_offsets=(6, 6, 6))
    refs = render.footnote_refs([(m, f"p-fn{m}", f"ref-fn{m}") for m in para.footnotes])
    out = render.cited_text_html(para.text, [], lambda c: ("", True), {6: refs})
    assert re.sub(r"<[^>]+>", "", out) == "造成了影响。4,5,6其后"
    assert out.count("<sup") == 1 and out.count('class="wg-fnref"') == 3


def test_reader_deep_link_to_a_paragraph_gives_its_citation(corpus_home: str) -> None:
    at = run_page(corpus_home, doc="CTOC/COP/WG.6/2014/2", p="85")
    assert "CTOC/COP/WG.6/2014/2, para. 85" in [c.value for c in at.code]
    assert 'class="wg-para wg-target" id="p-85"' in html_of(at)


def test_reader_citations_are_links(corpus_home: str, corpus_kb) -> None:
    doc = corpus_kb.document("11/6")
    cited = [c for p in doc.paragraphs for c in p.citations]
    assert cited, "resolution 11/6 cites other resolutions"
    page = html_of(run_page(corpus_home, doc="11/6"))
    assert page.count('class="wg-cite') >= 1


def test_stub_page_says_what_is_known(corpus_home: str, corpus_kb) -> None:
    graph = corpus_kb.graph()
    stubs = [n for n, a in graph.nodes(data=True) if a.get("kind") == "resolution" and not a.get("in_corpus")]
    assert stubs, "the seeds cite resolutions outside the corpus (5/4 …)"
    at = run_page(corpus_home, ref=stubs[0])
    assert any("Not in the corpus" in i.value for i in at.info)
    assert "Cited by" in "".join(m.value for m in at.markdown)


def test_unknown_document_is_an_error_not_a_crash(corpus_home: str) -> None:
    at = run_page(corpus_home, doc="CTOC/COP/WG.6/1999/99")
    assert any("CTOC/COP/WG.6/1999/99" in m for m in shown(at.error))


# ---- registers, lineage, explorer -----------------------------------------------------------------

def test_registers_show_whole_texts_with_human_labels(corpus_home: str, corpus_kb) -> None:
    at = run_page(corpus_home, "registers.py")
    page = html_of(at)
    assert 'data-which="mandates"' in page and 'data-which="recommendations"' in page
    row = corpus_kb.mandates()[0]
    assert html.escape(row.text) in page  # the whole text, not five characters
    assert "尚无后续 · none yet" in page or "已有引用 · cited" in page
    assert ">None<" not in page and ">suggested only<" not in page and ">none<" not in page
    assert page.count('class="wg-follow"') >= 2 and "registers?target=" in page
    assert len(at.get("download_button")) == 2


def test_followup_deep_link_shows_cited_and_suggested_apart(corpus_home: str, corpus_kb) -> None:
    row = corpus_kb.mandates()[0]
    at = run_page(corpus_home, "registers.py", target=row.id)
    text = "".join(m.value for m in at.markdown)
    assert "Cited follow-up" in text and "Suggested follow-up" in text
    assert any(row.label in x for x in shown(at.subheader))


def test_lineage_of_11_6_lists_5_4(corpus_home: str) -> None:
    at = run_page(corpus_home, res="11/6")
    table = at.dataframe[0].value
    assert (table["label"] == "resolution 5/4").any(), list(table["label"])
    assert "resolution 11/6" in list(table["label"])


def test_explorer_draws_the_network_and_most_cited(corpus_home: str) -> None:
    at = run_page(corpus_home, "explorer.py")
    assert any("nodes" in c.value and "links shown" in c.value for c in at.caption)
    assert len(at.dataframe[0].value) > 0
    assert len(at.get("download_button")) == 4


def test_explorer_filters_are_on_the_page_not_in_the_sidebar(corpus_home: str) -> None:
    """On a phone the sidebar is folded away: the filters sit in an expander above the network, as
    search's do, and they act on what is drawn."""
    at = run_page(corpus_home, "explorer.py")
    assert len(at.sidebar.multiselect) == 0 and len(at.sidebar.toggle) == 0
    assert any(e.label.startswith("Filters · 筛选") for e in at.main.expander)
    kinds = at.main.multiselect(key="x-kinds-False")
    before = next(c.value for c in at.caption if "links shown" in c.value)
    kinds.set_value(["resolution"]).run()
    after = next(c.value for c in at.caption if "links shown" in c.value)
    assert after != before
    assert any(e.label == "Filters · 筛选 (1 on)" for e in at.main.expander)


# ---- first start and upload (their own home: they write) -----------------------------------------

@pytest.fixture(scope="module")
def fresh_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty home; the first app run ingests the bundled corpus into it."""
    return tmp_path_factory.mktemp("app_home") / "home"


def test_first_start_ingests_the_bundled_corpus(fresh_home: Path) -> None:
    at = run_page(fresh_home, "upload.py")
    assert at.header[0].value.startswith("Upload")
    assert len(KnowledgeBase.open(fresh_home).documents()) >= 5


def upload(home: Path, name: str, data: bytes, **corrections: str) -> AppTest:
    """Upload a file; when it can be read, check (and correct) its metadata in the form, then Add."""
    at = run_page(home, "upload.py")
    at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    add = [b for b in at.button if b.label.startswith("Add to the knowledge base")]
    if add:
        for field, value in corrections.items():
            box = next(t for t in at.text_input if t.label.startswith(field))
            box.set_value(value)
        add[0].click().run()
        assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("broken.pdf", b"%PDF-1.7\n1 0 obj <<", "broken.pdf"),
    ("empty.txt", b"", "empty"),
    ("binary.txt", bytes(range(256)) * 8, "binary.txt"),
])
def test_upload_of_a_bad_file_shows_the_error_and_changes_nothing(fresh_home: Path, name: str, data: bytes,
                                                                  reason: str) -> None:
    run_page(fresh_home, "upload.py")  # first start done, whatever order the tests run in
    before = {d.id for d in KnowledgeBase.open(fresh_home).documents()}
    at = upload(fresh_home, name, data)
    assert at.error and reason in shown(at.error)[0] and "Not added" in shown(at.error)[0]
    assert {d.id for d in KnowledgeBase.open(fresh_home).documents()} == before
    assert not (fresh_home / "uploads" / name).exists()


def test_upload_adds_a_document_and_shows_its_segmentation(fresh_home: Path) -> None:
    at = upload(fresh_home, "../../evil/CTOC_COP_WG.6_2031_5.txt", TRICKY_TXT)
    assert at.success and "document:CTOC/COP/WG.6/2031/5" in shown(at.success)[0]
    assert int({m.label.split(" ·")[0]: m.value for m in at.metric}["Paragraphs"]) >= 2
    assert (fresh_home / "uploads" / "CTOC_COP_WG.6_2031_5.txt").is_file()
    assert not (fresh_home.parent / "evil").exists()
    assert KnowledgeBase.open(fresh_home).document("CTOC/COP/WG.6/2031/5")


def test_an_upload_is_corrected_before_it_is_added_and_never_becomes_the_default(fresh_home: Path) -> None:
    text = "关于枪支标识的一份说明\n\n1. 工作组建议各国加强枪支标识。\n\n2. 请秘书处提供技术援助。\n".encode()
    at = upload(fresh_home, "undated_note.txt", text, Title="更正后的标题", Symbol="CTOC/COP/WG.6/2033/9")
    assert at.success, shown(at.error)
    kb = KnowledgeBase.open(fresh_home)
    doc = kb.document("CTOC/COP/WG.6/2033/9")
    assert (doc.title, doc.symbol, doc.date) == ("更正后的标题", "CTOC/COP/WG.6/2033/9", None)
    kb.ingest([fresh_home / "uploads" / "undated_note.txt"], force=True)
    assert kb.document(doc.id).title == "更正后的标题"  # the correction survives re-ingest
    reader = run_page(fresh_home, "reader.py")
    assert reader.selectbox[0].value != doc.id  # an undated upload is not the default document


def test_document_text_is_rendered_as_text(fresh_home: Path) -> None:
    upload(fresh_home, "CTOC_COP_WG.6_2031_5.txt", TRICKY_TXT)
    page = html_of(run_page(fresh_home, doc="CTOC/COP/WG.6/2031/5"))
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert 'href="javascript' not in page
    assert "43. 这一段以数字开头" in page and "<ol" not in page and "<li>43" not in page


def test_documents_page_lists_every_document_with_a_reader_link(corpus_home: str, corpus_kb) -> None:
    at = run_page(corpus_home, "library.py")
    page = html_of(at)
    rows = re.findall(r'<div class="wg-row"><div class="wg-cell"><a href="(reader\?doc=[^"]+)"', page)
    assert len(rows) == len(corpus_kb.documents())  # the read link comes first in every row
    assert "resolution 11/6" in page and "背景文件 · background paper" in page
    assert 'href="https://undocs.org/zh/CTOC/COP/WG.6/2014/2"' in page


def test_untrusted_text_in_messages_is_not_markdown(corpus_home: str) -> None:
    at = run_page(corpus_home, doc="[点我](javascript:alert(1)) **粗**")
    raw = at.error[0].value
    assert "](" not in raw and "**" not in raw
    assert "[点我](javascript:alert(1)) **粗**" in shown(at.error)[0]


def test_upload_of_a_pdf_shows_pages_paragraphs_and_footnotes(fresh_home: Path) -> None:
    from pdfs import layout_paragraphs, make_pdf

    paragraphs = ["\t1. 工作组建议各缔约国加强枪支标识和记录保存{fn:1}，并回顾第 11/6 号决议。",
                  "\t2. 请秘书处继续向各国提供技术援助，协助其实施《枪支议定书》。"]
    pages, notes = layout_paragraphs(paragraphs, {"1": "见 CTOC/COP/WG.6/2014/2。"})
    buffer = make_pdf(io.BytesIO(), pages, header="CTOC/COP/WG.6/2032/3", footnotes=notes)
    at = upload(fresh_home, "CTOC_COP_WG.6_2032_3.pdf", buffer.getvalue())
    assert not at.error, shown(at.error)
    counts = {m.label.split(" ·")[0]: int(m.value) for m in at.metric}
    assert counts["Paragraphs"] >= 2 and counts["Footnotes"] == 1 and counts["Citations"] >= 1
    assert (fresh_home / "uploads" / "CTOC_COP_WG.6_2032_3.pdf").is_file()


@pytest.mark.parametrize(("params", "says"), [
    ({"res": "no-such-thing"}, "no-such-thing"),
    ({"target": "no-such-thing"}, "no-such-thing"),
])
def test_bad_deep_links_give_a_one_line_error(corpus_home: str, params: dict, says: str) -> None:
    at = run_page(corpus_home, **params)
    assert at.error and says in shown(at.error)[0] and "failed" not in shown(at.error)[0]


def test_reader_header_shows_official_link_first_and_cite(corpus_home: str) -> None:
    at = run_page(corpus_home, doc="CTOC/COP/WG.6/2018/3", p="28")
    page = html_of(at)
    header = re.search(r'<div class="wg-header-meta">(.*?)</div>', page, re.S).group(1)
    assert header.index("https://undocs.org/zh/CTOC/COP/WG.6/2018/3") < header.index("2018-02-21")  # link first
    # ingest keeps cover-page lines out of the paragraphs (they are the document's metadata: its symbol
    # and date, shown here); the reader still lifts any that an older home stored as paragraphs
    assert "Distr.: General</span></p>" not in page and "Chinese</span></p>" not in page
    assert "Original: English</span></p>" not in page.split(header)[1]  # not repeated as a paragraph
    assert "2018-02-21" in header and "背景文件 · background paper" in header
    codes = [c.value for c in at.code]
    assert "CTOC/COP/WG.6/2018/3, para. 28" in codes and any(c.endswith("第 28 段。") for c in codes)


def test_cover_page_lines_left_in_old_records_go_to_the_header() -> None:
    from ingest.records import Document, Paragraph
    from wgkb.pages.reader import cover_lines

    paras = [Paragraph("h1", "heading", "枪支问题工作组"), Paragraph("t1", "text", "Distr.: General"),
             Paragraph("t2", "text", "21 February 2018"), Paragraph("t3", "text", "Original: English"),
             Paragraph("h2", "heading", "一. 引言", section=("一.",)), Paragraph("t4", "text", "Chinese", section=("一.",))]
    doc = Document("document:X/1", "X/1", None, "report", None, "zh", "x.txt", "0", paragraphs=tuple(paras))
    assert [p.key for p in cover_lines(doc)] == ["t1", "t2", "t3"]  # only before the first section


def test_registers_follow_up_deep_link_opens_the_recommendations_tab(corpus_home: str, corpus_kb) -> None:
    at = run_page(corpus_home, "registers.py", target="CTOC/COP/WG.6/2017/4#6")
    assert any("recommendation 6" in x for x in shown(at.subheader))
    from wgkb.pages.registers import TABS, target_tab
    assert target_tab(corpus_kb, "CTOC/COP/WG.6/2017/4#6") == TABS["recommendations"]
    assert target_tab(corpus_kb, corpus_kb.mandates()[0].id) == TABS["mandates"]
    assert target_tab(corpus_kb, corpus_kb.recommendations()[0].id) == TABS["recommendations"]
