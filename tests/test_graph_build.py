"""The citation graph on tiny hand-built records with known answers."""

from __future__ import annotations

import networkx as nx
import pytest
from graph_factories import cite, doc, para
from hypothesis import given, settings
from hypothesis import strategies as st

from graphs import add_document, build_graph
from graphs.build import PART_OF, remove_document
from graphs.ids import pinpoint_keys, stub_label

RES = "resolution:COP 11/6"
REPORT = "document:CTOC/COP/WG.6/2017/4"
REC = "recommendation:CTOC/COP/WG.6/2017/4#23"


def resolution_11_6():
    return doc(RES,
               para("PP1", "还回顾", cite("resolution:COP 5/4", title="非法制造和贩运枪支", date="2010-10-22",
                                          surface="第 5/4 号决议"),
                    cite("decision:COP 4/6", "reaffirms", date="2008-10-17", surface="第 4/6 号决定"),
                    kind="preamble"),
               para("1", "请毒品和犯罪问题办公室协助", kind="operative", roles=("mandate",),
                    addressee="毒品和犯罪问题办公室", verb="请"),
               date="2022", title="加强国际合作", doc_type="resolution", body="COP")


def paper_2023():
    return doc("document:CTOC/COP/WG.6/2023/2",
               para("3", "根据第 11/6 号决议第 1 段", cite(RES, "pursuant_to", pinpoint="para. 1",
                                                         surface="第 11/6 号决议")),
               para("4", "工作组建议 23", cite(REC, "pursuant_to", surface="建议 23")),
               date="2023-02-17")


def snapshot(graph: nx.MultiDiGraph) -> tuple[dict, set]:
    """Nodes with public attributes and edges with attributes, order-free, for comparisons."""
    nodes = {n: {k: v for k, v in a.items() if not k.startswith("_")} for n, a in graph.nodes(data=True)}
    edges = {(u, v, k, tuple(sorted(d.items()))) for u, v, k, d in graph.edges(keys=True, data=True)}
    return nodes, edges


def test_empty_graph():
    graph = build_graph([])
    assert graph.number_of_nodes() == 0 and graph.number_of_edges() == 0


def test_document_paragraphs_and_part_of_edges():
    graph = build_graph([resolution_11_6()])
    assert graph.nodes[RES]["in_corpus"] is True
    assert graph.nodes[RES]["kind"] == "resolution"
    assert graph.has_edge(f"{RES}¶PP1", RES, key=PART_OF)
    assert graph.nodes[f"{RES}¶1"]["addressee"] == "毒品和犯罪问题办公室"
    assert graph.nodes[f"{RES}¶1"]["label"] == "resolution 11/6, para. 1"


def test_stub_carries_what_the_citation_states():
    graph = build_graph([resolution_11_6()])
    stub = graph.nodes["resolution:COP 5/4"]
    assert (stub["in_corpus"], stub["title"], stub["date"], stub["year"], stub["body"]) == \
        (False, "非法制造和贩运枪支", "2010-10-22", 2010, "COP")
    assert stub["label"] == "resolution 5/4"
    edge = graph.edges[f"{RES}¶PP1", "decision:COP 4/6", "cite1"]
    assert edge["relation"] == "reaffirms" and edge["stated_date"] == "2008-10-17"


def test_recommendation_node_is_part_of_its_report():
    graph = build_graph([paper_2023()])
    assert graph.has_edge(REC, REPORT, key=PART_OF)
    assert graph.nodes[REC]["year"] == 2017 and graph.nodes[REPORT]["in_corpus"] is False
    assert graph.nodes[REC]["label"] == "CTOC/COP/WG.6/2017/4, recommendation 23"


def test_pinpoint_names_the_paragraph():
    graph = build_graph([paper_2023()])
    assert graph.edges["document:CTOC/COP/WG.6/2023/2¶3", RES, "cite0"]["paragraphs"] == ("1",)


def test_stub_later_ingested_becomes_the_same_node():
    graph = build_graph([paper_2023()])
    assert graph.nodes[RES]["in_corpus"] is False
    add_document(graph, resolution_11_6())
    assert graph.nodes[RES]["in_corpus"] is True
    assert graph.nodes[RES]["title"] == "加强国际合作"
    assert graph.has_edge("document:CTOC/COP/WG.6/2023/2¶3", RES)
    assert sum(1 for n in graph if n == RES) == 1
    assert snapshot(graph) == snapshot(build_graph([resolution_11_6(), paper_2023()]))


def test_report_ingested_later_makes_its_recommendations_in_corpus():
    graph = build_graph([paper_2023()])
    add_document(graph, doc(REPORT, para("1", "报告"), date="2017-05-20"))
    assert graph.nodes[REC]["in_corpus"] is True
    assert graph.nodes[REPORT]["date"] == "2017-05-20"


