"""Documents page: every document in the knowledge base, newest first, the "read" link first in each
row, then date, type (human label) and title — a table on a wide screen, cards on a phone — with the
official record of each document that has a symbol."""

from __future__ import annotations

import streamlit as st

from wgkb import cite, labels
from wgkb.pages import render, state


def row_html(doc) -> str:
    """One document: read link with its citable name, date, type, title and official link."""
    read = render.link(state.href(state.READER, doc=doc.id), doc.name(), css="wg-label")
    url = cite.official_url(doc.symbol)
    official = (f'<div class="wg-meta"><a href="{render.attr(url)}" target="_blank" rel="noopener">'
                "Official record · 正式文件 ↗</a></div>" if url else "")
    return (f'<div class="wg-row"><div class="wg-cell">{read}{official}</div>'
            f'<div class="wg-cell">{render.text_html(doc.date or "undated · 日期不详")}</div>'
            f'<div class="wg-cell">{render.text_html(labels.label("doc_type", doc.doc_type))}</div>'
            f'<div class="wg-cell wg-text">{render.text_html(doc.title or labels.EMPTY)}</div></div>')


def main() -> None:
    kb = state.knowledge_base()
    st.header("Documents · 文件", anchor=False)
    docs = sorted(kb.documents(), key=lambda d: (d.date is not None, d.date or "", d.id), reverse=True)
    stats = kb.stats()
    st.caption(" · ".join(f"{v} {k}" for k, v in stats.items()) or f"{len(docs)} documents")
    head = ('<div class="wg-row wg-head"><div class="wg-cell">Read · 阅读</div><div class="wg-cell">Date · 日期</div>'
            '<div class="wg-cell">Type · 类型</div><div class="wg-cell">Title · 标题</div></div>')
    st.html('<div class="wg-register wg-doclist">' + head + "".join(row_html(d) for d in docs) + "</div>")


main()
