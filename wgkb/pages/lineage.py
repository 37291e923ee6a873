"""Lineage page: pick a resolution (``?res=11/6``), see what it builds on and what builds on it as a
graph (graphviz) and a timeline; nodes not in the corpus are drawn dashed and hollow."""

from __future__ import annotations

import altair as alt
import streamlit as st

from wgkb.pages import render, state

#: Graphviz styles: in the corpus (filled) vs known only from citations (dashed outline).
IN_CORPUS_STYLE = 'style="filled,rounded" fillcolor="#dbeafe" color="#1e3a8a"'
STUB_STYLE = 'style="dashed,rounded" color="#9a3412" fontcolor="#9a3412"'


def dot_quote(text: str) -> str:
    """A DOT double-quoted string (backslashes, quotes and line breaks escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _when(entry) -> str:
    """An entry's date, or its year, or ``""``."""
    return entry.date or (str(entry.year) if entry.year else "")


def lineage_dot(lin) -> str:
    """The lineage as a DOT digraph laid out on a time axis (one column per year, oldest left).

    Arrows go from the citing document to the one it cites (drawn with ``dir=back`` on an edge from
    older to newer, so the layout runs with time); labels are the relations."""
    entries = [lin.root, *lin.ancestors, *lin.descendants]
    years = sorted({_when(e)[:4] for e in entries if _when(e)} | ({"undated"} if any(not _when(e) for e in entries) else set()),
                   key=lambda y: (y != "undated", y))
    lines = ["digraph lineage {", 'rankdir="LR"; ranksep=0.35; nodesep=0.18;',
             'node [shape=box fontname="Noto Sans CJK SC" fontsize=11];',
             'edge [fontname="Noto Sans CJK SC" fontsize=9 color="#6b7280"];',
             "node [shape=plaintext fontcolor=\"#6b7280\"]; " + " -> ".join(dot_quote(f"y{y}") for y in years)
             + " [style=invis];" if len(years) > 1 else "",
             *(f'{dot_quote(f"y{y}")} [label={dot_quote(y)} shape=plaintext fontcolor="#6b7280"];' for y in years)]
    for e in entries:
        style = IN_CORPUS_STYLE if e.in_corpus else STUB_STYLE
        label = e.label + (f"\n{_when(e)}" if _when(e) else "") + ("" if e.in_corpus else "\n(not in corpus)")
        pen = " penwidth=2.5" if e is lin.root else ""
        lines.append(f'{dot_quote(e.id)} [shape=box label={dot_quote(label)} {style}{pen} '
                     f'tooltip={dot_quote(e.title or e.id)}];')
        lines.append(f'{{rank=same; {dot_quote("y" + (_when(e)[:4] or "undated"))}; {dot_quote(e.id)}}}')
    for e in (*lin.ancestors, *lin.descendants):
        if e.via:
            cited, citing = (e.id, e.via) if e.direction == "ancestor" else (e.via, e.id)
            rel = ", ".join(e.relations) or (e.relation or "")
            lines.append(f"{dot_quote(cited)} -> {dot_quote(citing)} [dir=back label={dot_quote(rel)}];")
    lines.append("}")
    return "\n".join(line for line in lines if line)


def timeline_chart(lin) -> alt.Chart | None:
    """Dated entries on a time axis, one row per direction, hollow when not in the corpus."""
    rows = []
    for e in lin.timeline():
        when = e.date or (str(e.year) if e.year else None)
        if when:
            rows.append({"when": (when + "-01-01")[:10] if len(when) == 4 else (when + "-01")[:10],
                         "label": e.label, "direction": e.direction,
                         "in corpus": "in corpus" if e.in_corpus else "not in corpus", "title": e.title or ""})
    if not rows:
        return None
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("when:T", title="date"), y=alt.Y("direction:N", title=None, sort=["ancestor", "root", "descendant"]),
        tooltip=["label:N", "when:T", "title:N", "in corpus:N"])
    points = base.mark_point(size=140, filled=True).encode(
        shape=alt.Shape("in corpus:N"), color=alt.Color("in corpus:N", scale=alt.Scale(
            domain=["in corpus", "not in corpus"], range=["#1e3a8a", "#c2410c"])))
    text = base.mark_text(dy=-12, fontSize=11).encode(text="label:N")
    return (points + text).properties(height=220)


def lineage_table(lin) -> list[dict]:
    """Every entry as a row (direction, depth, relation, in corpus, link)."""
    return [{"direction": e.direction, "depth": e.depth, "label": e.label, "title": e.title or "",
             "date": e.date or (str(e.year) if e.year else ""), "relation": ", ".join(e.relations),
             "in corpus": e.in_corpus,
             "open": state.node_href(e.id, {"kind": e.kind, "in_corpus": e.in_corpus})}
            for e in (lin.root, *lin.ancestors, *lin.descendants)]


def resolution_choices(kb) -> list[str]:
    """Resolutions and decisions known to the graph (in corpus or cited), else those in the corpus."""
    ok, graph = state.call(kb, "graph")
    if ok:
        found = [n for n, a in graph.nodes(data=True) if a.get("kind") in ("resolution", "decision")]
        return sorted(found, key=lambda n: (not graph.nodes[n].get("in_corpus"), n))
    return [d.id for d in kb.documents() if d.id.startswith(("resolution:", "decision:"))]


def main() -> None:
    kb = state.knowledge_base()
    st.header("Lineage · 决议沿革", anchor=False)
    choices = resolution_choices(kb)
    wanted = state.param("res")
    if wanted and wanted not in choices:
        same = [c for c in choices if c.endswith((" " + wanted, ":" + wanted))]
        choices = choices if same else [wanted, *choices]
        wanted = same[0] if same else wanted
    if not choices:
        st.info("No resolution in the knowledge base yet.")
        return
    res = st.selectbox("Resolution · 决议", choices, index=choices.index(wanted) if wanted else 0)
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
