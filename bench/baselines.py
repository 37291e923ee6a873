"""The engines wgkb search is measured against, over the same paragraphs (bench/search_quality.py)
and pooled with it for judging (bench/pool.py): SQLite FTS5 with the trigram tokenizer and plain
term/substring matching. Both get the query as typed (no aliases, glossary or traditional ->
simplified): quotes, brackets and AND/OR/NOT are stripped and the rest split on spaces. Filters
(year, doc_type, body, role, addressee, doc, kind) select the paragraphs first, as wgkb's do.

FTS5: every term of 3+ characters as a quoted trigram phrase, ORed, ranked by bm25; when a term is
shorter than 3 characters (trigrams cannot match it) all terms go through LIKE, ranked by
occurrences. Substring: paragraphs containing the whole query (spaces removed), else any term, by
occurrences.
"""

from __future__ import annotations

import re
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.search import parse_years  # noqa: E402
from wgkb.facade import CORPUS_DIR, KnowledgeBase  # noqa: E402

#: Query syntax the baselines do not understand, removed before splitting.
SYNTAX = re.compile(r'["“”()（）？?，,]|\b(?:AND|OR|NOT)\b')
#: ``search(query, k, **filters) -> paragraph ids``, best first.
Search = Callable[..., list[str]]


@dataclass(frozen=True)
class Passage:
    """One paragraph as the baselines (and the judge) see it, with what filters test."""

    pid: str
    text: str
    kind: str
    document: str
    doc_type: str
    year: int | None
    body: str
    roles: tuple[str, ...]
    addressee: str


def passages(documents: Iterable) -> list[Passage]:
    """Every paragraph of ``documents`` (stored Document records)."""
    return [Passage(d.paragraph_id(p.key), p.text, p.kind, d.id, d.doc_type or "", d.year, d.body or "",
                    tuple(p.roles), p.addressee or "") for d in documents for p in d.paragraphs]


def selector(kb: KnowledgeBase, filters: dict[str, Any]) -> Callable[[Passage], bool]:
    """The predicate of wgkb's search filters over passages."""
    years = parse_years(filters.get("year"))
    doc = kb.document(filters["doc"]).id if filters.get("doc") else None

    def wanted(p: Passage) -> bool:
        if years is not None:
            first, last = years if isinstance(years, tuple) else (years, years)
            if p.year is None or not first <= p.year <= last:
                return False
        return ((not filters.get("doc_type") or p.doc_type == filters["doc_type"])
                and (not filters.get("body") or p.body == filters["body"])
                and (not filters.get("role") or filters["role"] in p.roles)
                and (not filters.get("addressee") or p.addressee == filters["addressee"])
                and (not filters.get("kind") or p.kind == filters["kind"])
                and (doc is None or p.document == doc))

    return wanted


def terms_of(query: str) -> list[str]:
    """The plain terms of a query for the baselines."""
    return [t for t in SYNTAX.sub(" ", query).split() if t]


def fts5_engine(kb: KnowledgeBase, items: list[Passage]) -> Search:
    """SQLite FTS5, trigram tokenizer."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE p USING fts5(pid UNINDEXED, text, tokenize='trigram')")
    db.executemany("INSERT INTO p(pid, text) VALUES (?, ?)", [(p.pid, p.text) for p in items])
    by_pid = {p.pid: p for p in items}

    def search(query: str, k: int, **filters: Any) -> list[str]:
        terms = terms_of(query)
        if not terms:
            return []
        wanted = selector(kb, filters)
        if all(len(t) >= 3 for t in terms):
            match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
            rows = db.execute("SELECT pid FROM p WHERE p MATCH ? ORDER BY rank", (match,))
        else:
            score = " + ".join("(length(text) - length(replace(text, ?, ''))) / length(?)" for _ in terms)
            where = " OR ".join("text LIKE ?" for _ in terms)
            args = [x for t in terms for x in (t, t)] + [f"%{t}%" for t in terms]
            rows = db.execute(f"SELECT pid, {score} AS s FROM p WHERE {where} ORDER BY s DESC", args)
        return [r[0] for r in rows if wanted(by_pid[r[0]])][:k]

    return search


def substring_engine(kb: KnowledgeBase, items: list[Passage]) -> Search:
    """Plain term/substring matching, ranked by number of occurrences."""
    squashed = [(p, re.sub(r"\s", "", p.text)) for p in items]

    def search(query: str, k: int, **filters: Any) -> list[str]:
        wanted = selector(kb, filters)
        whole = "".join(terms_of(query))
        for needles in ([whole], terms_of(query)):
            scored = [(sum(text.count(n) for n in needles if n), p.pid) for p, text in squashed if wanted(p)]
            hits = [(s, pid) for s, pid in scored if s > 0]
            if hits:
                return [pid for _, pid in sorted(hits, key=lambda x: -x[0])[:k]]
        return []

    return search


def wgkb_engine(kb: KnowledgeBase) -> Search:
    """wgkb's own search."""
    return lambda query, k, **filters: [h.paragraph_id for h in kb.search(query, limit=k, **filters).hits]


def open_kb(home: str | None) -> KnowledgeBase:
    """The knowledge base to measure (a fresh one with the bundled corpus when no home is given)."""
    kb = KnowledgeBase.open(home or tempfile.mkdtemp(prefix="wgkb-quality-"))
    if not kb.documents():
        kb.ingest([CORPUS_DIR])
    return kb


def engines(kb: KnowledgeBase) -> dict[str, Search]:
    """The three engines, by the name printed for them."""
    items = passages(kb.store.iter_documents())
    return {"wgkb": wgkb_engine(kb), "FTS5 trigram": fts5_engine(kb, items),
            "substring": substring_engine(kb, items)}
