"""Reviews for the facade: resolve what the user names, store the review, read reviews back resolved
through the graph (a review of ``CTOC/COP/WG.6@8#15`` follows the recommendation when the meetings
registry joins it to its report), merge them into follow-up and registry rows, export and import."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from graphs.meetings import JOINED
from graphs.reviewed import registry_review, with_reviews
from index.reviews import Review, Reviews
from ingest.errors import NotFoundError, WgkbError
from ingest.records import PARA_SEP


def default_reviewer() -> str | None:
    """Who reviews when ``--by`` is not given: ``$WGKB_USER``, else the login name."""
    return os.environ.get("WGKB_USER") or os.environ.get("USER") or os.environ.get("USERNAME") or None


def add_review(kb: Any, store: Reviews, target: str, action: str, *, paragraph: str | None = None,
               status: str | None = None, note: str | None = None, by: str | None = None) -> Review:
    """Store one review of ``target`` (a resolution, paragraph, recommendation or document, named as
    ``wgkb followup`` takes it); ``paragraph`` must be a paragraph of the knowledge base."""
    target_id = kb._graph_ref(target)
    paragraph_id = None
    if paragraph:
        paragraph_id = kb._graph_ref(paragraph)
        node = kb.graph().nodes.get(paragraph_id)
        if PARA_SEP not in paragraph_id or not node or node.get("kind") != "paragraph":
            raise NotFoundError(f"--paragraph {paragraph!r}: no such paragraph in {kb.home} "
                                "(give an id such as CTOC/COP/WG.6/2018/3¶65)")
    review = Review(target=target_id, action=action, paragraph=paragraph_id, status=status,
                    note=(note or "").strip() or None, reviewer=(by or default_reviewer()))
    return store.add(review)


def resolved_reviews(kb: Any, store: Reviews) -> list[Review]:
    """Every review, oldest first, with targets joined as the graph joins meeting-based ids."""
    joined = kb.graph().graph.get(JOINED, {})
    return [replace(r, target=joined.get(r.target, r.target)) for r in store.all()]


def reviewed_followup(kb: Any, store: Reviews, result: Any) -> Any:
    return with_reviews(kb.graph(), result, resolved_reviews(kb, store))


def reviewed_rows(kb: Any, store: Reviews, rows: list[Any]) -> list[Any]:
    """Registry rows with the latest status review of each (``review_status``, ``reviewer`` …)."""
    latest = registry_review(resolved_reviews(kb, store))
    out = []
    for row in rows:
        review = latest.get(row.id)
        out.append(replace(row, review_status=review.status, reviewer=review.reviewer, review_note=review.note,
                           reviewed_at=review.created_at) if review else row)
    return out


def import_reviews(store: Reviews, path: str | Path) -> tuple[int, int]:
    """Reviews from a ``wgkb export --json`` file (its ``"reviews"`` list) into this home: (new, in file)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WgkbError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WgkbError(f"{path}: not a wgkb export (JSON): {exc}") from None
    items = data.get("reviews") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise WgkbError(f"{path}: no \"reviews\" list (write one with `wgkb export --json -o FILE`)")
    reviews = []
    for index, item in enumerate(items, 1):
        try:
            reviews.append(Review.from_dict(item))
        except (WgkbError, TypeError) as exc:
            raise WgkbError(f"{path}: review {index}: {exc}") from None
    return store.import_all(reviews), len(reviews)
