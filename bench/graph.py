"""Citation-graph speed: build on the corpus and on the corpus replicated N times, lineage and follow-up
query latency (p50/p95), registries and an export. A script, not a test.

    python3 bench/graph.py [--copies 100] [--queries 300] [--repeat 3]

The seeds are ingested once (``ingest.pipeline.ingest_file``, annotation included); copies are made in
memory with DISTINCT ids, following bench/corpus_replica.py's scheme (``CTOC/COP/WG.6/2014/2`` ->
``…/2014/1002`` in copy 1, ``resolution:COP 11/6`` -> ``11/1006``): a copy's citations of corpus
documents point to the same copy, citations of outside documents (``resolution 5/4`` …) stay shared,
so every stub is cited N times, as in a real corpus that grows. Follow-up is timed on the graph part
(citations, grouping) and with a stand-in similarity search returning 30 candidates, which adds the
re-scoring done here; the search itself is timed by bench/search_speed.py.
Targets (issue 5): build < 5 s at 100x, a lineage or follow-up query p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus_replica import _shift_serial  # noqa: E402

from graphs import build_graph, export_graph, followup, lineage, mandates, recommendations  # noqa: E402
from graphs.ids import DOCUMENT_KINDS, split_paragraph  # noqa: E402
from graphs.resolve import BODY_NAMES  # noqa: E402
from ingest.pipeline import ingest_file, load_manifest  # noqa: E402
from ingest.records import Document  # noqa: E402
from wgkb.facade import CORPUS_DIR  # noqa: E402

BUILD_TARGET_SECONDS = 5.0
QUERY_TARGET_MS = 100.0
#: Candidates the stand-in similarity search returns per follow-up query.
SIMILAR_HITS = 30


@dataclass
class Hit:
    paragraph_id: str
    document_id: str
    text: str
    score: float


def seeds() -> list[Document]:
    """The bundled corpus as records, annotated."""
    manifest = load_manifest(CORPUS_DIR)
    return [ingest_file(CORPUS_DIR / name, entry) for name, entry in sorted(manifest.items())]


def shift_id(doc_id: str, k: int) -> str:
    """The id of ``doc_id`` in copy ``k`` (``k = 0``: unchanged)."""
    return doc_id if k == 0 else _shift_serial(doc_id, k)


def copy_of(document: Document, k: int, corpus_ids: set[str]) -> Document:
    """Copy ``k`` of a document: its id and its citations of corpus documents shifted."""
    def target(t: str) -> str:
        base, key = split_paragraph(t)
        if base.startswith("recommendation:"):
            symbol, _, number = base.partition(":")[2].rpartition("#")
            shifted = shift_id(f"document:{symbol}", k) if f"document:{symbol}" in corpus_ids else None
            return f"recommendation:{shifted.partition(':')[2]}#{number}" if shifted else t
        return (shift_id(base, k) + (f"¶{key}" if key else "")) if base in corpus_ids else t
    paragraphs = tuple(replace(p, citations=tuple(replace(c, target=target(c.target)) for c in p.citations))
                       for p in document.paragraphs)
    return replace(document, id=shift_id(document.id, k), paragraphs=paragraphs)


def replicate(docs: list[Document], copies: int) -> list[Document]:
    ids = {d.id for d in docs}
    return [copy_of(d, k, ids) for k in range(copies) for d in docs]


def timed(func: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median seconds over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, max in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000, ordered[-1] * 1000


def query_times(func: Callable[[str], object], targets: list[str]) -> list[float]:
    out = []
    for target in targets:
        started = time.perf_counter()
        func(target)
        out.append(time.perf_counter() - started)
    return out


def stand_in_similar(graph, rng: random.Random):
    paragraphs = [(n, a["document"], a.get("text") or "") for n, a in graph.nodes(data=True)
                  if a.get("kind") == "paragraph"]

    def similar(text, limit=10, exclude_document=None):
        return [Hit(p, d, t, 1.0) for p, d, t in rng.sample(paragraphs, min(SIMILAR_HITS, len(paragraphs)))
                if d != exclude_document]
    return similar


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rng = random.Random(5)
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    base = seeds()
    many = replicate(base, args.copies)
    one_s, _ = timed(lambda: build_graph(base), args.repeat)
    many_s, graph = timed(lambda: build_graph(many), args.repeat)
    print(f"build 1x: {len(base)} documents, {one_s * 1000:.1f} ms")
    print(f"build {args.copies}x: {len(many)} documents, {graph.number_of_nodes()} nodes, "
          f"{graph.number_of_edges()} edges, {many_s:.2f} s (target < {BUILD_TARGET_SECONDS:.0f} s: "
          f"{'ok' if many_s < BUILD_TARGET_SECONDS else 'MISSED'}); per copy {many_s / args.copies * 1000:.1f} ms "
          f"vs 1x {one_s * 1000:.1f} ms (ratio {many_s / args.copies / one_s:.2f})")
    report_queries(graph, rng, args.queries)
    report_bulk(graph, rng)
    return 0


def report_queries(graph, rng: random.Random, queries: int) -> None:
    docs = [n for n, a in graph.nodes(data=True) if a.get("kind") in DOCUMENT_KINDS]
    res = [n for n in docs if graph.nodes[n]["kind"] in ("resolution", "decision")]
    lineage_targets = [rng.choice(res if i % 2 else docs) for i in range(queries)]
    follow = [n for n, a in graph.nodes(data=True) if a.get("kind") == "recommendation"
              or "mandate" in (a.get("roles") or ())] + res
    followup_targets = [rng.choice(follow) for _ in range(queries)]
    similar = stand_in_similar(graph, rng)
    rows = [("lineage (all depths)", query_times(lambda t: lineage(graph, t), lineage_targets)),
            ("follow-up (graph part)", query_times(lambda t: followup(graph, t), followup_targets)),
            ("follow-up + 30 suggestion candidates",
             query_times(lambda t: followup(graph, t, similar=similar), followup_targets))]
    for name, samples in rows:
        p50, p95, worst = percentiles(samples)
        verdict = "ok" if p95 < QUERY_TARGET_MS else "MISSED"
        print(f"{name}: {len(samples)} queries, p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {worst:.1f} ms "
              f"(target p95 < {QUERY_TARGET_MS:.0f} ms: {verdict})")
    chinese = {}
    for name, body in BODY_NAMES.items():
        chinese.setdefault(body, name)
    refs = [f"{chinese.get(graph.nodes[n].get('body'), '')}第 {graph.nodes[n]['number']} 号"
            f"{'决议' if n.startswith('resolution:') else '决定'}" for n in rng.sample(res, min(len(res), 50))]
    p50, p95, _ = percentiles(query_times(lambda t: lineage(graph, t), refs))
    print(f"lineage by user reference (第 N 号决议, resolved over all nodes): p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    widest = max(res, key=lambda n: graph.in_degree(n))
    p50, p95, _ = percentiles(query_times(lambda t: lineage(graph, t), [widest] * 20))
    print(f"lineage of the most-cited resolution ({widest}, {graph.in_degree(widest)} incoming edges): "
          f"p50 {p50:.2f} ms, p95 {p95:.2f} ms")


def report_bulk(graph, rng: random.Random) -> None:
    similar = stand_in_similar(graph, rng)
    seconds, rows = timed(lambda: mandates(graph, similar=similar), 1)
    print(f"mandates registry: {len(rows)} rows in {seconds:.2f} s (suggestions looked up once per text)")
    seconds, rows = timed(lambda: recommendations(graph, similar=similar), 1)
    print(f"recommendations registry: {len(rows)} rows in {seconds:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("graphml", "json"):
            seconds, _ = timed(lambda f=fmt: export_graph(graph, f, Path(tmp) / f"g.{f}"), 1)
            print(f"export {fmt} (paragraphs): {seconds:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
