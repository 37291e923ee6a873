"""Review buttons for the follow-up panel (Mandates & recommendations page): confirm or reject a cited or
suggested paragraph, add a missed one, set the implementation status, with a note and a name. The same
reviews as `wgkb review`; shown apart from the computed status."""

from __future__ import annotations

from typing import Any

import streamlit as st

from index.reviews import STATUSES
from wgkb.pages import render, state


def reviewer_name() -> str:
    """The name reviews are signed with (kept for the session)."""
    return st.text_input("Your name · 审阅人", key="_reviewer", placeholder="Li Wei").strip()


def show_review(fu: Any) -> None:
    """The reviewed status and the reviewers' decisions, apart from the computed status."""
    if fu.review:
        r = fu.review
        note = f" — “{r['note']}”" if r.get("note") else ""
        st.info(render.markdown_literal(f"Reviewed status · 审阅状态: {r['status']} (by {r.get('reviewer') or '?'}, "
                                        f"{(r.get('at') or '')[:10]}){note}"))
    for added in fu.added:
        st.caption(render.markdown_literal(f"Added by {added.review.get('reviewer') or '?'}: {added.label}"))


def decision(item: Any) -> str:
    """``confirmed by Li Wei, 2026-11-30`` for an item with a review, else ``""``."""
    r = getattr(item, "review", None)
    return f"{r['decision']} by {r.get('reviewer') or '?'}, {(r.get('at') or '')[:10]}" if r else ""


def show_controls(kb: Any, fu: Any) -> None:
    """Buttons: status with a note; confirm / reject each listed paragraph; add a paragraph by id."""
    with st.expander("Review · 审阅 (confirm, reject, add, status)"):
        by = reviewer_name()
        note = st.text_input("Note · 备注", key=f"review-note-{fu.target}")
        cols = st.columns([3, 1])
        status = cols[0].selectbox("Implementation status · 执行状态", STATUSES, key=f"review-status-{fu.target}")
        if cols[1].button("Set status · 设定", key=f"review-set-{fu.target}"):
            _store(kb, fu.target, "status", status=status, note=note, by=by)
        listed = [i for g in fu.cited for i in g.items] + list(fu.suggested)
        for item in listed:
            row = st.columns([5, 1, 1])
            row[0].caption(render.markdown_literal(f"{item.label} {decision(item)}"))
            for col, action, text in ((row[1], "confirm", "Confirm · 确认"), (row[2], "reject", "Reject · 否定")):
                if col.button(text, key=f"review-{action}-{fu.target}-{item.paragraph_id}"):
                    _store(kb, fu.target, action, paragraph=item.paragraph_id, note=note, by=by)
        extra = st.text_input("Add a follow-up paragraph · 添加后续段落", key=f"review-add-{fu.target}",
                              placeholder="CTOC/COP/WG.6/2018/3¶65")
        if st.button("Add · 添加", key=f"review-add-btn-{fu.target}") and extra.strip():
            _store(kb, fu.target, "add", paragraph=extra.strip(), note=note, by=by)


def _store(kb: Any, target: str, action: str, **kwargs: Any) -> None:
    kwargs["by"] = kwargs.get("by") or None
    ok, stored = state.call(kb, "review", target, action, **kwargs)
    if ok:
        st.success(render.markdown_literal(f"Saved: {action} by {stored.reviewer or '?'}"))
        st.rerun()


def row_review(row: dict) -> str:
    """A register row's latest status review: ``reviewed: implemented (Li Wei, 2026-11-30)``."""
    who = ", ".join(x for x in (row.get("reviewer"), (row.get("reviewed_at") or "")[:10]) if x)
    return f"reviewed · 审阅: {row['review_status']}" + (f" ({who})" if who else "")
