"""Documents page: every document in the knowledge base with its metadata and a link to the reader."""

from __future__ import annotations

import streamlit as st

from wgkb.pages import state


def main() -> None:
    kb = state.knowledge_base()
    st.header("Documents · 文件", anchor=False)
    docs = sorted(kb.documents(), key=lambda d: (d.date or "", d.id))
    st.caption(", ".join(f"{v} {k}" for k, v in kb.stats().items()) or f"{len(docs)} documents")
    rows = [{"document": d.name(), "title": d.title or "", "type": d.doc_type or "", "date": d.date or "",
             "body": d.body or "", "source": d.source, "open": state.href(state.READER, doc=d.id)} for d in docs]
    st.dataframe(rows, hide_index=True, column_config={
        "open": st.column_config.LinkColumn("open", display_text="read · 阅读"),
        "title": st.column_config.TextColumn("title", width="large")})


main()