def test_stated_date_refines_a_reduced_precision_own_date():
    later = doc("document:X/2024/1", para("1", "", cite(RES, date="2022-10-21")), date="2024")
    graph = build_graph([resolution_11_6(), later])
    assert graph.nodes[RES]["date"] == "2022-10-21"
    conflicting = doc("document:X/2024/2", para("1", "", cite("resolution:COP 11/6", date="2019-01-01")))
    assert build_graph([resolution_11_6(), conflicting]).nodes[RES]["date"] == "2022"


def test_replacing_a_document_drops_orphan_stubs_and_what_it_taught():
    graph = build_graph([resolution_11_6(), paper_2023()])
    add_document(graph, doc(RES, para("1", "新文本"), date="2022"))
    assert "resolution:COP 5/4" not in graph and "decision:COP 4/6" not in graph
    assert snapshot(graph) == snapshot(build_graph([paper_2023(), doc(RES, para("1", "新文本"), date="2022")]))


def test_removing_a_cited_document_leaves_a_stub():
    graph = build_graph([resolution_11_6(), paper_2023()])
    remove_document(graph, RES)
    assert graph.nodes[RES]["in_corpus"] is False and graph.nodes[RES]["title"] is None
    assert f"{RES}¶1" not in graph


def test_unresolved_citations_are_counted_not_linked():
    graph = build_graph([doc("document:A/1", para("1", "", cite("recommendation:?#6", resolved=False)))])
    assert graph.nodes["document:A/1¶1"]["unresolved"] == 1
    assert not any(n.startswith("recommendation:") for n in graph)


@pytest.mark.parametrize(("pinpoint", "keys"), [
    ("para. 27", ("27",)), ("paras. 5-7", ("5", "6", "7")), ("paras. 5 and 9", ("5", "9")),
    ("第 27 段", ("27",)), ("chap. IV", ()), ("art. 13(1)", ()), (None, ()),
])
def test_pinpoint_keys(pinpoint, keys):
    assert pinpoint_keys(pinpoint) == keys


@pytest.mark.parametrize(("node", "label"), [
    ("resolution:COP 5/4", "resolution 5/4"), ("resolution:GA 70/1", "GA resolution 70/1"),
    ("decision:COP 4/6", "decision 4/6"), ("document:A/CONF.192/15", "A/CONF.192/15"),
    ("recommendation:CTOC/COP/WG.6/2017/4#6", "CTOC/COP/WG.6/2017/4, recommendation 6"),
    ("article:firearms-protocol 13(1)", "firearms-protocol, art. 13(1)"),
])
def test_stub_labels(node, label):
    assert stub_label(node) == label


TARGETS = ["resolution:COP 5/4", "resolution:COP 6/2", "document:A/2", "document:A/3",
           "recommendation:A/2017/1#3", "resolution:GA 70/1"]
DOC_IDS = ["document:A/1", "document:A/2", "document:A/3", "resolution:COP 5/4"]


@st.composite
def corpora(draw):
    """A few documents citing each other and outsiders, with stated titles and dates."""
    ids = draw(st.lists(st.sampled_from(DOC_IDS), unique=True, max_size=4))
    docs = []
    for doc_id in ids:
        cites = draw(st.lists(st.tuples(st.sampled_from(TARGETS + DOC_IDS), st.sampled_from(["t1", "t2", None]),
                                        st.sampled_from(["2010", "2010-10-22", None])), max_size=4))
        docs.append(doc(doc_id, para("1", "", *(cite(t, title=ti, date=da, surface=f"[{i}]")
                                                for i, (t, ti, da) in enumerate(cites)))))
    return docs


@settings(max_examples=60, deadline=None)
@given(corpora(), st.randoms())
def test_graph_does_not_depend_on_document_order(docs, random):
    shuffled = list(docs)
    random.shuffle(shuffled)
    assert snapshot(build_graph(docs)) == snapshot(build_graph(shuffled))


@settings(max_examples=60, deadline=None)
@given(corpora())
def test_adding_one_by_one_equals_building_at_once(docs):
    graph = build_graph([])
    for document in docs:
        add_document(graph, document)
    for document in docs:           # re-adding (re-ingest) changes nothing
        add_document(graph, document)
    assert snapshot(graph) == snapshot(build_graph(docs))


def test_build_leaves_the_garbage_collector_as_it_found_it():
    import gc
    assert gc.isenabled()
    build_graph([resolution_11_6()])
    assert gc.isenabled()
    gc.disable()
    try:
        build_graph([resolution_11_6()])
        assert not gc.isenabled()
    finally:
        gc.enable()
