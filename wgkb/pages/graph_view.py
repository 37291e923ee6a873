"""Turning the knowledge base's citation graph (``kb.graph()``) into what the explorer draws: a
filtered view (node kinds, years, relations; paragraphs collapsed into their documents or not),
a layout, and the most-cited list. Pure functions over a networkx graph; no Streamlit here."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from wgkb.pages.netview import NetEdge, NetNode

#: Relation of structural edges (paragraph -> document, recommendation -> report) in ``kb.graph()``.
PART_OF = "part_of"
#: Most nodes drawn at once (the best-connected are kept): a browser draws a few hundred SVG nodes
#: smoothly; beyond that the view is a hairball anyway.
MAX_DRAWN = 400


@dataclass(frozen=True)
class ViewFilter:
    """What to show: node kinds, a year range (undated nodes always shown), relations, scope."""

    kinds: frozenset[str] = field(default_factory=frozenset)
    years: tuple[int, int] | None = None
    relations: frozenset[str] = field(default_factory=frozenset)
    paragraphs: bool = False


def container(graph: nx.MultiDiGraph, node: str) -> str:
    """The document of a paragraph; any other node is its own (citation edges start at paragraphs)."""
    attrs = graph.nodes[node]
    if attrs.get("kind") == "paragraph" and attrs.get("document") in graph:
        return attrs["document"]
    return node


def citation_edges(graph: nx.MultiDiGraph, paragraphs: bool) -> Counter:
    """``(source, target, relation) -> count`` over citation edges; without ``paragraphs`` the
    citing paragraph is replaced by its document (self-citations then dropped)."""
    counts: Counter = Counter()
    for source, target, data in graph.edges(data=True):
        relation = data.get("relation") or "cites"
        if relation == PART_OF:
            continue
        if not paragraphs:
            source = container(graph, source)
        if source != target:
            counts[(source, target, relation)] += 1
    return counts


def _keep(attrs: dict, flt: ViewFilter) -> bool:
    if flt.kinds and attrs.get("kind") not in flt.kinds:
        return False
    year = attrs.get("year")
    return not (flt.years and isinstance(year, int) and not flt.years[0] <= year <= flt.years[1])


def filtered_view(graph: nx.MultiDiGraph, flt: ViewFilter) -> nx.DiGraph:
    """The graph to draw: kept nodes and the citation edges between them (weight = citations)."""
    view = nx.DiGraph()
    for (source, target, relation), count in citation_edges(graph, flt.paragraphs).items():
        if flt.relations and relation not in flt.relations:
            continue
        if not (_keep(graph.nodes[source], flt) and _keep(graph.nodes[target], flt)):
            continue
        for node in (source, target):
            view.add_node(node, **{k: v for k, v in graph.nodes[node].items() if not k.startswith("_")})
        if view.has_edge(source, target):
            view[source][target]["weight"] += count
            view[source][target]["relations"].add(relation)
        else:
            view.add_edge(source, target, weight=count, relations={relation})
    if flt.paragraphs:
        attach_paragraphs(graph, view)
    if view.number_of_nodes() > MAX_DRAWN:
        ranked = sorted(view.degree(weight="weight"), key=lambda nd: (-nd[1], nd[0]))
        view = view.subgraph(n for n, _ in ranked[:MAX_DRAWN]).copy()
    return view


def attach_paragraphs(graph: nx.MultiDiGraph, view: nx.DiGraph) -> None:
    """In paragraph mode, each drawn paragraph hangs on its document (a ``part_of`` edge, the document
    added when missing), so paragraphs are seen with the documents they belong to."""
    for node in [n for n, a in view.nodes(data=True) if a.get("kind") == "paragraph"]:
        document = container(graph, node)
        if document == node:
            continue
        if document not in view:
            view.add_node(document, **{k: v for k, v in graph.nodes[document].items() if not k.startswith("_")})
        if not view.has_edge(node, document):
            view.add_edge(node, document, weight=1, relations={PART_OF})


def layout(view: nx.DiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1]² (spring layout, seeded so the picture is stable between reruns)."""
    if view.number_of_nodes() == 0:
        return {}
    if view.number_of_nodes() == 1:
        return {next(iter(view)): (0.0, 0.0)}
    k = 1.6 / math.sqrt(view.number_of_nodes())
    pos = nx.spring_layout(view.to_undirected(as_view=True), k=k, seed=seed, iterations=80)
    span = max((max(abs(x), abs(y)) for x, y in pos.values()), default=1.0) or 1.0
    return {n: (float(x) / span, float(y) / span) for n, (x, y) in pos.items()}


def net_elements(view: nx.DiGraph, href_for) -> tuple[list[NetNode], list[NetEdge]]:
    """Nodes (sized by citations received) and edges for ``netview.network_html``."""
    pos = layout(view)
    received = dict(view.in_degree(weight="weight"))
    nodes = []
    for node, attrs in view.nodes(data=True):
        label = str(attrs.get("label") or node)
        tip = "\n".join(x for x in (
            label, f"{attrs.get('kind', '')}{'' if attrs.get('in_corpus') else ' · not in corpus'}",
            str(attrs.get("title") or "")[:120], str(attrs.get("date") or attrs.get("year") or ""),
            f"cited {received.get(node, 0)}×") if x)
        nodes.append(NetNode(id=node, label=label[:40], kind=str(attrs.get("kind") or ""),
                             x=pos[node][0], y=pos[node][1], r=4 + 2.2 * math.sqrt(received.get(node, 0)),
                             in_corpus=bool(attrs.get("in_corpus")), tip=tip, href=href_for(node, attrs)))
    edges = [NetEdge(s, t, ", ".join(sorted(d["relations"])), int(d["weight"])) for s, t, d in view.edges(data=True)]
    return nodes, edges
