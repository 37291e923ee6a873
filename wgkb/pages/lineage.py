"""Lineage page: pick a resolution (``?res=11/6``), see what it builds on and what builds on it as a
graph (graphviz) and a timeline; nodes not in the corpus are drawn dashed and hollow."""

from __future__ import annotations

import streamlit as st

from wgkb import labels
from wgkb.pages import render, state
from wgkb.pages.lineage_view import lineage_dot, timeline_chart


def lineage_table(lin) -> list[dict]:
    """Every entry as a row (direction, depth, relation, in corpus, link)."""
    return [{"direction": labels.label("direction", e.direction), "depth": e.depth, "label": e.label,
             "title": e.title or labels.EMPTY, "date": e.date or (str(e.year) if e.year else labels.EMPTY),
             "relation": labels.labels("relation", e.relations), "in corpus": e.in_corpus,
             "open": state.node_href(e.id, {"kind": e.kind, "in_corpus": e.in_corpus})}
            for e in (lin.root, *lin.ancestors, *lin.descendants)]


def resolution_choices(kb) -> dict[str, str]:
    """Resolutions and decisions known to the graph (in the corpus first, then cited ones), as
    id -> label; without a graph, those in the corpus."""
    ok, graph = state.call(kb, "graph")
    if not ok:
        return {d.id: d.name() for d in kb.documents() if d.id.startswith(("resolution:", "decision:"))}
    found = [n for n, a in graph.nodes(data=True) if a.get("kind") in ("resolution", "decision")]
    found.sort(key=lambda n: (not graph.nodes[n].get("in_corpus"), graph.nodes[n].get("year") or 0, n))
    return {n: f"{graph.nodes[n].get('label') or n}" + ("" if graph.nodes[n].get("in_corpus") else " (cited only)")
            for n in found}


def main() -> None:
    kb = state.knowledge_base()
    st.header("Lineage · 决议沿革", anchor=False)
    labels = resolution_choices(kb)
    wanted = state.param("res")
    if wanted and wanted not in labels:
        same = [c for c in labels if c.endswith((" " + wanted, ":" + wanted))]
        labels = labels if same else {wanted: wanted, **labels}
        wanted = same[0] if same else wanted
    if not labels:
        st.info("No resolution in the knowledge base yet.")
        return
    choices = list(labels)
    res = st.selectbox("Resolution · 决议", choices, index=choices.index(wanted) if wanted else 0,
                       format_func=labels.get)
    if res != wanted:
        st.query_params["res"] = res
    depth = st.slider("Depth · 层数 (links away)", 1, 6, 3)
    ok, lin = state.call(kb, "lineage", res, depth=depth)
    if not ok:
        return
    st.caption(f"{len(lin.ancestors)} ancestors (what it builds on) · {len(lin.descendants)} descendants "
               "(what builds on it). Dashed: not in the corpus, known only from citations.")
    st.graphviz_chart(lineage_dot(lin))
    chart = timeline_chart(lin)
    if chart is not None:
        st.altair_chart(chart)
    st.dataframe(lineage_table(lin), hide_index=True,
                 column_config={"open": st.column_config.LinkColumn("open", display_text="open")})
    st.html(render.link(state.href(state.LINEAGE, res=res), "Link to this lineage · 分享链接"))


main()
