"""Search speed: index build time and query latency (p50/p95 over the judged queries) on the corpus
and on the corpus replicated N times (default 100, about 18 MB of text), with SQLite FTS5 (trigram)
measured in the same run over the same paragraphs and printed as ratios (query latency with the
index open, as in the app — per-query phrase caches dropped — plus the one-off cost of opening it,
as one `wgkb search` process pays); full ingest + indexing of
the replicated corpus against plain ``jieba.lcut`` on the same text (files parsed by the ingest's
worker processes, as ``wgkb ingest`` does; ``WGKB_INGEST_WORKERS=0`` measures one process); time to
add one document to the big index. A script, not a test: it prints figures and ratios.

    python3 bench/search_speed.py [--copies 100] [--repeat 3]

Targets (issue 4): p95 < 50 ms at 1x and < 300 ms at Nx; full ingest + indexing <= 3x jieba.lcut;
adding one document to the Nx index < 2 s.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from baselines import fts5_engine, passages  # noqa: E402

from index.evaluation import load_judged  # noqa: E402
from wgkb.facade import CORPUS_DIR, KnowledgeBase  # noqa: E402
from wgkb.ingest_pool import worker_count  # noqa: E402

JUDGED = REPO / "tests" / "judged_queries.toml"
TARGETS = {"p95_1x_ms": 50, "p95_nx_ms": 300, "ingest_vs_jieba": 3.0, "add_one_s": 2.0}


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def latencies(search: Callable[[str], object], queries: list[str], repeat: int,
              before: Callable[[], None] = lambda: None) -> list[float]:
    """Seconds per query over ``repeat`` passes (after one warm-up pass); ``before`` runs untimed
    before each query."""
    for q in queries:
        search(q)
    out = []
    for _ in range(repeat):
        for q in queries:
            before()
            started = time.perf_counter()
            search(q)
            out.append(time.perf_counter() - started)
    return out


def drop_phrase_caches(kb: KnowledgeBase) -> None:
    """Forget verified phrases cached on the open segment readers, so every timed query pays for its
    own phrase verification (the searcher and facet columns stay open, as in a running app)."""
    searcher = getattr(kb.search_index._searcher, "_searcher", None)  # whoosh's own searcher
    if searcher is not None:
        for reader, _ in searcher.reader().leaf_readers():
            reader.__dict__.pop("_wgkb_phrases", None)


def open_seconds(kb: KnowledgeBase) -> float:
    """The first query after (re)opening the index: what one `wgkb search` process pays extra."""
    kb.search_index.close()
    started = time.perf_counter()
    kb.search("枪支")
    return time.perf_counter() - started


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def measure(label: str, kb: KnowledgeBase, queries: list[str], repeat: int) -> dict[str, float]:
    """Index build, FTS5 build, and query latencies of both engines on one knowledge base."""
    documents = list(kb.store.iter_documents())
    paragraphs = [(d.paragraph_id(p.key), p.text) for d in documents for p in d.paragraphs]
    kb.search_index.notify = lambda message: None
    build, _ = timed(kb.rebuild_index)
    fts_build, fts = timed(lambda: fts5_engine(kb, passages(documents)))
    ours = latencies(lambda q: kb.search(q, limit=10), queries, repeat, lambda: drop_phrase_caches(kb))
    opening = statistics.median(open_seconds(kb) for _ in range(3))
    theirs = latencies(lambda q: fts(q, 10), queries, repeat)
    row = {"paragraphs": len(paragraphs), "chars": sum(len(t) for _, t in paragraphs),
           "build_s": build, "fts_build_s": fts_build,
           "p50_ms": 1000 * statistics.median(ours), "p95_ms": 1000 * percentile(ours, 0.95),
           "fts_p50_ms": 1000 * statistics.median(theirs), "fts_p95_ms": 1000 * percentile(theirs, 0.95),
           "open_ms": 1000 * opening}
    print(f"\n[{label}] {row['paragraphs']:,} paragraphs, {row['chars']:,} characters")
    print(f"  index build        wgkb {row['build_s']:8.2f} s   FTS5 {row['fts_build_s']:7.2f} s   "
          f"ratio {row['build_s'] / row['fts_build_s']:6.1f}x")
    for name in ("p50", "p95"):
        a, b = row[f"{name}_ms"], row[f"fts_{name}_ms"]
        print(f"  query {name}          wgkb {a:8.1f} ms  FTS5 {b:7.1f} ms  ratio {a / b:6.1f}x")
    print(f"  first query after opening the index (one CLI call): {row['open_ms']:.0f} ms")
    return row


def jieba_seconds(texts: list[str]) -> float:
    """Plain ``jieba.lcut`` (default dictionary, initialised beforehand) over the texts."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    started = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - started


