"""Reader page: one document with metadata, section outline, numbered paragraphs with anchors,
footnotes, citations as links and roles as badges. ``?doc=<ref>&p=<key>`` opens a paragraph;
``?ref=<canonical id>`` shows what is known about a cited document that is not in the corpus."""

from __future__ import annotations

import json
import re

import streamlit as st

from ingest.errors import NotFoundError
from ingest.records import Document, Paragraph
from wgkb import cite, labels
from wgkb.pages import cite_view, correct, render, state

#: Scrolls the page to a paragraph anchor once it exists (the anchor id is JSON-quoted, from
#: ``render.anchor_id``: only ``[0-9A-Za-z_-]``).
SCROLL_SCRIPT = """<script>
const id = %s; let tries = 0;
const go = () => { const el = document.getElementById(id);
  if (el) { el.scrollIntoView({block: "center"}); } else if (tries++ < 40) { setTimeout(go, 100); } };
go();
</script>"""


#: Cover-page lines of a UN document (the distribution block printed beside the symbol): "Distr.: General",
#: "21 February 2018", "Chinese", "Original: English". Shown as header metadata, not as paragraphs,
#: when they stand before the first section; the records keep them as ingested.
COVER_LINE = re.compile(
    r"^(Distr\.?\s*[:：].*|General|Limited|Restricted|Original\s*[:：].*"
    r"|Arabic|Chinese|English|French|Russian|Spanish"
    r"|\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4})$")


def cover_lines(doc: Document) -> list[Paragraph]:
    """The cover-page lines standing before the document's first section."""
    found = []
    for para in doc.paragraphs:
        if para.section or para.kind not in ("text", "heading"):
            break
        if COVER_LINE.match(para.text.strip()):
            found.append(para)
    return found


def footnote_keys(doc: Document) -> dict[tuple[str, str], list[str]]:
    """(carrying paragraph key, mark) -> keys of the footnotes with that marker there, in order
    (``fn4``; a recurring mark such as ``*`` has ``fn*``, ``fn*.2`` …)."""
    out: dict[tuple[str, str], list[str]] = {}
    for fn in doc.paragraphs:
        if fn.kind == "footnote" and fn.anchor:
            out.setdefault((fn.anchor, footnote_mark(fn.key)), []).append(fn.key)
    return out


def footnote_mark(footnote_key: str) -> str:
    """The mark a footnote's key stands for: ``fn4`` -> ``4``, a recurring ``fn*.2`` -> ``*``."""
    return re.sub(r"\.\d+$", "", footnote_key.removeprefix("fn"))


def marker_id(footnote_key: str) -> str:
    """The HTML id of a footnote's marker in the text: ``ref-fn4`` (the footnote links back to it)."""
    return "ref-" + render.anchor_id(footnote_key).removeprefix("p-")


def marker_inserts(para: Paragraph, keys: dict[tuple[str, str], list[str]]) -> dict[int, str]:
    """Offset in the paragraph text -> the superscript of the footnote markers standing there. Markers
    whose place is not known (a store written before places were kept) stand at the end, still
    separated."""
    offsets = para.marker_offsets or (len(para.text),) * len(para.footnotes)
    taken: dict[tuple[str, str], int] = {}
    groups: dict[int, list[tuple[str, str, str]]] = {}
    for mark, offset in zip(para.footnotes, offsets, strict=True):
        candidates = keys.get((para.key, mark), [])
        n = taken.get((para.key, mark), 0)
        taken[(para.key, mark)] = n + 1
        note = candidates[n] if n < len(candidates) else f"fn{mark}"
        groups.setdefault(offset, []).append((mark, render.anchor_id(note), marker_id(note)))
    return {offset: render.footnote_refs(marks) for offset, marks in groups.items()}


def paragraph_html(doc: Document, para: Paragraph, known: set[str], target: str | None,
                   keys: dict[tuple[str, str], list[str]] | None = None) -> str:
    """One paragraph (or heading) as escaped HTML with its anchor, number, citations, footnote markers
    at their places and badges."""
    anchor = render.anchor_id(para.key)
    inserts = marker_inserts(para, footnote_keys(doc) if keys is None else keys)
    body = render.cited_text_html(para.text, para.citations, lambda c: state.citation_href(c, known), inserts)
    if para.kind == "heading":
        return f'<h4 class="wg-heading" id="{anchor}">{body}</h4>'
    number = para.key if para.key[:1].isdigit() or para.key.startswith("PP") else "¶"
    key_link = render.link(state.href(state.READER, doc=doc.id, p=para.key), number, css="wg-key",
                           title=doc.label(para))
    extra = [para.addressee and f"→ {para.addressee}"]
    css = "wg-para wg-target" if para.key == target else "wg-para"
    return (f'<p class="{css}" id="{anchor}">{key_link}<span class="wg-body">{body} '
            f'{render.badges(para.roles, extra)}</span></p>')


