"""Measures over the citation graph: most-cited targets (in-degree and PageRank), citations per year of
the citing document, per body of the cited target and per relation."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

import networkx as nx

from graphs.edges import container, is_citation

#: PageRank damping (the usual 0.85) and how many most-cited targets to list by default.
DAMPING = 0.85
TOP = 20
#: Bucket name for citations whose year or body is not known.
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Cited:
    """A cited node: ``citations`` = citing paragraphs (in-degree over citation edges),
    ``documents`` = distinct citing documents, ``pagerank`` on the document-level citation graph."""

    id: str
    label: str
    kind: str
    in_corpus: bool
    citations: int
    documents: int
    pagerank: float


@dataclass(frozen=True)
class GraphStats:
    """Counts and measures of one graph."""

    nodes: dict[str, int]
    documents_in_corpus: int
    stubs: int
    citations: int
    unresolved: int
    most_cited: tuple[Cited, ...]
    per_year: dict[str, int]
    per_body: dict[str, int]
    per_relation: dict[str, int]

    def to_dict(self) -> dict:
        return asdict(self)


def graph_stats(graph: nx.MultiDiGraph, top: int = TOP) -> GraphStats:
    """Counts by node kind, corpus documents vs stubs, citations, and the measures."""
    kinds = Counter(a.get("kind", UNKNOWN) for _, a in graph.nodes(data=True))
    targets = [n for n, a in graph.nodes(data=True) if a.get("kind") != "paragraph"]
    in_corpus = sum(1 for n in targets if graph.nodes[n].get("in_corpus") and
                    graph.nodes[n].get("kind") != "recommendation")
    edges = [(u, v, d) for u, v, d in graph.edges(data=True) if is_citation(d)]
    return GraphStats(
        nodes=dict(sorted(kinds.items())), documents_in_corpus=in_corpus,
        stubs=sum(1 for n in targets if not graph.nodes[n].get("in_corpus")),
        citations=len(edges),
        unresolved=sum(a.get("unresolved", 0) for _, a in graph.nodes(data=True)),
        most_cited=tuple(most_cited(graph, top)),
        per_year=_count(str(d.get("year") or UNKNOWN) for _, _, d in edges),
        per_body=_count(graph.nodes[v].get("body") or UNKNOWN for _, v, _ in edges),
        per_relation=_count(d.get("relation") or UNKNOWN for _, _, d in edges))


def most_cited(graph: nx.MultiDiGraph, top: int = TOP) -> list[Cited]:
    """The ``top`` most-cited nodes, by citing paragraphs, then PageRank, then label (a document
    citing itself does not count)."""
    docs = document_graph(graph)
    ranks = _pagerank(docs)
    rows = [Cited(id=v, label=graph.nodes[v].get("label") or v, kind=graph.nodes[v].get("kind", ""),
                  in_corpus=bool(graph.nodes[v].get("in_corpus")), citations=docs.in_degree(v, weight="weight"),
                  documents=docs.in_degree(v), pagerank=round(ranks.get(v, 0.0), 6))
            for v in docs if docs.in_degree(v)]
    rows.sort(key=lambda c: (-c.citations, -c.pagerank, c.label))
    return rows[:top]


def document_graph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """Citing document -> cited node, weighted by the number of citations (self-citations left out)."""
    out = nx.DiGraph()
    out.add_nodes_from(n for n, a in graph.nodes(data=True) if a.get("kind") != "paragraph")
    for u, v, d in graph.edges(data=True):
        source = container(graph, u)
        if is_citation(d) and source != v:
            weight = out.edges[source, v]["weight"] + 1 if out.has_edge(source, v) else 1
            out.add_edge(source, v, weight=weight)
    return out


def pagerank(graph: nx.MultiDiGraph) -> dict[str, float]:
    """PageRank of every non-paragraph node on the document-level citation graph ({} when empty)."""
    return _pagerank(document_graph(graph))


def _pagerank(docs: nx.DiGraph) -> dict[str, float]:
    return nx.pagerank(docs, alpha=DAMPING, weight="weight") if docs.number_of_nodes() else {}


def _count(values) -> dict[str, int]:
    """Counts, most frequent first, ties by name."""
    return dict(sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0])))
