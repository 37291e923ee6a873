"""Measures on hand-built graphs with known answers: in-degree, PageRank, per-year/body/relation."""

from __future__ import annotations

import pytest
from graph_factories import cite, doc, para

from graphs import build_graph, graph_stats
from graphs.measures import document_graph, most_cited, pagerank


def star():
    """Three papers cite resolution 5/4; one of them also cites GA 70/1 and a recommendation."""
    papers = [doc(f"document:X/{year}/1", para("1", "", cite("resolution:COP 5/4", "recalls", surface="5/4")),
                  date=f"{year}-01-01") for year in (2019, 2020)]
    papers.append(doc("document:X/2021/1",
                      para("1", "", cite("resolution:COP 5/4", "pursuant_to", surface="a"),
                           cite("resolution:GA 70/1", None, surface="b")),
                      para("2", "", cite("resolution:COP 5/4", "recalls", surface="c"),
                           cite("recommendation:X/2020/1#4", "pursuant_to", surface="d")),
                      date="2021-05-05"))
    return build_graph(papers)


def test_empty_graph_stats():
    stats = graph_stats(build_graph([]))
    assert stats.nodes == {} and stats.citations == 0 and stats.most_cited == ()
    assert pagerank(build_graph([])) == {}


def test_counts_and_breakdowns():
    stats = graph_stats(star())
    assert stats.citations == 6
    assert stats.documents_in_corpus == 3
    assert stats.stubs == 2          # resolution 5/4 and GA 70/1; X/2020/1 is in the corpus
    assert stats.nodes == {"document": 3, "paragraph": 4, "recommendation": 1, "resolution": 2}
    assert stats.per_year == {"2021": 4, "2019": 1, "2020": 1}
    assert stats.per_body == {"COP": 4, "GA": 1, "X": 1}
    assert stats.per_relation == {"recalls": 3, "pursuant_to": 2, "cites": 1}


def test_most_cited_by_in_degree_and_documents():
    top = most_cited(star())
    assert [(c.id, c.citations, c.documents) for c in top[:1]] == [("resolution:COP 5/4", 4, 3)]
    assert top[0].pagerank == max(c.pagerank for c in top)
    assert len(most_cited(star(), top=2)) == 2


def test_pagerank_on_a_cycle_is_symmetric():
    a = doc("document:A/2020/1", para("1", "", cite("document:B/2020/1", surface="B")))
    b = doc("document:B/2020/1", para("1", "", cite("document:A/2020/1", surface="A")))
    ranks = pagerank(build_graph([a, b]))
    assert ranks["document:A/2020/1"] == pytest.approx(0.5) == ranks["document:B/2020/1"]


def test_document_graph_weights_and_leaves_out_self_citations():
    graph = document_graph(star())
    assert graph.edges["document:X/2021/1", "resolution:COP 5/4"]["weight"] == 2
    selfish = build_graph([doc("document:C/1", para("1", "", cite("document:C/1", surface="C")))])
    assert document_graph(selfish).number_of_edges() == 0
    assert most_cited(selfish) == []
