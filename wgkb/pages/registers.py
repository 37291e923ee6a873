"""Mandates and recommendations: sortable, filterable tables with follow-up status; selecting a row
(or ``?target=<id>``) opens its follow-up, cited and suggested kept clearly apart; CSV download."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial

import streamlit as st

from wgkb.pages import downloads, render, state

#: Columns shown in the tables, in order (RegistryRow fields).
COLUMNS = ("label", "year", "addressee", "verb", "status", "followups", "suggestions", "in_corpus", "text")


@st.cache_resource(show_spinner=False, max_entries=8)
def _registry(home: str, gen: int, which: str, _kb) -> list[dict]:
    """All rows of one registry as dicts (computed once per store generation: follow-up is costly)."""
    return [asdict(r) for r in getattr(_kb, which)()]


def filter_rows(rows: list[dict], which: str) -> list[dict]:
    """Filter widgets above a table: text, addressee, status, years."""
    cols = st.columns([2, 2, 3, 2])
    needle = cols[0].text_input("Text contains · 包含", key=f"{which}-q")
    who = cols[1].selectbox("Addressee · 对象", ["(any)"] + sorted({r["addressee"] for r in rows if r["addressee"]}),
                            key=f"{which}-who")
    statuses = sorted({r["status"] for r in rows})
    status = cols[2].multiselect("Follow-up status · 后续状态", statuses, default=statuses, key=f"{which}-status")
    years = sorted({r["year"] for r in rows if r["year"]})
    span = (cols[3].select_slider("Years · 年份", years, value=(years[0], years[-1]), key=f"{which}-years")
            if len(years) > 1 else None)
    out = []
    for r in rows:
        if needle and needle.casefold() not in (r["text"] + r["label"]).casefold():
            continue
        if who != "(any)" and r["addressee"] != who:
            continue
        if r["status"] not in status or (span and r["year"] and not span[0] <= r["year"] <= span[1]):
            continue
        out.append(r)
    return out


def show_table(kb, which: str) -> None:
    """One registry table with its filters and CSV download; selecting a row picks its follow-up."""
    rows = _registry(str(kb.home), state.generation(kb), which, kb)
    shown = filter_rows(rows, which)
    st.caption(f"{len(shown)} of {len(rows)} rows. Click a column header to sort; select a row to see its "
               "follow-up. 点击行查看后续行动。")
    st.session_state[f"{which}-ids"] = [r["id"] for r in shown]
    st.dataframe([{c: r[c] for c in COLUMNS} for r in shown], hide_index=True, key=f"{which}-table",
                 on_select=partial(_select, which), selection_mode="single-row", column_config={
                             "text": st.column_config.TextColumn("text", width="large"),
                             "in_corpus": st.column_config.CheckboxColumn("in corpus")})
    st.download_button(f"Download CSV ({len(shown)} rows)", downloads.rows_csv(shown), file_name=f"wgkb-{which}.csv",
                       mime="text/csv", key=f"{which}-csv", on_click="ignore")


def _select(which: str) -> None:
    """Remember the row just selected in one table as the follow-up to show (the latest click wins)."""
    rows = st.session_state[f"{which}-table"].selection.rows
    ids = st.session_state.get(f"{which}-ids", [])
    if rows and rows[0] < len(ids):
        st.session_state["_followup_target"] = ids[rows[0]]


def show_followup(kb, target: str) -> None:
    """The follow-up of one mandate or recommendation: cited (paragraphs citing it) and, apart,
    suggested (textually close later paragraphs that do not cite it)."""
    ok, fu = state.call(kb, "followup", target)
    if not ok:
        return
    st.subheader("Follow-up · 后续行动: " + render.markdown_literal(fu.label), anchor=False)
    st.caption(render.markdown_literal(" · ".join(x for x in (f"status: {fu.status}", fu.title) if x)))
    st.code(fu.label, language=None)
    left, right = st.columns(2)
    with left:
        st.markdown("**Cited follow-up · 明确引用** — later paragraphs that cite it")
        items = [(g, i) for g in fu.cited for i in g.items]
        if not items:
            st.caption("None found.")
        st.html("".join(
            f'<div class="wg-hit"><div>{_para_link(i.paragraph_id, i.label)} {render.badges([], [i.relation])}</div>'
            f'<div>{render.text_html(i.snippet)}</div></div><hr>' for _, i in items) or "<div></div>")
    with right:
        st.markdown("**Suggested follow-up · 建议参考** — similar text, *no citation*: check before relying on it")
        if not fu.suggested:
            st.caption("None found.")
        st.html("".join(
            f'<div class="wg-hit"><div>{_para_link(s.paragraph_id, s.label)} '
            f'{render.badges([], ["suggested", f"similarity {s.similarity:.2f}"])}</div>'
            f'<div>{render.text_html(s.snippet)}</div></div><hr>' for s in fu.suggested) or "<div></div>")


def _para_link(paragraph_id: str, label: str) -> str:
    """A link to a paragraph (``<doc id>¶<key>``) in the reader."""
    doc, _, key = paragraph_id.partition("¶")
    return render.link(state.href(state.READER, doc=doc, p=key or None), label, css="wg-label")


def main() -> None:
    kb = state.knowledge_base()
    st.header("Mandates and recommendations · 任务授权与建议", anchor=False)
    wanted = state.param("target")
    tab_m, tab_r = st.tabs(["Mandates · 任务授权", "Recommendations · 建议"])
    with tab_m:
        show_table(kb, "mandates")
    with tab_r:
        show_table(kb, "recommendations")
    target = st.session_state.get("_followup_target") or wanted
    if target:
        st.divider()
        show_followup(kb, target)


main()
