"""Search quality: the judged queries (tests/judged_queries.toml) through three engines over the same
paragraphs — wgkb search, SQLite FTS5 with the trigram tokenizer, and plain substring matching —
printing nDCG@10 and MRR side by side (and per query with --per-query).

    python3 bench/search_quality.py [--home DIR] [--per-query]

The baselines get the query as typed (no aliases, glossary or traditional -> simplified): quotes,
brackets and AND/OR/NOT are stripped and the rest split on spaces. FTS5: every term of 3+
characters as a quoted trigram phrase, ORed, ranked by bm25; when a term is shorter than 3
characters (trigrams cannot match it) all terms go through LIKE, ranked by occurrences.
Substring: paragraphs containing the whole query (spaces removed), else any term, by occurrences.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.evaluation import K, Score, evaluate, load_judged, mean, resolve  # noqa: E402
from wgkb.facade import CORPUS_DIR, KnowledgeBase  # noqa: E402

JUDGED = Path(__file__).resolve().parent.parent / "tests" / "judged_queries.toml"
#: Query syntax the baselines do not understand, removed before splitting.
SYNTAX = re.compile(r'["“”()（）？?，,]|\b(?:AND|OR|NOT)\b')
Search = Callable[[str, int], list[str]]


def terms_of(query: str) -> list[str]:
    """The plain terms of a query for the baselines."""
    return [t for t in SYNTAX.sub(" ", query).split() if t]


def fts5_engine(paragraphs: list[tuple[str, str]]) -> Search:
    """SQLite FTS5, trigram tokenizer, over ``(paragraph id, text)``."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE p USING fts5(pid UNINDEXED, text, tokenize='trigram')")
    db.executemany("INSERT INTO p(pid, text) VALUES (?, ?)", paragraphs)

    def search(query: str, k: int) -> list[str]:
        terms = terms_of(query)
        if not terms:
            return []
        if all(len(t) >= 3 for t in terms):
            match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
            rows = db.execute("SELECT pid FROM p WHERE p MATCH ? ORDER BY rank LIMIT ?", (match, k))
            return [r[0] for r in rows]
        score = " + ".join("(length(text) - length(replace(text, ?, ''))) / length(?)" for _ in terms)
        where = " OR ".join("text LIKE ?" for _ in terms)
        args = [x for t in terms for x in (t, t)] + [f"%{t}%" for t in terms] + [k]
        rows = db.execute(f"SELECT pid, {score} AS s FROM p WHERE {where} ORDER BY s DESC LIMIT ?", args)
        return [r[0] for r in rows]

    return search


def substring_engine(paragraphs: list[tuple[str, str]]) -> Search:
    """Plain substring matching, ranked by number of occurrences."""
    squashed = [(pid, re.sub(r"\s", "", text)) for pid, text in paragraphs]

    def search(query: str, k: int) -> list[str]:
        whole = "".join(terms_of(query))
        for needles in ([whole], terms_of(query)):
            scored = [(sum(text.count(n) for n in needles if n), pid) for pid, text in squashed]
            hits = [(s, pid) for s, pid in scored if s > 0]
            if hits:
                return [pid for _, pid in sorted(hits, key=lambda x: -x[0])[:k]]
        return []

    return search


def open_kb(home: str | None) -> KnowledgeBase:
    """The knowledge base to measure (a fresh one with the bundled corpus when no home is given)."""
    kb = KnowledgeBase.open(home or tempfile.mkdtemp(prefix="wgkb-quality-"))
    if not kb.documents():
        kb.ingest([CORPUS_DIR])
    return kb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", help="an existing knowledge base (default: a fresh one with corpus/)")
    parser.add_argument("--per-query", action="store_true", help="print nDCG@10 per query and engine")
    args = parser.parse_args(argv)
    kb = open_kb(args.home)
    documents = list(kb.store.iter_documents())
    paragraphs = [(d.paragraph_id(p.key), p.text) for d in documents for p in d.paragraphs]
    judged = resolve(load_judged(JUDGED), documents)
    engines: dict[str, Search] = {
        "wgkb (whoosh+jieba)": lambda q, k: [h.paragraph_id for h in kb.search(q, limit=k).hits],
        "SQLite FTS5 trigram": fts5_engine(paragraphs),
        "substring": substring_engine(paragraphs),
    }
    results: dict[str, list[Score]] = {name: evaluate(search, judged, K) for name, search in engines.items()}
    print(f"{len(judged)} judged queries, {len(paragraphs)} paragraphs of {len(documents)} documents\n")
    print(f"{'engine':<22} {'nDCG@10':>8} {'MRR':>6}")
    for name, scores in results.items():
        print(f"{name:<22} {mean(s.ndcg for s in scores):>8.3f} {mean(s.rr for s in scores):>6.3f}")
    if args.per_query:
        print("\nnDCG@10 per query: " + " | ".join(engines))
        for i, item in enumerate(judged):
            row = "  ".join(f"{results[name][i].ndcg:5.2f}" for name in engines)
            print(f"  {row}   {item.q}  ({item.style})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
