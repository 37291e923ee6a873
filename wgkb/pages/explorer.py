"""Citation-graph explorer: an interactive network (pan, zoom, hover, click to open) filtered by node
kind, year and relation; the most-cited list; downloads in GraphML, GEXF, JSON and CSV."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from wgkb.pages import graph_view, netview, state

#: Download formats: facade format name -> (file extension, MIME type).
EXPORTS = {"graphml": ("graphml", "application/xml"), "gexf": ("gexf", "application/xml"),
           "json": ("json", "application/json"), "csv": ("csv", "text/csv")}


@st.cache_data(show_spinner=False, max_entries=16)
def _drawing(home: str, gen: int, flt: graph_view.ViewFilter, _graph) -> tuple[str, int, int]:
    """The network HTML for one filter (cached per store generation), with node and edge counts."""
    view = graph_view.filtered_view(_graph, flt)
    nodes, edges = graph_view.net_elements(view, state.node_href)
    return netview.network_html(nodes, edges), len(nodes), len(edges)


def pick_filter(graph) -> graph_view.ViewFilter:
    """The filter widgets (sidebar) from what the graph holds."""
    kinds = sorted({str(a.get("kind")) for _, a in graph.nodes(data=True) if a.get("kind") != "paragraph"})
    relations = sorted({d.get("relation") or "cites" for *_, d in graph.edges(data=True)} - {graph_view.PART_OF})
    years = sorted({a["year"] for _, a in graph.nodes(data=True) if isinstance(a.get("year"), int)})
    side = st.sidebar
    paragraphs = side.toggle("Show paragraphs · 显示段落", value=False,
                             help="Off: citing paragraphs are collapsed into their documents.")
    chosen_kinds = side.multiselect("Node kinds · 节点类型", kinds + (["paragraph"] if paragraphs else []),
                                    default=kinds + (["paragraph"] if paragraphs else []))
    span = None
    if len(years) > 1:
        span = side.slider("Years · 年份", years[0], years[-1], (years[0], years[-1]))
    chosen_rel = side.multiselect("Relations · 关系", relations, default=relations)
    return graph_view.ViewFilter(frozenset(chosen_kinds), span, frozenset(chosen_rel), paragraphs)


def export_bytes(kb, fmt: str) -> bytes:
    """The whole graph in ``fmt`` through the facade (written to a temporary file inside the home)."""
    folder = Path(kb.home) / "exports"
    folder.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / f"wgkb-graph.{EXPORTS[fmt][0]}"
        kb.export_graph(fmt, path)
        if path.is_dir():  # a CSV export may be a folder of node and edge lists
            files = sorted(path.iterdir())
            return b"".join(p.read_bytes() for p in files[:1]) if len(files) == 1 else _zip(files)
        return path.read_bytes()


def _zip(files: list[Path]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in files:
            archive.write(file, file.name)
    return buffer.getvalue()


def show_downloads(kb) -> None:
    """One download button per export format (generated when clicked)."""
    if state.facade_method(kb, "export_graph") is None:
        return
    st.markdown("##### Download the citation graph · 下载")
    cols = st.columns(len(EXPORTS))
    for col, (fmt, (ext, mime)) in zip(cols, EXPORTS.items(), strict=True):
        col.download_button(fmt.upper(), data=lambda f=fmt: export_bytes(kb, f), file_name=f"wgkb-graph.{ext}",
                            mime=mime, key=f"dl-{fmt}", on_click="ignore")


def main() -> None:
    kb = state.knowledge_base()
    st.header("Citation graph · 引用网络", anchor=False)
    ok, graph = state.call(kb, "graph")
    if not ok:
        return
    flt = pick_filter(graph)
    html, n_nodes, n_edges = _drawing(str(kb.home), state.generation(kb), flt, graph)
    st.caption(f"{n_nodes} nodes, {n_edges} links shown (at most {graph_view.MAX_DRAWN} nodes). Drag to pan, "
               "wheel or +/− to zoom, hover for details, click a node to open it. 拖动平移，滚轮缩放，点击打开。")
    if n_nodes:
        components.html(html, height=640)
    else:
        st.info("Nothing matches these filters.")
    st.markdown("##### Most cited · 被引最多")
    rows = graph_view.most_cited(graph)
    for row in rows:
        row["open"] = state.node_href(row["id"], graph.nodes[row["id"]])
    st.dataframe(rows, hide_index=True, column_config={
        "open": st.column_config.LinkColumn("open", display_text="open")})
    show_downloads(kb)


main()
