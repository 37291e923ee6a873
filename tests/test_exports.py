"""Exports read back with networkx: same nodes, edges and (typed) attributes, Chinese intact."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from graph_factories import cite, doc, para

from graphs import build_graph, export_graph
from graphs.build import PART_OF
from graphs.export import FORMATS, collapse_documents, csv_paths, read_csv, scalar_graph


def corpus():
    resolution = doc("resolution:COP 11/6",
                     para("PP1", "还回顾缔约方会议第 5/4 号决议",
                          cite("resolution:COP 5/4", title="非法制造和贩运枪支及其零部件和弹药", date="2010-10-22",
                               surface="第 5/4 号决议"), kind="preamble"),
                     para("1", "请毒品和犯罪问题办公室，“继续”提供援助", kind="operative", roles=("mandate", "followup"),
                          addressee="毒品和犯罪问题办公室", verb="请"),
                     date="2022", title="加强国际合作预防、打击和消除非法制造和贩运枪支")
    paper = doc("document:CTOC/COP/WG.6/2018/3",
                para("10", "根据建议 23 和建议 6", cite("recommendation:CTOC/COP/WG.6/2017/4#23", "pursuant_to",
                                                    surface="建议 23"),
                     cite("recommendation:CTOC/COP/WG.6/2017/4#6", "pursuant_to", surface="建议 6"),
                     cite("resolution:COP 11/6", None, pinpoint="para. 1", surface="缔约方会议")),
                para("11", "同一文件两次引用", cite("resolution:COP 5/4", "see", surface="文件"),
                     cite("resolution:COP 5/4", "recalls", surface="两次")),
                date="2018-02-21")
    return build_graph([resolution, paper])


def read_back(fmt: str, path):
    if fmt == "graphml":
        return nx.read_graphml(path, force_multigraph=True)
    if fmt == "gexf":
        graph = nx.read_gexf(path)
        for _, _, data in graph.edges(data=True):
            data.pop("id", None)          # GEXF's own edge numbering; the key comes back as networkx_key
        return graph
    if fmt == "json":
        return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    return read_csv(path)


def as_sets(graph: nx.MultiDiGraph, text_only: bool = False):
    def norm(attrs):
        return tuple(sorted((k, str(v) if text_only else v) for k, v in attrs.items()))
    return ({(n, norm(a)) for n, a in graph.nodes(data=True)},
            {(u, v, str(k), norm(d)) for u, v, k, d in graph.edges(keys=True, data=True)})


@pytest.mark.parametrize("scope", ["paragraphs", "documents"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(tmp_path, fmt, scope):
    graph = corpus()
    written = export_graph(graph, fmt, tmp_path / f"g.{fmt}", scope=scope)
    assert all(p.exists() for p in written)
    back = read_back(fmt, written[0])
    expected = scalar_graph(graph if scope == "paragraphs" else collapse_documents(graph))
    assert as_sets(back, text_only=fmt == "csv") == as_sets(expected, text_only=fmt == "csv")
    assert back.number_of_edges() == expected.number_of_edges()


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_types_and_chinese_survive(tmp_path, fmt):
    path = export_graph(corpus(), fmt, tmp_path / f"g.{fmt}")[0]
    back = read_back(fmt, path)
    stub = back.nodes["resolution:COP 5/4"]
    assert stub["title"] == "非法制造和贩运枪支及其零部件和弹药"
    assert stub["year"] == 2010 and isinstance(stub["year"], int)
    assert stub["in_corpus"] is False
    mandate = back.nodes["resolution:COP 11/6¶1"]
    assert mandate["roles"] == "mandate; followup" and "“继续”" in mandate["text"]
    assert "毒品和犯罪问题办公室" in path.read_text(encoding="utf-8")


def test_documents_scope_collapses_paragraphs():
    docs = collapse_documents(corpus())
    assert not any(a.get("kind") == "paragraph" for _, a in docs.nodes(data=True))
    edges = list(docs.edges("document:CTOC/COP/WG.6/2018/3", keys=True, data=True))
    assert len(edges) == 5
    assert {d["paragraph"] for *_, d in edges} == {"document:CTOC/COP/WG.6/2018/3¶10",
                                                 "document:CTOC/COP/WG.6/2018/3¶11"}
    assert docs.has_edge("recommendation:CTOC/COP/WG.6/2017/4#23", "document:CTOC/COP/WG.6/2017/4", key=PART_OF)


def test_scalar_graph_has_no_none_lists_or_bookkeeping():
    for _, attrs in scalar_graph(corpus()).nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in attrs.values())
        assert not any(k.startswith("_") for k in attrs)
    for *_, data in scalar_graph(corpus()).edges(keys=True, data=True):
        assert "start" not in data and "end" not in data


def test_raw_graph_would_not_export(tmp_path):
    """Why scalar_graph exists: networkx refuses the raw graph's None and tuple attributes."""
    with pytest.raises((TypeError, nx.NetworkXError, KeyError, ValueError)):
        nx.write_graphml(corpus(), tmp_path / "raw.graphml")


def test_empty_graph_exports(tmp_path):
    for fmt in FORMATS:
        written = export_graph(build_graph([]), fmt, tmp_path / f"empty.{fmt}")
        assert read_back(fmt, written[0]).number_of_nodes() == 0


@pytest.mark.parametrize(("given", "nodes", "edges"), [
    ("out", "out.nodes.csv", "out.edges.csv"), ("out.csv", "out.nodes.csv", "out.edges.csv"),
    ("g.v1", "g.v1.nodes.csv", "g.v1.edges.csv"),
])
def test_csv_naming(tmp_path, given, nodes, edges):
    assert csv_paths(tmp_path / given) == (tmp_path / nodes, tmp_path / edges)


def test_csv_has_bom(tmp_path):
    nodes, edges = export_graph(corpus(), "csv", tmp_path / "g")
    assert nodes.read_bytes().startswith(b"\xef\xbb\xbf") and edges.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(("fmt", "scope", "message"), [
    ("dot", "paragraphs", "format"), ("json", "sentences", "scope")])
def test_bad_format_or_scope(tmp_path, fmt, scope, message):
    with pytest.raises(ValueError, match=message):
        export_graph(corpus(), fmt, tmp_path / "x", scope=scope)


def test_missing_folder(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        export_graph(corpus(), "json", tmp_path / "nowhere" / "g.json")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_seed_graph_round_trips_for_gephi(corpus_kb, tmp_path, fmt):
    graph = corpus_kb.graph()
    path = corpus_kb.export_graph(fmt, tmp_path / f"seeds.{fmt}")[0]
    back = read_back(fmt, path)
    assert as_sets(back) == as_sets(scalar_graph(graph))
    assert back.nodes["resolution:COP 5/4"]["title"] == "非法制造和贩运枪支及其零部件和弹药"
