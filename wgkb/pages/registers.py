"""Mandates and recommendations: filterable registers whose rows show their whole text (a table on a wide
screen, cards on a phone), with human labels for status and addressee; every row has a "Follow-up"
link (``?target=<id>``) that opens its follow-up at the top of the page — cited and suggested kept
clearly apart — in the tab the row belongs to; CSV download."""

from __future__ import annotations

from dataclasses import asdict

import streamlit as st

from wgkb import labels
from wgkb.pages import downloads, render, review_panel, state

#: Rows drawn per page of a register.
ROWS_PER_PAGE = 25
#: Tabs: registry name (facade method) -> tab title.
TABS = {"mandates": "Mandates · 任务授权", "recommendations": "Recommendations · 建议"}
#: Status -> CSS class of its badge.
STATUS_CSS = {"cited": "cited", "suggested only": "suggested", "none": "none"}


@st.cache_resource(show_spinner=False, max_entries=8)
def _registry(home: str, gen: int, which: str, _kb, reviews: int = 0) -> list[dict]:
    """All rows of one registry as dicts (computed once per store generation and reviews: follow-up is
    costly); recommendations of every kind (the kind filter picks)."""
    rows = _kb.recommendations(kinds="all") if which == "recommendations" else getattr(_kb, which)()
    return [asdict(r) for r in rows]


def filter_rows(rows: list[dict], which: str) -> list[dict]:
    """Filter widgets above a register: text, addressee, status, years."""
    cols = st.columns([2, 2, 3, 2])
    needle = cols[0].text_input("Text contains · 包含", key=f"{which}-q")
    who = cols[1].selectbox("Addressee · 对象", ["(any · 全部)"] + sorted({r["addressee"] for r in rows if r["addressee"]}),
                            key=f"{which}-who")
    statuses = sorted({r["status"] for r in rows})
    status = cols[2].multiselect("Follow-up status · 后续状态", statuses, default=statuses, key=f"{which}-status",
                                 format_func=lambda s: labels.label("status", s))
    years = sorted({r["year"] for r in rows if r["year"]})
    span = (cols[3].select_slider("Years · 年份", years, value=(years[0], years[-1]), key=f"{which}-years")
            if len(years) > 1 else None)
    forms = state.knowledge_base().name_forms(needle) if needle else ()   # aliases: UNODC = 毒品和犯罪问题办公室
    present = [k for k in ("adopted", "reported", "proposed") if any(r.get("kind") == k for r in rows)]
    kinds = st.multiselect("Kind · 类别", present, default=[k for k in present if k != "proposed"],
                           key=f"{which}-kinds") if present else ()
    out = []
    for r in rows:
        if needle and not any(f.casefold() in (r["text"] + r["label"]).casefold() for f in forms):
            continue
        if (who != "(any · 全部)" and r["addressee"] != who) or (r.get("kind") and r["kind"] not in kinds):
            continue
        if r["status"] not in status or (span and r["year"] and not span[0] <= r["year"] <= span[1]):
            continue
        out.append(r)
    return out


def row_html(row: dict, which: str) -> str:
    """One register row: label (to the reader), status badge, addressee, counts, the whole text, and the
    Follow-up link. A cited recommendation whose report is not in the corpus says so instead of text."""
    doc, _, key = row["id"].partition("¶")
    where = (render.link(state.href(state.READER, doc=doc, p=key or None), row["label"], css="wg-label")
             if row["in_corpus"] else render.text_html(row["label"]))
    status = (f'<span class="wg-status {STATUS_CSS.get(row["status"], "none")}">'
              f'{render.text_html(labels.label("status", row["status"]))}</span>')
    counts = f'{row["followups"]} cited · 引用' + (
        f', {row["suggestions"]} suggested · 参考' if row["suggestions"] else "")
    text = row["text"] or "Text not in the corpus: known from the documents that cite it. 正文不在语料库中。"
    who = " ".join(x for x in (row["addressee"], row["verb"]) if x) or labels.EMPTY
    follow = render.link(state.href(state.REGISTERS, target=row["id"]), "Follow-up · 后续 ›", css="wg-follow")
    reviewed = (f'<div class="wg-meta">{render.text_html(review_panel.row_review(row))}</div>'
                if row.get("review_status") else "")
    return (f'<div class="wg-row"><div class="wg-cell wg-where">{where}<div class="wg-meta">'
            f'{render.text_html(" · ".join(str(x) for x in (row["year"] or labels.EMPTY, row.get("kind")) if x))}'
            f'</div></div>'
            f'<div class="wg-cell wg-text">{render.text_html(text)}</div>'
            f'<div class="wg-cell wg-who"><span class="wg-meta">Addressee · 对象</span> {render.text_html(who)}</div>'
            f'<div class="wg-cell wg-state">{status}<div class="wg-meta">{counts}</div>{reviewed}{follow}</div></div>')


