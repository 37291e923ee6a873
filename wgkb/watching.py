"""The watch list for the facade: what a watched item names, which paragraphs cite or match it now,
the news after an ingest (``watched: …`` lines) and the Atom feed ``<home>/watch.atom``."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from index.watch import News, Watch, WatchList
from ingest.errors import NotFoundError, WgkbError

#: The most paragraphs a saved search is compared on (best first).
QUERY_LIMIT = 500


def resolve_watch(kb: Any, target: str | None, query: str | None) -> tuple[str, str, str]:
    """(kind, target, label) of what the user asked to watch: a target (``11/6``, ``11/6¶27``,
    ``CTOC/COP/WG.6/2017/4#23``, a symbol) or a saved search (``--query``)."""
    if bool(target) == bool(query):
        raise WgkbError("watch add: give TARGET (a resolution, paragraph, recommendation or document) or --query TEXT")
    if query:
        text = " ".join(query.split())
        if not text:
            raise WgkbError("watch add: --query is empty")
        return "query", text, f'query "{text}"'
    node = kb._graph_ref(target)
    attrs = kb.graph().nodes.get(node, {})
    return "target", node, attrs.get("label") or node


def current(kb: Any, watch: Watch) -> list[dict]:
    """The paragraphs that cite (target) or match (query) a watched item now, in document order."""
    if watch.kind == "query":
        hits = kb.search(watch.target, limit=QUERY_LIMIT).hits
        return [_paragraph(kb, h.paragraph_id) for h in hits]
    from graphs import followup

    graph = kb.graph()
    try:
        result = followup(graph, watch.target)
    except (NotFoundError, ValueError):
        return []                    # nothing cites it any more (its citing documents were removed)
    return [_paragraph(kb, item.paragraph_id) for group in result.cited for item in group.items]


def _paragraph(kb: Any, paragraph_id: str) -> dict:
    graph = kb.graph()
    node = graph.nodes.get(paragraph_id, {})
    doc = node.get("document") or paragraph_id.split("¶")[0]
    return {"paragraph_id": paragraph_id, "label": node.get("label") or paragraph_id, "document_id": doc,
            "document_label": graph.nodes.get(doc, {}).get("label") or doc, "key": node.get("key") or ""}


def add_watch(kb: Any, watches: WatchList, target: str | None, query: str | None) -> tuple[Watch, bool]:
    """Watch an item; what cites or matches it today is the baseline (not news)."""
    kind, key, label = resolve_watch(kb, target, query)
    probe = Watch(0, kind, key, label, "")
    return watches.add(kind, key, label, [p["paragraph_id"] for p in current(kb, probe)])


def find_watch(watches: WatchList, kb: Any, name: str) -> Watch:
    """The watch ``name`` names: its number (``wgkb watch list``), its query text or its target."""
    every = watches.all()
    for watch in every:
        if name == str(watch.id) or name == watch.target or name == watch.label:
            return watch
    try:
        node = kb._graph_ref(name)
    except (NotFoundError, ValueError):
        node = None
    for watch in every:
        if watch.target == node:
            return watch
    raise NotFoundError(f"{name!r} is not watched (see `wgkb watch list`)")


def check(kb: Any, watches: WatchList) -> list[News]:
    """After an ingest: one piece of news per watched item that gained citing/matching paragraphs."""
    out = []
    for watch in watches.all():
        seen = watches.seen(watch.id)
        fresh = [p for p in current(kb, watch) if p["paragraph_id"] not in seen]
        fresh = list({p["paragraph_id"]: p for p in fresh}.values())
        if fresh:
            out.append(watches.record(watch, news_line(watch, fresh), fresh))
    return out


#: The most paragraph keys a news line lists per document (the feed and --json list them all).
KEYS_SHOWN = 8


def _keys(doc: str, keys: list[str]) -> str:
    shown = ", ".join(keys[:KEYS_SHOWN]) + (f" … (+{len(keys) - KEYS_SHOWN})" if len(keys) > KEYS_SHOWN else "")
    return f"{doc}, {'paras.' if len(keys) > 1 else 'para.'} {shown}"


def _natural(key: str) -> tuple:
    """Numbered paragraphs first in number order (3 < 17), then the rest (PP2, fn4, h3) as text."""
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def news_line(watch: Watch, paragraphs: list[dict]) -> str:
    """``watched: resolution 11/6 — 2 new citing paragraphs (CTOC/COP/WG.6/2025/2, paras. 3, 17)``."""
    by_doc: dict[str, list[str]] = defaultdict(list)
    for p in paragraphs:
        by_doc[p["document_label"]].append(p["key"])
    where = "; ".join(_keys(doc, sorted(keys, key=_natural)) for doc, keys in by_doc.items())
    verb = "matching" if watch.kind == "query" else "citing"
    n = len(paragraphs)
    return f"watched: {watch.label} — {n} new {verb} paragraph{'s' if n != 1 else ''} ({where})"
