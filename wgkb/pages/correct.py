"""Correcting a document's metadata (title, date, symbol, type) and removing a document, from the
reader and the upload page. Corrections go through the facade (``kb.edit``) into their own table and
survive re-ingest; removal asks for confirmation first and takes an uploaded file with it."""

from __future__ import annotations

import streamlit as st

from index.overrides import DOC_TYPES
from ingest.records import Document
from wgkb import labels
from wgkb.pages import render, state


def correction_form(kb, doc: Document, *, key: str) -> None:
    """A form with the four fields, filled with the current values; Save stores the changed ones."""
    with st.form(f"correct-{key}-{doc.id}", border=False):
        st.markdown("**Correct the metadata · 更正元数据**")
        title = st.text_input("Title · 标题", value=doc.title or "")
        symbol = st.text_input("Symbol · 文号", value=doc.symbol or "", placeholder="CTOC/COP/WG.6/2019/2")
        date = st.text_input("Date · 日期 (2019, 2019-03 or 2019-03-04)", value=doc.date or "")
        types = list(DOC_TYPES)
        doc_type = st.selectbox("Type · 类型", types, index=types.index(doc.doc_type) if doc.doc_type in types else
                                types.index("other"), format_func=lambda t: labels.label("doc_type", t))
        saved = st.form_submit_button("Save corrections · 保存", type="primary")
    if not saved:
        return
    new = {"title": title, "symbol": symbol, "date": date, "doc_type": doc_type}
    old = {"title": doc.title or "", "symbol": doc.symbol or "", "date": doc.date or "", "doc_type": doc.doc_type}
    changed = {k: v for k, v in new.items() if v.strip() != (old[k] or "")}
    if not changed:
        st.info("Nothing changed. 没有改动。")
        return
    ok, fixed = state.call(kb, "edit", doc.id, **changed)
    if ok:
        st.success(render.markdown_literal(f"Saved: {fixed.name()} · 已保存"))
        st.rerun()


def delete_control(kb, doc: Document, *, key: str) -> None:
    """Remove the document after a confirmation checkbox (its uploaded file goes too)."""
    st.markdown("**Remove · 删除**")
    sure = st.checkbox(render.markdown_literal(f"Yes, remove {doc.name()} · 确认删除"), key=f"sure-{key}-{doc.id}")
    if st.button("Remove the document · 删除文件", key=f"remove-{key}-{doc.id}", disabled=not sure):
        ok, removed = state.call(kb, "remove", doc.id)
        if ok:
            st.session_state["_removed"] = removed.name + (" (and its uploaded file)" if removed.file else "")
            st.query_params.clear()
            st.rerun()
