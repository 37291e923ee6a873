"""The app's building blocks without Streamlit running: safe HTML, upload names and paths, the
network view's JSON, the explorer's filtered views, the lineage DOT, downloads."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.errors import IngestError
from ingest.records import Citation
from wgkb.pages import downloads, graph_view, netview, render
from wgkb.pages.lineage_view import lineage_dot, timeline_chart
from wgkb.pages.upload_store import MAX_UPLOAD_BYTES, safe_name, save_upload

# ---- render: document text is text -------------------------------------------------------------

TRICKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "**粗体** _斜体_ `code` [链接](javascript:alert(1))",
    "43. 这不是列表",
    "$x^2$ :red[红色] :material/home:",
    "&lt;已转义&gt; & 《枪支议定书》",
]


@pytest.mark.parametrize("text", TRICKS)
def test_text_html_shows_every_character_literally(text: str) -> None:
    out = render.text_html(text)
    assert "<" not in out.replace("<br>", "")
    assert html.unescape(out) == text


@pytest.mark.parametrize("text", TRICKS)
def test_markdown_literal_leaves_nothing_for_markdown(text: str) -> None:
    out = render.markdown_literal(text)
    assert not set(re.sub(r"&#\d+;", "", out)) & render.MARKDOWN_ACTIVE
    assert html.unescape(out) == text.replace("\n", " ")


@given(st.text(max_size=200))
def test_text_html_round_trips_any_text(text: str) -> None:
    out = render.text_html(text)
    assert "<" not in out.replace("<br>", "")
    assert html.unescape(out.replace("<br>", "\n")) == text.replace("\r\n", "\n")


@pytest.mark.parametrize(("snippet", "marked", "plain"), [
    ("关于枪支的【标识】和【记录保存】", ["标识", "记录保存"], "关于枪支的"),
    ("<script>【标识】</script>", ["标识"], "&lt;script&gt;"),
    ('whoosh <b class="match term0">marking</b> &amp; more', ["marking"], "&amp; more"),
    ("no marks at all <b>", [], "&lt;b&gt;"),
])
def test_snippet_html_marks_matches_and_escapes_the_rest(snippet: str, marked: list[str], plain: str) -> None:
    out = render.snippet_html(snippet)
    assert re.findall(r"<mark>(.*?)</mark>", out) == marked
    assert plain in out
    assert "<script>" not in out and "<b>" not in out


def test_cited_text_links_only_citations_whose_offsets_slice_back() -> None:
    text = "回顾第 5/4 号决议和<b>第 6/2 号决议"
    good = Citation("resolution:COP 5/4", "第 5/4 号决议", 2, 11, "recalls")
    bad = Citation("resolution:COP 6/2", "第 6/2 号决议", 0, 9)  # offsets do not match the surface
    out = render.cited_text_html(text, [bad, good], lambda c: ("reader?ref=" + c.target, False))
    assert out.count("<a ") == 1
    assert 'class="wg-cite wg-stub"' in out and "第 5/4 号决议</a>" in out
    assert "&lt;b&gt;" in out


@pytest.mark.parametrize(("offsets", "shown"), [
    ({11: "¹"}, "回顾第 5/4 号决议¹和<b>第 6/2 号决议"),           # right after a citation
    ({2: "¹"}, "回顾¹第 5/4 号决议和<b>第 6/2 号决议"),            # right before one
    ({5: "¹"}, "回顾第 5/4 号决议¹和<b>第 6/2 号决议"),            # inside one: after its link
    ({0: "¹", 24: "²"}, "¹回顾第 5/4 号决议和<b>第 6/2 号决议²"),   # at both ends
    ({12: "¹", 99: "²"}, "回顾第 5/4 号决议和¹<b>第 6/2 号决议²"),  # out of range: at the end
])
def test_cited_text_places_markers_at_their_offsets(offsets: dict[int, str], shown: str) -> None:
    text = "回顾第 5/4 号决议和<b>第 6/2 号决议"
    citation = Citation("resolution:COP 5/4", "第 5/4 号决议", 2, 11, "recalls")
    inserts = {o: f'<sup class="m">{m}</sup>' for o, m in offsets.items()}
    out = render.cited_text_html(text, [citation], lambda c: ("reader?ref=" + c.target, True), inserts)
    assert html.unescape(re.sub(r"<(?!b>)[^>]+>", "", out.replace("&lt;b&gt;", "<b>"))) == shown
    assert out.count("<a ") == 1 and out.count('<sup class="m">') == len(offsets)


def test_footnote_refs_are_one_superscript_with_commas() -> None:
    out = render.footnote_refs([("4", "p-fn4", "ref-fn4"), ("5", "p-fn5", "ref-fn5")])
    assert re.sub(r"<[^>]+>", "", out) == "4,5"
    assert out.startswith('<sup class="wg-sup">') and out.count("<sup") == 1
    assert 'id="ref-fn4" href="#p-fn4"' in out and 'id="ref-fn5" href="#p-fn5"' in out


def test_anchor_ids_are_plain() -> None:
    assert render.anchor_id("PP3") == "p-PP3"
    assert render.anchor_id('fn"><x') == "p-fn___x"


# ---- upload names and paths ----------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("report.TXT", "report.txt"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\x\\文件 2019.pdf", "文件_2019.pdf"),
    ("CTOC/COP/WG.6/2031/5.txt", "5.txt"),
    (".hidden.txt", "hidden.txt"),
    ("...txt", "upload.txt"),
    ("《枪支议定书》：实施 情况.pdf", "枪支议定书_实施_情况.pdf"),
])
def test_safe_name(raw: str, expected: str) -> None:
    assert safe_name(raw) == expected


@pytest.mark.parametrize("raw", ["evil.exe", "noextension", "report.txt.sh", "a.docx"])
def test_safe_name_refuses_other_types(raw: str) -> None:
    with pytest.raises(IngestError, match="unsupported file type"):
        safe_name(raw)


@given(st.text(min_size=1, max_size=80))
def test_safe_name_is_always_a_plain_base_name(stem: str) -> None:
    name = safe_name(stem + ".pdf")
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name.endswith(".pdf") and len(name) <= 64
    assert name not in (".pdf", "..pdf")


def test_save_upload_stays_inside_the_home_and_keeps_other_files(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first, created = save_upload(home, "../../x/报告.txt", "第一版".encode())
    assert created and first == (home / "uploads" / "报告.txt").resolve()
    again, created_again = save_upload(home, "报告.txt", "第一版".encode())
    assert again == first and not created_again
    other, _ = save_upload(home, "报告.txt", "第二版".encode())
    assert other != first and other.parent == first.parent and first.read_text() == "第一版"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted([first.name, other.name])


@pytest.mark.parametrize(("data", "reason"), [(b"", "empty file"), (b"x" * (MAX_UPLOAD_BYTES + 1), "too large")])
def test_save_upload_refuses_empty_and_oversized(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        save_upload(tmp_path, "a.txt", data)
    assert not (tmp_path / "uploads" / "a.txt").exists()


# ---- network view --------------------------------------------------------------------------------

def test_network_json_cannot_close_its_script_element() -> None:
    node = netview.NetNode("x", "</script><img onerror=alert(1)>", "document", 0, 0, 5, True,
                           "tip \u2028 & <b>", "reader?doc=x")
    page = netview.network_html([node], [])
    script = page[page.index("const DATA = "):]
    assert "</script><img" not in script and "\u2028" not in script
    payload = script[len("const DATA = "):script.index(";\nconst NS")]
    assert json.loads(payload)["nodes"][0]["label"] == node.label
    assert "innerHTML" not in page


def tiny_graph() -> nx.MultiDiGraph:
    """Two documents in the corpus (2014, 2022) citing each other and a stub from 2010."""
    g = nx.MultiDiGraph()
    g.add_node("document:A/1", kind="document", in_corpus=True, year=2014, label="A/1")
    g.add_node("resolution:COP 11/6", kind="resolution", in_corpus=True, year=2022, label="resolution 11/6")
    g.add_node("resolution:COP 5/4", kind="resolution", in_corpus=False, year=2010, label="resolution 5/4")
    for doc, key in (("document:A/1", "1"), ("resolution:COP 11/6", "PP1"), ("resolution:COP 11/6", "2")):
        pid = f"{doc}¶{key}"
        g.add_node(pid, kind="paragraph", document=doc, key=key, in_corpus=True, label=pid)
        g.add_edge(pid, doc, key="part_of", relation="part_of")
    g.add_edge("resolution:COP 11/6¶PP1", "resolution:COP 5/4", key="cite0", relation="recalls")
    g.add_edge("resolution:COP 11/6¶2", "resolution:COP 5/4", key="cite0", relation="recalls")
    g.add_edge("resolution:COP 11/6¶2", "document:A/1", key="cite1", relation="see")
    g.add_edge("document:A/1¶1", "resolution:COP 5/4", key="cite0", relation="pursuant_to")
    return g


def test_document_view_collapses_paragraphs_and_counts_citations() -> None:
    view = graph_view.filtered_view(tiny_graph(), graph_view.ViewFilter())
    assert set(view) == {"document:A/1", "resolution:COP 11/6", "resolution:COP 5/4"}
    assert view["resolution:COP 11/6"]["resolution:COP 5/4"]["weight"] == 2


@pytest.mark.parametrize(("flt", "nodes"), [
    (graph_view.ViewFilter(relations=frozenset({"see"})), {"document:A/1", "resolution:COP 11/6"}),
    (graph_view.ViewFilter(years=(2012, 2030)), {"document:A/1", "resolution:COP 11/6"}),
    (graph_view.ViewFilter(kinds=frozenset({"resolution"})), {"resolution:COP 11/6", "resolution:COP 5/4"}),
    (graph_view.ViewFilter(kinds=frozenset({"article"})), set()),
])
def test_filters_narrow_the_view(flt: graph_view.ViewFilter, nodes: set[str]) -> None:
    assert set(graph_view.filtered_view(tiny_graph(), flt)) == nodes


def test_paragraph_view_keeps_citing_paragraphs() -> None:
    flt = graph_view.ViewFilter(paragraphs=True)
    view = graph_view.filtered_view(tiny_graph(), flt)
    assert {"resolution:COP 11/6¶PP1", "resolution:COP 11/6¶2", "document:A/1¶1"} <= set(view)
    into = view.in_edges("resolution:COP 11/6", data=True)  # nothing cites it: it only holds its paragraphs
    assert into and all(d["relations"] == {"part_of"} for *_, d in into)


def test_empty_graph_gives_an_empty_drawing() -> None:
    view = graph_view.filtered_view(nx.MultiDiGraph(), graph_view.ViewFilter())
    assert graph_view.net_elements(view, lambda n, a: None) == ([], [])


def test_net_elements_size_by_citations_and_link_every_node() -> None:
    view = graph_view.filtered_view(tiny_graph(), graph_view.ViewFilter())
    nodes, edges = graph_view.net_elements(view, lambda n, a: f"open/{n}")
    by_id = {n.id: n for n in nodes}
    assert by_id["resolution:COP 5/4"].r > by_id["resolution:COP 11/6"].r
    assert not by_id["resolution:COP 5/4"].in_corpus
    assert all(-1 <= n.x <= 1 and -1 <= n.y <= 1 and n.href == f"open/{n.id}" for n in nodes)
    assert len(edges) == 3


# ---- downloads -----------------------------------------------------------------------------------

def test_rows_csv_has_a_bom_and_chinese_intact() -> None:
    data = downloads.rows_csv([{"label": "resolution 11/6, para. 4", "addressee": "毒品和犯罪问题办公室"}])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [{"label": "resolution 11/6, para. 4", "addressee": "毒品和犯罪问题办公室"}]
    assert downloads.rows_csv([]) == b"\xef\xbb\xbf"   # no rows: the BOM alone, no header


def test_graph_bytes_zips_several_files_and_writes_inside_the_home(tmp_path: Path) -> None:
    def export_graph(fmt: str, path: Path) -> list[Path]:
        out = [path.with_suffix(".nodes.csv"), path.with_suffix(".edges.csv")] if fmt == "csv" else [path]
        for p in out:
            assert tmp_path in p.parents
            p.write_text(f"{fmt} 枪支", encoding="utf-8")
        return out

    kb = SimpleNamespace(home=tmp_path, export_graph=export_graph)
    assert downloads.graph_bytes(kb, "graphml") == "graphml 枪支".encode()
    archive = zipfile.ZipFile(io.BytesIO(downloads.graph_bytes(kb, "csv")))
    assert sorted(archive.namelist()) == ["wgkb-graph.edges.csv", "wgkb-graph.nodes.csv"]
    assert list((tmp_path / "exports").iterdir()) == []
    with pytest.raises(ValueError, match="graphml"):
        downloads.graph_bytes(kb, "pdf")


# ---- lineage drawing -----------------------------------------------------------------------------

def entry(id: str, label: str, date: str | None, in_corpus: bool, direction: str, via: str | None = None,
          title: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(id=id, label=label, date=date, year=int(date[:4]) if date else None, in_corpus=in_corpus,
                           direction=direction, via=via, relations=("recalls",), relation="recalls", title=title,
                           kind=id.split(":")[0], depth=0 if direction == "root" else 1)


def test_lineage_dot_puts_years_in_order_and_marks_stubs() -> None:
    root = entry("resolution:COP 11/6", "resolution 11/6", "2022", True, "root")
    old = entry("resolution:COP 5/4", "resolution 5/4", "2010-10-22", False, "ancestor", root.id, 'title "with" quotes')
    later = entry("document:CTOC/COP/WG.6/2023/2", "CTOC/COP/WG.6/2023/2", None, True, "descendant", root.id)
    nameless = entry("document:sha256:0123456789abcdef", "a note", None, True, "descendant", root.id)
    lin = SimpleNamespace(root=root, ancestors=(old,), descendants=(later, nameless),
                          timeline=lambda: [old, root, later, nameless])
    dot = lineage_dot(lin)
    assert dot.index('"yundated"') < dot.index('"y2010"') < dot.index('"y2022"') < dot.index('"y2023"')
    assert '{rank=same; "y2023"; "document:CTOC/COP/WG.6/2023/2"}' in dot  # undated: the year in its symbol
    assert '{rank=same; "yundated"; "document:sha256:0123456789abcdef"}' in dot
    assert '"resolution:COP 5/4" -> "resolution:COP 11/6" [dir=back' in dot
    assert '"resolution:COP 11/6" -> "document:CTOC/COP/WG.6/2023/2" [dir=back' in dot
    stub_line = next(line for line in dot.splitlines() if line.startswith('"resolution:COP 5/4" [shape'))
    assert "dashed" in stub_line and "(not in corpus)" in stub_line and '\\"with\\"' in stub_line
    assert timeline_chart(lin) is not None


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_graph_downloads_of_the_corpus_open_in_their_format(corpus_kb, tmp_path: Path, fmt: str) -> None:
    kb = SimpleNamespace(home=tmp_path, export_graph=corpus_kb.export_graph)  # writes below tmp_path only
    data = downloads.graph_bytes(kb, fmt)
    if fmt == "graphml":
        graph = nx.read_graphml(io.BytesIO(data))
    elif fmt == "gexf":
        graph = nx.read_gexf(io.BytesIO(data))
    elif fmt == "json":
        graph = nx.node_link_graph(json.loads(data.decode("utf-8")), edges="edges")
    else:
        archive = zipfile.ZipFile(io.BytesIO(data))
        edges = [n for n in archive.namelist() if "edges" in n]
        assert edges and archive.read(edges[0]).decode("utf-8-sig").count("\n") > 10
        return
    assert "resolution:COP 11/6" in graph and graph.number_of_edges() > 10


# ---- citation links ------------------------------------------------------------------------------

@pytest.mark.parametrize(("target", "pinpoint", "href", "in_corpus"), [
    ("resolution:COP 11/6", None, "reader?doc=resolution%3ACOP+11%2F6", True),
    ("document:CTOC/COP/WG.6/2014/2", "chap. IV, para. 24", "reader?doc=document%3ACTOC%2FCOP%2FWG.6%2F2014%2F2&p=24", True),
    ("resolution:COP 11/6¶PP3", None, "reader?doc=resolution%3ACOP+11%2F6&p=PP3", True),
    ("resolution:COP 5/4", "para. 2", "reader?ref=resolution%3ACOP+5%2F4", False),
    ("recommendation:CTOC/COP/WG.6/2017/4#23", None, "registers?target=recommendation%3ACTOC%2FCOP%2FWG.6%2F2017%2F4%2323", True),
    ("article:firearms-protocol 13(1)", "art. 13(1)", "reader?ref=article%3Afirearms-protocol+13%281%29", False),
])
def test_citation_links(target: str, pinpoint: str | None, href: str, in_corpus: bool) -> None:
    from wgkb.pages.state import citation_href

    cit = Citation(target, "x", 0, 1, pinpoint=pinpoint)
    known = {"resolution:COP 11/6", "document:CTOC/COP/WG.6/2014/2"}
    assert citation_href(cit, known) == (href, in_corpus)


def test_paragraph_mode_attaches_each_paragraph_to_its_document(corpus_kb) -> None:
    from wgkb.pages import graph_view

    graph = corpus_kb.graph()
    view = graph_view.filtered_view(graph, graph_view.ViewFilter(paragraphs=True))
    paragraphs = [n for n, a in view.nodes(data=True) if a.get("kind") == "paragraph"]
    assert paragraphs
    for node in paragraphs:
        document = graph.nodes[node]["document"]
        assert view.has_edge(node, document) and "part_of" in view[node][document]["relations"]


def test_first_start_progress_survives_the_page_being_left() -> None:
    from streamlit.runtime.scriptrunner_utils.exceptions import StopException

    from wgkb.pages.state import _progress_callback

    class LeftPage:
        calls = 0

        def progress(self, *_args, **_kwargs) -> None:
            LeftPage.calls += 1
            raise StopException()

    update = _progress_callback(LeftPage(), "first start")
    for done in range(1, 4):
        update(done, 3, None)  # never raises: the ingest goes on to the last file
    assert LeftPage.calls == 1
