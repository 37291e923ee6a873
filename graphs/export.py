"""Exports of the citation graph: GraphML and GEXF (Gephi), node-link JSON, CSV node and edge lists.

Every format gets the same *scalar* graph: GraphML and GEXF take only str/int/float/bool attributes
(networkx refuses ``None`` and lists, and the GEXF writer's error for them is cryptic), so on purpose:
``None`` values are left out, tuples become ``"; "``-joined text (``roles = "mandate; followup"``),
bookkeeping attributes (``_…``) are dropped. The citation offsets ``start``/``end`` are renamed
``surface_start``/``surface_end``, because GEXF reads attributes named ``start``/``end`` as a dynamic
time span, and a paragraph's ``key`` is exported as ``para_key`` (GEXF's writer would rename it). Chinese labels and text are written as they are (UTF-8; JSON with ``ensure_ascii=False``;
CSV with a BOM so spreadsheets open it).

``scope="documents"`` collapses paragraphs into their documents: paragraph nodes go, each citation
edge then starts at the citing document (its ``paragraph`` attribute names where it was made).

CSV file naming: ``-o FILE`` writes ``FILE.nodes.csv`` and ``FILE.edges.csv`` (a ``.csv`` suffix on
FILE is dropped first: ``-o graph.csv`` -> ``graph.nodes.csv``, ``graph.edges.csv``).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx

from graphs.build import gc_paused
from graphs.edges import container, is_citation

FORMATS = ("graphml", "gexf", "json", "csv")
SCOPES = ("paragraphs", "documents")
#: Attribute renames on export: GEXF reserves ``start``/``end`` for dynamic graphs, and its writer
#: renames a node attribute ``key`` to ``networkx_key`` (the name it uses for edge keys).
RENAMES = {"start": "surface_start", "end": "surface_end", "key": "para_key"}
#: Separator for tuple attributes made scalar.
JOIN = "; "


def export_graph(graph: nx.MultiDiGraph, fmt: str, path: str | Path, scope: str = "paragraphs") -> list[Path]:
    """Write ``graph`` as ``fmt`` (one of FORMATS) at ``scope`` (one of SCOPES); returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    if scope not in SCOPES:
        raise ValueError(f"scope {scope!r} is not one of {', '.join(SCOPES)}")
    path = Path(path)
    if not path.parent.exists():
        raise ValueError(f"{path}: folder {path.parent} does not exist")
    with gc_paused():
        out = scalar_graph(collapse_documents(graph) if scope == "documents" else graph)
        try:
            return _write(out, fmt, path)
        except OSError as exc:
            raise ValueError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _write(out: nx.MultiDiGraph, fmt: str, path: Path) -> list[Path]:
    if fmt == "graphml":
        nx.write_graphml(out, path, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(out, path, encoding="utf-8")
    elif fmt == "json":
        path.write_text(json.dumps(node_link(out), ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        return write_csv(out, path)
    return [path]


def collapse_documents(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph without paragraph nodes: citation edges start at the citing document."""
    out = nx.MultiDiGraph(**graph.graph)
    out.add_nodes_from((n, a) for n, a in graph.nodes(data=True) if a.get("kind") != "paragraph")
    for u, v, key, data in graph.edges(keys=True, data=True):
        if graph.nodes[u].get("kind") != "paragraph":
            out.add_edge(u, v, key=key, **data)
        elif is_citation(data):
            para = graph.nodes[u]
            out.add_edge(container(graph, u), v, key=f"{para.get('key')}/{key}", paragraph=u, **data)
    return out


def scalar_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all str/int/float/bool (see the module docstring)."""
    out = nx.MultiDiGraph(**scalar_attrs(graph.graph))
    out.add_nodes_from((n, scalar_attrs(a)) for n, a in graph.nodes(data=True))
    out.add_edges_from((u, v, k, scalar_attrs(d)) for u, v, k, d in graph.edges(keys=True, data=True))
    return out


def scalar_attrs(attrs: dict[str, Any]) -> dict[str, str | int | float | bool]:
    """Attributes made scalar: None and empty text dropped, tuples/lists joined, mappings and ``_…``
    dropped."""
    out: dict[str, str | int | float | bool] = {}
    for name, value in attrs.items():
        if value is None or name.startswith("_") or isinstance(value, dict):
            continue
        if isinstance(value, (tuple, list, set, frozenset)):
            value = JOIN.join(str(v) for v in value)
        elif not isinstance(value, (str, int, float, bool)):
            value = str(value)
        if value == "":
            continue
        out[RENAMES.get(name, name)] = value
    return out


def node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """networkx node-link data (``nodes``/``edges`` keys), readable by ``nx.node_link_graph(..., edges="edges")``."""
    return nx.node_link_data(graph, edges="edges")


def csv_paths(path: str | Path) -> tuple[Path, Path]:
    """Where the CSV export of ``-o path`` goes: ``<stem>.nodes.csv`` and ``<stem>.edges.csv``
    (``path`` may also name either of those files)."""
    path = Path(path)
    name = path.name
    for ending in (".nodes.csv", ".edges.csv", ".csv"):
        if name.lower().endswith(ending):
            name = name[:-len(ending)]
            break
    return path.with_name(name + ".nodes.csv"), path.with_name(name + ".edges.csv")


def write_csv(graph: nx.MultiDiGraph, path: str | Path) -> list[Path]:
    """Node list (``id`` + attributes) and edge list (``source, target, key`` + attributes), utf-8-sig."""
    nodes_path, edges_path = csv_paths(path)
    node_rows = [{"id": n, **a} for n, a in graph.nodes(data=True)]
    edge_rows = [{"source": u, "target": v, "key": k, **d} for u, v, k, d in graph.edges(keys=True, data=True)]
    _write_rows(nodes_path, ["id"], node_rows)
    _write_rows(edges_path, ["source", "target", "key"], edge_rows)
    return [nodes_path, edges_path]


def _write_rows(path: Path, first: list[str], rows: list[dict[str, Any]]) -> None:
    columns = first + sorted({k for row in rows for k in row} - set(first))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def read_csv(path: str | Path) -> nx.MultiDiGraph:
    """Read a CSV export back (values as text; empty cells are missing attributes)."""
    nodes_path, edges_path = csv_paths(path)
    graph = nx.MultiDiGraph()
    with nodes_path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            node = row.pop("id")
            graph.add_node(node, **{k: v for k, v in row.items() if v != ""})
    with edges_path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            u, v, key = row.pop("source"), row.pop("target"), row.pop("key")
            graph.add_edge(u, v, key=key, **{k: val for k, val in row.items() if val != ""})
    return graph

