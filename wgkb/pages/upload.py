"""Upload page: a PDF or TXT (up to 50 MB) is saved below the home directory, ingested, and its
segmentation shown (paragraphs by kind, footnotes, citations found). A bad file shows its one-line
error and changes nothing: the saved copy is removed and the store is untouched."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from ingest.errors import WgkbError
from ingest.records import Document
from wgkb.pages import render, state
from wgkb.pages.upload_store import MAX_UPLOAD_BYTES, UPLOAD_TYPES, save_upload


def add_upload(kb, name: str, data: bytes, replace: bool = False) -> dict:
    """Save, ingest and summarise one upload; ``{"error": reason}`` when it cannot be added (also when
    its symbol is already stored from another file, unless ``replace``)."""
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
    return {"document_id": result.document_id, "status": result.status, "saved": path.name}


def show_segmentation(doc: Document) -> None:
    """How the document was segmented: counts, paragraph kinds, citations found, first paragraphs."""
    kinds = Counter(p.kind for p in doc.paragraphs)
    citations = [(p, c) for p in doc.paragraphs for c in p.citations]
    cols = st.columns(4)
    cols[0].metric("Paragraphs · 段落", sum(n for k, n in kinds.items() if k not in ("footnote", "heading")))
    cols[1].metric("Footnotes · 脚注", kinds.get("footnote", 0))
    cols[2].metric("Headings · 标题", kinds.get("heading", 0))
    cols[3].metric("Citations · 引用", len(citations))
    st.caption("Paragraph kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    meta = {"id": doc.id, "symbol": doc.symbol, "title": doc.title, "type": doc.doc_type, "date": doc.date,
            "body": doc.body, "pages": doc.pages}
    st.table({"field": list(meta), "value": ["" if v is None else str(v) for v in meta.values()]})
    if citations:
        st.dataframe([{"paragraph": doc.label(p), "surface": c.surface, "target": c.target,
                       "relation": c.relation or ""} for p, c in citations], hide_index=True)
    preview = [p for p in doc.paragraphs if p.kind != "footnote"][:8]
    st.html('<div class="wg-doc">' + "".join(
        f'<p class="wg-para"><span class="wg-key">{render.text_html(p.key)}</span>'
        f'{render.text_html(p.text[:300])}{render.badges(p.roles, [p.kind])}</p>' for p in preview) + "</div>")
    st.html(render.link(state.href(state.READER, doc=doc.id), f"Open {doc.name()} in the reader · 在阅读器中打开"))


def main() -> None:
    kb = state.knowledge_base()
    st.header("Upload · 上传文件", anchor=False)
    st.caption(f"PDF or TXT up to {MAX_UPLOAD_BYTES // 2**20} MB. Saved in "
               f"{render.markdown_literal(str(kb.home / 'uploads'))} and added "
               "to the knowledge base. 支持 PDF 和 TXT 文件。")
    uploaded = st.file_uploader("Document · 文件", type=list(UPLOAD_TYPES), max_upload_size=MAX_UPLOAD_BYTES // 2**20)
    if uploaded is None:
        return
    replace = st.checkbox("Replace the stored document with the same symbol · 替换同一文号的已存文档",
                          help="Without this, a file whose symbol or resolution is already stored from "
                          "another file is refused and the stored document kept.")
    done = st.session_state.setdefault("_uploads", {})
    key = f"{uploaded.file_id}:{uploaded.name}:{uploaded.size}:{replace}"
    if key not in done:
        with st.spinner(f"Ingesting {uploaded.name} …"):
            done[key] = add_upload(kb, uploaded.name, uploaded.getvalue(), replace=replace)
    outcome = done[key]
    if "error" in outcome:
        st.error("Not added · 未添加: " + render.markdown_literal(outcome["error"]))
        return
    verb = "already in the knowledge base (unchanged)" if outcome["status"] == "unchanged" else "added"
    st.success(render.markdown_literal(f"{uploaded.name} → {outcome['saved']}: {verb} as {outcome['document_id']}"))
    show_segmentation(kb.document(outcome["document_id"]))


main()
