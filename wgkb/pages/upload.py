"""Upload page: a PDF or TXT (up to 50 MB) is saved below the home directory, ingested, and its
segmentation shown (paragraphs by kind, footnotes, citations found). A bad file shows its one-line
error and changes nothing: the saved copy is removed and the store is untouched."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from index.overrides import DOC_TYPES
from ingest.errors import WgkbError
from ingest.records import Document
from wgkb import labels
from wgkb.pages import correct, render, state
from wgkb.pages.upload_store import MAX_UPLOAD_BYTES, UPLOAD_TYPES, save_upload


def preview_upload(kb, name: str, data: bytes) -> dict:
    """Save and parse one upload without adding it: ``{"path", "created", "document"}``, or
    ``{"error": reason}`` (the saved copy is removed again)."""
    try:
        path, created = save_upload(kb.home, name, data)
    except WgkbError as exc:
        return {"error": str(exc)}
    try:
        document = kb.parse(path)
    except Exception as exc:  # noqa: BLE001 - the page reports any failure and keeps nothing
        if created:
            path.unlink(missing_ok=True)
        return {"error": f"{name}: {exc.reason}" if isinstance(exc, WgkbError) and hasattr(exc, "reason") else
                (f"{name}: {exc}" if isinstance(exc, WgkbError) else
                 f"{name}: could not be read ({type(exc).__name__}: {exc})")}
    return {"path": path, "created": created, "document": document}


def add_upload(kb, name: str, data: bytes, replace: bool = False, corrections: dict[str, str] | None = None) -> dict:
    """Save (if not yet saved), ingest and summarise one upload, then store the user's corrections;
    ``{"error": reason}`` when it cannot be added (also when its symbol is already stored from another
    file, unless ``replace``); a copy saved now is removed again then."""
    try:
        path, created = save_upload(kb.home, name, data)
    except WgkbError as exc:
        return {"error": str(exc)}
    try:
        report = kb.ingest([str(path)], replace=replace)
    except Exception as exc:  # noqa: BLE001 - the page reports any failure and keeps nothing
        report, failure = None, f"{name}: {exc}" if isinstance(exc, WgkbError) else (
            f"{name}: could not be ingested ({type(exc).__name__}: {exc})")
    else:
        failure = next((f"{name}: {r.reason}" for r in report.results if r.status == "error"), None)
    if failure or report is None:
        if created:
            path.unlink(missing_ok=True)
        return {"error": failure or f"{name}: not ingested"}
    result = report.results[0]
    if corrections:
        ok, _ = state.call(kb, "edit", result.document_id, **corrections)
        if not ok:
            return {"error": f"{name}: added as {result.document_id}, but the corrections were refused"}
    return {"document_id": result.document_id, "status": result.status, "saved": path.name,
            "watched": [news.line for news in kb.watch_news]}


def before_adding(doc: Document) -> dict[str, str] | None:
    """The detected metadata in a form the user can correct before adding; the corrections (changed
    fields only) when "Add" is pressed, else None."""
    types = list(DOC_TYPES)
    with st.form("add-upload"):
        st.markdown("**Check the metadata, then add · 核对元数据后添加**")
        title = st.text_input("Title · 标题", value=doc.title or "")
        symbol = st.text_input("Symbol · 文号", value=doc.symbol or "", placeholder="CTOC/COP/WG.6/2019/2")
        date = st.text_input("Date · 日期 (2019, 2019-03 or 2019-03-04)", value=doc.date or "")
        doc_type = st.selectbox("Type · 类型", types, index=types.index(doc.doc_type) if doc.doc_type in types
                                else types.index("other"), format_func=lambda t: labels.label("doc_type", t))
        add = st.form_submit_button("Add to the knowledge base · 添加", type="primary")
    if not add:
        return None
    new = {"title": title, "symbol": symbol, "date": date, "doc_type": doc_type}
    old = {"title": doc.title or "", "symbol": doc.symbol or "", "date": doc.date or "", "doc_type": doc.doc_type or ""}
    return {k: v for k, v in new.items() if v.strip() != old[k]}


def show_segmentation(doc: Document, *, link: bool = True) -> None:
    """How the document was segmented: counts, paragraph kinds, citations found, first paragraphs."""
    kinds = Counter(p.kind for p in doc.paragraphs)
    citations = [(p, c) for p in doc.paragraphs for c in p.citations]
    cols = st.columns(4)
    cols[0].metric("Paragraphs · 段落", sum(n for k, n in kinds.items() if k not in ("footnote", "heading")))
    cols[1].metric("Footnotes · 脚注", kinds.get("footnote", 0))
    cols[2].metric("Headings · 标题", kinds.get("heading", 0))
    cols[3].metric("Citations · 引用", len(citations))
    st.caption("Paragraph kinds · 段落类型: " + ", ".join(f"{labels.label('kind', k)} {n}" for k, n in sorted(kinds.items())))
    meta = {"id": doc.id, "symbol": doc.symbol, "title": doc.title, "type": labels.label("doc_type", doc.doc_type),
            "date": doc.date, "body": doc.body, "pages": doc.pages}
    st.table({"field": list(meta), "value": [labels.text(v) for v in meta.values()]})
    if citations:
        st.dataframe([{"paragraph": doc.label(p), "surface": c.surface, "target": c.target,
                       "relation": labels.label("relation", c.relation)} for p, c in citations], hide_index=True)
    preview = [p for p in doc.paragraphs if p.kind != "footnote"][:8]
    st.html('<div class="wg-doc">' + "".join(
        f'<p class="wg-para"><span class="wg-key">{render.text_html(p.key)}</span>'
        f'{render.text_html(p.text[:300])}{render.badges(p.roles, [labels.label("kind", p.kind)])}</p>' for p in preview) + "</div>")
    if link:
        st.html(render.link(state.href(state.READER, doc=doc.id), f"Open {doc.name()} in the reader · 在阅读器中打开"))


def main() -> None:
    kb = state.knowledge_base()
    st.header("Upload · 上传文件", anchor=False)
    st.caption(f"PDF or TXT up to {MAX_UPLOAD_BYTES // 2**20} MB. Saved in "
               f"{render.markdown_literal(str(kb.home / 'uploads'))}; you check its title, symbol, date and type, "
               "then add it to the knowledge base. 支持 PDF 和 TXT 文件。")
    uploaded = st.file_uploader("Document · 文件", type=list(UPLOAD_TYPES), max_upload_size=MAX_UPLOAD_BYTES // 2**20)
    if uploaded is None:
        return
    replace = st.checkbox("Replace the stored document with the same symbol · 替换同一文号的已存文档",
                          help="Without this, a file whose symbol or resolution is already stored from "
                          "another file is refused and the stored document kept.")
    key = f"{uploaded.file_id}:{uploaded.name}:{uploaded.size}"
    previews = st.session_state.setdefault("_previews", {})
    if key not in previews:
        with st.spinner(f"Reading {uploaded.name} …"):
            previews[key] = preview_upload(kb, uploaded.name, uploaded.getvalue())
    preview = previews[key]
    if "error" in preview:
        st.error("Not added · 未添加: " + render.markdown_literal(preview["error"]))
        return
    done = st.session_state.setdefault("_uploads", {})
    key = f"{key}:{replace}"
    if key not in done:
        show_segmentation(preview["document"], link=False)
        corrections = before_adding(preview["document"])
        if corrections is None:
            return
        with st.spinner(f"Adding {uploaded.name} …"):
            done[key] = add_upload(kb, uploaded.name, uploaded.getvalue(), replace, corrections)
        if "error" in done[key] and preview["created"]:
            preview["path"].unlink(missing_ok=True)  # a refused upload leaves nothing behind
    outcome = done[key]
    if "error" in outcome:
        st.error("Not added · 未添加: " + render.markdown_literal(outcome["error"]))
        return
    verb = "already in the knowledge base (unchanged)" if outcome["status"] == "unchanged" else "added"
    st.success(render.markdown_literal(f"{uploaded.name} → {outcome['saved']}: {verb} as {outcome['document_id']}"))
    for line in outcome.get("watched", ()):      # watch list: one line per watched item with news
        st.info(render.markdown_literal(line))
    doc = kb.document(outcome["document_id"])
    show_segmentation(doc)
    with st.expander("Correct or remove · 更正或删除", expanded=False):
        correct.correction_form(kb, doc, key="upload")
        correct.delete_control(kb, doc, key="upload")


main()
