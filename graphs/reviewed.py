"""Human reviews merged into follow-up, kept apart from what was computed.

Reviews come in as records (``index.reviews.Review``: ``target``, ``action``, ``paragraph``, ``status``,
``note``, ``reviewer``, ``created_at``), passed by the facade. The computed ``status`` (cited /
suggested only / none) is never changed: a status review is ``Followup.review``; a confirm or reject
marks the cited item or suggestion it names (``item.review``); a paragraph a user *added* that is
neither cited nor suggested is listed in ``Followup.added``. A rejected suggestion stays listed,
marked rejected, so the decision is visible.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from graphs.followup import Followup

#: How a link review is named in output.
DECISIONS = {"confirm": "confirmed", "reject": "rejected", "add": "added"}


@dataclass(frozen=True)
class AddedItem:
    """A follow-up paragraph a user added (the extractor neither cited nor suggested it)."""

    paragraph_id: str
    label: str
    document_id: str | None
    year: int | None
    snippet: str
    review: dict


def summary(review: Any) -> dict:
    """A review as shown beside a computed result: decision or status, who, when, note."""
    out = {"reviewer": review.reviewer, "at": review.created_at, "note": review.note}
    if review.action == "status":
        return {"status": review.status, **out}
    return {"decision": DECISIONS[review.action], **out}


def with_reviews(graph: nx.MultiDiGraph, result: Followup, reviews: Iterable[Any]) -> Followup:
    """``result`` with the latest reviews of its target merged in (see the module docstring)."""
    status = None
    links: dict[str, Any] = {}
    for review in reviews:                      # oldest first: the latest wins
        if review.target != result.target:
            continue
        if review.action == "status":
            status = review
        elif review.paragraph:
            links[review.paragraph] = review
    cited = tuple(replace(group, items=tuple(_marked(i, links) for i in group.items)) for group in result.cited)
    suggested = tuple(_marked(s, links) for s in result.suggested)
    shown = {i.paragraph_id for g in cited for i in g.items} | {s.paragraph_id for s in suggested}
    added = tuple(_added(graph, pid, review) for pid, review in links.items()
                  if review.action != "reject" and pid not in shown)
    return replace(result, cited=cited, suggested=suggested, added=added,
                   review=summary(status) if status else None)


def _marked(item: Any, links: dict[str, Any]) -> Any:
    review = links.get(item.paragraph_id)
    return replace(item, review=summary(review)) if review else item


def _added(graph: nx.MultiDiGraph, paragraph_id: str, review: Any) -> AddedItem:
    node = graph.nodes.get(paragraph_id, {})
    text = node.get("text") or ""
    return AddedItem(paragraph_id=paragraph_id, label=node.get("label") or paragraph_id,
                     document_id=node.get("document"), year=node.get("year"),
                     snippet=text if len(text) <= 120 else text[:120] + "…", review=summary(review))


def registry_review(reviews: Iterable[Any]) -> dict[str, Any]:
    """target -> its latest status review (for the registry's review columns)."""
    latest: dict[str, Any] = {}
    for review in reviews:
        if review.action == "status":
            latest[review.target] = review
    return latest


