"""`wgkb lineage|followup|mandates|recommendations|graph` on a home filled with hand-built records."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from cli_run import wgkb
from graph_factories import cite, doc, para

from wgkb.facade import KnowledgeBase


@pytest.fixture
def graph_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    kb = KnowledgeBase.open(home)
    kb.store.put_document(doc("resolution:COP 11/6",
                              para("PP1", "还回顾", cite("resolution:COP 5/4", title="非法制造", date="2010-10-22",
                                                        surface="第 5/4 号决议"), kind="preamble"),
                              para("1", "请毒品和犯罪问题办公室协助", kind="operative", roles=("mandate",),
                                   addressee="毒品和犯罪问题办公室", verb="请"), date="2022", title="加强国际合作"))
    kb.store.put_document(doc("document:CTOC/COP/WG.6/2023/2",
                              para("3", "根据第 11/6 号决议第 1 段", cite("resolution:COP 11/6", "pursuant_to",
                                                                     pinpoint="para. 1", surface="第 11/6 号决议")),
                              para("4", "建议 23", cite("recommendation:CTOC/COP/WG.6/2017/4#23", "pursuant_to",
                                                       surface="建议 23")), date="2023-02-17"))
    kb.close()
    return home


def test_lineage_text_and_json(graph_home):
    run = wgkb(graph_home, "lineage", "第 11/6 号决议")
    assert run.code == 0, run.err
    assert "resolution 5/4" in run.out and "2010-10-22" in run.out and "cited only" in run.out
    assert "CTOC/COP/WG.6/2023/2" in run.out
    data = json.loads(wgkb(graph_home, "lineage", "11/6", "--json", "--depth", "1").out)
    assert [a["id"] for a in data["ancestors"]] == ["resolution:COP 5/4"]
    assert data["ancestors"][0]["date"] == "2010-10-22" and data["root"]["in_corpus"] is True


def test_followup_text_and_json(graph_home):
    run = wgkb(graph_home, "followup", "11/6¶1")
    assert run.code == 0 and "status: cited" in run.out and "CTOC/COP/WG.6/2023/2, para. 3" in run.out
    data = json.loads(wgkb(graph_home, "followup", "CTOC/COP/WG.6/2017/4#23", "--json").out)
    assert data["status"] == "cited" and data["counts"]["cited"] == 1


def test_registries(graph_home, tmp_path):
    run = wgkb(graph_home, "mandates", "--addressee", "毒品")
    assert run.code == 0 and "resolution 11/6, para. 1" in run.out and run.out.endswith("1 row\n")
    out = tmp_path / "m.csv"
    assert wgkb(graph_home, "mandates", "--csv", out).code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and "毒品和犯罪问题办公室" in out.read_text("utf-8-sig")
    rows = json.loads(wgkb(graph_home, "recommendations", "--year", "2017", "--json").out)
    assert [r["id"] for r in rows] == ["recommendation:CTOC/COP/WG.6/2017/4#23"]
    assert wgkb(graph_home, "recommendations", "--csv").out.startswith("\ufeffid,")


def test_graph_stats_and_export(graph_home, tmp_path):
    run = wgkb(graph_home, "graph", "stats")
    assert run.code == 0 and "resolution 11/6" in run.out
    data = json.loads(wgkb(graph_home, "graph", "stats", "--json").out)
    assert data["citations"] == 3 and data["most_cited"][0]["citations"] == 1
    out = tmp_path / "g.graphml"
    assert wgkb(graph_home, "graph", "--format", "graphml", "-o", out, "--scope", "documents").code == 0
    back = nx.read_graphml(out, force_multigraph=True)
    assert "resolution:COP 11/6" in back and not any(d.get("kind") == "paragraph" for _, d in back.nodes(data=True))


def test_unwritable_outputs_are_one_line(graph_home, tmp_path):
    for args in (["graph", "--format", "gexf", "-o", "/proc/self/wgkb.gexf"], ["mandates", "--csv", tmp_path]):
        run = wgkb(graph_home, *args)
        assert run.code == 1 and len(run.err_lines) == 1 and "cannot write" in run.err_lines[0], run.err


@pytest.mark.parametrize(("args", "needle"), [
    (["lineage", "12/9"], "12/9"),
    (["lineage", "hello"], "hello"),
    (["lineage", "CTOC/COP/WG.6/2017/4#23"], "followup"),
    (["followup", "CTOC/COP/WG.6/2017/4#99"], "#99"),
    (["recommendations", "--year", "20x"], "YYYY"),
    (["mandates", "--resolution", "99/1"], "99/1"),
    (["graph"], "--format"),
    (["graph", "stats", "--format", "json"], "takes no"),
    (["graph", "--format", "json", "-o", "/nonexistent/dir/g.json"], "does not exist"),
])
def test_bad_input_is_one_line(graph_home, args, needle):
    run = wgkb(graph_home, *args)
    assert run.code == 1 and len(run.err_lines) == 1 and needle in run.err_lines[0], run.err


def test_facade_graph_is_cached_per_store_generation(graph_home):
    kb = KnowledgeBase.open(graph_home)
    try:
        first = kb.graph()
        assert kb.graph() is first
        assert first.nodes["resolution:COP 5/4"]["in_corpus"] is False
        kb.store.put_document(doc("resolution:COP 5/4", para("1", "决议正文"), date="2010-10-22",
                                  title="非法制造和贩运枪支"))
        second = kb.graph()
        assert second is not first
        assert second.nodes["resolution:COP 5/4"]["in_corpus"] is True      # the stub became real
        assert [(e.id, e.depth) for e in kb.lineage("5/4").descendants] == [
            ("resolution:COP 11/6", 1), ("document:CTOC/COP/WG.6/2023/2", 2)]
    finally:
        kb.close()


def test_facade_falls_back_to_stored_document_names(corpus_kb):
    by_file = corpus_kb.lineage("CTOC_COP_WG.6_2018_3.txt")
    assert by_file.root.id == "document:CTOC/COP/WG.6/2018/3"
    assert corpus_kb.followup("CTOC_COP_WG.6_2018_3.txt¶10").target == "document:CTOC/COP/WG.6/2018/3¶10"


def test_graph_output_to_a_folder_writes_inside_it(graph_home, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    run = wgkb(graph_home, "graph", "--format", "csv", "-o", f"{out}/")
    assert run.code == 0, run.err
    assert sorted(p.name for p in out.iterdir()) == ["wgkb.edges.csv", "wgkb.nodes.csv"]
    assert not list(tmp_path.glob("out.*.csv"))