def show_register(kb, which: str) -> None:
    """One register with its filters, paging and CSV download."""
    rows = _registry(str(kb.home), state.generation(kb), which, kb, kb.review_store.generation())
    shown = filter_rows(rows, which)
    pages = max(1, -(-len(shown) // ROWS_PER_PAGE))
    page = int(st.session_state.get(f"{which}-page", 1) or 1)
    page = min(page, pages)
    first = (page - 1) * ROWS_PER_PAGE
    st.caption(f"{len(shown)} of {len(rows)} rows · 条 — “Follow-up” opens what later documents did about a row.")
    head = ('<div class="wg-row wg-head"><div class="wg-cell">Paragraph · 段落</div><div class="wg-cell">Text · 正文'
            '</div><div class="wg-cell">Addressee · 对象</div><div class="wg-cell">Follow-up · 后续行动</div></div>')
    body = "".join(row_html(r, which) for r in shown[first:first + ROWS_PER_PAGE])
    st.html(f'<div class="wg-register" data-which="{which}">{head}{body}</div>')
    if pages > 1:
        st.pagination(pages, key=f"{which}-page")
    st.download_button(f"Download CSV ({len(shown)} rows)", downloads.rows_csv(shown), file_name=f"wgkb-{which}.csv",
                       mime="text/csv", key=f"{which}-csv", on_click="ignore")


def show_followup(kb, target: str) -> None:
    """The follow-up of one mandate or recommendation: cited (paragraphs citing it) and, apart,
    suggested (textually close later paragraphs that do not cite it)."""
    ok, fu = state.call(kb, "followup", target)
    if not ok:
        return
    st.subheader("Follow-up · 后续行动: " + render.markdown_literal(fu.label), anchor=False)
    st.html(f'<div class="wg-fu-head"><span class="wg-status {STATUS_CSS.get(fu.status, "none")}">'
            f'{render.text_html(labels.label("status", fu.status))}</span> '
            f'{render.text_html(fu.title or "")} '
            f'{render.link(state.href(state.REGISTERS), "✕ close · 关闭", css="wg-close")}</div>')
    if fu.text:
        st.html(f'<blockquote class="wg-quote">{render.text_html(fu.text)}</blockquote>')
    review_panel.show_review(fu)
    left, right = st.columns(2)
    with left:
        st.markdown("**Cited follow-up · 明确引用** — later paragraphs that cite it")
        items = [i for g in fu.cited for i in g.items]
        if not items:
            st.caption("Nothing found · 未找到。")
        st.html("".join(
            f'<div class="wg-hit"><div>{_para_link(i.paragraph_id, i.label)} '
            f'{render.badges([], [labels.label("relation", i.relation)])}</div>'
            f'<div>{render.text_html(i.snippet)}</div></div><hr>' for i in items) or "<div></div>")
    with right:
        st.markdown("**Suggested follow-up · 建议参考** — similar text, *no citation*: check before relying on it")
        if not fu.suggested:
            st.caption("Nothing found · 未找到。")
        st.html("".join(
            f'<div class="wg-hit"><div>{_para_link(s.paragraph_id, s.label)} '
            f'{render.badges([], ["suggested · 参考", f"similarity {s.similarity:.2f}"])}</div>'
            f'<div>{render.text_html(s.snippet)}</div></div><hr>' for s in fu.suggested) or "<div></div>")
    review_panel.show_controls(kb, fu)


def _para_link(paragraph_id: str, label: str) -> str:
    """A link to a paragraph (``<doc id>¶<key>``) in the reader."""
    doc, _, key = paragraph_id.partition("¶")
    return render.link(state.href(state.READER, doc=doc, p=key or None), label, css="wg-label")


def target_tab(kb, target: str | None) -> str:
    """The tab a follow-up target belongs to: the register holding it as a row (a recommendation
    id or ``SYMBOL#n`` opens Recommendations even when it is not a row), else Mandates."""
    if target:
        for which in ("recommendations", "mandates"):
            if any(r["id"] == target for r in _registry(str(kb.home), state.generation(kb), which, kb)):
                return TABS[which]
        if target.startswith("recommendation:") or "#" in target:  # SYMBOL#n names a recommendation
            return TABS["recommendations"]
    return TABS["mandates"]


def main() -> None:
    kb = state.knowledge_base()
    st.header("Mandates and recommendations · 任务授权与建议", anchor=False)
    target = state.param("target")
    if target:
        with st.container(border=True, key="wg-followup"):
            show_followup(kb, target)
    tabs = st.tabs(list(TABS.values()), default=target_tab(kb, target))
    for tab, which in zip(tabs, TABS, strict=True):
        with tab:
            show_register(kb, which)


main()
