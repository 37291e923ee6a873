"""A self-contained interactive network view (SVG + a little JavaScript, no external library, works
offline): pan by dragging, zoom with the wheel or the buttons, hover for details, click to open.

The data goes into the page as JSON made safe for a ``<script>`` element (``<``, ``>``, ``&`` and the
JavaScript line separators escaped); labels and tooltips are set with ``textContent`` only, so a node
called ``<img onerror=…>`` is shown as text.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

#: Fill colour per node kind (colour-blind-safe Okabe-Ito palette); unknown kinds are grey.
KIND_COLOURS = {
    "resolution": "#0072B2", "decision": "#56B4E9", "document": "#009E73", "recommendation": "#E69F00",
    "paragraph": "#CC79A7", "article": "#D55E00",
}
DEFAULT_COLOUR = "#999999"

#: Characters escaped in JSON embedded in a script element: ``</script>`` cannot close it early,
#: and U+2028/U+2029 are line terminators in older JavaScript engines.
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True)
class NetNode:
    """A node to draw: position in [-1, 1], radius in pixels, tooltip lines, link opened on click."""

    id: str
    label: str
    kind: str
    x: float
    y: float
    r: float
    in_corpus: bool
    tip: str
    href: str | None = None


@dataclass(frozen=True)
class NetEdge:
    """An edge to draw (``weight`` parallel citations collapsed into one line)."""

    source: str
    target: str
    relation: str
    weight: int = 1


def script_json(data: object) -> str:
    """JSON safe to place inside ``<script>…</script>``."""
    text = json.dumps(data, ensure_ascii=False)
    return "".join(_SCRIPT_ESCAPES.get(ch, ch) for ch in text)


def network_html(nodes: list[NetNode], edges: list[NetEdge], height: int = 620) -> str:
    """The whole HTML document of the view (for ``st.components.v1.html``)."""
    colours = {**KIND_COLOURS, "_": DEFAULT_COLOUR}
    payload = {"nodes": [asdict(n) for n in nodes], "edges": [asdict(e) for e in edges], "colours": colours}
    return (_TEMPLATE.replace("__HEIGHT__", str(int(height)))
            .replace("__DATA__", script_json(payload)))


_TEMPLATE = """<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;font-size:12px}
#wrap{position:relative;height:__HEIGHT__px;border:1px solid #ddd;border-radius:6px;overflow:hidden;background:#fcfcfd}
svg{width:100%;height:100%;cursor:grab;touch-action:none}
svg.drag{cursor:grabbing}
.node{cursor:pointer}.node circle{stroke:#333;stroke-width:1}
.node.stub circle{fill-opacity:.45;stroke:#111;stroke-dasharray:3 2;stroke-width:1.6}
.node text{pointer-events:none;fill:#111;font-size:11px;paint-order:stroke;stroke:#fcfcfd;stroke-linejoin:round}
line{stroke:#888;stroke-opacity:.45}
line.part{stroke:#CC79A7;stroke-opacity:.7;stroke-dasharray:2 2}
#tip{position:absolute;pointer-events:none;background:rgba(17,24,39,.92);color:#fff;padding:6px 8px;
 border-radius:5px;white-space:pre-line;max-width:360px;display:none;z-index:2}
#bar{position:absolute;top:6px;right:6px;z-index:3}
#bar button{margin-left:4px;border:1px solid #bbb;background:#fff;border-radius:4px;padding:2px 8px;cursor:pointer}
#legend{position:absolute;left:6px;bottom:6px;background:rgba(255,255,255,.9);padding:4px 6px;border-radius:4px}
#legend span{display:inline-block;margin-right:8px}
#legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:3px;vertical-align:-1px}
</style></head><body><div id="wrap"><div id="bar"><button id="zin">+</button><button id="zout">−</button>
<button id="fit">fit</button></div><div id="tip"></div><div id="legend"></div>
<svg id="svg"><defs><marker id="arr" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7"
markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#888"/></marker></defs><g id="view"></g></svg></div>
<script>
const DATA = __DATA__;
const NS = "http://www.w3.org/2000/svg", svg = document.getElementById("svg"), view = document.getElementById("view");
const tip = document.getElementById("tip"); const W = 1000, H = 700; let s = 1, tx = 0, ty = 0;
const pos = {}; DATA.nodes.forEach(n => pos[n.id] = [W / 2 + n.x * W * 0.45, H / 2 + n.y * H * 0.45]);
function el(name, attrs) { const e = document.createElementNS(NS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]); return e; }
function apply(moved) { view.setAttribute("transform", `translate(${tx},${ty}) scale(${s})`);
  if (!moved) declutter(); }  // a pan keeps the labels where they are until it ends
// Labels stay 12 px on screen at any zoom and never overlap: each label, most important first (in
// corpus, most cited), takes the first free spot right, left, above or below its node (boxes in
// screen pixels, from its measured size), preferring spots that cover no node; a label that would
// overlap another or stick out of the view is hidden (its node's tooltip still names it). Small
// stub labels show only when zoomed in.
const LABEL_PX = 12, GAP = 3, PAD = 2; let labels = null;
function measure() { labels = [...view.querySelectorAll("g.node text")].map(t => {
    t.style.display = ""; t.style.fontSize = (LABEL_PX / s) + "px"; t.setAttribute("y", 0); const b = t.getBBox();
    return {t, n: t.__node, w: b.width * s, h: b.height * s, top: b.y * s}; });
  labels.sort((a, b) => b.n.rank - a.n.rank); }
function hits(boxes, x, y, w, h) { return boxes.some(b => x < b[2] + PAD && b[0] < x + w + PAD
                                                       && y < b[3] + PAD && b[1] < y + h + PAD); }
function declutter() { if (!labels) measure();
  const area = svg.getBoundingClientRect(), taken = [];
  const circles = DATA.nodes.map(n => { const cx = pos[n.id][0] * s + tx, cy = pos[n.id][1] * s + ty, r = n.r * s;
    return [cx - r, cy - r, cx + r, cy + r]; });
  for (const {t, n, w, h, top} of labels) { t.style.fontSize = (LABEL_PX / s) + "px"; t.style.strokeWidth = (3 / s) + "px";
    if (!(s > 1.6 || +t.dataset.big)) { t.style.display = "none"; continue; }
    const cx = pos[n.id][0] * s + tx, cy = pos[n.id][1] * s + ty, r = n.r * s;
    // [box left, box top, text-anchor, x and y of the text in the node's own units]
    const spots = [[cx + r + GAP, cy + top, "start", n.r + GAP / s, 0],
                   [cx - r - GAP - w, cy + top, "end", -(n.r + GAP / s), 0],
                   [cx - w / 2, cy - r - GAP - h, "middle", 0, (-r - GAP - h - top) / s],
                   [cx - w / 2, cy + r + GAP, "middle", 0, (r + GAP - top) / s]]
      .filter(([x, y]) => x >= 0 && y >= 0 && x + w <= area.width && y + h <= area.height && !hits(taken, x, y, w, h));
    const free = spots.find(([x, y]) => !hits(circles, x, y, w, h)) || spots[0];
    if (!free) { t.style.display = "none"; continue; }
    const [x, y, anchor, lx, ly] = free; taken.push([x, y, x + w, y + h]);
    t.style.display = ""; t.setAttribute("text-anchor", anchor); t.setAttribute("x", lx); t.setAttribute("y", ly); } }
function fit() { labels = null; const r = svg.getBoundingClientRect(); s = Math.min(r.width / W, r.height / H) || 1;
  tx = (r.width - W * s) / 2; ty = (r.height - H * s) / 2; apply(); }
const radius = {}; DATA.nodes.forEach(n => radius[n.id] = n.r);
DATA.edges.forEach(e => { const a = pos[e.source], b = pos[e.target]; if (!a || !b) return;
  const dx = b[0] - a[0], dy = b[1] - a[1], d = Math.hypot(dx, dy) || 1, rb = radius[e.target] + 2;
  const line = el("line", {x1: a[0], y1: a[1], x2: b[0] - dx / d * rb, y2: b[1] - dy / d * rb,
    "stroke-width": Math.min(1 + Math.log2(e.weight), 5), "marker-end": "url(#arr)"});
  line.dataset.rel = e.relation; if (e.relation === "part_of") line.setAttribute("class", "part");
  view.appendChild(line); });
DATA.nodes.forEach(n => { const g = el("g", {class: "node" + (n.in_corpus ? "" : " stub"),
    transform: `translate(${pos[n.id][0]},${pos[n.id][1]})`});
  const colour = DATA.colours[n.kind] || DATA.colours._;
  g.appendChild(el("circle", n.in_corpus ? {r: n.r, fill: colour} : {r: n.r, fill: colour, stroke: colour}));
  const t = el("text", {x: n.r + 3, y: 0, "dominant-baseline": "central"}); t.textContent = n.label;
  t.dataset.big = (n.r >= 9 || (n.in_corpus && n.kind !== "paragraph")) ? 1 : 0;
  n.rank = n.r + (n.in_corpus && n.kind !== "paragraph" ? 100 : 0); t.__node = n;
  g.appendChild(t);
  g.addEventListener("mousemove", ev => { tip.textContent = n.tip; tip.style.display = "block";
    tip.style.left = (ev.offsetX + 14) + "px"; tip.style.top = (ev.offsetY + 10) + "px"; });
  g.addEventListener("mouseleave", () => tip.style.display = "none");
  g.addEventListener("click", () => { if (!n.href) return;
    let url = n.href; try { url = new URL(n.href, window.parent.location.href).href; } catch (e) {}
    window.open(url, "_blank", "noopener"); });
  view.appendChild(g); });
const legend = document.getElementById("legend");
[...new Set(DATA.nodes.map(n => n.kind))].forEach(k => { const sp = document.createElement("span");
  const i = document.createElement("i"); i.style.background = DATA.colours[k] || DATA.colours._;
  sp.appendChild(i); sp.appendChild(document.createTextNode(k)); legend.appendChild(sp); });
const stub = document.createElement("span"); stub.textContent = "○ dashed = not in corpus"; legend.appendChild(stub);
function zoom(f, cx, cy) { const r = svg.getBoundingClientRect(); cx = cx ?? r.width / 2; cy = cy ?? r.height / 2;
  tx = cx - (cx - tx) * f; ty = cy - (cy - ty) * f; s *= f; apply(); }
svg.addEventListener("wheel", ev => { ev.preventDefault(); zoom(ev.deltaY < 0 ? 1.15 : 1 / 1.15, ev.offsetX, ev.offsetY); },
  {passive: false});
let drag = null;
svg.addEventListener("pointerdown", ev => { if (ev.target.closest(".node")) return; drag = [ev.clientX - tx, ev.clientY - ty];
  svg.classList.add("drag"); svg.setPointerCapture(ev.pointerId); });
svg.addEventListener("pointermove", ev => { if (!drag) return; tx = ev.clientX - drag[0]; ty = ev.clientY - drag[1]; apply(true); });
svg.addEventListener("pointerup", () => { if (drag) apply(); drag = null; svg.classList.remove("drag"); });
document.getElementById("zin").onclick = () => zoom(1.3); document.getElementById("zout").onclick = () => zoom(1 / 1.3);
document.getElementById("fit").onclick = fit; window.addEventListener("resize", fit); fit();
</script></body></html>"""
