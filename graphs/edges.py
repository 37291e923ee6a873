"""Reading the citation graph: a document's paragraphs, the citations out of and into a node, and
the document a paragraph or recommendation belongs to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

from graphs.build import PART_OF
from graphs.ids import DOCUMENT_KINDS
from ingest.records import PARA_SEP

Edge = tuple[str, str, dict[str, Any]]

#: Id prefix of recommendation nodes (canonical ids, DESIGN.md).
RECOMMENDATION = "recommendation:"


def paragraphs_of(graph: nx.MultiDiGraph, doc_id: str) -> list[str]:
    """The paragraph nodes of a document, in document order (the order they were added)."""
    return [p for p in graph.pred[doc_id] if PARA_SEP in p and PART_OF in graph.pred[doc_id][p]]


def recommendations_of(graph: nx.MultiDiGraph, doc_id: str) -> list[str]:
    """The recommendation nodes whose report is ``doc_id``. (Id prefixes are tested rather than node
    attributes: this runs for every document a lineage walk visits.)"""
    return [r for r in graph.pred[doc_id] if r.startswith(RECOMMENDATION) and PART_OF in graph.pred[doc_id][r]]


def container(graph: nx.MultiDiGraph, node: str) -> str:
    """The document-level node of ``node``: a paragraph's document, a recommendation's report, else
    the node itself."""
    kind = graph.nodes[node].get("kind")
    if kind == "paragraph":
        return graph.nodes[node]["document"]
    if kind == "recommendation":
        for _, report, key in graph.out_edges(node, keys=True):
            if key == PART_OF:
                return report
    return node


def is_citation(data: dict[str, Any]) -> bool:
    """Whether an edge is a citation (not a structural ``part_of``)."""
    return data.get("relation") != PART_OF


def citations_from(graph: nx.MultiDiGraph, doc_id: str) -> Iterator[Edge]:
    """Every citation made by one of the document's paragraphs, in document order."""
    for pid in paragraphs_of(graph, doc_id):
        for target, keys in graph.succ[pid].items():
            for key, data in keys.items():
                if key != PART_OF:
                    yield pid, target, data


def citations_into(graph: nx.MultiDiGraph, node: str, *, with_parts: bool = False) -> Iterator[Edge]:
    """Every citation of ``node`` from other documents (a document citing itself is left out). With
    ``with_parts``, a document's recommendations count too (citing recommendation 23 of a report cites
    the report)."""
    targets = [node]
    if with_parts and graph.nodes[node].get("kind") in DOCUMENT_KINDS:
        targets += recommendations_of(graph, node)
    for target in targets:
        own = target + PARA_SEP        # a document's own paragraphs: part_of (or self-citation)
        preds = graph.pred[target]
        for source in preds:
            if source.startswith(own):
                continue
            for key, data in preds[source].items():
                if key != PART_OF:
                    yield source, target, data
