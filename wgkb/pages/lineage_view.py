"""Drawing a lineage (``kb.lineage(...)``, a ``graphs.lineage.Lineage``): a DOT graph on a year axis
for ``st.graphviz_chart`` and an Altair timeline. Nodes not in the corpus are dashed and hollow."""

from __future__ import annotations

import re

import altair as alt

from wgkb.labels import english

#: Graphviz styles: in the corpus (filled) vs known only from citations (dashed outline).
IN_CORPUS_STYLE = 'style="filled,rounded" fillcolor="#dbeafe" color="#1e3a8a"'
STUB_STYLE = 'style="dashed,rounded" color="#9a3412" fontcolor="#9a3412"'


def dot_quote(text: str) -> str:
    """A DOT double-quoted string (backslashes, quotes and line breaks escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


#: A year printed in a symbol or id (``CTOC/COP/WG.6/2017/4``, ``SC 2370 (2017)``): where an entry has
#: no date, it is placed by this year.
SYMBOL_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _when(entry) -> str:
    """An entry's date, or its year, or the year in its symbol, or ``""``."""
    if entry.date or entry.year:
        return entry.date or str(entry.year)
    found = SYMBOL_YEAR.search(entry.id.partition(":")[2])
    return found.group(1) if found else ""


def lineage_dot(lin) -> str:
    """The lineage as a DOT digraph laid out on a time axis (one row per year, oldest on top).

    Arrows go from the citing document to the one it cites (drawn with ``dir=back`` on an edge from
    older to newer, so the layout runs with time); labels are the relations."""
    entries = [lin.root, *lin.ancestors, *lin.descendants]
    years = sorted({_when(e)[:4] for e in entries if _when(e)} | ({"undated"} if any(not _when(e) for e in entries) else set()),
                   key=lambda y: (y != "undated", y))
    lines = ["digraph lineage {", 'rankdir="TB"; ranksep=0.3; nodesep=0.25;',
             'node [shape=box fontname="Noto Sans CJK SC" fontsize=14];',
             'edge [fontname="Noto Sans CJK SC" fontsize=12 color="#6b7280"];',
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
            rel = ", ".join(english("relation", r) for r in (e.relations or [e.relation]) if r)
            lines.append(f"{dot_quote(cited)} -> {dot_quote(citing)} [dir=back label={dot_quote(rel)}];")
    lines.append("}")
    return "\n".join(line for line in lines if line)


def timeline_chart(lin) -> alt.Chart | None:
    """Dated entries on a time axis, one row each (oldest first); colour = direction, hollow = not in
    the corpus; hover for the title."""
    rows = []
    for e in lin.timeline():
        when = _when(e)
        if when:
            rows.append({"when": (when + "-01-01")[:10] if len(when) == 4 else (when + "-01")[:10],
                         "label": e.label, "direction": english("direction", e.direction), "title": e.title or "",
                         "in corpus": "in corpus" if e.in_corpus else "not in corpus"})
    if not rows:
        return None
    order = [r["label"] for r in rows]
    return alt.Chart(alt.Data(values=rows)).mark_point(size=120, strokeWidth=2).encode(
        x=alt.X("when:T", title="date"),
        y=alt.Y("label:N", sort=order, title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=320, labelFontSize=12)),  # every row labelled
        color=alt.Color("direction:N", scale=alt.Scale(domain=[english("direction", d) for d in ("ancestor", "root", "descendant")],
                                                       range=["#9a3412", "#1e3a8a", "#047857"])),
        fill=alt.Fill("in corpus:N", scale=alt.Scale(domain=["in corpus", "not in corpus"],
                                                     range=["#1e3a8a", "#ffffff"])),
        tooltip=["label:N", "when:T", "title:N", "in corpus:N", "direction:N"],
    ).properties(height=max(120, 22 * len(rows)))
