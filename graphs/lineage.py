"""Resolution lineage: what a resolution (or any document) builds on, and what builds on it.

Ancestors are found by following the citations made by the node's paragraphs (what a resolution's
paragraphs recall, reaffirm or act pursuant to are the resolution's outgoing links), then the
citations of those ancestors that are in the corpus, and so on; descendants by following citations
backwards to the documents whose paragraphs cite it. A cited recommendation or paragraph counts as
its report or document; treaty articles are not documents and stay out of lineage. Every node is
visited once, so citation cycles end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

import networkx as nx

from graphs.edges import citations_from, citations_into, container
from graphs.ids import DOCUMENT_KINDS
from graphs.resolve import resolve

Step = Callable[[nx.MultiDiGraph, str], Iterator[tuple[str, str]]]


@dataclass(frozen=True)
class LineageEntry:
    """One resolution/decision/document in a lineage. ``depth`` is 0 for the root, 1 for what it cites
    (or what cites it) directly; ``relation`` is the first relation on the link from ``via`` (the node
    it was reached from), ``relations`` all of them in document order."""

    id: str
    label: str
    kind: str
    title: str | None
    date: str | None
    year: int | None
    in_corpus: bool
    depth: int
    direction: str
    relation: str | None = None
    relations: tuple[str, ...] = ()
    via: str | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["relations"] = list(self.relations)
        return data


@dataclass(frozen=True)
class Lineage:
    """The lineage of ``root``: ``ancestors`` and ``descendants``, each ordered as a timeline."""

    root: LineageEntry
    ancestors: tuple[LineageEntry, ...]
    descendants: tuple[LineageEntry, ...]

    def timeline(self) -> list[LineageEntry]:
        """Ancestors, the root and descendants in one list, oldest first (undated last)."""
        return sorted((*self.ancestors, self.root, *self.descendants), key=timeline_key)

    def to_dict(self) -> dict:
        return {"root": self.root.to_dict(),
                "ancestors": [e.to_dict() for e in self.ancestors],
                "descendants": [e.to_dict() for e in self.descendants],
                "timeline": [e.id for e in self.timeline()]}


def lineage(graph: nx.MultiDiGraph, ref: str, depth: int | None = None) -> Lineage:
    """The lineage of the resolution, decision or document ``ref`` names (``11/6``, ``第 11/6 号决议``,
    ``resolution:COP 11/6``, a symbol). ``depth`` limits how many links away to go (None: all).
    A paragraph reference (``11/6¶27``) means its document."""
    if depth is not None and depth < 1:
        raise ValueError(f"depth must be 1 or more, not {depth}")
    node = resolve(graph, ref).node
    if graph.nodes[node].get("kind") not in DOCUMENT_KINDS:
        raise ValueError(f"{ref!r} is a {graph.nodes[node].get('kind')}: lineage is for resolutions, "
                         "decisions and documents (use followup for a recommendation)")
    root = _entry(graph, node, 0, "root", [], None)
    ancestors = _walk(graph, node, depth, _cited_by_node, "ancestor")
    descendants = _walk(graph, node, depth, _citing_node, "descendant")
    return Lineage(root, tuple(sorted(ancestors, key=timeline_key)),
                   tuple(sorted(descendants, key=timeline_key)))


def timeline_key(entry: LineageEntry) -> tuple:
    """Oldest first by ISO date (or year), undated last, then by label."""
    when = entry.date or (str(entry.year) if entry.year else None)
    return (when is None, when or "", entry.label)


def _walk(graph: nx.MultiDiGraph, root: str, depth: int | None, step: Step, direction: str) -> list[LineageEntry]:
    """Breadth-first over ``step`` from ``root``; each node once, at its smallest depth."""
    found: dict[str, tuple[int, list[str], str]] = {}
    frontier, level = [root], 0
    while frontier and (depth is None or level < depth):
        level += 1
        following: list[str] = []
        for node in frontier:
            for other, relation in step(graph, node):
                if other == root:
                    continue
                if other not in found:
                    found[other] = (level, [], node)
                    following.append(other)
                if found[other][0] == level and found[other][2] == node:
                    found[other][1].append(relation)
        frontier = following
    return [_entry(graph, n, d, direction, rels, via) for n, (d, rels, via) in found.items()]


def _cited_by_node(graph: nx.MultiDiGraph, node: str) -> Iterator[tuple[str, str]]:
    """(document-level target, relation) for every citation made by ``node``'s paragraphs."""
    for _, target, data in citations_from(graph, node):
        lifted = container(graph, target)
        if lifted != node and graph.nodes[lifted].get("kind") in DOCUMENT_KINDS:
            yield lifted, data["relation"]


def _citing_node(graph: nx.MultiDiGraph, node: str) -> Iterator[tuple[str, str]]:
    """(citing document, relation) for every citation of ``node`` or of its recommendations."""
    for source, _, data in citations_into(graph, node, with_parts=True):
        citing = container(graph, source)
        if citing != node:
            yield citing, data["relation"]


def _entry(graph: nx.MultiDiGraph, node: str, depth: int, direction: str, relations: list[str],
           via: str | None) -> LineageEntry:
    attrs = graph.nodes[node]
    unique = tuple(dict.fromkeys(relations))
    return LineageEntry(id=node, label=attrs.get("label") or node, kind=attrs.get("kind", ""),
                        title=attrs.get("title"), date=attrs.get("date"), year=attrs.get("year"),
                        in_corpus=bool(attrs.get("in_corpus")), depth=depth, direction=direction,
                        relation=unique[0] if unique else None, relations=unique, via=via)
