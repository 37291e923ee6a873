"""Citation-graph explorer: an interactive network (pan, zoom, hover, click to open) filtered by node
kind, year and relation; the most-cited list; downloads in GraphML, GEXF, JSON and CSV."""

from __future__ import annotations

from functools import partial

import streamlit as st

from wgkb import labels
from wgkb.pages import downloads, graph_view, netview, state


@st.cache_data(show_spinner=False, max_entries=16)
def _drawing(home: str, gen: int, flt: graph_view.ViewFilter, _graph) -> tuple[str, int, int]:
    """The network HTML for one filter (cached per store generation), with node and edge counts."""
    view = graph_view.filtered_view(_graph, flt)
    nodes, edges = graph_view.net_elements(view, state.node_href)
    return netview.network_html(nodes, edges), len(nodes), len(edges)


def pick_filter(graph) -> graph_view.ViewFilter:
    """The filter widgets from what the graph holds, in an expander above the network, as search's
    filters (reachable at any width: on a phone the sidebar is folded away)."""
    kinds = sorted({str(a.get("kind")) for _, a in graph.nodes(data=True) if a.get("kind") != "paragraph"})
    relations = sorted({d.get("relation") or "cites" for *_, d in graph.edges(data=True)} - {graph_view.PART_OF})
    years = sorted({a["year"] for _, a in graph.nodes(data=True) if isinstance(a.get("year"), int)})
    active = filters_on(kinds, relations, years)
    with st.expander(f"Filters · 筛选 ({active} on)" if active else "Filters · 筛选", expanded=bool(active)):
        left, right = st.columns(2)
        paragraphs = left.toggle("Show paragraphs · 显示段落", value=False, key="x-paragraphs",
                                 help="Off: citing paragraphs are collapsed into their documents.")
        options = kinds + (["paragraph"] if paragraphs else [])
        chosen_kinds = left.multiselect("Node kinds · 节点类型", options, default=options, key=f"x-kinds-{paragraphs}",
                                        format_func=lambda k: labels.label("node", k))
        span = None
        if len(years) > 1:
            span = right.slider("Years · 年份", years[0], years[-1], (years[0], years[-1]), key="x-years")
        chosen_rel = right.multiselect("Relations · 关系", relations, default=relations, key="x-relations",
                                       format_func=lambda r: labels.label("relation", r))
    return graph_view.ViewFilter(frozenset(chosen_kinds), span, frozenset(chosen_rel), paragraphs)


def filters_on(kinds: list[str], relations: list[str], years: list[int]) -> int:
    """How many filters the previous run left changed from their start (for the expander's title)."""
    chosen = st.session_state
    paragraphs = bool(chosen.get("x-paragraphs"))
    all_kinds = kinds + (["paragraph"] if paragraphs else [])
    kinds_key = f"x-kinds-{paragraphs}"
    return sum((
        paragraphs,
        kinds_key in chosen and sorted(chosen[kinds_key]) != sorted(all_kinds),
        "x-relations" in chosen and sorted(chosen["x-relations"]) != sorted(relations),
        len(years) > 1 and "x-years" in chosen and tuple(chosen["x-years"]) != (years[0], years[-1]),
    ))


def show_downloads(kb) -> None:
    """One download button per export format (generated when clicked)."""
    st.markdown("##### Download the citation graph · 下载")
    cols = st.columns(len(downloads.GRAPH_FORMATS))
    for col, (fmt, (name, mime)) in zip(cols, downloads.GRAPH_FORMATS.items(), strict=True):
        col.download_button(fmt.upper(), data=partial(downloads.graph_bytes, kb, fmt), file_name=name,
                            mime=mime, key=f"dl-{fmt}", on_click="ignore")


def show_most_cited(kb, graph) -> None:
    """The most-cited targets (citing paragraphs, citing documents, PageRank), each with a link."""
    st.markdown("##### Most cited · 被引最多")
    ok, stats = state.call(kb, "graph_stats")
    if not ok:
        return
    rows = [{"label": c.label, "kind": labels.label("node", c.kind), "in corpus": c.in_corpus, "citing paragraphs": c.citations,
             "citing documents": c.documents, "pagerank": round(c.pagerank, 4),
             "open": state.node_href(c.id, graph.nodes[c.id] if c.id in graph else {"kind": c.kind})}
            for c in stats.most_cited]
    st.dataframe(rows, hide_index=True, column_config={
        "open": st.column_config.LinkColumn("open", display_text="open")})


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
        st.iframe(html, height=640)
    else:
        st.info("Nothing matches these filters.")
    show_most_cited(kb, graph)
    show_downloads(kb)


main()
