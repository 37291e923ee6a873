"""Safe HTML for the app: every piece of document text goes through ``text_html`` before it meets markup.

This module is the only place the app builds HTML. Document text is untrusted (an uploaded file may
contain ``<script>``, markdown such as ``**bold**`` or a paragraph that begins ``43.``): it is escaped
with ``html.escape`` and handed to ``st.html`` (no markdown pass at all) or, where markdown is
unavoidable, to ``markdown_literal`` which also neutralises every markdown-active character.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from wgkb.labels import label

#: ASCII punctuation that markdown (CommonMark + GFM + Streamlit's directives, math and emoji
#: shortcodes) may act on, e.g. ``43. 请`` (ordered list), ``**注意**`` (bold), ``$5`` (math),
#: ``:red[x]`` (colour directive). Written as numeric character references they display literally.
MARKDOWN_ACTIVE = set("\\`*_{}[]()#+-.!|~<>&$:\"'=%^")

#: Highlight markers a search snippet may carry: the search layer marks matches as ``【标识】``
#: (index/snippets.py); whoosh's HtmlFormatter would write ``<b class="match term0">标识</b>`` (its
#: text already escaped). Anything else in a snippet is shown literally.
SNIPPET_MARK = re.compile(r"<(b|strong|em|mark)(?: class=\"[^\"<>]*\")?>(.*?)</\1>|【(.+?)】", re.S)

#: CSS for the classes this module emits (sent once per page through ``st.html``).
STYLE = """<style>
.wg-doc p.wg-para{margin:0 0 .6rem 0;line-height:1.7;display:flex;gap:.5em}
.wg-doc .wg-key{flex:0 0 3.2em;color:#6b7280;font-variant-numeric:tabular-nums;text-decoration:none}
.wg-doc .wg-body{flex:1 1 auto;min-width:0}
.wg-doc .wg-target{background:#fff7d6;outline:2px solid #f5c518;border-radius:4px}
.wg-doc h4.wg-heading{margin:1.1rem 0 .4rem 0;font-size:1.05rem}
.wg-doc .wg-fn{font-size:.88rem;color:#374151}
.wg-cite{color:#1d4ed8;text-decoration:underline dotted}
.wg-cite.wg-stub{color:#9a3412}
.wg-badge{display:inline-block;font-size:.72rem;padding:0 .45em;margin:0 .2em;border-radius:.6em;
  background:#e5e7eb;color:#111827;vertical-align:middle}
.wg-badge.mandate{background:#dbeafe;color:#1e3a8a}.wg-badge.recommendation{background:#dcfce7;color:#14532d}
.wg-badge.followup{background:#fde68a;color:#78350f}
.wg-hit mark{background:#fde047;padding:0 .1em}
.wg-hit .wg-label{font-weight:600}
.wg-sup{font-size:.75em;line-height:0;margin:0 .08em;color:#6b7280}
.wg-sup a.wg-fnref{text-decoration:none;color:#1d4ed8;padding:0 .05em}
.wg-sup a.wg-fnref:target,.wg-doc .wg-fn:target{background:#fff7d6;outline:2px solid #f5c518;border-radius:3px}
.wg-register{border-top:1px solid #e5e7eb}
.wg-row{display:grid;grid-template-columns:minmax(9em,1.3fr) 4fr minmax(7em,1fr) minmax(9em,1.2fr);gap:.4rem .8rem;
  padding:.55rem .2rem;border-bottom:1px solid #e5e7eb;line-height:1.6}
.wg-row.wg-head{font-weight:600;color:#374151;font-size:.9rem}
.wg-cell{min-width:0;overflow-wrap:anywhere}
.wg-meta{color:#6b7280;font-size:.82rem}
.wg-row .wg-who .wg-meta{display:none}
.wg-status{display:inline-block;font-size:.8rem;padding:0 .5em;border-radius:.6em;background:#f3f4f6;color:#374151}
.wg-status.cited{background:#dcfce7;color:#14532d}.wg-status.suggested{background:#fef3c7;color:#78350f}
.wg-follow{display:inline-block;margin-top:.2rem;font-weight:600}
.wg-close{float:right;font-size:.9rem}
.wg-quote{margin:.4rem 0;padding:.3rem .8rem;border-left:3px solid #93c5fd;color:#1f2937;line-height:1.7}
.wg-doclist .wg-row{grid-template-columns:minmax(10em,1.2fr) 7em minmax(8em,1fr) 4fr}
.wg-table{border-collapse:collapse;margin:.3rem 0;font-size:.9rem}
.wg-table td{border:1px solid #e5e7eb;padding:.15rem .4rem;vertical-align:top}
.wg-header-meta{color:#4b5563;font-size:.88rem;margin:.2rem 0 .6rem 0}
.wg-header-meta span{display:inline-block;margin-right:1.2em}
[data-testid="stGraphVizChart"]{overflow:auto;max-height:80vh}
[data-testid="stGraphVizChart"] svg{max-width:none!important;width:auto!important;height:auto!important}
@media (max-width: 640px){
  .wg-row,.wg-doclist .wg-row{grid-template-columns:1fr;border:1px solid #e5e7eb;border-radius:8px;margin:.5rem 0;padding:.6rem}
  .wg-row.wg-head{display:none}
  .wg-row .wg-who .wg-meta{display:inline}
  .wg-doc p.wg-para{display:block}
  .wg-doc .wg-key{display:inline-block;min-width:2.4em}
}
</style>"""


def text_html(text: str) -> str:
    """Plain text as HTML that displays exactly the same characters (line breaks kept)."""
    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def attr(value: str) -> str:
    """A value for a double-quoted HTML attribute."""
    return html.escape(value, quote=True)


def markdown_literal(text: str) -> str:
    """One line of text for ``st.markdown``/``st.error``/``st.subheader``… shown exactly as written:
    every markdown-active character becomes a numeric character reference (line breaks become spaces)."""
    out = []
    for ch in text:
        out.append(f"&#{ord(ch)};" if ch in MARKDOWN_ACTIVE else ch)
    return "".join(out).replace("\r\n", " ").replace("\n", " ")


def link(href: str, text: str, *, css: str = "", title: str = "") -> str:
    """An anchor with escaped href, text and title."""
    cls = f' class="{attr(css)}"' if css else ""
    tip = f' title="{attr(title)}"' if title else ""
    return f'<a href="{attr(href)}"{cls}{tip} target="_self">{text_html(text)}</a>'


def badges(roles: Iterable[str], extra: Sequence[str] = ()) -> str:
    """Role badges (mandate, recommendation, followup) plus optional extra labels."""
    spans = [f'<span class="wg-badge {attr(r)}">{text_html(label("role", r))}</span>' for r in roles]
    spans += [f'<span class="wg-badge">{text_html(x)}</span>' for x in extra if x]
    return "".join(spans)


def snippet_html(snippet: str) -> str:
    """A search snippet with its match markers as ``<mark>`` and everything else escaped.

    Everything is escaped here, so a document's own ``<script>`` is shown literally whichever way the
    snippet was made.
    """
    out, pos = [], 0
    for match in SNIPPET_MARK.finditer(snippet):
        out.append(text_html(_unescape_tagged(snippet[pos:match.start()], snippet)))
        inner = match.group(2) if match.group(2) is not None else match.group(3)
        out.append(f"<mark>{text_html(_unescape_tagged(inner, snippet))}</mark>")
        pos = match.end()
    out.append(text_html(_unescape_tagged(snippet[pos:], snippet)))
    return "".join(out)


def _unescape_tagged(piece: str, snippet: str) -> str:
    """Undo whoosh's escaping only in a snippet that uses HTML tags as marks; a 【】-marked snippet is
    the paragraph's own text (``&lt;`` in a document stays ``&lt;``)."""
    return html.unescape(piece) if "</" in snippet and "【" not in snippet else piece


def cited_text_html(text: str, citations: Iterable[Any], href_for: Callable[[Any], tuple[str, bool]],
                    inserts: Mapping[int, str] | None = None) -> str:
    """Paragraph text with each citation's surface turned into a link.

    ``href_for(citation)`` gives ``(href, in_corpus)``; a citation whose offsets do not slice back to
    its surface is left as plain text (never trust offsets blindly). ``inserts`` maps an offset in
    ``text`` to ready HTML placed right before ``text[offset]`` (footnote markers); one that falls inside
    a citation's surface goes right after the link, one out of range at the end.
    """
    pending = sorted((min(max(o, 0), len(text)), markup) for o, markup in (inserts or {}).items())
    out, pos = [], 0

    def plain(upto: int, inclusive: bool = False) -> None:
        """Escaped ``text[pos:upto]`` with the inserts before each of its characters."""
        nonlocal pos
        while pending and (pending[0][0] < upto or (inclusive and pending[0][0] == upto)):
            offset, markup = pending.pop(0)
            out.append(text_html(text[pos:max(offset, pos)]) + markup)
            pos = max(offset, pos)
        out.append(text_html(text[pos:upto]))
        pos = upto

    for cit in sorted(citations, key=lambda c: (c.start, c.end)):
        if cit.start < pos or cit.end > len(text) or text[cit.start:cit.end] != cit.surface:
            continue
        plain(cit.start, inclusive=True)
        href, in_corpus = href_for(cit)
        tip = cit.target + (f" ({cit.relation})" if cit.relation else "")
        tip += f", {cit.pinpoint}" if cit.pinpoint else ""
        out.append(link(href, cit.surface, css="wg-cite" if in_corpus else "wg-cite wg-stub", title=tip))
        pos = cit.end
        while pending and pending[0][0] < cit.end:
            out.append(pending.pop(0)[1])
    plain(len(text), inclusive=True)
    return "".join(out)


def footnote_refs(marks: Sequence[tuple[str, str, str]]) -> str:
    """Footnote markers standing at one place, as one superscript: ``(mark, footnote anchor id, marker
    id)`` each a link to its footnote, adjacent ones separated by a comma (``⁴,⁵,⁶``, never ``⁴⁵⁶``)."""
    links = [f'<a class="wg-fnref" id="{attr(ref)}" href="#{attr(note)}" target="_self" '
             f'title="footnote {attr(mark)} · 脚注 {attr(mark)}">{text_html(mark)}</a>' for mark, note, ref in marks]
    return f'<sup class="wg-sup">{",".join(links)}</sup>'


def anchor_id(key: str) -> str:
    """The HTML id of a paragraph's anchor: ``p-85``, ``p-PP3``, ``p-fn4`` (safe characters only)."""
    return "p-" + re.sub(r"[^0-9A-Za-z_-]", "_", key)