def big_run(copies: int, queries: list[str], repeat: int, workdir: Path) -> dict[str, float]:
    """Replicate, ingest (timed against jieba), measure, then add one more document."""
    from corpus_replica import replicate

    folders = replicate(CORPUS_DIR, workdir / "replica", copies + 1)
    kb = KnowledgeBase.open(workdir / f"home{copies}")
    kb.search_index.notify = lambda message: None
    hook = kb.search_index.update
    spent: list[float] = []

    def timed_update(changed, removed):
        started = time.perf_counter()
        hook(changed, removed)
        spent.append(time.perf_counter() - started)

    kb.search_index.update = timed_update
    ingest_s, report = timed(lambda: kb.ingest(folders[:copies]))
    hook_s = sum(spent)
    texts = [d.text for d in kb.store.iter_documents()]
    lcut_s = jieba_seconds(texts)
    workers = worker_count()
    print(f"\n[{copies}x] full ingest + indexing {ingest_s:.1f} s for {len(texts)} documents, "
          f"{sum(map(len, texts)):,} characters, {workers} parsing worker process(es) "
          f"(WGKB_INGEST_WORKERS); the main process spent {hook_s:.1f} s in search-index updates"
          f"{' while the workers parsed' if workers else ''}; plain jieba.lcut on the same text "
          f"{lcut_s:.1f} s; ratio {ingest_s / lcut_s:.2f} (target <= {TARGETS['ingest_vs_jieba']})")
    row = measure(f"{copies}x", kb, queries, repeat)
    row.update(ingest_s=ingest_s, lcut_s=lcut_s, hook_s=hook_s)
    extra = sorted(folders[copies].glob("*.txt"))[0]
    spent.clear()
    add_s, _ = timed(lambda: kb.ingest([extra]))
    row.update(add_s=add_s, add_index_s=sum(spent))
    print(f"  add one document   {add_s:.2f} s in all (parse + store + index), index update "
          f"{sum(spent):.2f} s (target < {TARGETS['add_one_s']} s)")
    kb.close()
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=100, help="replication factor of the big run (0: skip)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the judged queries")
    args = parser.parse_args(argv)
    queries = [j.q for j in load_judged(JUDGED)]
    print(f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; "
          f"{len(queries)} judged queries x {args.repeat} passes")
    with tempfile.TemporaryDirectory(prefix="wgkb-speed-") as tmp:
        kb = KnowledgeBase.open(Path(tmp) / "home1")
        kb.search_index.notify = lambda message: None
        ingest_s, _ = timed(lambda: kb.ingest([CORPUS_DIR]))
        print(f"\n[1x] full ingest + indexing {ingest_s:.2f} s (models loading included)")
        small = measure("1x", kb, queries, args.repeat)
        kb.close()
        big = big_run(args.copies, queries, args.repeat, Path(tmp)) if args.copies else None
    print("\ntargets:")
    print(f"  p95 at 1x {small['p95_ms']:.1f} ms (< {TARGETS['p95_1x_ms']} ms)")
    if big:
        print(f"  p95 at {args.copies}x {big['p95_ms']:.1f} ms (< {TARGETS['p95_nx_ms']} ms)")
        print(f"  ingest + index / jieba.lcut {big['ingest_s'] / big['lcut_s']:.2f} (<= {TARGETS['ingest_vs_jieba']})")
        print(f"  add one document: index update {big['add_index_s']:.2f} s, whole ingest {big['add_s']:.2f} s "
              f"(< {TARGETS['add_one_s']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
