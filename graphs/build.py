"""Build the citation graph from records passed in (the store is never opened here).

The graph is a ``networkx.MultiDiGraph``:

- one node per document in the corpus (id = ``Document.id``: ``document:<SYMBOL>`` or, for a
  resolution, ``resolution:COP 11/6``) with ``in_corpus=True``;
- one node per paragraph (``<doc id>¶<key>``, ``kind="paragraph"``) with a ``part_of`` edge to its
  document; a footnote's ``anchor`` is the id of the paragraph carrying its marker;
- one node per cited target (resolution, decision, document, recommendation, article). A target not
  in the corpus is a *stub* (``in_corpus=False``) carrying the title and date the citations state.
  A document in the corpus and the stub for its id are one node: adding the document later turns
  the stub into a real node and keeps every edge;
- recommendation nodes ``recommendation:<SYMBOL>#<n>`` have a ``part_of`` edge to their report
  ``document:<SYMBOL>`` (a stub when the report is not in the corpus);
- one edge per citation, from the citing paragraph to the canonical target, key ``cite<i>``, with
  ``relation`` (``cites`` when no verb governs it), ``pinpoint``, ``paragraphs`` (the keys a
  paragraph pinpoint names: ``para. 27`` -> ("27",)), ``surface``, ``start``/``end`` (offsets in the
  paragraph text), ``stated_title``/``stated_date`` and the citing document's ``year``.

Attributes starting with ``_`` are bookkeeping (what every citation said, to undo it on replace);
exports leave them out.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx

from graphs.ids import (
    DOCUMENT_KINDS,
    id_year,
    parse_id,
    pinpoint_keys,
    report_of,
    split_paragraph,
    stub_label,
)
from graphs.similarity import IDF_CACHE
from ingest.records import Citation, Document, Paragraph
from ingest.roles import recommendation_kinds

#: Relation of the structural edges paragraph -> document and recommendation -> report.
PART_OF = "part_of"
#: Relation of a citation that no verb governs.
DEFAULT_RELATION = "cites"


def build_graph(documents: Iterable[Document]) -> nx.MultiDiGraph:
    """The citation graph of ``documents`` (any order gives the same graph). Recommendations named
    by their meeting are joined to their report's recommendations where the meetings registry
    knows the report (graphs/meetings.py)."""
    from graphs.meetings import join_meetings

    graph = nx.MultiDiGraph(name="wgkb citation graph")
    with gc_paused():
        for document in documents:
            add_document(graph, document)
        join_meetings(graph)
    return graph


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while building or exporting: the graph is a great many
    small dicts, none of them garbage, and the collector's passes over them took ~45% of the build
    time of the 100x corpus (bench/graph.py: 1.1 s -> 0.6 s) and ~25% of an export."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def add_document(graph: nx.MultiDiGraph, document: Document) -> None:
    """Add one document with its paragraphs and citations. A stub with the same id becomes real;
    a document already in the graph is replaced (as a re-ingest replaces it in the store)."""
    graph.graph.pop(IDF_CACHE, None)
    if graph.nodes.get(document.id, {}).get("in_corpus"):
        remove_document(graph, document.id)
    attrs = _ensure_node(graph, document.id)
    attrs.update(in_corpus=True, label=document.name(), symbol=document.symbol, doc_type=document.doc_type,
                 body=document.body or attrs.get("body"), source=document.source,
                 _doc_title=document.title, _doc_date=document.date, meeting=document.meeting)
    _refresh(attrs, document.id)
    for pred, _, key in list(graph.in_edges(document.id, keys=True)):
        if key == PART_OF and graph.nodes[pred].get("kind") == "recommendation":
            graph.nodes[pred]["in_corpus"] = True
    kinds = recommendation_kinds(document)
    for paragraph in document.paragraphs:
        _add_paragraph(graph, document, paragraph)
        if paragraph.key in kinds:
            graph.nodes[document.paragraph_id(paragraph.key)]["rec_kind"] = kinds[paragraph.key]


def remove_document(graph: nx.MultiDiGraph, doc_id: str) -> None:
    """Take a document's paragraphs and their citations out. Its node stays as a stub while anything
    still cites it; stubs nobody cites any more disappear."""
    graph.graph.pop(IDF_CACHE, None)
    if doc_id not in graph:
        return
    paragraphs = [p for p, _, k in graph.in_edges(doc_id, keys=True)
                  if k == PART_OF and graph.nodes[p].get("kind") == "paragraph"]
    touched: set[str] = set()
    for pid in paragraphs:
        for _, target, data in graph.out_edges(pid, data=True):
            if data.get("relation") != PART_OF:
                _forget_statement(graph.nodes[target], data)
                touched.add(target)
        graph.remove_node(pid)
    attrs = graph.nodes[doc_id]
    attrs["in_corpus"] = False
    for name in ("_doc_title", "_doc_date", "source", "doc_type", "meeting"):
        attrs.pop(name, None)
    attrs["label"] = stub_label(doc_id)
    _refresh(attrs, doc_id)
    for pred, _, key in graph.in_edges(doc_id, keys=True):
        if key == PART_OF:
            graph.nodes[pred]["in_corpus"] = False
    for node in touched | {doc_id}:
        _drop_if_orphan(graph, node)


def _add_paragraph(graph: nx.MultiDiGraph, document: Document, paragraph: Paragraph) -> None:
    """One paragraph node, its part_of edge and one edge per resolved citation."""
    pid = document.paragraph_id(paragraph.key)
    unresolved = sum(1 for c in paragraph.citations if not _usable(c))
    graph.add_node(pid, kind="paragraph", in_corpus=True, document=document.id, key=paragraph.key,
                   para_kind=paragraph.kind, label=document.label(paragraph), text=paragraph.text,
                   roles=tuple(paragraph.roles), addressee=paragraph.addressee, verb=paragraph.verb,
                   section=tuple(paragraph.section), page=paragraph.page, date=document.date,
                   year=document.year, unresolved=unresolved,
                   anchor=document.paragraph_id(paragraph.anchor) if paragraph.anchor else None)
    graph.add_edge(pid, document.id, key=PART_OF, relation=PART_OF)
    for index, citation in enumerate(paragraph.citations):
        if _usable(citation):
            _add_citation(graph, pid, index, citation, document.year)


def _usable(citation: Citation) -> bool:
    """A citation the graph can place: resolved, with a whole canonical target (no ``?`` left)."""
    return citation.resolved and "?" not in citation.target and ":" in citation.target


def _add_citation(graph: nx.MultiDiGraph, pid: str, index: int, citation: Citation, year: int | None) -> None:
    """The edge paragraph -> target; the target learns the title and date the citation states.
    A target given as a paragraph id (``resolution:COP 11/6¶27``) becomes its document with that key."""
    target, key = split_paragraph(citation.target)
    attrs = _ensure_node(graph, target)
    keys = ((key,) if key else ()) + pinpoint_keys(citation.pinpoint)
    data = dict(relation=citation.relation or DEFAULT_RELATION, pinpoint=citation.pinpoint,
                paragraphs=tuple(dict.fromkeys(keys)), surface=citation.surface,
                start=citation.start, end=citation.end, stated_title=citation.title,
                stated_date=citation.date, year=year)
    graph.add_edge(pid, target, key=f"cite{index}", **data)
    if citation.title:
        attrs["_cited_titles"][citation.title] += 1
    if citation.date:
        attrs["_cited_dates"][citation.date] += 1
    _refresh(attrs, target)


def _ensure_node(graph: nx.MultiDiGraph, node_id: str) -> dict[str, Any]:
    """The attributes of ``node_id``, creating a stub (and, for a recommendation, its report) if new."""
    if node_id not in graph:
        cid = parse_id(node_id)
        graph.add_node(node_id, kind=cid.kind, label=stub_label(node_id), in_corpus=False,
                       body=cid.body, symbol=cid.symbol, number=cid.number, title=None, date=None,
                       year=id_year(node_id), _cited_titles=Counter(), _cited_dates=Counter())
        report = report_of(node_id) if cid.kind == "recommendation" else None
        if report:
            in_corpus = _ensure_node(graph, report).get("in_corpus", False)
            graph.nodes[node_id]["in_corpus"] = in_corpus
            graph.add_edge(node_id, report, key=PART_OF, relation=PART_OF)
        _refresh(graph.nodes[node_id], node_id)
    return graph.nodes[node_id]


#: Public name of ``_ensure_node`` for graphs/meetings.py (joining meeting-based recommendations).
ensure_node = _ensure_node


def _forget_statement(attrs: dict[str, Any], edge: dict[str, Any]) -> None:
    """Undo what one citation taught its target (used when the citing document is replaced)."""
    for name, counter in (("stated_title", "_cited_titles"), ("stated_date", "_cited_dates")):
        value = edge.get(name)
        if value and attrs[counter].get(value):
            attrs[counter][value] -= 1
            if not attrs[counter][value]:
                del attrs[counter][value]


def _drop_if_orphan(graph: nx.MultiDiGraph, node: str) -> None:
    """Remove a stub nothing cites any more (and its report stub, if that is orphaned too)."""
    if node not in graph or graph.nodes[node].get("in_corpus"):
        return
    if graph.in_degree(node):
        _refresh(graph.nodes[node], node)
        return
    report = report_of(node) if graph.nodes[node].get("kind") == "recommendation" else None
    graph.remove_node(node)
    if report:
        _drop_if_orphan(graph, report)


def _refresh(attrs: dict[str, Any], node_id: str) -> None:
    """Recompute title/date/year from the document's own metadata and what citations stated.

    The document's own title wins; a stated date wins when it is more precise and agrees
    (own ``2022``, stated ``2022-10-21``). Among stated values the most frequent wins, ties going to
    the first in sort order, so the graph does not depend on the order documents arrive in.
    """
    cited_title = _most_common(attrs.get("_cited_titles"))
    cited_date = _most_common(attrs.get("_cited_dates"))
    own_date = attrs.get("_doc_date")
    attrs["cited_title"] = cited_title
    attrs["title"] = attrs.get("_doc_title") or cited_title
    if own_date and cited_date and cited_date.startswith(own_date):
        attrs["date"] = cited_date
    else:
        attrs["date"] = own_date or cited_date
    date = attrs["date"]
    attrs["year"] = int(date[:4]) if date and date[:4].isdigit() else id_year(node_id)
    if attrs.get("kind") in DOCUMENT_KINDS and not attrs.get("in_corpus"):
        attrs["label"] = stub_label(node_id)


def _most_common(counter: Counter | None) -> str | None:
    """The most frequent value, ties broken by sort order; None when empty."""
    if not counter:
        return None
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
