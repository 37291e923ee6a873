"""Watch page: what is watched, what is new since the last visit, and adding or removing watched items
(a resolution, operative paragraph, recommendation, document, or a saved search). The same list as
`wgkb watch`; every ingest (CLI or upload) records news and rewrites the Atom feed <home>/watch.atom."""

from __future__ import annotations

import streamlit as st

from wgkb.pages import render, state

#: The reader name the app's visits are recorded under.
READER = "app"


def _last_visit(kb) -> str | None:
    """When this page was last opened before this session (recorded once per session)."""
    key = "_watch_last_visit"
    if key not in st.session_state:
        st.session_state[key] = kb.watch_list.visit(READER)
    return st.session_state[key]


def show_news(kb, since: str | None) -> None:
    """The news since ``since`` (all news on a first visit), newest first, each paragraph a link."""
    news = kb.news(since)
    label = f"since your last visit ({since[:16].replace('T', ' ')} UTC)" if since else "so far"
    st.subheader(f"New · 新动态 {label}: {len(news)}", anchor=False)
    if not news:
        st.caption("Nothing new. 暂无新动态。")
    for item in news:
        st.markdown(render.markdown_literal(f"{item.created_at[:16].replace('T', ' ')} — {item.line}"))
        st.html("".join(render.link(state.href(state.READER, doc=p["document_id"], p=p["key"] or None),
                                    p["label"], css="wg-label") + "<br>" for p in item.paragraphs[:20]))


def show_watches(kb) -> None:
    """The watched items with a remove button each, and a form to add one."""
    st.subheader("Watched · 关注列表", anchor=False)
    for watch in kb.watches():
        cols = st.columns([6, 1])
        cols[0].markdown(render.markdown_literal(f"[{watch.id}] {watch.label} ({watch.kind}: {watch.target})"))
        if cols[1].button("Remove · 移除", key=f"watch-remove-{watch.id}"):
            state.call(kb, "unwatch", str(watch.id))
            st.rerun()
    with st.form("watch-add", clear_on_submit=True):
        target = st.text_input("Resolution, paragraph, recommendation or document · 决议/段落/建议/文件",
                               placeholder="11/6, 11/6¶27, CTOC/COP/WG.6/2017/4#23")
        query = st.text_input("…or a saved search · 或保存检索", placeholder="3D 打印枪支")
        if st.form_submit_button("Watch · 关注"):
            ok, found = state.call(kb, "watch", target.strip() or None, query.strip() or None)
            if ok:
                st.success(render.markdown_literal(f"Watching [{found[0].id}] {found[0].label}"))


def main() -> None:
    kb = state.knowledge_base()
    st.header("Watch list · 关注与提醒", anchor=False)
    st.caption("New paragraphs citing or matching what you watch, after each ingest or upload. Feed for any "
               "feed reader: " + render.markdown_literal(str(kb.home / "watch.atom")))
    show_news(kb, _last_visit(kb))
    st.divider()
    show_watches(kb)


main()
