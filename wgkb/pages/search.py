"""Search page: query box (``?q=``), filters with facet counts (document type, year, body, role,
addressee), highlighted hits with citable labels and a copy button, paging; every hit links to its
paragraph in the reader."""

from __future__ import annotations

import hashlib

import streamlit as st

from wgkb import labels
from wgkb.pages import cite_view, render, state

#: Hits per page.
PAGE_SIZE = 10
#: Filters: facade keyword -> (facet name in ``SearchResults.facets``, label).
#: Facets whose values are codes shown with their human label (wgkb/labels.py field).
CODED = {"doc_type": "doc_type", "role": "role", "kind": "kind"}
FILTERS = {
    "doc_type": ("doc_type", "Document type · 文件类型"),
    "year": ("year", "Year · 年份"),
    "body": ("body", "Body · 机构"),
    "role": ("role", "Role · 段落角色"),
    "addressee": ("addressee", "Addressee · 对象"),
    "doc": ("document", "Document · 文件"),
    "kind": ("kind", "Paragraph kind · 段落类型"),
}
ANY = "(any · 全部)"


def query_box() -> str:
    """The query, seeded from ``?q=`` and written back to the URL so the search can be shared."""
    if "q" not in st.session_state:
        st.session_state["q"] = state.param("q", "") or ""
    query = st.text_input("Search · 检索", key="q", placeholder="标识 / marking / 第 11/6 号决议 / UNODC",
                          help="Chinese or English; phrases in quotes; traditional characters are converted.")
    query = query.strip()
    if query and st.query_params.get("q") != query:
        st.query_params["q"] = query
    return query


def pick_filters(kb, facets: dict[str, dict[str, int]]) -> dict[str, str]:
    """One selectbox per filter, in an expander under the query box (reachable on a phone too), options
    with their human labels and facet counts."""
    chosen: dict[str, str] = {}
    active = len(current_filters())
    names = state.document_choices(kb)
    with st.expander(f"Filters · 筛选 ({active} on)" if active else "Filters · 筛选", expanded=bool(active)):
        cols = st.columns(4)
        for n, (keyword, (facet, title)) in enumerate(FILTERS.items()):
            counts = {str(k): v for k, v in (facets.get(facet) or {}).items()}
            current = st.session_state.get(f"f-{keyword}", ANY)
            options = [ANY] + sorted(counts, reverse=keyword == "year")
            if current not in options:
                options.append(current)
            value = cols[n % 4].selectbox(title, options, key=f"f-{keyword}",
                                          format_func=lambda o, c=counts, k=keyword: option_label(k, o, c, names))
            if value != ANY:
                chosen[keyword] = value
    return chosen


def option_label(keyword: str, option: str, counts: dict[str, int], names: dict[str, str]) -> str:
    """A filter option as a person reads it: ``背景文件 · background paper (24)``."""
    if option == ANY:
        return option
    if keyword in CODED:
        shown = labels.label(CODED[keyword], option)
    elif keyword == "doc":
        shown = names.get(option, option).split(" — ")[0]
    else:
        shown = option
    return f"{shown} ({counts.get(option, 0)})"


def current_filters() -> dict[str, str]:
    """The filters chosen in the previous run (the widgets are drawn after the search)."""
    return {k: st.session_state[f"f-{k}"] for k in FILTERS
            if st.session_state.get(f"f-{k}") not in (None, ANY)}


def hit_html(hit) -> str:
    """One hit: label linked to the reader, role badges, highlighted snippet (all escaped)."""
    key = getattr(hit, "key", None)
    href = state.href(state.READER, doc=hit.document_id, p=key)
    snippet = getattr(hit, "snippet", "") or ""
    body = render.snippet_html(snippet) if snippet else render.text_html(hit.text[:240])
    extra = [labels.label("doc_type", hit.doc_type) if getattr(hit, "doc_type", None) else "",
             str(getattr(hit, "year", "") or "")]
    return (f'<div class="wg-hit"><div>{render.link(href, hit.label, css="wg-label")} '
            f'{render.badges(getattr(hit, "roles", ()) or (), extra)}</div><div>{body}</div></div>')


def show_hits(kb, query: str, results, page: int) -> None:
    """The hits of one page, each with a copy-able citation. The count line carries the query it
    answers (``data-q``), so a browser can tell fresh results from the previous ones."""
    first = (page - 1) * PAGE_SIZE + 1
    st.html(f'<div class="wg-results" data-q="{render.attr(query)}" style="color:#6b7280;font-size:.9rem">'
            f"{results.total} paragraphs · 条结果 — showing {first}–{first + len(results.hits) - 1}</div>")
    for n, hit in enumerate(results.hits):
        with st.container(border=True):
            text, cite = st.columns([6, 1], vertical_alignment="top")
            text.html(hit_html(hit))
            with cite:
                cite_view.cite_popover(kb, hit.paragraph_id, key=f"cite-{page}-{n}")


def main() -> None:
    kb = state.knowledge_base()
    st.header("Search · 检索", anchor=False)
    query = query_box()
    filters = current_filters()
    if not query and not filters:
        st.info("Type a query, e.g. 标识, 记录保存, marking, UNODC, 第 11/6 号决议. 输入检索词。")
        return
    page_key = "page-" + hashlib.sha1(repr((query, sorted(filters.items()))).encode()).hexdigest()[:10]
    page = int(st.session_state.get(page_key, 1) or 1)
    ok, results = state.call(kb, "search", query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, **filters)
    if not ok:
        return
    pick_filters(kb, results.facets)
    if not results.hits:
        st.warning("No paragraph matches. 没有结果。")
        return
    show_hits(kb, query, results, page)
    pages = max(1, -(-results.total // PAGE_SIZE))
    if pages > 1:
        st.pagination(pages, key=page_key)


main()
