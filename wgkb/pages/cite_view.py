""""Cite": the UN-style reference to a paragraph or document in Chinese and English, each in a code
block with its copy button, and the link to the official record (built from the symbol, never fetched)."""

from __future__ import annotations

import streamlit as st

from wgkb.pages import render, state


def show_reference(ref) -> None:
    """The short label, the Chinese and English references (copy buttons), the official link."""
    st.caption("Label · 标注")
    st.code(ref.label, language=None, wrap_lines=True)
    st.caption("中文引文")
    st.code(ref.zh, language=None, wrap_lines=True)
    st.caption("English reference")
    st.code(ref.en, language=None, wrap_lines=True)
    if ref.url:
        st.html(official_link(ref.url))
    else:
        st.caption("No symbol: cited by title and date. 无文号：按标题和日期引用。")


def official_link(url: str) -> str:
    """The official record's link (opens in a new tab)."""
    return (f'<a class="wg-official" href="{render.attr(url)}" target="_blank" rel="noopener">'
            "Official record · 正式文件 (documents.un.org) ↗</a>")


def cite_popover(kb, ref: str, *, key: str) -> None:
    """A "Cite" button opening the reference of ``ref`` (a paragraph id or document)."""
    with st.popover("Cite · 引用", key=key, width="stretch"):
        ok, reference = state.call(kb, "cite", ref)
        if ok:
            show_reference(reference)