def footnote_html(doc: Document, fn: Paragraph, known: set[str], target: str | None) -> str:
    """A footnote with a link back to its marker in the paragraph carrying it."""
    mark = footnote_mark(fn.key)
    back = render.link(f"#{marker_id(fn.key)}", f"{mark} ↩", css="wg-key",
                       title="back to the text · 返回正文") if fn.anchor else (
        f'<span class="wg-key">{render.text_html(mark)}</span>')
    body = render.cited_text_html(fn.text, fn.citations, lambda c: state.citation_href(c, known))
    css = "wg-para wg-fn wg-target" if fn.key == target else "wg-para wg-fn"
    return f'<p class="{css}" id="{render.anchor_id(fn.key)}">{back}<span class="wg-body">{body}</span></p>'


def show_metadata(kb, doc: Document) -> None:
    """Title, then one line of metadata (symbol, date, type, body) with the official record first;
    Cite, full metadata and corrections behind buttons."""
    st.subheader(render.markdown_literal(doc.title or doc.name()), anchor=False)
    parts = [doc.symbol or "no symbol · 无文号", doc.date or "undated · 日期不详",
             labels.label("doc_type", doc.doc_type), doc.body or ""]
    parts.append(" · ".join(p.text.strip() for p in cover_lines(doc)))
    link = cite_view.official_link(cite.official_url(doc.symbol)) if doc.symbol else ""
    st.html(f'<div class="wg-header-meta">{link} ' + "".join(
        f"<span>{render.text_html(p)}</span>" for p in parts if p) + "</div>")
    paragraphs = [p for p in doc.paragraphs if p.kind != "footnote"]
    rows = {"id": doc.id, "symbol": doc.symbol, "title": doc.title,
            "document type": labels.label("doc_type", doc.doc_type), "date": doc.date, "body": doc.body,
            "meeting": doc.meeting, "language": doc.language, "source": doc.source, "pages": doc.pages,
            "paragraphs": len(paragraphs), "footnotes": len(doc.paragraphs) - len(paragraphs),
            "sha256": doc.sha256[:16]}
    cols = st.columns([1, 1, 1])
    with cols[0], st.popover("Cite this document · 引用", width="stretch"):
        cite_view.show_reference(cite.reference(doc))
    with cols[1], st.popover("Metadata · 元数据", width="stretch"):
        st.table({"field": list(rows), "value": [labels.text(v) for v in rows.values()]})
    with cols[2], st.popover("Correct or remove · 更正或删除", width="stretch"):
        correct.correction_form(kb, doc, key="reader")
        correct.delete_control(kb, doc, key="reader")
    if doc.doc_type == "resolution" or doc.id.startswith("resolution:"):
        st.html(render.link(state.href(state.LINEAGE, res=doc.id), f"Lineage of {doc.name()} · 决议沿革"))


def show_outline(doc: Document) -> None:
    """The section outline (headings), each a link to its anchor, in an expander above the text
    (reachable at any width)."""
    headings = [p for p in doc.paragraphs if p.kind == "heading" and p.section]
    if not headings:
        return
    items = []
    for h in headings:
        depth = max(len(h.section) - 1, 0)
        items.append(f'<div style="margin-left:{depth * 0.8}em">'
                     f'{render.link("#" + render.anchor_id(h.key), h.text[:60])}</div>')
    with st.expander("Outline · 目录", expanded=False):
        st.html('<nav class="wg-outline">' + "".join(items) + "</nav>")


def show_target(doc: Document, key: str) -> bool:
    """The paragraph asked for by ``?p=``: scroll to it (its Cite block follows it in the text)."""
    para = doc.paragraph(key)
    if para is None:
        st.warning(render.markdown_literal(f"{doc.name()} has no paragraph {key!r}."))
        return False
    st.html(SCROLL_SCRIPT % json.dumps(render.anchor_id(key)), unsafe_allow_javascript=True)
    return True


def show_document(kb, doc: Document, target: str | None) -> None:
    """Metadata, outline, body paragraphs (the asked-for one followed by its Cite block), footnotes
    and who cites this document."""
    known = set(state.document_choices(kb))
    show_metadata(kb, doc)
    show_outline(doc)
    found = bool(target) and show_target(doc, target)
    cover = {p.key for p in cover_lines(doc)}
    body = [p for p in doc.paragraphs if p.kind != "footnote" and p.key not in cover]
    notes = [p for p in doc.paragraphs if p.kind == "footnote"]
    cut = next((i + 1 for i, p in enumerate(body) if found and p.key == target), len(body))
    keys = footnote_keys(doc)
    st.html('<div class="wg-doc">' + "".join(paragraph_html(doc, p, known, target, keys) for p in body[:cut]) + "</div>")
    if found and cut < len(body) + 1 and not target.startswith("fn"):
        show_cite_block(doc, target)
    if cut < len(body):
        st.html('<div class="wg-doc">' + "".join(paragraph_html(doc, p, known, target, keys) for p in body[cut:]) + "</div>")
    if notes:
        st.markdown("##### Footnotes · 脚注")
        st.html('<div class="wg-doc">' + "".join(footnote_html(doc, f, known, target) for f in notes) + "</div>")
        if found and target.startswith("fn"):
            show_cite_block(doc, target)
    show_cited_by(kb, doc.id)


def show_cite_block(doc: Document, key: str) -> None:
    """The Cite block of one paragraph, right under it."""
    para = doc.paragraph(key)
    if para is None:
        return
    with st.container(border=True, key="wg-cite-target"):
        st.markdown("**Cite · 引用** " + render.markdown_literal(doc.label(para)))
        cite_view.show_reference(cite.reference(doc, para))


def show_cited_by(kb, target: str) -> None:
    """The paragraphs of the corpus that cite ``target``, as links."""
    citing = state.citing_index(kb).get(target, [])
    if not citing:
        return
    st.markdown(f"##### Cited by · 被引用 ({len(citing)})")
    rows = [f'<li>{render.link(state.href(state.READER, doc=c["document_id"], p=c["key"]), c["label"])} '
            f'{render.badges([], [labels.label("relation", c["relation"]) if c["relation"] else "", c["surface"]])}</li>' for c in citing]
    st.html("<ul>" + "".join(rows) + "</ul>")


def show_stub(kb, target: str) -> None:
    """What the corpus says about a cited document that is not in it: title, date, who cites it."""
    citing = state.citing_index(kb).get(target, [])
    kind, _, name = target.partition(":")
    st.subheader(render.markdown_literal(f"{kind} {name}"), anchor=False)
    st.info("Not in the corpus: known only from the documents that cite it. 语料库中没有此文件。")
    titles = sorted({c["title"] for c in citing if c["title"]})
    dates = sorted({c["date"] for c in citing if c["date"]})
    st.table({"field": ["canonical id", "title (as cited)", "date (as cited)", "cited by"],
              "value": [target, " / ".join(titles) or "unknown", ", ".join(dates) or "unknown",
                        f"{len(citing)} paragraph(s)"]})
    if not citing:
        st.warning("No paragraph of the corpus cites this id.")
    show_cited_by(kb, target)


def pick_document(kb) -> Document | None:
    """The document named by ``?doc=`` (symbol, id or file name), or chosen in the picker."""
    choices = state.document_choices(kb)
    if not choices:
        st.info("The knowledge base is empty. Upload a document first.")
        return None
    wanted = state.param("doc")
    if wanted and wanted not in choices:
        try:
            wanted = kb.document(wanted).id
        except NotFoundError as exc:
            st.error(render.markdown_literal(str(exc)))
            wanted = None
    ids = list(choices)
    chosen = st.selectbox("Document · 文件", ids, format_func=choices.get,
                          index=ids.index(wanted) if wanted in ids else default_index(kb, ids))
    if chosen != wanted:
        st.query_params.clear()
        st.query_params["doc"] = chosen
    return kb.document(chosen)


def default_index(kb, ids: list[str]) -> int:
    """The document opened when none is asked for: the most recent dated one (an undated upload never
    becomes the default)."""
    dated = {d.id: d.date for d in kb.documents() if d.date}
    return max(range(len(ids)), key=lambda i: (ids[i] in dated, dated.get(ids[i], ""))) if ids else 0


def main() -> None:
    kb = state.knowledge_base()
    removed = st.session_state.pop("_removed", None)
    if removed:
        st.success(render.markdown_literal(f"Removed {removed} · 已删除"))
    ref = state.param("ref")
    if ref:
        show_stub(kb, ref)
        return
    doc = pick_document(kb)
    if doc is not None:
        show_document(kb, doc, state.param("p"))


main()
